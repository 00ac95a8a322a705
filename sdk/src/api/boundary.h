// The C boundary: one wrapper turns Status (and, where exceptions exist, any exception) into a
// tacit_status plus the thread-local message. Every exported function goes through Guard.
#ifndef TACIT_API_BOUNDARY_H_
#define TACIT_API_BOUNDARY_H_

#include <new>
#include <utility>

#include "core/status.h"

namespace tacit {

// Records `s` as the calling thread's last error (clears it on OK) and returns its code.
tacit_status Finish(const Status& s);

template <typename F>
tacit_status Guard(F&& body) {
#if defined(__cpp_exceptions)
  try {
    return Finish(std::forward<F>(body)());
  } catch (const std::bad_alloc&) {
    return Finish(Status(TACIT_ERR_NO_MEMORY, "out of memory"));
  } catch (...) {
    return Finish(Status::Internal("unexpected exception stopped at the C API"));
  }
#else
  return Finish(std::forward<F>(body)());
#endif
}

}  // namespace tacit

#endif  // TACIT_API_BOUNDARY_H_

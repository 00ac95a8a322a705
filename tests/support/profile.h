// Test support: open a profile through the C API with a test key.
#ifndef TACIT_TESTS_SUPPORT_PROFILE_H_
#define TACIT_TESTS_SUPPORT_PROFILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tacit/tacit.h"

namespace tacit_test {

// Opens `dir` with `key`; returns the status and sets *out on success. Optional fixed clock (ms).
tacit_status OpenProfile(const std::string& dir, const std::vector<uint8_t>& key, tacit_t** out,
                         const int64_t* fixed_now = nullptr);

// A handle that closes itself.
struct Handle {
  tacit_t* h = nullptr;
  Handle() = default;
  explicit Handle(tacit_t* p) : h(p) {}
  ~Handle() { tacit_close(h); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  operator tacit_t*() const { return h; }
};

int64_t NowMs();

}  // namespace tacit_test

#endif  // TACIT_TESTS_SUPPORT_PROFILE_H_

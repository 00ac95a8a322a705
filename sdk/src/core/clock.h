// Time: Unix milliseconds from the host's clock callback or the system clock.
#ifndef TACIT_CORE_CLOCK_H_
#define TACIT_CORE_CLOCK_H_

#include <cstdint>

#include "tacit/tacit.h"

namespace tacit {

int64_t SystemNowMs();

struct Clock {
  tacit_clock_fn fn = nullptr;
  void* ctx = nullptr;
  int64_t Now() const { return fn ? fn(ctx) : SystemNowMs(); }
};

constexpr int64_t kMsPerHour = 3600LL * 1000;
constexpr int64_t kMsPerDay = 24 * kMsPerHour;
constexpr int64_t kEarliestTimestampMs = 946684800000LL;  // 2000-01-01T00:00:00Z

}  // namespace tacit

#endif  // TACIT_CORE_CLOCK_H_

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

// Time arithmetic that cannot overflow: host clocks and signed inputs may hold any int64, so `now - 2 * period`
// and the like saturate at the ends of the range instead of wrapping (signed overflow is undefined).
constexpr int64_t SaturatingAdd(int64_t a, int64_t b) {
  return b > 0 ? (a > INT64_MAX - b ? INT64_MAX : a + b) : (a < INT64_MIN - b ? INT64_MIN : a + b);
}
constexpr int64_t SaturatingSub(int64_t a, int64_t b) {
  return b > 0 ? (a < INT64_MIN + b ? INT64_MIN : a - b) : (a > INT64_MAX + b ? INT64_MAX : a - b);
}
constexpr int64_t SaturatingMul(int64_t a, int64_t k) {  // REQUIRES: k >= 0
  return k == 0 || a == 0 ? 0 : a > 0 ? (a > INT64_MAX / k ? INT64_MAX : a * k) : (a < INT64_MIN / k ? INT64_MIN : a * k);
}

// A half-open span of time [begin_ms, end_ms), e.g. while a consent purpose was given.
struct TimeWindow {
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
  bool Contains(int64_t ts) const { return ts >= begin_ms && ts < end_ms; }
};

}  // namespace tacit

#endif  // TACIT_CORE_CLOCK_H_

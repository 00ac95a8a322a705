// Time arithmetic that cannot overflow, and what counts as a believable clock. Timestamps are Unix ms.
#ifndef TACIT_CORE_TIME_H_
#define TACIT_CORE_TIME_H_

#include <cstdint>
#include <limits>

#include "core/clock.h"

namespace tacit {

constexpr int64_t kLatestPlausibleMs = 4102444800000LL;  // 2100-01-01T00:00:00Z
// A clock more than this far past the newest stored event is not believed (no retention, no decay jump).
constexpr int64_t kMaxClockLeadMs = 400 * kMsPerDay;

// Data minimisation: behaviour older than this many half-lives (before the newest stored event) weighs under
// 0.03% of a fresh event and is deleted; an event that old is refused when recorded.
constexpr int64_t kRetentionHalfLives = 12;

constexpr int64_t SatAdd(int64_t a, int64_t b) {
  return b > 0 ? (a > std::numeric_limits<int64_t>::max() - b ? std::numeric_limits<int64_t>::max() : a + b)
               : (a < std::numeric_limits<int64_t>::min() - b ? std::numeric_limits<int64_t>::min() : a + b);
}
constexpr int64_t SatSub(int64_t a, int64_t b) {
  return b == std::numeric_limits<int64_t>::min() ? (a >= 0 ? std::numeric_limits<int64_t>::max() : a - b)
                                                  : SatAdd(a, -b);
}
constexpr int64_t SatMul(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;
  const bool negative = (a < 0) != (b < 0);
  const int64_t lim = negative ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  // |a * b| > |lim| <=> |a| > |lim / b|, computed without taking |INT64_MIN|.
  if (negative ? (a > 0 ? a > lim / b : a < lim / b) : (a > 0 ? a > lim / b : a < lim / b)) return lim;
  return a * b;
}

// True when `now_ms` can be believed: in [2000, 2100) and, when the profile holds events
// (newest_event_ms > 0), at most kMaxClockLeadMs after the newest of them.
constexpr bool PlausibleNow(int64_t now_ms, int64_t newest_event_ms) {
  return now_ms >= kEarliestTimestampMs && now_ms < kLatestPlausibleMs &&
         (newest_event_ms <= 0 || now_ms <= SatAdd(newest_event_ms, kMaxClockLeadMs));
}

}  // namespace tacit

#endif  // TACIT_CORE_TIME_H_

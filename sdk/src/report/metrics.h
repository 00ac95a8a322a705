// This device's value of a brand metric for one period, computed from the profile on the device.
// Only events that `evidence` (purpose measurement, rank/evidence.h) counts contribute, and only for the
// topics it counts them for: nothing about an item carrying a sensitive topic, nothing outside the windows of
// measurement consent, nothing the user forgot or said "not interested" in. A bucket naming a sensitive
// topic is treated as "none".
#ifndef TACIT_REPORT_METRICS_H_
#define TACIT_REPORT_METRICS_H_

#include <cstdint>
#include <vector>

#include "model/plan.h"
#include "plan/loader.h"  // MetricDomain
#include "rank/evidence.h"
#include "rank/rank_index.h"
#include "store/profile_store.h"

namespace tacit {

// The value in [0, MetricDomain(metric)) for the period [start_ms, end_ms), built from events added one at a
// time in (ts, id) order, as a paged read delivers them. Only events in the period count (kStrongestSegment:
// every event before end_ms, decayed); Add ignores the others. `index`, `metric` and `evidence` must outlive it.
class MetricValue {
 public:
  MetricValue(const RankIndex& index, const MetricDef& metric, int64_t start_ms, int64_t end_ms, int64_t half_life_ms,
              const Evidence& evidence);

  // The events the value needs: [from_ms(), end_ms()). The period, or for kStrongestSegment the 12 half-lives
  // before its end (an older event weighs under 0.03%, and retention deletes it).
  int64_t from_ms() const { return from_ms_; }
  int64_t end_ms() const { return end_ms_; }

  void Add(const StoredEvent& e);
  uint32_t Value() const;

 private:
  const RankIndex& index_;
  const MetricDef& metric_;
  const Evidence& evidence_;
  const int64_t start_ms_, end_ms_, half_life_ms_, from_ms_;
  std::vector<int32_t> bucket_;  // kTopicEngagement, kStrongestSegment: each topic's bucket, -1 for none
  std::vector<double> score_;    // per bucket
  bool converted_ = false;       // kAnyConversion
};

// The same over a list of events, which may hold any events.
uint32_t ComputeMetricValue(const RankIndex& index, const MetricDef& metric, const std::vector<StoredEvent>& events,
                            int64_t start_ms, int64_t end_ms, int64_t half_life_ms, const Evidence& evidence);

}  // namespace tacit

#endif  // TACIT_REPORT_METRICS_H_

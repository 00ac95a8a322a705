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

// The value in [0, MetricDomain(metric)) for the period [start_ms, end_ms). `events` may hold any events;
// only those in the period count (kStrongestSegment uses every event up to end_ms, decayed).
uint32_t ComputeMetricValue(const RankIndex& index, const MetricDef& metric, const std::vector<StoredEvent>& events,
                            int64_t start_ms, int64_t end_ms, int64_t half_life_ms, const Evidence& evidence);

}  // namespace tacit

#endif  // TACIT_REPORT_METRICS_H_

#include "report/metrics.h"

#include <cmath>
#include <unordered_map>

#include "rank/profile_model.h"

namespace tacit {
namespace {

// The bucket index of every topic: its own bucket or its nearest ancestor's; -1 for none or sensitive.
// One pass, parents before children, whatever the depth of the taxonomy.
std::vector<int32_t> TopicBuckets(const RankIndex& index, const MetricDef& metric) {
  const Catalog& c = *index.catalog;
  std::vector<int32_t> out(c.topics.size(), -1);
  for (size_t b = 0; b < metric.buckets.size(); ++b) {
    auto it = c.topic_index.find(metric.buckets[b]);
    if (it != c.topic_index.end()) out[it->second] = int32_t(b);
  }
  for (uint32_t t : index.topic_order) {
    const int32_t parent = c.topics[t].parent;
    if (out[t] < 0 && parent >= 0) out[t] = out[size_t(parent)];
  }
  for (size_t t = 0; t < c.topics.size(); ++t)
    if (index.topic_sensitive[t]) out[t] = -1;
  return out;
}

uint32_t Argmax(const std::vector<double>& score, uint32_t none) {
  uint32_t best = none;
  double best_score = 0;
  for (uint32_t b = 0; b < score.size(); ++b)
    if (score[b] > best_score) best_score = score[b], best = b;
  return best;
}

}  // namespace

uint32_t ComputeMetricValue(const RankIndex& index, const MetricDef& metric, const std::vector<StoredEvent>& events,
                            int64_t start_ms, int64_t end_ms, int64_t half_life_ms, const Evidence& evidence) {
  const uint32_t none = MetricDomain(metric) - 1;
  auto in_period = [&](const StoredEvent& e) { return e.ts >= start_ms && e.ts < end_ms; };
  switch (metric.kind) {
    case MetricKind::kAnyConversion: {
      for (const StoredEvent& e : events)
        if (in_period(e) && e.type == TACIT_EVENT_CONVERSION && evidence.Judge(e.item_id, e.topics, e.ts).counts) return 1;
      return 0;
    }
    case MetricKind::kCampaignConversion: {
      const Catalog& c = *index.catalog;
      std::vector<double> score(metric.buckets.size(), 0.0);
      for (const StoredEvent& e : events) {
        if (!in_period(e) || e.type != TACIT_EVENT_CONVERSION) continue;
        const Evidence::Verdict v = evidence.Judge(e.item_id, e.topics, e.ts);
        if (!v.counts || v.item == Evidence::kUnknownItem) continue;
        const std::string& campaign = c.items[v.item].campaign_id;
        for (size_t b = 0; b < metric.buckets.size(); ++b)
          if (!campaign.empty() && metric.buckets[b] == campaign) score[b] += std::max(1.0, std::fabs(e.value));
      }
      return Argmax(score, none);
    }
    case MetricKind::kTopicEngagement:
    case MetricKind::kStrongestSegment: {
      const std::vector<int32_t> bucket = TopicBuckets(index, metric);
      std::vector<double> score(metric.buckets.size(), 0.0);
      const bool decayed = metric.kind == MetricKind::kStrongestSegment;
      for (const StoredEvent& e : events) {
        if (decayed ? e.ts >= end_ms : !in_period(e)) continue;
        const double w = EventWeight(e.type);
        if (!decayed && !IsEngagement(e.type)) continue;
        const double decay = decayed ? std::exp2(-(double(end_ms) - double(e.ts)) / double(half_life_ms)) : 1.0;
        evidence.ForEachTopic(evidence.Judge(e.item_id, e.topics, e.ts), e.topics, e.ts, [&](uint32_t t, double tw) {
          if (bucket[t] >= 0) score[size_t(bucket[t])] += w * tw * decay;
        });
      }
      return Argmax(score, none);
    }
  }
  return none;
}

}  // namespace tacit

#include "report/metrics.h"

#include <cmath>
#include <unordered_map>

#include "rank/profile_model.h"

namespace tacit {
namespace {

// The bucket index of every topic: its own bucket or its nearest ancestor's; -1 for none or sensitive.
std::vector<int32_t> TopicBuckets(const RankIndex& index, const MetricDef& metric) {
  const Catalog& c = *index.catalog;
  std::vector<int32_t> direct(c.topics.size(), -1);
  for (size_t b = 0; b < metric.buckets.size(); ++b) {
    auto it = c.topic_index.find(metric.buckets[b]);
    if (it != c.topic_index.end() && !index.topic_sensitive[it->second]) direct[it->second] = int32_t(b);
  }
  std::vector<int32_t> out(c.topics.size(), -1);
  for (size_t t = 0; t < c.topics.size(); ++t) {
    if (index.topic_sensitive[t]) continue;
    int32_t cur = int32_t(t);
    for (size_t hops = 0; cur >= 0 && hops <= c.topics.size(); ++hops, cur = c.topics[cur].parent)
      if (direct[cur] >= 0) {
        out[t] = direct[cur];
        break;
      }
  }
  return out;
}

// The topics an event is about: the catalog's for a known item, else the event's own ids.
template <typename F>
void ForEachTopic(const RankIndex& index, const StoredEvent& e, F&& f) {
  const Catalog& c = *index.catalog;
  auto item = c.item_index.find(e.item_id);
  if (item != c.item_index.end()) {
    for (uint32_t k = index.topic_begin[item->second]; k < index.topic_begin[item->second + 1]; ++k)
      f(index.item_topic[k], double(index.item_weight[k]));
    return;
  }
  for (const std::string& id : e.topics) {
    auto t = c.topic_index.find(id);
    if (t != c.topic_index.end()) f(t->second, 1.0);
  }
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
                            int64_t start_ms, int64_t end_ms, int64_t half_life_ms) {
  const uint32_t none = MetricDomain(metric) - 1;
  auto in_period = [&](const StoredEvent& e) { return e.ts >= start_ms && e.ts < end_ms; };
  switch (metric.kind) {
    case MetricKind::kAnyConversion: {
      for (const StoredEvent& e : events)
        if (in_period(e) && e.type == TACIT_EVENT_CONVERSION) return 1;
      return 0;
    }
    case MetricKind::kCampaignConversion: {
      const Catalog& c = *index.catalog;
      std::vector<double> score(metric.buckets.size(), 0.0);
      for (const StoredEvent& e : events) {
        if (!in_period(e) || e.type != TACIT_EVENT_CONVERSION) continue;
        auto item = c.item_index.find(e.item_id);
        if (item == c.item_index.end() || index.item_sensitive[item->second]) continue;
        const std::string& campaign = c.items[item->second].campaign_id;
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
        const double decay = decayed ? std::exp2(-double(end_ms - e.ts) / double(half_life_ms)) : 1.0;
        ForEachTopic(index, e, [&](uint32_t t, double tw) {
          if (bucket[t] >= 0) score[size_t(bucket[t])] += w * tw * decay;
        });
      }
      return Argmax(score, none);
    }
  }
  return none;
}

}  // namespace tacit

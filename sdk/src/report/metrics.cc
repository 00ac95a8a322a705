#include "report/metrics.h"

#include <algorithm>
#include <cmath>

#include "core/time.h"
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

MetricValue::MetricValue(const RankIndex& index, const MetricDef& metric, int64_t start_ms, int64_t end_ms,
                         int64_t half_life_ms, const Evidence& evidence)
    : index_(index),
      metric_(metric),
      evidence_(evidence),
      start_ms_(start_ms),
      end_ms_(end_ms),
      half_life_ms_(half_life_ms),
      from_ms_(metric.kind == MetricKind::kStrongestSegment ? SatSub(end_ms, SatMul(12, half_life_ms)) : start_ms) {
  if (metric.kind == MetricKind::kTopicEngagement || metric.kind == MetricKind::kStrongestSegment)
    bucket_ = TopicBuckets(index, metric);
  if (metric.kind != MetricKind::kAnyConversion) score_.assign(metric.buckets.size(), 0.0);
}

void MetricValue::Add(const StoredEvent& e) {
  const bool in_period = e.ts >= start_ms_ && e.ts < end_ms_;
  switch (metric_.kind) {
    case MetricKind::kAnyConversion:
      if (!converted_ && in_period && e.type == TACIT_EVENT_CONVERSION && evidence_.Judge(e.item_id, e.topics, e.ts).counts)
        converted_ = true;
      return;
    case MetricKind::kCampaignConversion: {
      if (!in_period || e.type != TACIT_EVENT_CONVERSION) return;
      const Evidence::Verdict v = evidence_.Judge(e.item_id, e.topics, e.ts);
      if (!v.counts || v.item == Evidence::kUnknownItem) return;
      const std::string& campaign = index_.catalog->items[v.item].campaign_id;
      for (size_t b = 0; b < metric_.buckets.size(); ++b)
        if (!campaign.empty() && metric_.buckets[b] == campaign) score_[b] += std::max(1.0, std::fabs(e.value));
      return;
    }
    case MetricKind::kTopicEngagement:
    case MetricKind::kStrongestSegment: {
      const bool decayed = metric_.kind == MetricKind::kStrongestSegment;
      if (decayed ? e.ts >= end_ms_ : !in_period) return;
      const double w = EventWeight(e.type);
      if (!decayed && !IsEngagement(e.type)) return;
      const double decay = decayed ? std::exp2(-(double(end_ms_) - double(e.ts)) / double(half_life_ms_)) : 1.0;
      evidence_.ForEachTopic(evidence_.Judge(e.item_id, e.topics, e.ts), e.topics, e.ts, [&](uint32_t t, double tw) {
        if (bucket_[t] >= 0) score_[size_t(bucket_[t])] += w * tw * decay;
      });
      return;
    }
  }
}

uint32_t MetricValue::Value() const {
  const uint32_t none = MetricDomain(metric_) - 1;
  switch (metric_.kind) {
    case MetricKind::kAnyConversion: return converted_ ? 1 : 0;
    case MetricKind::kCampaignConversion:
    case MetricKind::kTopicEngagement:
    case MetricKind::kStrongestSegment: return Argmax(score_, none);
  }
  return none;
}

uint32_t ComputeMetricValue(const RankIndex& index, const MetricDef& metric, const std::vector<StoredEvent>& events,
                            int64_t start_ms, int64_t end_ms, int64_t half_life_ms, const Evidence& evidence) {
  MetricValue value(index, metric, start_ms, end_ms, half_life_ms, evidence);
  for (const StoredEvent& e : events) value.Add(e);
  return value.Value();
}

}  // namespace tacit

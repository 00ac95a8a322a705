#include "rank/rank_index.h"

#include <algorithm>
#include <cmath>

namespace tacit {

std::shared_ptr<const RankIndex> RankIndex::Build(std::shared_ptr<const Catalog> catalog) {
  auto idx = std::make_shared<RankIndex>();
  const Catalog& c = *catalog;
  idx->dim = c.embedding_dim;
  const size_t n = c.items.size();

  idx->topic_sensitive.assign(c.topics.size(), 0);
  for (size_t t = 0; t < c.topics.size(); ++t) {
    // Walk up the taxonomy (the loader guarantees it is acyclic); bounded by the topic count anyway.
    int32_t cur = static_cast<int32_t>(t);
    for (size_t hops = 0; cur >= 0 && hops <= c.topics.size(); ++hops) {
      if (c.topics[cur].sensitive()) {
        idx->topic_sensitive[t] = 1;
        break;
      }
      cur = c.topics[cur].parent;
    }
  }

  idx->topic_begin.reserve(n + 1);
  idx->primary_topic.resize(n);
  idx->popularity.resize(n);
  idx->fresh_rel.resize(n);
  idx->item_sensitive.assign(n, 0);
  idx->fresh_t0_ms = c.issued_at_ms;
  for (size_t i = 0; i < n; ++i) {
    const Item& it = c.items[i];
    idx->topic_begin.push_back(static_cast<uint32_t>(idx->item_topic.size()));
    float best = -1;
    for (const ItemTopic& t : it.topics) {
      idx->item_topic.push_back(t.topic);
      idx->item_weight.push_back(t.weight);
      if (t.weight > best) {
        best = t.weight;
        idx->primary_topic[i] = t.topic;
      }
      if (idx->topic_sensitive[t.topic]) idx->item_sensitive[i] = 1;
    }
    idx->popularity[i] = it.popularity;
    // Clamp the exponent so items far in the past or future stay finite.
    double e = double(it.published_at_ms - idx->fresh_t0_ms) / kFreshHalfLifeMs;
    idx->fresh_rel[i] = it.published_at_ms > 0 ? float(std::exp2(std::clamp(e, -100.0, 20.0))) : 0.0f;
  }
  idx->topic_begin.push_back(static_cast<uint32_t>(idx->item_topic.size()));

  idx->inv_weight_sum.resize(n);
  idx->locales.push_back("");
  idx->locale_id.resize(n);
  for (size_t i = 0; i < n; ++i) {
    float sum = 0;
    for (uint32_t k = idx->topic_begin[i]; k < idx->topic_begin[i + 1]; ++k) sum += idx->item_weight[k];
    idx->inv_weight_sum[i] = sum > 0 ? 1.0f / sum : 0.0f;
    const uint32_t b = idx->topic_begin[i], e = idx->topic_begin[i + 1];
    const uint32_t none = uint32_t(c.topics.size());
    idx->t0.push_back(e > b ? idx->item_topic[b] : none);
    idx->w0.push_back(e > b ? idx->item_weight[b] * idx->inv_weight_sum[i] : 0.0f);
    idx->t1.push_back(e > b + 1 ? idx->item_topic[b + 1] : none);
    idx->w1.push_back(e > b + 1 ? idx->item_weight[b + 1] * idx->inv_weight_sum[i] : 0.0f);
    if (e > b + 2) {
      idx->extra_items.push_back(uint32_t(i));
      idx->extra_begin.push_back(uint32_t(idx->extra_topic.size()));
      for (uint32_t k = b + 2; k < e; ++k) {
        idx->extra_topic.push_back(idx->item_topic[k]);
        idx->extra_weight.push_back(idx->item_weight[k] * idx->inv_weight_sum[i]);
      }
    }
    const std::string& loc = c.items[i].locale;
    auto found = std::find(idx->locales.begin(), idx->locales.end(), loc);
    if (found == idx->locales.end() && idx->locales.size() < 65535) found = idx->locales.insert(idx->locales.end(), loc);
    idx->locale_id[i] = found == idx->locales.end() ? 0 : uint16_t(found - idx->locales.begin());
  }

  idx->extra_begin.push_back(uint32_t(idx->extra_topic.size()));

  std::vector<uint32_t> order(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (idx->primary_topic[a] != idx->primary_topic[b]) return idx->primary_topic[a] < idx->primary_topic[b];
    return idx->popularity[a] > idx->popularity[b];
  });
  idx->by_topic_begin.assign(c.topics.size() + 1, 0);
  for (uint32_t i : order) idx->by_topic_begin[idx->primary_topic[i] + 1]++;
  for (size_t t = 0; t < c.topics.size(); ++t) idx->by_topic_begin[t + 1] += idx->by_topic_begin[t];
  idx->by_topic_items = std::move(order);
  idx->catalog = std::move(catalog);
  return idx;
}

}  // namespace tacit

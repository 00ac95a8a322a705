#include "rank/rank_index.h"

#include <algorithm>
#include <cmath>

namespace tacit {

namespace {

// Parents before children. The loader guarantees the taxonomy is acyclic; a topic whose chain does not end
// at a root (impossible from the loader) is placed last and treated as a root.
std::vector<uint32_t> TopicOrder(const Catalog& c) {
  const size_t n = c.topics.size();
  std::vector<uint32_t> child_begin(n + 1, 0), children(n), order;
  order.reserve(n);
  for (const Topic& t : c.topics)
    if (t.parent >= 0) child_begin[size_t(t.parent) + 1]++;
  for (size_t t = 0; t < n; ++t) child_begin[t + 1] += child_begin[t];
  std::vector<uint32_t> fill(child_begin.begin(), child_begin.end() - 1);
  for (size_t t = 0; t < n; ++t)
    if (c.topics[t].parent >= 0) children[fill[size_t(c.topics[t].parent)]++] = uint32_t(t);
  std::vector<uint8_t> placed(n, 0);
  for (size_t t = 0; t < n; ++t)
    if (c.topics[t].parent < 0) order.push_back(uint32_t(t)), placed[t] = 1;
  for (size_t head = 0; head < order.size(); ++head)
    for (uint32_t k = child_begin[order[head]]; k < child_begin[order[head] + 1]; ++k)
      if (!placed[children[k]]) order.push_back(children[k]), placed[children[k]] = 1;
  for (size_t t = 0; t < n; ++t)
    if (!placed[t]) order.push_back(uint32_t(t));
  return order;
}

}  // namespace

std::shared_ptr<const RankIndex> RankIndex::Build(std::shared_ptr<const Catalog> catalog,
                                                  std::shared_ptr<const SensitiveMemory> memory) {
  auto idx = std::make_shared<RankIndex>();
  const Catalog& c = *catalog;
  idx->dim = c.embedding_dim;
  const size_t n = c.items.size();
  idx->memory = memory ? std::move(memory) : std::make_shared<const SensitiveMemory>();

  idx->topic_order = TopicOrder(c);
  idx->topic_sensitive.assign(c.topics.size(), 0);
  for (uint32_t t : idx->topic_order) {
    const Topic& topic = c.topics[t];
    idx->topic_sensitive[t] = topic.sensitive() || idx->memory->topics.count(topic.id) ||
                              (topic.parent >= 0 && idx->topic_sensitive[size_t(topic.parent)]);
  }

  idx->topic_begin.reserve(n + 1);
  idx->primary_topic.resize(n);
  idx->popularity.resize(n);
  idx->fresh_rel.resize(n);
  idx->item_sensitive.assign(n, 0);
  idx->fresh_t0_ms = c.issued_at_ms;
  for (size_t i = 0; i < n; ++i) {
    const Item& it = c.items[i];
    if (!idx->memory->items.empty() && idx->memory->items.count(it.id)) idx->item_sensitive[i] = 1;
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
  for (size_t i = 0; i < n; ++i) {
    if (!idx->item_sensitive[i]) continue;
    bool by_topic = false;
    for (uint32_t k = idx->topic_begin[i]; k < idx->topic_begin[i + 1]; ++k) by_topic |= idx->topic_sensitive[idx->item_topic[k]] != 0;
    if (!by_topic) idx->sensitive_by_memory.push_back(uint32_t(i));
  }

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

SensitiveMemory RankIndex::NewlySensitive() const {
  SensitiveMemory out;
  for (size_t t = 0; t < topic_sensitive.size(); ++t)
    if (topic_sensitive[t] && !memory->topics.count(catalog->topics[t].id)) out.topics.insert(catalog->topics[t].id);
  for (size_t i = 0; i < item_sensitive.size(); ++i)
    if (item_sensitive[i] && !memory->items.count(catalog->items[i].id)) out.items.insert(catalog->items[i].id);
  return out;
}

}  // namespace tacit

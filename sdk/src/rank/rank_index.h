// RankIndex: a catalog laid out for scoring — flat arrays per item, topic lists in CSR form, and the
// derived facts ranking needs (effective sensitivity through the taxonomy, each item's primary topic).
// Built once per loaded catalog; immutable and shared.
#ifndef TACIT_RANK_RANK_INDEX_H_
#define TACIT_RANK_RANK_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "model/catalog.h"

namespace tacit {

// Every topic and item id this device has ever seen marked sensitive (by its class or an ancestor's), in
// any catalog. Persisted in the profile: a later catalog cannot un-flag what an earlier one flagged.
struct SensitiveMemory {
  std::unordered_set<std::string> topics;
  std::unordered_set<std::string> items;
};

struct RankIndex {
  std::shared_ptr<const Catalog> catalog;
  uint32_t dim = 0;
  std::vector<uint32_t> topic_begin;  // items + 1 offsets into item_topic / item_weight
  std::vector<uint32_t> item_topic;
  std::vector<float> item_weight;
  std::vector<uint32_t> primary_topic;  // the item's highest-weight topic
  std::vector<float> popularity;
  // Freshness factorises: 2^{-(now - published)/h} = 2^{-(now - t0)/h} * fresh_rel[i], fresh_rel[i] = 2^{(published - t0)/h}.
  std::vector<float> fresh_rel;
  int64_t fresh_t0_ms = 0;
  // The topic, or one of its ancestors, has a sensitivity class here or is remembered as sensitive.
  std::vector<uint8_t> topic_sensitive;
  std::vector<uint8_t> item_sensitive;  // remembered as sensitive, or any of the item's topics is sensitive
  // Items remembered as sensitive that carry no sensitive topic in this catalog: never shown, never counted.
  std::vector<uint32_t> sensitive_by_memory;
  std::shared_ptr<const SensitiveMemory> memory;  // what was remembered when the index was built (never null)
  // Every topic index, parents before children: one pass in this order resolves anything inherited down the
  // taxonomy (sensitivity, "not interested", metric buckets) in O(topics), whatever the depth.
  std::vector<uint32_t> topic_order;
  std::vector<float> inv_weight_sum;     // 1 / sum of the item's topic weights
  // The first two topics of every item with their normalised weights (weight / sum of weights), flat, so the
  // scoring loop has no inner loop; a missing second topic points at `topics` (a zero score slot). Items with
  // more topics list the rest in extra_* (CSR over extra_items).
  std::vector<uint32_t> t0, t1;
  std::vector<float> w0, w1;
  std::vector<uint32_t> extra_items, extra_begin, extra_topic;
  std::vector<float> extra_weight;
  std::vector<uint16_t> locale_id;       // index into locales; 0 = any
  std::vector<std::string> locales;      // locales[0] = ""
  // Items grouped by primary topic, most popular first (CSR): for exploration.
  std::vector<uint32_t> by_topic_begin;
  std::vector<uint32_t> by_topic_items;

  static constexpr double kFreshHalfLifeMs = 3.0 * 24 * 3600 * 1000;
  static std::shared_ptr<const RankIndex> Build(std::shared_ptr<const Catalog> catalog,
                                                std::shared_ptr<const SensitiveMemory> memory = nullptr);
  // The ids of this catalog's sensitive topics and items that `memory` does not hold yet (to remember).
  SensitiveMemory NewlySensitive() const;
  size_t items() const { return popularity.size(); }
};

}  // namespace tacit

#endif  // TACIT_RANK_RANK_INDEX_H_

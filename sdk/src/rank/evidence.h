// Evidence: which of the user's events count, and for which of their topics. The one filter that ranking
// (the profile model: personalisation) and measurement (metrics) both apply, so the two cannot disagree.
//
// An event counts for a purpose only if all of these hold:
//  1. consent for the purpose was given at the event's time (judged by its timestamp against the windows in
//     which the purpose was given; no window, nothing counts);
//  2. its item carries no sensitive topic: none of the catalog's topics for the item is sensitive (its class
//     or an ancestor's, in this catalog or as remembered from any catalog seen before: RankIndex), the item id
//     is not remembered as sensitive, and no topic id the host attached to the event is sensitive or
//     remembered as such. For personalisation, sensitive topics the user declared are allowed (every
//     sensitive topic the event carries must be declared); measurement never counts such an event;
//  3. for measurement, its item is not one the user said "not interested" in.
// Of a counted event, a topic counts unless it is sensitive (declared or not, a sensitive topic is never
// inferred or measured: only its declaration counts), the user asked to forget it (events up to that time),
// or, for measurement, the user said "not interested" in it or an ancestor.
#ifndef TACIT_RANK_EVIDENCE_H_
#define TACIT_RANK_EVIDENCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "rank/rank_index.h"

namespace tacit {

class Evidence {
 public:
  enum class Purpose { kPersonalization, kMeasurement };
  static constexpr uint32_t kUnknownItem = UINT32_MAX;

  Evidence() = default;  // counts nothing
  // `consented`: the windows in which the purpose's consent was given, any order.
  Evidence(std::shared_ptr<const RankIndex> index, Purpose purpose, std::vector<TimeWindow> consented);
  // Consent at all times: for tools, benchmarks and tests that exercise the model alone.
  static Evidence Always(std::shared_ptr<const RankIndex> index, Purpose purpose);

  // The user's declarations (personalisation: a declared sensitive topic lets its items count).
  void Declare(const std::string& topic_id, bool declared);
  // Events about the topic at or before `before_ms` no longer count for it.
  void Forget(const std::string& topic_id, int64_t before_ms);
  // "Not interested" (measurement: never measured; ranking applies its own hard filters).
  void BlockItem(const std::string& item_id);
  void SuppressTopic(const std::string& topic_id);  // and its descendants

  struct Verdict {
    bool counts = false;
    uint32_t item = kUnknownItem;  // the catalog's index of the item, kUnknownItem when it has none
  };
  // Whether the event counts at all for this purpose.
  Verdict Judge(const std::string& item_id, const std::vector<std::string>& topics, int64_t ts) const;

  // An id looked up in the index once, to judge many events about it without looking it up again.
  struct Resolved {
    uint32_t index = kUnknownItem;  // the catalog's index of the item or topic; kUnknownItem when it has none
    bool remembered = false;        // unknown to the catalog and remembered as sensitive
  };
  Resolved ResolveItem(std::string_view item_id) const;
  Resolved ResolveTopic(std::string_view topic_id) const;
  // The same verdict as Judge(item_id, topics, ts), for the resolved item and host topic ids; `item_id` is
  // read only when the catalog does not hold the item.
  Verdict Judge(Resolved item, std::string_view item_id, const Resolved* topics, size_t topic_count, int64_t ts) const;

  // For a counted event: f(topic, weight) for each topic it counts for. The catalog's topics and weights
  // for a known item; otherwise the host's topic ids that the catalog holds, weight 1.
  template <typename F>
  void ForEachTopic(const Verdict& v, const std::vector<std::string>& topics, int64_t ts, F&& f) const {
    if (!v.counts) return;
    const RankIndex& idx = *index_;
    if (v.item != kUnknownItem) return ForEachItemTopic(v.item, ts, f);
    for (const std::string& id : topics) {
      auto t = idx.catalog->topic_index.find(id);
      if (t != idx.catalog->topic_index.end() && TopicCounts(t->second, ts)) f(t->second, 1.0);
    }
  }

  // ForEachTopic for resolved host topic ids.
  template <typename F>
  void ForEachTopic(const Verdict& v, const Resolved* topics, size_t topic_count, int64_t ts, F&& f) const {
    if (!v.counts) return;
    if (v.item != kUnknownItem) return ForEachItemTopic(v.item, ts, f);
    for (size_t i = 0; i < topic_count; ++i)
      if (topics[i].index != kUnknownItem && TopicCounts(topics[i].index, ts)) f(topics[i].index, 1.0);
  }

  bool Consented(int64_t ts) const;
  Purpose purpose() const { return purpose_; }
  const RankIndex& index() const { return *index_; }

 private:
  // f(topic, weight) for each of a known item's catalog topics that counts at ts.
  template <typename F>
  void ForEachItemTopic(uint32_t item, int64_t ts, F& f) const {
    const RankIndex& idx = *index_;
    for (uint32_t k = idx.topic_begin[item]; k < idx.topic_begin[item + 1]; ++k)
      if (TopicCounts(idx.item_topic[k], ts)) f(idx.item_topic[k], double(idx.item_weight[k]));
  }
  bool TopicCounts(uint32_t t, int64_t ts) const {
    return !index_->topic_sensitive[t] && ts > forgotten_before_[t] && !excluded_[t];
  }
  bool SensitiveAllowed(uint32_t t) const;  // a sensitive topic that still lets the event count
  bool TopicExcludes(Resolved t) const;     // a host topic id that keeps the event from counting
  // Judge's rules once the item is looked up: `unknown_excluded()` says whether an item the catalog does not
  // hold is excluded; `each_topic(g)` calls g(Resolved) for each host topic id until g returns false, and
  // returns false then.
  template <typename UnknownExcluded, typename EachTopic>
  Verdict JudgeWith(uint32_t item, int64_t ts, UnknownExcluded&& unknown_excluded, EachTopic&& each_topic) const;

  std::shared_ptr<const RankIndex> index_;
  Purpose purpose_ = Purpose::kPersonalization;
  std::vector<TimeWindow> consented_;
  std::vector<uint8_t> declared_;
  std::vector<int64_t> forgotten_before_;
  std::vector<uint8_t> suppressed_, excluded_;  // excluded: suppressed, or a descendant of a suppressed topic
  std::vector<uint8_t> blocked_;
  std::unordered_set<std::string> blocked_unknown_;  // "not interested" items this catalog does not hold
};

}  // namespace tacit

#endif  // TACIT_RANK_EVIDENCE_H_

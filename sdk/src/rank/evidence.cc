#include "rank/evidence.h"

#include <algorithm>

namespace tacit {

Evidence::Evidence(std::shared_ptr<const RankIndex> index, Purpose purpose, std::vector<TimeWindow> consented)
    : index_(std::move(index)), purpose_(purpose), consented_(std::move(consented)) {
  const size_t topics = index_->catalog->topics.size();
  declared_.assign(topics, 0);
  forgotten_before_.assign(topics, INT64_MIN);
  suppressed_.assign(topics, 0);
  excluded_.assign(topics, 0);
  blocked_.assign(index_->items(), 0);
  std::sort(consented_.begin(), consented_.end(),
            [](const TimeWindow& a, const TimeWindow& b) { return a.begin_ms < b.begin_ms; });
}

Evidence Evidence::Always(std::shared_ptr<const RankIndex> index, Purpose purpose) {
  return Evidence(std::move(index), purpose, {TimeWindow{INT64_MIN, INT64_MAX}});
}

void Evidence::Declare(const std::string& topic_id, bool declared) {
  auto it = index_->catalog->topic_index.find(topic_id);
  if (it != index_->catalog->topic_index.end()) declared_[it->second] = declared ? 1 : 0;
}

void Evidence::Forget(const std::string& topic_id, int64_t before_ms) {
  auto it = index_->catalog->topic_index.find(topic_id);
  if (it != index_->catalog->topic_index.end()) forgotten_before_[it->second] = before_ms;
}

void Evidence::BlockItem(const std::string& item_id) {
  if (purpose_ != Purpose::kMeasurement) return;
  auto it = index_->catalog->item_index.find(item_id);
  if (it != index_->catalog->item_index.end()) {
    blocked_[it->second] = 1;
  } else {
    blocked_unknown_.insert(item_id);
  }
}

void Evidence::SuppressTopic(const std::string& topic_id) {
  if (purpose_ != Purpose::kMeasurement) return;
  const Catalog& c = *index_->catalog;
  auto it = c.topic_index.find(topic_id);
  if (it == c.topic_index.end()) return;
  suppressed_[it->second] = 1;
  for (uint32_t t : index_->topic_order)
    excluded_[t] = suppressed_[t] || (c.topics[t].parent >= 0 && excluded_[size_t(c.topics[t].parent)]);
}

bool Evidence::Consented(int64_t ts) const {
  for (const TimeWindow& w : consented_)
    if (w.Contains(ts)) return true;
  return false;
}

bool Evidence::SensitiveAllowed(uint32_t t) const {
  return purpose_ == Purpose::kPersonalization && declared_[t];
}

bool Evidence::TopicExcludes(Resolved t) const {
  if (t.index != kUnknownItem) return index_->topic_sensitive[t.index] && !SensitiveAllowed(t.index);
  return t.remembered;
}

namespace {
// An id against one of the catalog's indexes, else against what the profile remembers as sensitive.
template <typename Index, typename Memory>
Evidence::Resolved ResolveIn(const Index& index, const Memory& memory, std::string_view id_view) {
  Evidence::Resolved r;
  const std::string id(id_view);
  auto it = index.find(id);
  if (it != index.end()) {
    r.index = it->second;
  } else {
    r.remembered = memory.count(id) != 0;
  }
  return r;
}
}  // namespace

Evidence::Resolved Evidence::ResolveItem(std::string_view item_id) const {
  if (!index_) return Resolved();
  return ResolveIn(index_->catalog->item_index, index_->memory->items, item_id);
}

Evidence::Resolved Evidence::ResolveTopic(std::string_view topic_id) const {
  if (!index_) return Resolved();
  return ResolveIn(index_->catalog->topic_index, index_->memory->topics, topic_id);
}

template <typename UnknownExcluded, typename EachTopic>
Evidence::Verdict Evidence::JudgeWith(uint32_t item, int64_t ts, UnknownExcluded&& unknown_excluded,
                                      EachTopic&& each_topic) const {
  Verdict v;
  const RankIndex& idx = *index_;
  v.item = item;
  if (!Consented(ts)) return v;
  if (v.item != kUnknownItem) {
    if (blocked_[v.item]) return v;
    if (idx.item_sensitive[v.item]) {
      bool any = false;  // an item remembered as sensitive may carry no sensitive topic in this catalog
      for (uint32_t k = idx.topic_begin[v.item]; k < idx.topic_begin[v.item + 1]; ++k) {
        const uint32_t t = idx.item_topic[k];
        if (!idx.topic_sensitive[t]) continue;
        if (!SensitiveAllowed(t)) return v;
        any = true;
      }
      if (!any) return v;
    }
  } else {
    if (unknown_excluded()) return v;
  }
  // Topic ids the host attached count as evidence of what the event is about, known item or not.
  if (!each_topic([&](Resolved t) { return !TopicExcludes(t); })) return v;
  v.counts = true;
  return v;
}

Evidence::Verdict Evidence::Judge(const std::string& item_id, const std::vector<std::string>& topics,
                                  int64_t ts) const {
  if (!index_) return Verdict();
  const RankIndex& idx = *index_;
  const Catalog& c = *idx.catalog;
  auto item = c.item_index.find(item_id);
  return JudgeWith(
      item != c.item_index.end() ? item->second : kUnknownItem, ts,
      [&] { return idx.memory->items.count(item_id) || blocked_unknown_.count(item_id); },
      [&](auto&& allowed) {
        for (const std::string& id : topics) {
          Resolved r;
          auto t = c.topic_index.find(id);
          if (t != c.topic_index.end()) {
            r.index = t->second;
          } else {
            r.remembered = idx.memory->topics.count(id) != 0;
          }
          if (!allowed(r)) return false;
        }
        return true;
      });
}

Evidence::Verdict Evidence::Judge(Resolved item, std::string_view item_id, const Resolved* topics,
                                  size_t topic_count, int64_t ts) const {
  if (!index_) return Verdict();
  return JudgeWith(
      item.index, ts,
      [&] { return item.remembered || (!blocked_unknown_.empty() && blocked_unknown_.count(std::string(item_id))); },
      [&](auto&& allowed) {
        for (size_t i = 0; i < topic_count; ++i)
          if (!allowed(topics[i])) return false;
        return true;
      });
}

}  // namespace tacit

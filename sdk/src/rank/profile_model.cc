#include "rank/profile_model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace tacit {

double EventWeight(int32_t type) {
  switch (type) {
    case TACIT_EVENT_VIEW: return 0.1;
    case TACIT_EVENT_OPEN: return 1.0;
    case TACIT_EVENT_COMPLETE: return 2.0;
    case TACIT_EVENT_LIKE: return 3.0;
    case TACIT_EVENT_SHARE: return 3.0;
    case TACIT_EVENT_CONVERSION: return 3.0;
    case TACIT_EVENT_DISMISS: return -2.0;
    case TACIT_EVENT_SKIP: return -0.5;
    default: return 0.0;
  }
}

bool IsEngagement(int32_t type) { return EventWeight(type) >= 1.0; }

ProfileModel::ProfileModel(std::shared_ptr<const RankIndex> index, int64_t half_life_ms, int64_t ref_ms)
    : ProfileModel(index, half_life_ms, ref_ms, Evidence::Always(index, Evidence::Purpose::kPersonalization)) {}

ProfileModel::ProfileModel(std::shared_ptr<const RankIndex> index, int64_t half_life_ms, int64_t ref_ms,
                           Evidence evidence)
    : index_(std::move(index)),
      half_life_ms_(double(std::max<int64_t>(half_life_ms, 3600 * 1000))),
      ref_ms_(ref_ms),
      evidence_(std::move(evidence)) {
  const size_t topics = index_->catalog->topics.size();
  declared_.assign(topics, 0.0f);
  affinity_ref_.assign(topics, 0.0);
  topic_engagements_.resize(topics);
  topic_pos_.assign(topics, 0);
  topic_neg_.assign(topics, 0);
  suppressed_.assign(topics, 0);
  blocked_.assign(index_->items(), 0);
  consumed_.assign(index_->items(), 0);
  taste_ref_.assign(index_->dim, 0.0);
}

double ProfileModel::Grow(int64_t ts) const { return std::exp2(std::clamp((double(ts) - double(ref_ms_)) / half_life_ms_, -200.0, 200.0)); }
double ProfileModel::GrowTaste(int64_t ts) const {
  return std::exp2(std::clamp((double(ts) - double(ref_ms_)) / (half_life_ms_ * kTasteHalfLives), -200.0, 200.0));
}
double ProfileModel::Decay(int64_t now) const { return 1.0 / Grow(now); }

void ProfileModel::Declare(const std::string& topic_id, double weight) {
  auto it = index_->catalog->topic_index.find(topic_id);
  if (it != index_->catalog->topic_index.end()) declared_[it->second] = float(weight);
  evidence_.Declare(topic_id, weight > 0);
}

void ProfileModel::Undeclare(const std::string& topic_id) { Declare(topic_id, 0.0); }

void ProfileModel::BlockItem(const std::string& item_id) {
  auto it = index_->catalog->item_index.find(item_id);
  if (it != index_->catalog->item_index.end() && !blocked_[it->second]) {
    blocked_[it->second] = 1;
    blocked_items_.push_back(it->second);
  }
}

void ProfileModel::SuppressTopic(const std::string& topic_id) {
  auto it = index_->catalog->topic_index.find(topic_id);
  if (it != index_->catalog->topic_index.end()) suppressed_[it->second] = 1;
}

void ProfileModel::Forget(const std::string& topic_id, int64_t before_ms) { evidence_.Forget(topic_id, before_ms); }

void ProfileModel::Apply(int32_t type, const std::string& item_id, const std::vector<std::string>& topics, int64_t ts,
                         double /*value*/) {
  const Evidence::Verdict verdict = evidence_.Judge(item_id, topics, ts);
  ApplyJudged(type, verdict, ts, [&](auto&& f) { evidence_.ForEachTopic(verdict, topics, ts, f); });
}

Evidence::Resolved ProfileModel::Resolve(std::string_view id, bool topic) {
  IdTable<Evidence::Resolved>& table = topic ? topic_ids_ : item_ids_;
  const size_t hash = table.Hash(id);
  if (const Evidence::Resolved* kept = table.Find(id, hash)) return *kept;
  const Evidence::Resolved r = topic ? evidence_.ResolveTopic(id) : evidence_.ResolveItem(id);
  if (r.index != Evidence::kUnknownItem) {
    const Catalog& c = *evidence_.index().catalog;
    table.Insert(topic ? std::string_view(c.topics[r.index].id) : std::string_view(c.items[r.index].id), hash, r);
  } else if (unknown_ids_.size() < kUnknownIdsKept) {
    unknown_ids_.emplace_back(id);
    table.Insert(unknown_ids_.back(), hash, r);
  }
  return r;
}

void ProfileModel::ApplyStored(int32_t type, std::string_view item_id, std::string_view topics, int64_t ts) {
  topics_scratch_.clear();
  while (!topics.empty()) {  // split as ProfileStore::ReadEvents does
    const size_t sep = topics.find(ProfileStore::kTopicSeparator);
    topics_scratch_.push_back(Resolve(topics.substr(0, sep), true));
    topics = sep == std::string_view::npos ? std::string_view() : topics.substr(sep + 1);
  }
  const Evidence::Resolved item = Resolve(item_id, false);
  const Evidence::Verdict verdict =
      evidence_.Judge(item, item_id, topics_scratch_.data(), topics_scratch_.size(), ts);
  ApplyJudged(type, verdict, ts, [&](auto&& f) {
    evidence_.ForEachTopic(verdict, topics_scratch_.data(), topics_scratch_.size(), ts, f);
  });
}

template <typename ForEachTopic>
void ProfileModel::ApplyJudged(int32_t type, const Evidence::Verdict& verdict, int64_t ts,
                               ForEachTopic&& for_each_topic) {
  const Catalog& c = *index_->catalog;
  const double w = EventWeight(type);
  const bool known = verdict.item != Evidence::kUnknownItem;
  const uint32_t item = known ? verdict.item : 0;

  // The frequency cap reads views of the item itself in the last 24 h, counted or not (docs/ranking.md).
  if (known && type == TACIT_EVENT_VIEW) {
    auto& views = exposures_[item].views;
    views.insert(std::upper_bound(views.begin(), views.end(), ts), ts);
  }
  if (!verdict.counts) return;

  // The catalog is authoritative for a known item's topics; otherwise the host's topic ids count fully.
  for_each_topic([&](uint32_t t, double tw) {
    affinity_ref_[t] += w * tw * Grow(ts);
    if (IsEngagement(type)) {
      topic_pos_[t]++;
      topic_engagements_[t].push_back({ts, known ? item : kUnknownItem, type});
    } else if (w < 0) {
      topic_neg_[t]++;
    }
  });
  if (!known) return;

  if (type == TACIT_EVENT_VIEW) {
    ItemExposure& x = exposures_[item];
    x.views_ref += Grow(ts);
    x.views_total++;
  } else if (w < 0) {
    ItemExposure& x = exposures_[item];
    x.penalty_ref += -w * Grow(ts);
    x.dismissals_total++;
  }
  if (IsEngagement(type)) {
    engagements_++;
    const bool consumes = type == TACIT_EVENT_OPEN || type == TACIT_EVENT_COMPLETE || type == TACIT_EVENT_CONVERSION;
    if (consumes && !consumed_[item]) {
      consumed_[item] = 1;
      consumed_items_.push_back(item);
    }
    if (index_->dim && c.items[item].has_embedding) {
      const float* e = c.embedding(item);
      const double g = w * GrowTaste(ts);
      for (uint32_t d = 0; d < index_->dim; ++d) taste_ref_[d] += g * e[d];
    }
    // One entry per item, most recent last, holding the strongest act the user did with it.
    RecentEngagement entry{item, ts, w, type};
    for (auto it = recent_.begin(); it != recent_.end(); ++it) {
      if (it->item != item) continue;
      if (it->weight > entry.weight) entry.weight = it->weight, entry.type = it->type;
      entry.ts = std::max(entry.ts, it->ts);
      recent_.erase(it);
      break;
    }
    recent_.push_back(entry);
    if (recent_.size() > kRecentEngagements) recent_.pop_front();
  }
}

void ProfileModel::InferredAt(int64_t now, std::vector<float>* out) const {
  const double decay = Decay(now);
  out->resize(affinity_ref_.size());
  for (size_t t = 0; t < affinity_ref_.size(); ++t) (*out)[t] = float(affinity_ref_[t] * decay);
}

uint32_t ProfileModel::ItemsThisWeek(uint32_t topic, int64_t now, bool completed) const {
  std::vector<uint32_t> items;
  uint32_t unknown = 0;
  for (const Engagement& e : topic_engagements_[topic]) {
    if (e.ts <= SaturatingSub(now, kWeekMs) || e.ts > now) continue;
    if (completed && e.type != TACIT_EVENT_COMPLETE && e.type != TACIT_EVENT_CONVERSION) continue;
    if (e.item == kUnknownItem) {
      ++unknown;  // without the catalog's id space, each event counts once
    } else {
      items.push_back(e.item);
    }
  }
  std::sort(items.begin(), items.end());
  return uint32_t(std::unique(items.begin(), items.end()) - items.begin()) + unknown;
}

uint32_t ProfileModel::ViewsInWindow(const ItemExposure& exposure, int64_t now) {
  const int64_t start = SaturatingSub(now, kFrequencyWindowMs);
  uint32_t n = 0;
  for (int64_t ts : exposure.views) n += ts > start && ts <= now;
  return n;
}

}  // namespace tacit

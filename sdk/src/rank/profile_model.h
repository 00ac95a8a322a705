// ProfileModel: what ranking knows about the user, relative to one catalog. Built from the stored
// events, declared interests and feedback, then kept current incrementally as new events arrive.
//
// Declared interests are what the user said. Inferred affinity is a sum of event weights with
// exponential decay (half-life configurable), kept as its value at a reference time: an event at ts adds
// w * 2^{(ts - ref)/h}, and the affinity at `now` is that sum times 2^{-(now - ref)/h} — exact and O(1).
// Which events count, and for which topics, is decided by Evidence (rank/evidence.h), the filter that
// metrics apply too: events on items carrying an undeclared sensitive topic, events outside the windows of
// personalisation consent and forgotten topics contribute nothing. Views are kept for the frequency cap
// whatever the consent (docs/ranking.md); nothing else about an uncounted event is.
#ifndef TACIT_RANK_PROFILE_MODEL_H_
#define TACIT_RANK_PROFILE_MODEL_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "rank/evidence.h"
#include "rank/id_table.h"
#include "rank/rank_index.h"
#include "store/profile_store.h"

namespace tacit {

// What each kind of event says about the user's interest (negative: less interested).
double EventWeight(int32_t type);
bool IsEngagement(int32_t type);  // positive evidence: open, complete, like, share, conversion

struct ItemExposure {
  std::vector<int64_t> views;  // view timestamps within the frequency window, oldest first
  double penalty_ref = 0;      // decayed dismissals/skips of this item, at ref
  double views_ref = 0;        // decayed views of this item, at ref (shown and passed over)
  uint32_t views_total = 0;    // views ever (since the model was built), undecayed
  uint32_t dismissals_total = 0;
};

struct RecentEngagement {
  uint32_t item;
  int64_t ts;
  double weight;
  int32_t type;  // the tacit_event_type
};

class ProfileModel {
 public:
  static constexpr int64_t kWeekMs = 7LL * 24 * 3600 * 1000;
  static constexpr int64_t kFrequencyWindowMs = 24LL * 3600 * 1000;
  static constexpr size_t kRecentEngagements = 64;
  // The taste vector decays this many times slower than topic affinity: taste is a direction, and what a
  // user liked a few months ago still says which items resemble what they like.
  static constexpr double kTasteHalfLives = 4.0;

  // `evidence` (purpose personalisation) decides which events count; declarations, forgetting and later
  // events are passed on to it. Without it, every non-sensitive event counts (tools and tests).
  ProfileModel(std::shared_ptr<const RankIndex> index, int64_t half_life_ms, int64_t ref_ms, Evidence evidence);
  ProfileModel(std::shared_ptr<const RankIndex> index, int64_t half_life_ms, int64_t ref_ms);

  void Declare(const std::string& topic_id, double weight);
  void Undeclare(const std::string& topic_id);
  void BlockItem(const std::string& item_id);
  void SuppressTopic(const std::string& topic_id);
  // Events about the topic up to `before_ms` no longer count (call before applying events). Declaring or
  // undeclaring a sensitive topic also needs a rebuild to re-judge the events already applied.
  void Forget(const std::string& topic_id, int64_t before_ms);
  // Applies one event (any order of timestamps).
  void Apply(int32_t type, const std::string& item_id, const std::vector<std::string>& topics, int64_t ts,
             double value);
  // The same for an event as the store keeps it: `topics` are the host's topic ids joined by
  // ProfileStore::kTopicSeparator. Each distinct id is looked up in the catalog once, then kept.
  void ApplyStored(int32_t type, std::string_view item_id, std::string_view topics, int64_t ts);
  // The inferred affinity of every topic at `now` → out (size = topics).
  void InferredAt(int64_t now, std::vector<float>* out) const;
  // Distinct items of `topic` engaged with in the 7 days before `now` ("you read 3 running articles").
  // `completed` counts only items finished or bought (complete, conversion).
  uint32_t ItemsThisWeek(uint32_t topic, int64_t now, bool completed = false) const;
  // Views of an item (its entry in exposures()) in the 24 h before `now`.
  static uint32_t ViewsInWindow(const ItemExposure& exposure, int64_t now);
  double Decay(int64_t now) const;  // 2^{-(now - ref)/h}: an exposure's *_ref values at `now`

  const RankIndex& index() const { return *index_; }
  const std::vector<float>& declared() const { return declared_; }
  const std::vector<uint8_t>& suppressed() const { return suppressed_; }
  const std::vector<uint8_t>& blocked() const { return blocked_; }
  const std::vector<uint32_t>& blocked_items() const { return blocked_items_; }
  // Items the user opened, completed or bought (a like or share alone does not consume): not shown again by default.
  const std::vector<uint8_t>& consumed() const { return consumed_; }
  const std::vector<uint32_t>& consumed_items() const { return consumed_items_; }
  const std::vector<double>& taste_ref() const { return taste_ref_; }
  const std::unordered_map<uint32_t, ItemExposure>& exposures() const { return exposures_; }
  // The last kRecentEngagements distinct items engaged with (non-sensitive), oldest first, each with the
  // strongest act (by EventWeight) the user did with it.
  const std::deque<RecentEngagement>& recent() const { return recent_; }
  uint64_t engagements() const { return engagements_; }
  struct Engagement {
    int64_t ts;
    uint32_t item;  // catalog index, or kUnknownItem for an item the catalog does not hold
    int32_t type;   // the tacit_event_type
  };
  static constexpr uint32_t kUnknownItem = UINT32_MAX;
  // Engagements with a topic (unordered), for the user's view of the evidence.
  const std::vector<Engagement>& Engagements(uint32_t topic) const { return topic_engagements_[topic]; }
  // Per-topic engagement and dismissal counts (for exploration's posterior).
  const std::vector<uint32_t>& topic_positive() const { return topic_pos_; }
  const std::vector<uint32_t>& topic_negative() const { return topic_neg_; }

 private:
  // Ids resolved for ApplyStored. Keys are the catalog's own ids, or copies of unknown ones held in
  // unknown_ids_ (at most kUnknownIdsKept: further unknown ids are looked up at every event).
  static constexpr size_t kUnknownIdsKept = 1024;
  Evidence::Resolved Resolve(std::string_view id, bool topic);
  // Everything Apply does once the event is judged; `for_each_topic(f)` passes f to Evidence::ForEachTopic.
  template <typename ForEachTopic>
  void ApplyJudged(int32_t type, const Evidence::Verdict& verdict, int64_t ts, ForEachTopic&& for_each_topic);
  double Grow(int64_t ts) const;       // 2^{(ts - ref)/h}
  double GrowTaste(int64_t ts) const;  // 2^{(ts - ref)/(h * kTasteHalfLives)}

  std::shared_ptr<const RankIndex> index_;
  double half_life_ms_;
  int64_t ref_ms_;
  std::vector<float> declared_;
  std::vector<double> affinity_ref_;
  std::vector<std::vector<Engagement>> topic_engagements_;  // for "this week" counts and evidence
  std::vector<uint32_t> topic_pos_, topic_neg_;
  std::vector<uint8_t> suppressed_;
  Evidence evidence_;
  std::vector<uint8_t> blocked_;
  std::vector<uint32_t> blocked_items_;
  std::vector<uint8_t> consumed_;
  std::vector<uint32_t> consumed_items_;
  std::vector<double> taste_ref_;
  std::unordered_map<uint32_t, ItemExposure> exposures_;
  std::deque<RecentEngagement> recent_;
  uint64_t engagements_ = 0;
  IdTable<Evidence::Resolved> item_ids_, topic_ids_;
  std::deque<std::string> unknown_ids_;
  std::vector<Evidence::Resolved> topics_scratch_;
};

}  // namespace tacit

#endif  // TACIT_RANK_PROFILE_MODEL_H_

// Ranking: a score that is a sum of named, interpretable contributions, hard filters that nothing
// overrides (blocked items, suppressed topics, undeclared sensitive topics, frequency caps), diversity
// in the top k, a bounded share of seeded exploration, and reasons for every item.
#ifndef TACIT_RANK_RANKER_H_
#define TACIT_RANK_RANKER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "rank/profile_model.h"

namespace tacit {

enum class ReasonKind : int32_t { kDeclared = 1, kInferred = 2, kPopular = 3, kExploring = 4, kFresh = 5, kSimilar = 6 };

struct Reason {
  ReasonKind kind = ReasonKind::kPopular;
  std::string ref_id;  // a topic id, an item id, or "" (popular, fresh, exploring)
  bool ref_is_item = false;
  double contribution = 0;
  std::string text;    // for a screen
  std::string spoken;  // for a speaker
};

struct RankedItem {
  uint32_t item = 0;
  double score = 0;
  std::vector<Reason> reasons;  // strongest first; never empty
};

// Contribution weights (docs/ranking.md). The defaults were chosen on the validation split of the synthetic
// population (docs/evaluation.md: `tacit-eval tune`), never on its test split.
struct ScoreWeights {
  float declared = 1.0f;
  float inferred = 0.1f;        // x confidence x the topic's affinity relative to the user's strongest topic
  float similar = 0.8f;         // x confidence x cos(item, taste)
  float fresh = 0.15f;
  float popular = 0.8f;         // x max(popular_floor, 1 - confidence) x the popularity prior
  float popular_floor = 0.75f;
  float fatigue_per_view = 0.1f;  // per view in the last 24 h
  float seen = 1.0f;              // per decayed view: an item shown and passed over sinks
  float passed_over = 0.5f;       // once, for an item ever shown or dismissed and never consumed (undecayed)
  float penalty = 0.5f;
  double confidence_half = 10.0;  // engagements at which confidence is 0.5
  double topic_share = 0.7;       // diversity: at most max(2, ceil(topic_share * k)) items per primary topic
};

struct RankRequest {
  size_t k = 20;
  int32_t surface = 1;
  int64_t now_ms = 0;
  std::string locale;               // "" = any; "en" matches "en-GB"; also picks the reasons' language
  std::vector<uint32_t> candidates;  // item indices; empty = the whole catalog
  uint64_t seed = 1;
  double exploration = 0.1;  // share of k, [0, 0.5]
  uint32_t frequency_cap = 3;  // views per item per 24 h; 0 = no cap
  bool use_inferred = true;    // false without personalisation consent: declared + popularity only
  bool include_consumed = false;  // true: items the user already engaged with may come back (music, replays)
  ScoreWeights weights;
};

// Scratch reused across calls to avoid allocation on the hot path. Not shared between threads.
struct RankScratch {
  std::vector<float> topic_score, inferred, inferred_term, taste, scores;
  std::vector<uint8_t> locale_ok, excluded, taken;
  std::vector<uint32_t> per_topic;
  std::vector<std::pair<float, uint32_t>> top;
  std::vector<uint32_t> recent_rows;  // the recent items that have an embedding, most recent last,
  std::vector<int32_t> recent_acts;   // and the strongest act the user did with each
};

Result<std::vector<RankedItem>> Rank(const ProfileModel& model, const RankRequest& request, RankScratch* scratch);

// The same scoring and reasons for one item. NOT_FOUND, with the reason in the message, when the item
// would never be shown (blocked, suppressed topic, undeclared sensitive topic).
Result<RankedItem> Explain(const ProfileModel& model, uint32_t item, const RankRequest& request);

}  // namespace tacit

#endif  // TACIT_RANK_RANKER_H_

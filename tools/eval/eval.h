// tacit-eval: offline evaluation of tacit's ranking against baselines, on a brand's own interaction logs
// or on the synthetic population (synth.h). Formats and protocol: docs/evaluation.md.
#ifndef TACIT_TOOLS_EVAL_EVAL_H_
#define TACIT_TOOLS_EVAL_EVAL_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "rank/ranker.h"

namespace tacit_eval {

struct EvalItem {
  std::string id, title;
  std::vector<std::pair<std::string, float>> topics;  // topic id, weight > 0
  std::vector<float> embedding;                        // empty = computed from the training interactions
  int64_t date_ms = 0;                                 // 0 = unknown
  std::string kind;                                    // article | video | audio | product | "" (see docs)
};

// One logged interaction: a rating (1..5) or one tacit event type.
struct Interaction {
  uint32_t user = 0;
  uint32_t item = 0;
  double rating = 0;   // > 0 when the log gave a rating
  int32_t event = 0;   // a tacit_event_type when the log gave an event name
  int64_t ts_ms = 0;
};

struct Dataset {
  std::vector<EvalItem> items;
  std::unordered_map<std::string, uint32_t> item_index;
  std::vector<std::string> users;
  std::vector<Interaction> interactions;
};

// Reads the two files (CSV or TSV with a header row; see docs/evaluation.md). Interactions naming an item
// absent from the items file are an error.
tacit::Result<Dataset> ReadDataset(const std::string& items_path, const std::string& interactions_path);
tacit::Status WriteDataset(const Dataset& d, const std::string& items_path, const std::string& interactions_path);

// Whether an interaction is positive evidence (rating >= 4, or an engagement event).
bool IsPositive(const Interaction& x);

enum class Split { kTest, kValidation };
enum class Candidates { kAll, kUnseen };

// Ranking weights to try instead of the SDK's defaults (weight search on the validation split); empty = defaults.
struct EvalOptions {
  size_t k = 10;
  uint64_t seed = 1;
  Split split = Split::kTest;
  Candidates candidates = Candidates::kAll;
  size_t max_users = 0;     // 0 = every user with enough history; else a seeded sample
  size_t min_train_positives = 3;
  uint32_t embedding_dim = 32;
  int64_t half_life_ms = 14LL * 24 * 3600 * 1000;
  size_t bootstrap = 1000;
  unsigned threads = 2;
  std::string work_dir;     // where the profiles live while a user is replayed; "" = a temporary directory
  size_t examples = 3;      // users whose top 3 with reasons are kept for the report
  std::string locale;       // the request locale (reason language)
  // Weight search: when set, tacit's ranker runs in-process on a profile model built from the same events
  // (no encrypted store, so many settings can be tried quickly) with these weights.
  const tacit::ScoreWeights* weights = nullptr;
};

struct Interval {
  double mean = 0, lo = 0, hi = 0;
};

struct RankerResult {
  std::string name;
  Interval hr, ndcg, coverage, consumed;
  Interval hr_diff, ndcg_diff;  // tacit minus this ranker, paired over users (zero for tacit itself)
};

struct Example {
  std::string user;
  std::string target;  // the held-out item
  struct Entry {
    std::string item, title;
    std::vector<std::string> reasons;
  };
  std::vector<Entry> top;
};

struct EvalReport {
  size_t users = 0, items = 0, train_interactions = 0;
  std::vector<RankerResult> rankers;  // tacit first
  std::vector<Example> examples;
  double seconds = 0;
  std::string Table() const;  // Markdown
  std::string Json() const;
  const RankerResult* Find(const std::string& name) const;
};

tacit::Result<EvalReport> RunEval(const Dataset& data, const EvalOptions& options);

}  // namespace tacit_eval

#endif  // TACIT_TOOLS_EVAL_EVAL_H_

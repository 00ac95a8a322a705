// The reporting path on the device, driven by the measurement plan (model/plan.h).
//
// For each metric of the plan, the last completed period is due once measurement consent was given before
// it ended. Every due (metric, period) is decided, in plan order, before any value is computed: it is
// reported when its ε fits both rolling bounds (24 h and 365 days), else refused; either way the decision
// is recorded and never revisited. Only then are the reported values computed, from the events in the
// due periods' windows, randomised afresh (no answer is ever replayed), padded to the plan's one report
// size, sealed to the plan's key and queued. So whether and how much a device reports depends only on the
// plan, the clock and consent, never on the values; a refused period sends nothing (docs/reporting.md).
#ifndef TACIT_REPORT_REPORTER_H_
#define TACIT_REPORT_REPORTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/plan.h"
#include "rank/evidence.h"
#include "rank/rank_index.h"
#include "report/ldp.h"
#include "report/report.h"
#include "store/profile_store.h"
#include "dap/dap09.h"
#include "store/report_store.h"

namespace tacit {

// The ε bounds in force: the plan's, lowered (never raised) by the host's.
struct BudgetBounds {
  double per_24h = 0;
  double per_365d = 0;
};
// host_* <= 0 means "no host bound".
BudgetBounds EffectiveBounds(const Plan& plan, double host_per_24h, double host_per_365d);

struct PrepareOutcome {
  size_t made = 0;
  size_t refused_budget = 0;         // decided and not made: over a bound (recorded in the ledger)
  std::vector<std::string> blocked;  // human-readable reasons nothing was made (no consent, plan expired...)
};

// `index` may be null (no catalog yet): then nothing is decided and the reason is in `blocked`.
// `evidence` (purpose measurement) decides which events count for metrics (rank/evidence.h).
Result<PrepareOutcome> PrepareReports(ProfileStore& store, const Plan& plan, const BudgetBounds& bounds,
                                      const RankIndex* index, int64_t now_ms, int64_t half_life_ms,
                                      const Evidence& evidence, const dap::ConfigSet& dap_configs, ldp::Rng& rng);

struct BudgetState {
  BudgetBounds bounds;
  double spent_24h = 0;   // in the last 24 h
  double spent_365d = 0;  // in the last 365 days
  uint64_t refused = 0;   // reports refused for budget, ever
};
Result<BudgetState> ReadBudget(ReportStore reports, const BudgetBounds& bounds, int64_t now_ms);
// What the budget means, in plain words, for the export and the privacy centre.
std::string BudgetMeaning(const BudgetState& b);

}  // namespace tacit

#endif  // TACIT_REPORT_REPORTER_H_

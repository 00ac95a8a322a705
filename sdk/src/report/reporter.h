// The reporting path on the device, driven by the measurement plan (model/plan.h).
//
// For each metric of the plan, the last completed period is due once measurement consent was given before
// it ended. Every due (metric, period) is decided, in plan order, before any value is computed: it is
// reported when its ε fits both rolling bounds (24 h and 365 days), else refused; either way the decision
// is recorded and never revisited. Only then are the reported values computed, from the events in the
// due periods' windows, randomised afresh (no answer is ever replayed), padded to the plan's one report
// size, sealed to the plan's key and queued. So whether and how much a device reports depends only on the
// plan, the clock and consent, never on the values; a refused period sends nothing (docs/reporting.md).
// When nothing is due no event is read; otherwise only the events inside the windows of the reports to be
// made, a page at a time.
#ifndef TACIT_REPORT_REPORTER_H_
#define TACIT_REPORT_REPORTER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "consent/consent.h"
#include "core/status.h"
#include "model/plan.h"
#include "rank/evidence.h"
#include "rank/rank_index.h"
#include "report/ldp.h"
#include "report/metrics.h"
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

// One preparation in three steps, so that its caller may let other calls use the profile between pages of
// events (Session::PrepareLocked does, as the model build does):
//   1. Start decides what is due and what the budget admits, from the plan, the clock (`now_ms`), consent
//      and the ledger. It reads no event and writes nothing.
//   2. ReadPage, until values_done(), reads the next page of the events inside the windows of the reports to
//      be made (the union of their windows, each event once, oldest first, only events stored before Start)
//      and adds each to the values it counts for. It writes nothing. Nothing to make: done at once.
//   3. Finish records every decision in plan order and queues the reports made, in one transaction. With
//      `recheck` (the store may have been used since Start) it first checks, in that transaction, that
//      nothing the decisions or the values depend on changed: measurement consent and its history, the
//      decisions and ε already in the ledger, and the stored events (none deleted). If something did, it
//      writes nothing and returns false: start again. Declarations and feedback given meanwhile, and
//      events recorded meanwhile, apply from the next preparation, as if this one had run at Start.
// `index` null (no catalog yet): nothing is decided and the reason is in `blocked`. `evidence` (purpose
// measurement) decides which events count for metrics (rank/evidence.h).
class ReportPreparation {
 public:
  static constexpr size_t kPageEvents = 2048;  // as the model build's pages: a few ms on a phone-class core

  static Result<std::unique_ptr<ReportPreparation>> Start(ProfileStore& store, const Plan& plan,
                                                          const BudgetBounds& bounds,
                                                          std::shared_ptr<const RankIndex> index, int64_t now_ms,
                                                          int64_t half_life_ms, Evidence evidence,
                                                          const dap::ConfigSet& dap_configs);
  ReportPreparation(const ReportPreparation&) = delete;
  ReportPreparation& operator=(const ReportPreparation&) = delete;
  ~ReportPreparation();

  bool values_done() const { return window_ >= windows_.size(); }
  Status ReadPage(ProfileStore& store, size_t max_events = kPageEvents);
  // True: written, and *out says what was made. False (only with `recheck`): nothing written, start again.
  Result<bool> Finish(ProfileStore& store, ldp::Rng& rng, bool recheck, PrepareOutcome* out);

  // What step 2 did: the events read so far, the windows it reads (merged, oldest first) and, once
  // values_done(), the value of each report to be made, before randomisation (for tests).
  uint64_t events_read() const { return events_read_; }
  const std::vector<EventRange>& windows() const { return windows_; }
  struct Value {
    std::string metric_id;
    uint64_t period = 0;
    uint32_t value = 0;
  };
  std::vector<Value> Values() const;

 private:
  struct Due;
  ReportPreparation(const Plan& plan, std::shared_ptr<const RankIndex> index, Evidence evidence, int64_t now_ms);
  Result<bool> Unchanged(ProfileStore& store);

  const Plan& plan_;
  const std::shared_ptr<const RankIndex> index_;
  const Evidence evidence_;
  const int64_t now_;
  std::vector<Due> due_;  // in plan order
  PrepareOutcome outcome_;
  // What Start read, for Finish's recheck.
  ConsentRecord consent_;
  size_t consent_history_ = 0;
  double spent_24h_ = 0, spent_365d_ = 0;
  uint64_t events_deleted_ = 0;
  // Step 2: the windows and where the read stands.
  std::vector<EventRange> windows_;
  size_t window_ = 0;
  std::optional<EventPosition> position_;
  uint64_t events_read_ = 0;
};

// The three steps at once, for a caller that holds the profile throughout.
Result<PrepareOutcome> PrepareReports(ProfileStore& store, const Plan& plan, const BudgetBounds& bounds,
                                      std::shared_ptr<const RankIndex> index, int64_t now_ms, int64_t half_life_ms,
                                      Evidence evidence, const dap::ConfigSet& dap_configs, ldp::Rng& rng);

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

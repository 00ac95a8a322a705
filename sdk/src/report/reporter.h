// The reporting path on the device: at the end of each metric's period, compute this device's value,
// randomise it (memoised per value: permanent randomised response), charge the ε ledger, build and seal
// the report, and queue it in the outbox. Only with measurement consent given before the period ended and
// still given now. Then the outbox: next, ack (→ sent log), size.
#ifndef TACIT_REPORT_REPORTER_H_
#define TACIT_REPORT_REPORTER_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "rank/evidence.h"
#include "rank/rank_index.h"
#include "report/ldp.h"
#include "report/report.h"
#include "store/profile_store.h"

namespace tacit {

// The SDK's own bound, whatever the brand's cap: at most this much ε per rolling 24 hours.
constexpr double kDailyEpsilonBound = 8.0;

struct PrepareOutcome {
  size_t made = 0;
  size_t refused_budget = 0;  // not made: the ledger would exceed a cap (recorded in the ledger)
  std::vector<std::string> blocked;  // human-readable reasons nothing was made (no consent, no key...)
};

// `evidence` (purpose measurement) decides which events count for metrics (rank/evidence.h).
Result<PrepareOutcome> PrepareReports(ProfileStore& store, const RankIndex& index, int64_t now_ms,
                                      int64_t half_life_ms, const Evidence& evidence, ldp::Rng& rng);

struct QueuedReport {
  std::array<uint8_t, report::kReportIdBytes> report_id{};
  int32_t purpose = 0;
  std::string metric_id;
  uint64_t period = 0;
  int32_t mechanism = 0;
  double epsilon = 0;
  std::string policy_version;
  int64_t created_at = 0;
  std::vector<uint8_t> plaintext;
  std::vector<uint8_t> sealed;
};

Result<std::vector<QueuedReport>> ReadOutbox(Db& db, size_t limit);  // oldest first; limit 0 = all
Status AckReport(Db& db, const uint8_t* report_id, int64_t now_ms);   // NOT_FOUND for unknown ids
Result<uint64_t> OutboxSize(Db& db);

struct BudgetState {
  double cap = 0;          // the brand's cap per window
  int64_t window_ms = 0;
  double spent = 0;        // in the brand's window
  double spent_today = 0;  // in the last 24 h
  uint64_t refused = 0;    // reports refused for budget, ever
};
Result<BudgetState> ReadBudget(Db& db, const Catalog* catalog, int64_t now_ms);

}  // namespace tacit

#endif  // TACIT_REPORT_REPORTER_H_

// The reporting path's tables, as typed functions: the decisions per (metric, period), the ε ledger, the
// outbox of sealed reports and the sent log. SQL for reporting lives here and nowhere else.
#ifndef TACIT_STORE_REPORT_STORE_H_
#define TACIT_STORE_REPORT_STORE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/profile_store.h"
#include "store/sqlite.h"

namespace tacit {

constexpr size_t kStoredReportIdBytes = 16;

struct QueuedReport {
  std::array<uint8_t, kStoredReportIdBytes> report_id{};
  int32_t purpose = 0;
  std::string metric_id;
  uint64_t period = 0;
  int32_t mechanism = 0;
  double epsilon = 0;
  std::string policy_version;
  int64_t created_at = 0;
  std::vector<uint8_t> plaintext;  // local DP: the report before sealing; DAP: what it carries, in words
  std::vector<uint8_t> sealed;     // the bytes the host sends
  int32_t transport = 1;           // MetricTransport: 1 local-DP report, 2 DAP
  std::string upload_url;          // DAP: the Leader's upload URL; empty for local-DP reports
};

struct SentReport {
  std::string metric_id;
  uint64_t period = 0;
  int32_t purpose = 0;
  double epsilon = 0;
  std::string policy_version;
  int64_t created_at = 0;
  int64_t sent_at = 0;
  uint64_t sealed_bytes = 0;
  std::vector<uint8_t> plaintext;
  int32_t transport = 1;
  std::string upload_url;
};

// Ledger outcomes (pinned: stored).
enum class LedgerOutcome : int { kSpent = 1, kRefusedBudget = 2 };

// The reporting tables of one profile, from ProfileStore::Reports(); valid while the store is open.
// Not thread-safe (the session's lock serialises every call).
class ReportStore {
 public:
  // True when (metric, period) was already decided (reported or refused); each is decided once.
  Result<bool> PeriodDecided(std::string_view metric_id, uint64_t period);
  // Records a decision: the ledger entry and the (metric, period) mark, in the caller's transaction.
  Status RecordDecision(int64_t now_ms, std::string_view metric_id, uint64_t period, double epsilon,
                        LedgerOutcome outcome);
  // ε spent (outcome kSpent) in ledger entries with ts > since_ms.
  Result<double> EpsilonSpentSince(int64_t since_ms);
  Result<uint64_t> ReportsRefusedForBudget();

  Status QueueReport(const QueuedReport& r);
  Result<std::vector<QueuedReport>> ReadOutbox(size_t limit);  // oldest first; limit 0 = all
  Status AckReport(const uint8_t* report_id, int64_t now_ms);   // NOT_FOUND for unknown ids
  Result<uint64_t> OutboxSize();
  Result<std::vector<SentReport>> ReadSentLog();  // oldest first

  // One immediate transaction over these tables: its writes land together or not at all.
  Transaction NewTransaction() { return Transaction(db_); }

 private:
  friend class ProfileStore;
  explicit ReportStore(Db& db) : db_(db) {}
  Db& db_;
};

}  // namespace tacit

#endif  // TACIT_STORE_REPORT_STORE_H_

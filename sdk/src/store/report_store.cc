#include "store/report_store.h"

#include <cstring>

namespace tacit {

ReportStore ProfileStore::Reports() { return ReportStore(db_); }

Result<bool> ReportStore::PeriodDecided(std::string_view metric_id, uint64_t period) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT 1 FROM reported WHERE metric_id = ? AND period = ?"));
  q.Bind(1, metric_id);
  q.Bind(2, int64_t(period));
  return q.Step();
}

Status ReportStore::RecordDecision(int64_t now_ms, std::string_view metric_id, uint64_t period, double epsilon,
                      LedgerOutcome outcome) {
  TACIT_ASSIGN_OR_RETURN(Stmt ledger, db_.Prepare("INSERT INTO ledger(ts, metric_id, period, epsilon, outcome) VALUES(?, ?, ?, ?, ?)"));
  ledger.Bind(1, now_ms);
  ledger.Bind(2, metric_id);
  ledger.Bind(3, int64_t(period));
  ledger.Bind(4, epsilon);
  ledger.Bind(5, int64_t(outcome));
  TACIT_RETURN_IF_ERROR(ledger.Run());
  TACIT_ASSIGN_OR_RETURN(Stmt mark, db_.Prepare("INSERT OR IGNORE INTO reported(metric_id, period) VALUES(?, ?)"));
  mark.Bind(1, metric_id);
  mark.Bind(2, int64_t(period));
  return mark.Run();
}

Result<double> ReportStore::EpsilonSpentSince(int64_t since_ms) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT COALESCE(SUM(epsilon), 0) FROM ledger WHERE outcome = 1 AND ts > ?"));
  q.Bind(1, since_ms);
  TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Real(0) : 0.0;
}

Result<uint64_t> ReportStore::ReportsRefusedForBudget() {
  TACIT_ASSIGN_OR_RETURN(int64_t n, db_.QueryInt("SELECT count(*) FROM ledger WHERE outcome = 2"));
  return uint64_t(n);
}

Status ReportStore::QueueReport(const QueuedReport& r) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare(
      "INSERT INTO outbox(report_id, purpose, metric_id, period, mechanism, epsilon, policy_version, created_at, "
      "plaintext, sealed, transport, upload_url) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  q.BindBlob(1, r.report_id.data(), r.report_id.size());
  q.Bind(2, int64_t(r.purpose));
  q.Bind(3, std::string_view(r.metric_id));
  q.Bind(4, int64_t(r.period));
  q.Bind(5, int64_t(r.mechanism));
  q.Bind(6, r.epsilon);
  q.Bind(7, std::string_view(r.policy_version));
  q.Bind(8, r.created_at);
  q.BindBlob(9, r.plaintext.data(), r.plaintext.size());
  q.BindBlob(10, r.sealed.data(), r.sealed.size());
  q.Bind(11, int64_t(r.transport));
  q.Bind(12, std::string_view(r.upload_url));
  return q.Run();
}

Result<std::vector<QueuedReport>> ReportStore::ReadOutbox(size_t limit) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT report_id, purpose, metric_id, period, mechanism, epsilon, policy_version, "
                                            "created_at, plaintext, sealed, transport, upload_url FROM outbox ORDER BY id LIMIT ?"));
  q.Bind(1, limit == 0 ? int64_t(-1) : int64_t(limit));
  std::vector<QueuedReport> out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    QueuedReport r;
    std::string_view id = q.Blob(0);
    if (id.size() != r.report_id.size()) return Status::Corrupt("outbox holds a malformed report id");
    std::memcpy(r.report_id.data(), id.data(), id.size());
    r.purpose = int32_t(q.Int(1));
    r.metric_id = std::string(q.Text(2));
    r.period = uint64_t(q.Int(3));
    r.mechanism = int32_t(q.Int(4));
    r.epsilon = q.Real(5);
    r.policy_version = std::string(q.Text(6));
    r.created_at = q.Int(7);
    std::string_view plain = q.Blob(8), sealed = q.Blob(9);
    r.plaintext.assign(plain.begin(), plain.end());
    r.sealed.assign(sealed.begin(), sealed.end());
    r.transport = int32_t(q.Int(10));
    r.upload_url = std::string(q.Text(11));
    out.push_back(std::move(r));
  }
  return out;
}

Status ReportStore::AckReport(const uint8_t* report_id, int64_t now_ms) {
  Transaction tx(db_);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(Stmt move, db_.Prepare(
      "INSERT INTO sent_log(report_id, purpose, metric_id, period, mechanism, epsilon, policy_version, created_at, "
      "sent_at, sealed_bytes, plaintext, transport, upload_url) SELECT report_id, purpose, metric_id, period, "
      "mechanism, epsilon, policy_version, created_at, ?, length(sealed), plaintext, transport, upload_url FROM outbox "
      "WHERE report_id = ?"));
  move.Bind(1, now_ms);
  move.BindBlob(2, report_id, kStoredReportIdBytes);
  TACIT_RETURN_IF_ERROR(move.Run());
  if (sqlite3_changes(db_.get()) == 0) return Status::NotFound("no queued report has this id");
  TACIT_ASSIGN_OR_RETURN(Stmt del, db_.Prepare("DELETE FROM outbox WHERE report_id = ?"));
  del.BindBlob(1, report_id, kStoredReportIdBytes);
  TACIT_RETURN_IF_ERROR(del.Run());
  return tx.Commit();
}

Result<uint64_t> ReportStore::OutboxSize() {
  TACIT_ASSIGN_OR_RETURN(int64_t n, db_.QueryInt("SELECT count(*) FROM outbox"));
  return uint64_t(n);
}

Result<std::vector<SentReport>> ReportStore::ReadSentLog() {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT metric_id, period, purpose, epsilon, policy_version, created_at, "
                                            "sent_at, sealed_bytes, plaintext, transport, upload_url FROM sent_log ORDER BY id"));
  std::vector<SentReport> out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    SentReport r;
    r.metric_id = std::string(q.Text(0));
    r.period = uint64_t(q.Int(1));
    r.purpose = int32_t(q.Int(2));
    r.epsilon = q.Real(3);
    r.policy_version = std::string(q.Text(4));
    r.created_at = q.Int(5);
    r.sent_at = q.Int(6);
    r.sealed_bytes = uint64_t(q.Int(7));
    std::string_view plain = q.Blob(8);
    r.plaintext.assign(plain.begin(), plain.end());
    r.transport = int32_t(q.Int(9));
    r.upload_url = std::string(q.Text(10));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace tacit

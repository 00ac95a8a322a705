#include "report/reporter.h"

#include <algorithm>
#include <cstring>

#include "consent/consent.h"
#include "core/clock.h"
#include "report/metrics.h"

namespace tacit {
namespace {

// Memo keys change with anything that changes the meaning of a randomised answer.
std::string MemoParams(const ldp::Params& p) {
  return std::to_string(int(p.mechanism)) + ":" + std::to_string(p.d) + ":" + std::to_string(p.q.a) + ":" +
         std::to_string(p.g);
}

std::string EncodeRandomised(const ldp::Randomised& r) {
  std::string out(4 + r.seed.size(), '\0');
  for (int i = 0; i < 4; ++i) out[size_t(i)] = char(r.value >> (8 * i));
  std::memcpy(&out[4], r.seed.data(), r.seed.size());
  out.append(r.bits.begin(), r.bits.end());
  return out;
}

bool DecodeRandomised(std::string_view s, const ldp::Params& p, ldp::Randomised* r) {
  if (s.size() < 4 + ldp::kOlhSeedBytes) return false;
  r->value = 0;
  for (int i = 0; i < 4; ++i) r->value |= uint32_t(uint8_t(s[size_t(i)])) << (8 * i);
  std::memcpy(r->seed.data(), s.data() + 4, ldp::kOlhSeedBytes);
  r->bits.assign(s.begin() + 4 + ldp::kOlhSeedBytes, s.end());
  return p.mechanism != ldp::Mechanism::kOUE || r->bits.size() == p.d;
}

Result<double> SpentSince(Db& db, int64_t since_ms) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT COALESCE(SUM(epsilon), 0) FROM ledger WHERE outcome = 1 AND ts > ?"));
  q.Bind(1, since_ms);
  TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Real(0) : 0.0;
}

}  // namespace

Result<PrepareOutcome> PrepareReports(ProfileStore& store, const RankIndex& index, int64_t now, int64_t half_life_ms,
                                      const Evidence& evidence, ldp::Rng& rng) {
  PrepareOutcome out;
  const Catalog& c = *index.catalog;
  Db& db = store.db();
  if (c.metrics.empty()) return out;
  if (!c.has_report_key || c.epsilon_cap <= 0) {
    out.blocked.push_back("the catalog does not enable reporting");
    return out;
  }
  TACIT_ASSIGN_OR_RETURN(ConsentRecord consent, GetConsent(store, TACIT_PURPOSE_MEASUREMENT));
  if (consent.state != TACIT_CONSENT_GIVEN) {
    out.blocked.push_back(std::string("measurement consent is ") + ConsentStateName(consent.state));
    return out;
  }

  int64_t horizon = SaturatingSub(now, SaturatingMul(half_life_ms, 12));
  for (const MetricDef& m : c.metrics) horizon = std::min(horizon, SaturatingSub(now, SaturatingMul(m.period_ms, 2)));
  TACIT_ASSIGN_OR_RETURN(std::vector<StoredEvent> events, store.ReadEvents(horizon, 0));

  Transaction tx(db);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(Stmt done_q, db.Prepare("SELECT 1 FROM reported WHERE metric_id = ? AND period = ?"));
  TACIT_ASSIGN_OR_RETURN(Stmt mark, db.Prepare("INSERT OR IGNORE INTO reported(metric_id, period) VALUES(?, ?)"));
  TACIT_ASSIGN_OR_RETURN(Stmt memo_get, db.Prepare("SELECT randomised FROM prr_memo WHERE metric_id = ? AND params = ? AND value = ?"));
  TACIT_ASSIGN_OR_RETURN(Stmt memo_put, db.Prepare("INSERT INTO prr_memo(metric_id, params, value, randomised) VALUES(?, ?, ?, ?)"));
  TACIT_ASSIGN_OR_RETURN(Stmt ledger, db.Prepare("INSERT INTO ledger(ts, metric_id, period, epsilon, outcome) VALUES(?, ?, ?, ?, ?)"));
  TACIT_ASSIGN_OR_RETURN(Stmt queue, db.Prepare(
      "INSERT INTO outbox(report_id, purpose, metric_id, period, mechanism, epsilon, policy_version, created_at, "
      "plaintext, sealed) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));

  for (const MetricDef& m : c.metrics) {
    // The last completed period, only if consent was already given when it ended.
    const int64_t current = now / m.period_ms;
    if (current < 1) continue;
    const uint64_t period = uint64_t(current - 1);
    const int64_t start = (current - 1) * m.period_ms, end = current * m.period_ms;
    if (consent.ts > end) continue;
    done_q.Bind(1, std::string_view(m.id));
    done_q.Bind(2, int64_t(period));
    TACIT_ASSIGN_OR_RETURN(bool done, done_q.Step());
    done_q.Reset();
    if (done) continue;

    const uint32_t d = MetricDomain(m);
    const uint32_t value = ComputeMetricValue(index, m, events, start, end, half_life_ms, evidence);
    Result<ldp::Params> made_params = ldp::MakeParams(ldp::ChooseMechanism(d, m.epsilon), d, m.epsilon);
    if (!made_params.ok()) {  // the loader refuses such a metric; one bad metric never stops the others
      out.blocked.push_back("metric " + m.id + ": " + made_params.status().message());
      continue;
    }
    const ldp::Params params = made_params.value();
    const std::string memo_key = MemoParams(params);

    // Permanent randomised response: an unchanged value is always reported with the same answer.
    ldp::Randomised randomised;
    double charged = 0;
    memo_get.Bind(1, std::string_view(m.id));
    memo_get.Bind(2, std::string_view(memo_key));
    memo_get.Bind(3, int64_t(value));
    TACIT_ASSIGN_OR_RETURN(bool hit, memo_get.Step());
    const bool memo_ok = hit && DecodeRandomised(memo_get.Blob(0), params, &randomised);
    memo_get.Reset();
    if (!memo_ok) {
      TACIT_ASSIGN_OR_RETURN(BudgetState budget, ReadBudget(db, &c, now));
      const bool over = budget.spent + params.q.epsilon > c.epsilon_cap + 1e-12 ||
                        budget.spent_today + params.q.epsilon > kDailyEpsilonBound + 1e-12;
      ledger.Bind(1, now);
      ledger.Bind(2, std::string_view(m.id));
      ledger.Bind(3, int64_t(period));
      ledger.Bind(4, params.q.epsilon);
      ledger.Bind(5, int64_t(over ? 2 : 1));
      TACIT_RETURN_IF_ERROR(ledger.Run());
      ledger.Reset();
      if (over) {
        out.refused_budget++;
        mark.Bind(1, std::string_view(m.id));
        mark.Bind(2, int64_t(period));
        TACIT_RETURN_IF_ERROR(mark.Run());
        mark.Reset();
        continue;
      }
      randomised = ldp::Randomise(params, value, rng);
      const std::string encoded = EncodeRandomised(randomised);
      memo_put.Bind(1, std::string_view(m.id));
      memo_put.Bind(2, std::string_view(memo_key));
      memo_put.Bind(3, int64_t(value));
      memo_put.BindBlob(4, encoded.data(), encoded.size());
      TACIT_RETURN_IF_ERROR(memo_put.Run());
      memo_put.Reset();
      charged = params.q.epsilon;
    }

    TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> plain, report::BuildReport(m.id, period, params, randomised, rng));
    TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed,
                           report::SealReport(plain, c.report_public_key.data(), c.report_public_key.size()));
    TACIT_ASSIGN_OR_RETURN(report::ParsedReport parsed, report::VerifyReport(plain.data(), plain.size()));
    queue.BindBlob(1, parsed.report_id.data(), parsed.report_id.size());
    queue.Bind(2, int64_t(TACIT_PURPOSE_MEASUREMENT));
    queue.Bind(3, std::string_view(m.id));
    queue.Bind(4, int64_t(period));
    queue.Bind(5, int64_t(params.mechanism));
    queue.Bind(6, charged);
    queue.Bind(7, std::string_view(consent.policy_version));
    queue.Bind(8, now);
    queue.BindBlob(9, plain.data(), plain.size());
    queue.BindBlob(10, sealed.data(), sealed.size());
    TACIT_RETURN_IF_ERROR(queue.Run());
    queue.Reset();
    mark.Bind(1, std::string_view(m.id));
    mark.Bind(2, int64_t(period));
    TACIT_RETURN_IF_ERROR(mark.Run());
    mark.Reset();
    out.made++;
  }
  TACIT_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<QueuedReport>> ReadOutbox(Db& db, size_t limit) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT report_id, purpose, metric_id, period, mechanism, epsilon, policy_version, "
                                            "created_at, plaintext, sealed FROM outbox ORDER BY id LIMIT ?"));
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
    out.push_back(std::move(r));
  }
  return out;
}

Status AckReport(Db& db, const uint8_t* report_id, int64_t now_ms) {
  Transaction tx(db);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(Stmt move, db.Prepare(
      "INSERT INTO sent_log(report_id, purpose, metric_id, period, mechanism, epsilon, policy_version, created_at, "
      "sent_at, sealed_bytes, plaintext) SELECT report_id, purpose, metric_id, period, mechanism, epsilon, "
      "policy_version, created_at, ?, length(sealed), plaintext FROM outbox WHERE report_id = ?"));
  move.Bind(1, now_ms);
  move.BindBlob(2, report_id, report::kReportIdBytes);
  TACIT_RETURN_IF_ERROR(move.Run());
  if (sqlite3_changes(db.get()) == 0) return Status::NotFound("no queued report has this id");
  TACIT_ASSIGN_OR_RETURN(Stmt del, db.Prepare("DELETE FROM outbox WHERE report_id = ?"));
  del.BindBlob(1, report_id, report::kReportIdBytes);
  TACIT_RETURN_IF_ERROR(del.Run());
  return tx.Commit();
}

Result<uint64_t> OutboxSize(Db& db) {
  TACIT_ASSIGN_OR_RETURN(int64_t n, db.QueryInt("SELECT count(*) FROM outbox"));
  return uint64_t(n);
}

Result<BudgetState> ReadBudget(Db& db, const Catalog* catalog, int64_t now_ms) {
  BudgetState b;
  if (catalog) {
    b.cap = catalog->epsilon_cap;
    b.window_ms = catalog->epsilon_window_ms;
  }
  TACIT_ASSIGN_OR_RETURN(b.spent, SpentSince(db, SaturatingSub(now_ms, b.window_ms)));
  TACIT_ASSIGN_OR_RETURN(b.spent_today, SpentSince(db, SaturatingSub(now_ms, kMsPerDay)));
  TACIT_ASSIGN_OR_RETURN(int64_t refused, db.QueryInt("SELECT count(*) FROM ledger WHERE outcome = 2"));
  b.refused = uint64_t(refused);
  return b;
}

}  // namespace tacit

#include "consent/consent.h"

namespace tacit {

const char* PurposeName(int32_t purpose) {
  switch (purpose) {
    case TACIT_PURPOSE_PERSONALIZATION: return "personalization";
    case TACIT_PURPOSE_MEASUREMENT: return "measurement";
    default: return "unknown";
  }
}

const char* ConsentStateName(int32_t state) {
  switch (state) {
    case TACIT_CONSENT_GIVEN: return "given";
    case TACIT_CONSENT_REVOKED: return "revoked";
    default: return "unknown";
  }
}

Result<ConsentRecord> GetConsent(Db& db, int32_t purpose) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT state, policy_version, ts, source FROM consent WHERE purpose = ?"));
  q.Bind(1, int64_t(purpose));
  ConsentRecord r;
  r.purpose = purpose;
  TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
  if (row) {
    r.state = int32_t(q.Int(0));
    r.policy_version = std::string(q.Text(1));
    r.ts = q.Int(2);
    r.source = std::string(q.Text(3));
  }
  return r;
}

Status SetConsents(Db& db, const std::vector<ConsentChange>& changes, const std::string& policy_version,
                   int64_t now_ms, const char* source) {
  Transaction tx(db);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(Stmt set, db.Prepare("INSERT OR REPLACE INTO consent(purpose, state, policy_version, ts, source) "
                                               "VALUES(?, ?, ?, ?, ?)"));
  TACIT_ASSIGN_OR_RETURN(Stmt log, db.Prepare("INSERT INTO consent_history(purpose, state, policy_version, ts, source) "
                                               "VALUES(?, ?, ?, ?, ?)"));
  TACIT_ASSIGN_OR_RETURN(Stmt purge, db.Prepare("DELETE FROM outbox WHERE purpose = ?"));
  for (const ConsentChange& c : changes) {
    for (Stmt* s : {&set, &log}) {
      s->Bind(1, int64_t(c.purpose));
      s->Bind(2, int64_t(c.state));
      s->Bind(3, std::string_view(policy_version));
      s->Bind(4, now_ms);
      s->Bind(5, std::string_view(source));
      TACIT_RETURN_IF_ERROR(s->Run());
      s->Reset();
    }
    if (c.state != TACIT_CONSENT_GIVEN) {
      purge.Bind(1, int64_t(c.purpose));
      TACIT_RETURN_IF_ERROR(purge.Run());
      purge.Reset();
    }
  }
  return tx.Commit();
}

Result<std::vector<ConsentRecord>> ConsentHistory(Db& db) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT purpose, state, policy_version, ts, source FROM consent_history ORDER BY id"));
  std::vector<ConsentRecord> out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back({int32_t(q.Int(0)), int32_t(q.Int(1)), std::string(q.Text(2)), q.Int(3), std::string(q.Text(4))});
  }
  return out;
}

}  // namespace tacit

#include "store/schema.h"

#include <string>

namespace tacit {
namespace {

// migrations[i] takes the schema from version i to i + 1. Append only; never edit a shipped step.
const char* const kMigrations[] = {
    // 1: the foundation.
    R"sql(
CREATE TABLE settings(
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE interests(
  topic_id TEXT PRIMARY KEY,
  weight REAL NOT NULL,
  declared_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  type INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  topics TEXT NOT NULL,   -- topic ids joined by U+001F
  ts INTEGER NOT NULL,
  value REAL NOT NULL
) STRICT;
CREATE INDEX events_by_ts ON events(ts);
)sql",
    // 2: the brand's catalog (the signed envelope as received) and "not interested" feedback.
    R"sql(
CREATE TABLE catalog(
  slot INTEGER PRIMARY KEY CHECK (slot = 1),
  envelope BLOB NOT NULL,
  version INTEGER NOT NULL,
  loaded_at INTEGER NOT NULL
) STRICT;
CREATE TABLE feedback(
  kind INTEGER NOT NULL,   -- 1 not interested in an item, 2 in a topic
  target TEXT NOT NULL,
  ts INTEGER NOT NULL,
  PRIMARY KEY (kind, target)
) STRICT, WITHOUT ROWID;
)sql",
    // 3: consent, the report outbox and sent log, the epsilon ledger and memoised randomised answers.
    R"sql(
CREATE TABLE consent(
  purpose INTEGER PRIMARY KEY,
  state INTEGER NOT NULL,
  policy_version TEXT NOT NULL,
  ts INTEGER NOT NULL,
  source TEXT NOT NULL
) STRICT;
CREATE TABLE consent_history(
  id INTEGER PRIMARY KEY,
  purpose INTEGER NOT NULL,
  state INTEGER NOT NULL,
  policy_version TEXT NOT NULL,
  ts INTEGER NOT NULL,
  source TEXT NOT NULL
) STRICT;
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY,
  report_id BLOB NOT NULL UNIQUE,
  purpose INTEGER NOT NULL,
  metric_id TEXT NOT NULL,
  period INTEGER NOT NULL,
  mechanism INTEGER NOT NULL,
  epsilon REAL NOT NULL,
  policy_version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  plaintext BLOB NOT NULL,
  sealed BLOB NOT NULL
) STRICT;
CREATE TABLE sent_log(
  id INTEGER PRIMARY KEY,
  report_id BLOB NOT NULL,
  purpose INTEGER NOT NULL,
  metric_id TEXT NOT NULL,
  period INTEGER NOT NULL,
  mechanism INTEGER NOT NULL,
  epsilon REAL NOT NULL,
  policy_version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER NOT NULL,
  sealed_bytes INTEGER NOT NULL,
  plaintext BLOB NOT NULL
) STRICT;
CREATE TABLE ledger(
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  metric_id TEXT NOT NULL,
  period INTEGER NOT NULL,
  epsilon REAL NOT NULL,
  outcome INTEGER NOT NULL   -- 1 spent, 2 refused: over budget
) STRICT;
CREATE INDEX ledger_by_ts ON ledger(ts);
CREATE TABLE prr_memo(
  metric_id TEXT NOT NULL,
  params TEXT NOT NULL,
  value INTEGER NOT NULL,
  randomised BLOB NOT NULL,
  PRIMARY KEY (metric_id, params, value)
) STRICT, WITHOUT ROWID;
CREATE TABLE reported(
  metric_id TEXT NOT NULL,
  period INTEGER NOT NULL,
  PRIMARY KEY (metric_id, period)
) STRICT, WITHOUT ROWID;
)sql",
    // 4: measurement plans. Answers are randomised afresh for every report, so no memoised answer is kept:
    // the old memo (one replayed answer per value, a pseudonym across reports) is deleted.
    R"sql(
DROP TABLE prr_memo;
)sql",
    // 5: what this device has seen marked sensitive (ids only ever added) and the rollback floors of signed
    // artefacts, seeded from the stored catalog.
    R"sql(
CREATE TABLE sensitive_seen(
  kind INTEGER NOT NULL,   -- 1 topic, 2 item
  id TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;
CREATE TABLE version_floor(
  artefact TEXT PRIMARY KEY,   -- "catalog", "plan"
  version INTEGER NOT NULL,
  raised_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO version_floor(artefact, version, raised_at) SELECT 'catalog', version, loaded_at FROM catalog;
)sql",
    // 6: DAP reports beside local-DP ones: how each report travels and, for DAP, the Leader's upload URL.
    R"sql(
ALTER TABLE outbox ADD COLUMN transport INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN upload_url TEXT NOT NULL DEFAULT '';
ALTER TABLE sent_log ADD COLUMN transport INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sent_log ADD COLUMN upload_url TEXT NOT NULL DEFAULT '';
)sql",
};

constexpr int kVersions = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

int CurrentSchemaVersion() { return kVersions; }

Status Migrate(Db& db, int target) {
  if (target < 0 || target > kVersions) return Status::Internal("migration target out of range");
  Transaction tx(db);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  if (version > kVersions)
    return Status(TACIT_ERR_SCHEMA_TOO_NEW, "profile schema " + std::to_string(version) +
                                                " is newer than this tacit supports (" +
                                                std::to_string(kVersions) + ")");
  if (version >= target) return Status::OK();  // rolls back the empty transaction
  for (int64_t v = version; v < target; ++v) {
    Status s = db.Exec(kMigrations[v]);
    if (!s.ok()) return Status(s.code(), "migration to schema " + std::to_string(v + 1) + ": " + s.message());
  }
  TACIT_RETURN_IF_ERROR(db.Exec(("PRAGMA user_version = " + std::to_string(target)).c_str()));
  return tx.Commit();
}

}  // namespace tacit

#include "store/profile_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/schema.h"

namespace tacit {
namespace {

Status Errno(const char* what, const std::string& path) {
  return Status::IO(std::string(what) + " " + path + ": " + std::strerror(errno));
}

// Size of a file, -1 if it does not exist.
int64_t FileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int64_t>(st.st_size);
}

bool IsZero(const std::array<uint8_t, 32>& a) { return sodium_is_zero(a.data(), a.size()) == 1; }

// Overwrites a file with zeros, syncs it and unlinks it. Missing files are fine.
Status ShredFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return Status::OK();
    return Errno("open for erase", path);
  }
  struct stat st;
  if (::fstat(fd, &st) == 0) {
    static const uint8_t zeros[4096] = {0};
    for (off_t off = 0; off < st.st_size;) {
      size_t n = static_cast<size_t>(std::min<off_t>(st.st_size - off, sizeof zeros));
      ssize_t w = ::pwrite(fd, zeros, n, off);
      if (w <= 0) break;
      off += w;
    }
    ::fsync(fd);
  }
  ::close(fd);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Errno("unlink", path);
  return Status::OK();
}

}  // namespace

constexpr char ProfileStore::kDbFile[];
constexpr char ProfileStore::kMetaFile[];
constexpr char ProfileStore::kLockFile[];

Result<std::unique_ptr<ProfileStore>> ProfileStore::Open(StoreConfig config) {
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  if (config.dir.empty()) return Status::Invalid("profile path is empty");
  std::unique_ptr<ProfileStore> store(new ProfileStore());
  store->dir_ = config.dir;
  while (store->dir_.size() > 1 && store->dir_.back() == '/') store->dir_.pop_back();
  store->encrypted_ = !config.unencrypted;

  if (::mkdir(store->dir_.c_str(), 0700) != 0 && errno != EEXIST) return Errno("create directory", store->dir_);
  std::string lock_path = store->PathOf(kLockFile);
  store->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (store->lock_fd_ < 0) return Errno("open lock", lock_path);
  if (::flock(store->lock_fd_, LOCK_EX | LOCK_NB) != 0)
    return Status(TACIT_ERR_BUSY, "the profile at " + store->dir_ + " is open in another handle or process");

  TACIT_RETURN_IF_ERROR(store->OpenDatabase(config));
  return store;
}

// SQLCipher's raw-key form x'<hex>' (without the NUL; spec.size() - 1 bytes): it skips SQLCipher's own
// PBKDF2, since the key is already uniformly random. Held in locked memory and wiped like the key.
namespace {
Result<SecretBytes> RawKeySpec(const SecretBytes& key) {
  TACIT_ASSIGN_OR_RETURN(SecretBytes spec, SecretBytes::Allocate(3 + 2 * key.size() + 1));
  char* s = reinterpret_cast<char*>(spec.data());
  s[0] = 'x';
  s[1] = '\'';
  sodium_bin2hex(s + 2, 2 * key.size() + 1, key.data(), key.size());
  s[2 + 2 * key.size()] = '\'';
  return spec;
}
}  // namespace

Status ProfileStore::ApplyKey(const SecretBytes& key) {
  TACIT_ASSIGN_OR_RETURN(SecretBytes spec, RawKeySpec(key));
  int rc = sqlite3_key_v2(db_.get(), "main", spec.data(), static_cast<int>(spec.size() - 1));
  return SqliteStatus(rc, db_.get(), "apply key");
}

Status ProfileStore::OpenDatabase(StoreConfig& config) {
  const std::string db_path = PathOf(kDbFile);
  const std::string meta_path = PathOf(kMetaFile);
  const int64_t db_size = FileSize(db_path);
  const bool db_exists = db_size > 0;  // SQLite treats an empty file as a new database
  SecretBytes key;

  if (encrypted_) {
    Result<KeyMeta> meta = ReadKeyMeta(meta_path);
    if (!meta.ok() && meta.status().code() != TACIT_ERR_NOT_FOUND) return meta.status();
    const bool passphrase = !config.passphrase.empty();
    KeyMeta m;
    if (meta.ok()) {
      m = meta.value();
    } else if (db_exists) {
      if (passphrase) return Status::Corrupt("key metadata (the passphrase salt) is missing from " + dir_);
    } else {
      m.kind = passphrase ? KeyKind::kPassphrase : KeyKind::kRaw;
      if (passphrase) {
        m.opslimit = config.opslimit;
        m.memlimit = config.memlimit;
        randombytes_buf(m.salt.data(), m.salt.size());
      }
    }
    if (meta.ok() && db_exists && (m.kind == KeyKind::kPassphrase) != passphrase)
      return Status(TACIT_ERR_KEY, passphrase ? "this profile is opened with a raw key, not a passphrase"
                                              : "this profile is opened with a passphrase, not a raw key");
    if (passphrase) {
      TACIT_ASSIGN_OR_RETURN(key, DeriveKey(config.passphrase, m));
    } else {
      TACIT_ASSIGN_OR_RETURN(key, SecretBytes::Copy(config.key.data(), config.key.size()));
    }
    const KeyCheck check = ComputeKeyCheck(key);
    const bool matches = ConstantTimeEqual(check.data(), m.check.data(), check.size());
    const bool matches_pending =
        !IsZero(m.pending_check) && ConstantTimeEqual(check.data(), m.pending_check.data(), check.size());
    if (meta.ok() && db_exists && !matches && !matches_pending)
      return Status(TACIT_ERR_KEY, "the key does not open this profile");
    if (!meta.ok() || !matches || matches_pending) {
      // New profile, a finished or interrupted rekey, or metadata lost after creation: (re)write it once
      // the database has been proven to open with this key (below).
      m.check = check;
      m.pending_check.fill(0);
    }
    // Files that cannot be SQLCipher pages are damaged; say so before SQLite reads them.
    if (db_exists && db_size % 4096 != 0) return Status::Corrupt("profile database has a truncated page");
    TACIT_RETURN_IF_ERROR(db_.Open(db_path, true));
    TACIT_RETURN_IF_ERROR(ApplyKey(key));
    Result<int64_t> probe = db_.QueryInt("SELECT count(*) FROM sqlite_schema");
    if (!probe.ok()) {
      if (probe.status().code() == TACIT_ERR_CORRUPT && !meta.ok())
        return Status::Corrupt("key metadata is missing and the key does not open the database");
      if (probe.status().code() == TACIT_ERR_CORRUPT)
        return Status::Corrupt("profile database failed authentication: " + probe.status().message());
      return probe.status();
    }
    if (!meta.ok() || !matches || matches_pending) {
      if (db_exists) {
        // Only rewrite the metadata of an existing database once the schema version is known to be ours.
        TACIT_ASSIGN_OR_RETURN(int64_t v, db_.QueryInt("PRAGMA user_version"));
        if (v > CurrentSchemaVersion())
          return Status(TACIT_ERR_SCHEMA_TOO_NEW, "profile schema is newer than this tacit supports");
      }
      TACIT_RETURN_IF_ERROR(WriteKeyMeta(meta_path, m));
    }
  } else {
    TACIT_RETURN_IF_ERROR(db_.Open(db_path, true));
    TACIT_RETURN_IF_ERROR(db_.QueryInt("SELECT count(*) FROM sqlite_schema").status());
  }

  TACIT_ASSIGN_OR_RETURN(int64_t version, db_.QueryInt("PRAGMA user_version"));
  if (version > CurrentSchemaVersion())
    return Status(TACIT_ERR_SCHEMA_TOO_NEW, "profile schema " + std::to_string(version) +
                                                " is newer than this tacit supports (" +
                                                std::to_string(CurrentSchemaVersion()) + "); file left untouched");
  if (db_exists) {
    // Every page's HMAC (SQLCipher) or the b-tree structure (plain): bit flips anywhere are found at open.
    TACIT_ASSIGN_OR_RETURN(Stmt check, db_.Prepare(encrypted_ ? "PRAGMA cipher_integrity_check"
                                                              : "PRAGMA quick_check"));
    Result<bool> row = check.Step();
    if (!row.ok()) return Status::Corrupt("integrity check failed: " + row.status().message());
    if (row.value() && (encrypted_ || check.Text(0) != "ok"))
      return Status::Corrupt("profile database is damaged: " + std::string(check.Text(0)));
  }

  TACIT_RETURN_IF_ERROR(db_.Exec("PRAGMA journal_mode = WAL"));
  TACIT_RETURN_IF_ERROR(db_.Exec(config.durability == TACIT_DURABILITY_POWER_LOSS ? "PRAGMA synchronous = FULL"
                                                                                   : "PRAGMA synchronous = NORMAL"));
  TACIT_RETURN_IF_ERROR(db_.Exec("PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF"));
  sqlite3_busy_timeout(db_.get(), 2000);
  TACIT_RETURN_IF_ERROR(Migrate(db_, config.target_schema ? config.target_schema : CurrentSchemaVersion()));

  TACIT_ASSIGN_OR_RETURN(insert_event_,
                         db_.Prepare("INSERT INTO events(type, item_id, topics, ts, value) VALUES(?, ?, ?, ?, ?)"));
  return Status::OK();
}

ProfileStore::~ProfileStore() { Shutdown(); }

void ProfileStore::Shutdown() {
  insert_event_ = Stmt();
  db_.Close();
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
}

Status ProfileStore::RecordEvents(const tacit_event_t* events, size_t count) {
  Transaction tx(db_);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  for (size_t i = 0; i < count; ++i) {
    const tacit_event_t& e = events[i];
    topics_buf_.clear();
    for (size_t t = 0; t < e.topic_count; ++t) {
      if (t) topics_buf_.push_back(kTopicSeparator);
      topics_buf_.append(e.topic_ids[t]);
    }
    insert_event_.Bind(1, static_cast<int64_t>(e.type));
    insert_event_.Bind(2, std::string_view(e.item_id));
    insert_event_.Bind(3, std::string_view(topics_buf_));
    insert_event_.Bind(4, static_cast<int64_t>(e.timestamp_ms));
    insert_event_.Bind(5, e.value);
    Status s = insert_event_.Run();
    sqlite3_reset(insert_event_.get());
    if (!s.ok()) return s;
  }
  return tx.Commit();
}

Result<uint64_t> ProfileStore::EventCount() {
  TACIT_ASSIGN_OR_RETURN(int64_t n, db_.QueryInt("SELECT count(*) FROM events"));
  return static_cast<uint64_t>(n);
}

Result<uint64_t> ProfileStore::PruneEvents(int64_t before_ms) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("DELETE FROM events WHERE ts < ?"));
  q.Bind(1, before_ms);
  TACIT_RETURN_IF_ERROR(q.Run());
  return static_cast<uint64_t>(sqlite3_changes(db_.get()));
}

Result<std::vector<StoredEvent>> ProfileStore::ReadEvents(int64_t since_ms, size_t limit) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT type, item_id, topics, ts, value FROM events WHERE ts >= ? "
                                             "ORDER BY ts, id LIMIT ?"));
  q.Bind(1, since_ms);
  q.Bind(2, limit == 0 ? int64_t(-1) : static_cast<int64_t>(limit));
  std::vector<StoredEvent> out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    StoredEvent e;
    e.type = static_cast<int32_t>(q.Int(0));
    e.item_id = std::string(q.Text(1));
    std::string_view topics = q.Text(2);
    while (!topics.empty()) {
      size_t sep = topics.find(kTopicSeparator);
      e.topics.emplace_back(topics.substr(0, sep));
      topics = sep == std::string_view::npos ? std::string_view() : topics.substr(sep + 1);
    }
    e.ts = q.Int(3);
    e.value = q.Real(4);
    out.push_back(std::move(e));
  }
  return out;
}

Status ProfileStore::DeclareInterest(std::string_view topic_id, double weight, int64_t now_ms) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("INSERT INTO interests(topic_id, weight, declared_at) VALUES(?, ?, ?) "
                                             "ON CONFLICT(topic_id) DO UPDATE SET weight = excluded.weight, "
                                             "declared_at = excluded.declared_at"));
  q.Bind(1, topic_id);
  q.Bind(2, weight);
  q.Bind(3, now_ms);
  return q.Run();
}

Status ProfileStore::UndeclareInterest(std::string_view topic_id) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("DELETE FROM interests WHERE topic_id = ?"));
  q.Bind(1, topic_id);
  TACIT_RETURN_IF_ERROR(q.Run());
  if (sqlite3_changes(db_.get()) == 0) return Status::NotFound("interest '" + std::string(topic_id) + "' is not declared");
  return Status::OK();
}

Result<std::vector<StoredInterest>> ProfileStore::ReadInterests() {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT topic_id, weight, declared_at FROM interests ORDER BY topic_id"));
  std::vector<StoredInterest> out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(StoredInterest{std::string(q.Text(0)), q.Real(1), q.Int(2)});
  }
  return out;
}

Status ProfileStore::SaveCatalog(const uint8_t* envelope, size_t len, uint64_t version, int64_t now_ms) {
  Transaction tx(db_);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("INSERT OR REPLACE INTO catalog(slot, envelope, version, loaded_at) "
                                             "VALUES(1, ?, ?, ?)"));
  q.BindBlob(1, envelope, len);
  q.Bind(2, static_cast<int64_t>(version));
  q.Bind(3, now_ms);
  TACIT_RETURN_IF_ERROR(q.Run());
  TACIT_RETURN_IF_ERROR(RaiseVersionFloor("catalog", version, now_ms));
  return tx.Commit();
}

Result<std::string> ProfileStore::LoadCatalog() {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT envelope FROM catalog WHERE slot = 1"));
  TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Status::NotFound("no catalog stored");
  return std::string(q.Blob(0));
}

Status ProfileStore::AddFeedback(FeedbackKind kind, std::string_view target, int64_t now_ms) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare(kind == kForgotInferred
                                                 ? "INSERT OR REPLACE INTO feedback(kind, target, ts) VALUES(?, ?, ?)"
                                                 : "INSERT OR IGNORE INTO feedback(kind, target, ts) VALUES(?, ?, ?)"));
  q.Bind(1, static_cast<int64_t>(kind));
  q.Bind(2, target);
  q.Bind(3, now_ms);
  return q.Run();
}

Result<std::vector<ProfileStore::Feedback>> ProfileStore::ReadFeedback() {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT kind, target, ts FROM feedback ORDER BY kind, target"));
  std::vector<Feedback> out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(Feedback{static_cast<int>(q.Int(0)), std::string(q.Text(1)), q.Int(2)});
  }
  return out;
}

Result<uint64_t> ProfileStore::DeleteTopicEvents(std::string_view topic_id, const std::vector<std::string>& item_ids) {
  Transaction tx(db_);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(Stmt by_topic, db_.Prepare("DELETE FROM events WHERE instr(char(31) || topics || char(31), "
                                                    "char(31) || ? || char(31)) > 0"));
  by_topic.Bind(1, topic_id);
  TACIT_RETURN_IF_ERROR(by_topic.Run());
  uint64_t n = uint64_t(sqlite3_changes(db_.get()));
  TACIT_ASSIGN_OR_RETURN(Stmt by_item, db_.Prepare("DELETE FROM events WHERE item_id = ?"));
  for (const std::string& id : item_ids) {
    by_item.Bind(1, std::string_view(id));
    TACIT_RETURN_IF_ERROR(by_item.Run());
    n += uint64_t(sqlite3_changes(db_.get()));
    by_item.Reset();
  }
  TACIT_RETURN_IF_ERROR(tx.Commit());
  return n;
}

namespace {

Result<std::vector<StoredConsent>> ReadConsentRows(Db& db, const char* sql) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db.Prepare(sql));
  std::vector<StoredConsent> out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back({int32_t(q.Int(0)), int32_t(q.Int(1)), std::string(q.Text(2)), q.Int(3), std::string(q.Text(4))});
  }
  return out;
}

}  // namespace

Result<std::vector<StoredConsent>> ProfileStore::ReadConsents() {
  return ReadConsentRows(db_, "SELECT purpose, state, policy_version, ts, source FROM consent ORDER BY purpose");
}

Result<std::vector<StoredConsent>> ProfileStore::ReadConsentHistory() {
  return ReadConsentRows(db_, "SELECT purpose, state, policy_version, ts, source FROM consent_history ORDER BY id");
}

Status ProfileStore::WriteConsents(const std::vector<StoredConsent>& records) {
  Transaction tx(db_);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(Stmt set, db_.Prepare("INSERT OR REPLACE INTO consent(purpose, state, policy_version, ts, source) "
                                               "VALUES(?, ?, ?, ?, ?)"));
  TACIT_ASSIGN_OR_RETURN(Stmt log, db_.Prepare("INSERT INTO consent_history(purpose, state, policy_version, ts, source) "
                                               "VALUES(?, ?, ?, ?, ?)"));
  TACIT_ASSIGN_OR_RETURN(Stmt purge, db_.Prepare("DELETE FROM outbox WHERE purpose = ?"));
  for (const StoredConsent& c : records) {
    for (Stmt* s : {&set, &log}) {
      s->Bind(1, int64_t(c.purpose));
      s->Bind(2, int64_t(c.state));
      s->Bind(3, std::string_view(c.policy_version));
      s->Bind(4, c.ts);
      s->Bind(5, std::string_view(c.source));
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

Result<ProfileStore::SensitiveIds> ProfileStore::ReadSensitiveIds() {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT kind, id FROM sensitive_seen ORDER BY kind, id"));
  SensitiveIds out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    (q.Int(0) == 1 ? out.topics : out.items).emplace_back(q.Text(1));
  }
  return out;
}

Status ProfileStore::RememberSensitiveIds(const SensitiveIds& ids, int64_t now_ms) {
  if (ids.topics.empty() && ids.items.empty()) return Status::OK();
  Transaction tx(db_);
  TACIT_RETURN_IF_ERROR(tx.Begin());
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("INSERT OR IGNORE INTO sensitive_seen(kind, id, first_seen) VALUES(?, ?, ?)"));
  for (int kind : {1, 2}) {
    for (const std::string& id : kind == 1 ? ids.topics : ids.items) {
      q.Bind(1, int64_t(kind));
      q.Bind(2, std::string_view(id));
      q.Bind(3, now_ms);
      TACIT_RETURN_IF_ERROR(q.Run());
      q.Reset();
    }
  }
  return tx.Commit();
}

Result<uint64_t> ProfileStore::VersionFloor(std::string_view artefact) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT version FROM version_floor WHERE artefact = ?"));
  q.Bind(1, artefact);
  TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? uint64_t(q.Int(0)) : uint64_t(0);
}

Status ProfileStore::RaiseVersionFloor(std::string_view artefact, uint64_t version, int64_t now_ms) {
  if (version > uint64_t(INT64_MAX)) return Status::Invalid("version floor beyond 2^63 - 1");
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("INSERT INTO version_floor(artefact, version, raised_at) VALUES(?, ?, ?) "
                                             "ON CONFLICT(artefact) DO UPDATE SET version = excluded.version, "
                                             "raised_at = excluded.raised_at WHERE excluded.version > version"));
  q.Bind(1, artefact);
  q.Bind(2, int64_t(version));
  q.Bind(3, now_ms);
  return q.Run();
}

Status ProfileStore::SetSetting(std::string_view key, std::string_view value) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)"));
  q.Bind(1, key);
  q.BindBlob(2, value.data(), value.size());
  return q.Run();
}

Result<std::string> ProfileStore::GetSetting(std::string_view key) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT value FROM settings WHERE key = ?"));
  q.Bind(1, key);
  TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Status::NotFound("no setting " + std::string(key));
  return std::string(q.Blob(0));
}

Status ProfileStore::Rekey(const uint8_t* new_key) {
  if (!encrypted_) return Status::Invalid("an unencrypted store cannot be rekeyed");
  TACIT_ASSIGN_OR_RETURN(SecretBytes key, SecretBytes::Copy(new_key, 32));
  const std::string meta_path = PathOf(kMetaFile);
  TACIT_ASSIGN_OR_RETURN(KeyMeta m, ReadKeyMeta(meta_path));
  // Announce the new key first, so that a crash at any point leaves a key that opens the profile.
  m.pending_check = ComputeKeyCheck(key);
  TACIT_RETURN_IF_ERROR(WriteKeyMeta(meta_path, m));

  TACIT_ASSIGN_OR_RETURN(SecretBytes spec, RawKeySpec(key));
  int rc = sqlite3_rekey_v2(db_.get(), "main", spec.data(), static_cast<int>(spec.size() - 1));
  TACIT_RETURN_IF_ERROR(SqliteStatus(rc, db_.get(), "rekey"));
  // Make the rewritten pages durable in the main file before forgetting the old key.
  TACIT_RETURN_IF_ERROR(db_.Exec("PRAGMA wal_checkpoint(TRUNCATE)"));

  m.kind = KeyKind::kRaw;
  m.opslimit = m.memlimit = 0;
  m.salt.fill(0);
  m.check = m.pending_check;
  m.pending_check.fill(0);
  return WriteKeyMeta(meta_path, m);
}

Status ProfileStore::EraseAll() {
  insert_event_ = Stmt();
  db_.Close();
  Status first;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    Status s = ShredFile(PathOf(kDbFile) + suffix);
    if (first.ok() && !s.ok()) first = s;
  }
  for (const char* f : {kMetaFile, "key.meta.tmp"}) {
    Status s = ShredFile(PathOf(f));
    if (first.ok() && !s.ok()) first = s;
  }
  ::unlink(PathOf(kLockFile).c_str());
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  ::rmdir(dir_.c_str());  // only succeeds when the host kept nothing else there
  return first;
}

}  // namespace tacit

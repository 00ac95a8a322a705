#include "store/profile_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <mutex>
#include <new>
#include <set>
#include <utility>

#include "core/time.h"
#include "env/env.h"
#include "env/sqlite_vfs.h"
#include "store/schema.h"
#include "store/wal_check.h"

namespace tacit {
namespace {

constexpr uint64_t kPageSize = 4096;
// Pages open authenticates (1 MiB); the rest of the file is authenticated as it is read.
constexpr uint64_t kOpenCheckPages = 256;
// The end of each page's reserve (SQLCipher 4: a 16-byte IV, then a 64-byte HMAC-SHA512).
constexpr size_t kHmacBytes = 64;
constexpr char kScanEventsSql[] = "SELECT id, type, item_id, topics, ts FROM events WHERE id > ? AND ts >= ? "
                                  "ORDER BY id LIMIT ?";
constexpr char kWalSuffix[] = "-wal";

// --- The profile lock ---
// A POSIX record lock on LOCK (fcntl F_SETLK) excludes other processes and, unlike flock, is never inherited
// by a fork()ed child. Record locks do not exclude within a process, so a registry of locked files (device,
// inode) does that; LOCK is opened once per profile per process, since closing any descriptor of a file drops
// the process's record locks on it.
std::mutex g_locked_mu;
std::set<std::pair<uint64_t, uint64_t>>& LockedFiles() {
  static auto* files = new std::set<std::pair<uint64_t, uint64_t>>();
  return *files;
}

// Overwrites a file with zeros, syncs it and unlinks it. Missing files are fine.
Status ShredFile(const std::string& path) {
  Env* env = Env::Current();
  {
    Result<int> fd = env->Open(path, O_WRONLY | O_NOFOLLOW, 0);
    if (!fd.ok()) {
      if (fd.status().code() == TACIT_ERR_NOT_FOUND) return Status::OK();
      return fd.status();
    }
    ScopedFd file(fd.value());
    TACIT_ASSIGN_OR_RETURN(FileInfo info, env->StatFd(file.get(), path));
    static const uint8_t zeros[16384] = {0};
    for (uint64_t off = 0; off < info.size;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(info.size - off, sizeof zeros));
      TACIT_RETURN_IF_ERROR(env->WriteAt(file.get(), path, zeros, n, off));
      off += n;
    }
    TACIT_RETURN_IF_ERROR(env->Sync(file.get(), path));
  }
  return env->Unlink(path);
}

// Size of a file, -1 if it does not exist.
Result<int64_t> FileSize(const std::string& path) {
  Result<FileInfo> info = Env::Current()->Stat(path);
  if (!info.ok()) {
    if (info.status().code() == TACIT_ERR_NOT_FOUND) return int64_t(-1);
    return info.status();
  }
  return static_cast<int64_t>(info.value().size);
}

// The first 16 bytes of a SQLCipher file: its random per-file salt. All zero when shorter or absent.
Result<FileSalt> ReadFileSalt(const std::string& path) {
  FileSalt salt{};
  Result<std::string> head = ReadSmallFile(path, salt.size());
  if (!head.ok()) {
    if (head.status().code() == TACIT_ERR_NOT_FOUND) return salt;
    return head.status();
  }
  if (head.value().size() == salt.size()) std::memcpy(salt.data(), head.value().data(), salt.size());
  return salt;
}

bool IsZero(const uint8_t* p, size_t n) { return sodium_is_zero(p, n) == 1; }

// SQLCipher's raw-key form x'<hex>' (without the NUL; spec.size() - 1 bytes): it skips SQLCipher's own
// PBKDF2, since the key is already uniformly random. Held in locked memory and wiped like the key.
Result<SecretBytes> RawKeySpec(const SecretBytes& key) {
  TACIT_ASSIGN_OR_RETURN(SecretBytes spec, SecretBytes::Allocate(3 + 2 * key.size() + 1));
  char* s = reinterpret_cast<char*>(spec.data());
  s[0] = 'x';
  s[1] = '\'';
  sodium_bin2hex(s + 2, 2 * key.size() + 1, key.data(), key.size());
  s[2 + 2 * key.size()] = '\'';
  return spec;
}

// sqlcipher_export reports failures as a plain SQLITE_ERROR with SQLite's message: recover the cause.
Status ExportStatus(const Status& s) {
  const std::string& m = s.message();
  if (m.find("disk is full") != std::string::npos) return Status::IO("rekey: the disk is full (" + m + ")");
  if (m.find("disk I/O error") != std::string::npos || m.find("unable to open") != std::string::npos)
    return Status::IO("rekey: " + m);
  if (m.find("out of memory") != std::string::npos) return Status(TACIT_ERR_NO_MEMORY, "rekey: " + m);
  return s;
}

// The key a descriptor derives from the caller's credentials; NOT_FOUND when the kinds differ.
Result<SecretBytes> KeyFor(const KeyDesc& d, const SecretBytes& key, const SecretBytes& passphrase) {
  if ((d.kind == KeyKind::kPassphrase) != !passphrase.empty()) return Status::NotFound("other key kind");
  if (d.kind == KeyKind::kPassphrase) return DeriveKey(passphrase, d);
  return SecretBytes::Copy(key.data(), key.size());
}

bool CheckMatches(const KeyDesc& d, const SecretBytes& key) {
  const KeyCheck c = ComputeKeyCheck(key);
  return ConstantTimeEqual(c.data(), d.check.data(), c.size());
}

// A verdict of damage reached while SQLite's file operations were failing is an I/O error, not damage.
Status IoUnlessDamaged(Status s, uint64_t io_errors_before) {
  if (s.ok() || VfsIoErrors() == io_errors_before) return s;
  if (s.code() == TACIT_ERR_CORRUPT || s.code() == TACIT_ERR_INTERNAL || s.code() == TACIT_ERR_KEY)
    return Status::IO("I/O error while reading the profile (" + s.message() + ")");
  return s;
}

}  // namespace

constexpr char ProfileStore::kDbFile[];
constexpr char ProfileStore::kMetaFile[];
constexpr char ProfileStore::kLockFile[];
constexpr char ProfileStore::kRekeyFile[];
constexpr char ProfileStore::kEraseTombstone[];

Result<std::unique_ptr<ProfileStore>> ProfileStore::Open(StoreConfig config) {
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  if (config.dir.empty()) return Status::Invalid("profile path is empty");
  Env* env = Env::Current();
  std::unique_ptr<ProfileStore> store(new ProfileStore());
  store->dir_ = config.dir;
  while (store->dir_.size() > 1 && store->dir_.back() == '/') store->dir_.pop_back();
  store->encrypted_ = !config.unencrypted;
  store->durability_ = config.durability;
  store->opslimit_ = config.opslimit;
  store->memlimit_ = config.memlimit;
  store->retention_ms_ = std::max<int64_t>(0, config.retention_ms);
  store->clock_ = config.clock;

  TACIT_RETURN_IF_ERROR(env->CreateDir(store->dir_, 0700));
  TACIT_RETURN_IF_ERROR(store->Lock());
  TACIT_ASSIGN_OR_RETURN(int64_t tombstone, FileSize(store->PathOf(kEraseTombstone)));
  if (tombstone >= 0) TACIT_RETURN_IF_ERROR(store->FinishErase());

  TACIT_RETURN_IF_ERROR(store->OpenDatabase(config));
  TACIT_RETURN_IF_ERROR(store->ApplyRetention());
  return store;
}

Status ProfileStore::Lock() {
  Env* env = Env::Current();
  const std::string lock_path = PathOf(kLockFile);
  const Status busy(TACIT_ERR_BUSY, "the profile at " + dir_ + " is open in another handle or process");
  // Under the mutex, and checked before opening: a second descriptor of a locked LOCK, once closed, would
  // drop this process's lock.
  std::lock_guard<std::mutex> lock(g_locked_mu);
  Result<FileInfo> existing = env->Stat(lock_path);
  if (existing.ok() && LockedFiles().count({existing.value().dev, existing.value().ino})) return busy;
  if (!existing.ok() && existing.status().code() != TACIT_ERR_NOT_FOUND) return existing.status();
  TACIT_ASSIGN_OR_RETURN(int fd, env->Open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW, 0600));
  ScopedFd file(fd);
  TACIT_ASSIGN_OR_RETURN(FileInfo info, env->StatFd(fd, lock_path));
  const std::pair<uint64_t, uint64_t> id(info.dev, info.ino);
  if (LockedFiles().count(id)) {  // replaced under our feet by this process's own LOCK: keep the descriptor
    (void)file.Release();
    return busy;
  }
  Status s = env->LockFile(fd, lock_path);
  if (!s.ok()) return s.code() == TACIT_ERR_BUSY ? busy : s;
  LockedFiles().insert(id);
  lock_id_ = id;
  lock_fd_ = file.Release();
  return Status::OK();
}

void ProfileStore::Unlock() {
  if (lock_fd_ < 0) return;
  std::lock_guard<std::mutex> lock(g_locked_mu);
  LockedFiles().erase(lock_id_);
  Env::Current()->Close(lock_fd_);  // drops the record lock
  lock_fd_ = -1;
}

Status ProfileStore::ApplyKey(Db& db, const SecretBytes& key) {
  TACIT_ASSIGN_OR_RETURN(SecretBytes spec, RawKeySpec(key));
  int rc = sqlite3_key_v2(db.get(), "main", spec.data(), static_cast<int>(spec.size() - 1));
  return SqliteStatus(rc, db.get(), "apply key");
}

Status ProfileStore::OpenDatabase(StoreConfig& config) {
  const std::string db_path = PathOf(kDbFile);
  const std::string meta_path = PathOf(kMetaFile);
  const std::string rekey_path = PathOf(kRekeyFile);
  TACIT_ASSIGN_OR_RETURN(const int64_t db_size, FileSize(db_path));
  const bool db_exists = db_size > 0;  // SQLite treats an empty file as a new database

  if (!encrypted_) {
    TACIT_RETURN_IF_ERROR(CheckWal(db_path + kWalSuffix));
    TACIT_RETURN_IF_ERROR(Connect(nullptr));
  } else {
    const bool passphrase = !config.passphrase.empty();
    Result<KeyMeta> read = ReadKeyMeta(meta_path);
    const bool meta_ok = read.ok();
    if (!meta_ok && read.status().code() != TACIT_ERR_NOT_FOUND && read.status().code() != TACIT_ERR_CORRUPT)
      return read.status();
    bool rewrite_meta = false;
    bool drop_rekey_file = false;
    KeyMeta m;
    SecretBytes key;
    if (meta_ok) {
      m = read.value();
      // Which key is live: during a rekey, profile.db's first bytes say whether the rename happened.
      bool committed = false;
      if (m.rekey_pending) {
        TACIT_ASSIGN_OR_RETURN(FileSalt head, ReadFileSalt(db_path));
        committed = ConstantTimeEqual(head.data(), m.next_file_salt.data(), head.size());
      }
      const KeyDesc& live = committed ? m.next : m.current;
      Result<SecretBytes> k = KeyFor(live, config.key, config.passphrase);
      if (!k.ok() && k.status().code() != TACIT_ERR_NOT_FOUND) return k.status();
      const bool legacy_pending = !IsZero(m.legacy_pending_check.data(), m.legacy_pending_check.size());
      bool live_matches = k.ok() && CheckMatches(live, k.value());
      if (!live_matches && k.ok() && legacy_pending) {
        // Version 1 in-place rekey: the pending key is accepted if SQLCipher agrees (checked below).
        const KeyCheck c = ComputeKeyCheck(k.value());
        live_matches = ConstantTimeEqual(c.data(), m.legacy_pending_check.data(), c.size());
      }
      if (!live_matches && db_exists) {
        if (m.has_previous) {
          Result<SecretBytes> prev = KeyFor(m.previous, config.key, config.passphrase);
          if (prev.ok() && CheckMatches(m.previous, prev.value()))
            return Status(TACIT_ERR_KEY, "this profile was rekeyed: the previous key no longer opens it; open it "
                                         "with the new key");
        }
        if (m.rekey_pending) {
          const KeyDesc& other = committed ? m.current : m.next;
          Result<SecretBytes> ok = KeyFor(other, config.key, config.passphrase);
          if (ok.ok() && CheckMatches(other, ok.value()))
            return Status(TACIT_ERR_KEY, committed ? "this profile was rekeyed: the previous key no longer opens it; "
                                                     "open it with the new key"
                                                   : "a rekey to this key did not complete: the profile still opens "
                                                     "with the previous key");
        }
        if (!k.ok())
          return Status(TACIT_ERR_KEY, passphrase ? "this profile is opened with a raw key, not a passphrase"
                                                  : "this profile is opened with a passphrase, not a raw key");
        return Status(TACIT_ERR_KEY, "the key does not open this profile");
      }
      if (!live_matches) {
        // key.meta without a database: the profile starts again under the key given now.
        m = KeyMeta();
        m.current.kind = passphrase ? KeyKind::kPassphrase : KeyKind::kRaw;
        if (passphrase) {
          m.current.opslimit = config.opslimit;
          m.current.memlimit = config.memlimit;
          randombytes_buf(m.current.salt.data(), m.current.salt.size());
        }
        TACIT_ASSIGN_OR_RETURN(key, KeyFor(m.current, config.key, config.passphrase));
        m.current.check = ComputeKeyCheck(key);
        rewrite_meta = true;
      } else {
        key = std::move(k).value();
      }
      if (m.rekey_pending || legacy_pending) {
        m.has_previous = committed;
        if (committed) {
          m.previous = m.current;
          m.current = m.next;
        }
        m.current.check = ComputeKeyCheck(key);
        m.rekey_pending = false;
        m.next = KeyDesc();
        m.next_file_salt.fill(0);
        m.legacy_pending_check.fill(0);
        rewrite_meta = true;
        drop_rekey_file = true;
      }
    } else if (db_exists) {
      // No usable key.meta (missing or damaged) beside an existing database.
      if (passphrase)
        return Status::Corrupt(std::string("key metadata (the passphrase salt) is ") +
                               (read.status().code() == TACIT_ERR_NOT_FOUND ? "missing from " : "damaged in ") + dir_);
      // A raw key needs nothing from key.meta: rebuilt once the key is proven to open the database.
      m.current.kind = KeyKind::kRaw;
      TACIT_ASSIGN_OR_RETURN(key, SecretBytes::Copy(config.key.data(), config.key.size()));
      m.current.check = ComputeKeyCheck(key);
      rewrite_meta = true;
      drop_rekey_file = true;
    } else {
      // A new profile (a damaged key.meta without a database describes nothing).
      m.current.kind = passphrase ? KeyKind::kPassphrase : KeyKind::kRaw;
      if (passphrase) {
        m.current.opslimit = config.opslimit;
        m.current.memlimit = config.memlimit;
        randombytes_buf(m.current.salt.data(), m.current.salt.size());
      }
      TACIT_ASSIGN_OR_RETURN(key, KeyFor(m.current, config.key, config.passphrase));
      m.current.check = ComputeKeyCheck(key);
      rewrite_meta = true;
      drop_rekey_file = true;
    }

    // Files that cannot be SQLCipher pages are damaged; say so before SQLite reads them.
    if (db_exists && db_size % int64_t(kPageSize) != 0) return Status::Corrupt("profile database has a truncated page");
    TACIT_RETURN_IF_ERROR(CheckWal(db_path + kWalSuffix));
    Status connected = Connect(&key);
    if (!connected.ok()) {
      db_.Close();
      if (connected.code() == TACIT_ERR_CORRUPT && !meta_ok) {
        if (read.status().code() == TACIT_ERR_NOT_FOUND)
          return Status::Corrupt("key metadata is missing and the key does not open the database");
        return Status::Corrupt("key metadata is damaged and the key does not open the database");
      }
      return connected;
    }
    if (rewrite_meta) {
      // Only rewrite the metadata of an existing database once the schema version is known to be ours.
      TACIT_ASSIGN_OR_RETURN(int64_t v, db_.QueryInt("PRAGMA user_version"));
      if (v > CurrentSchemaVersion())
        return Status(TACIT_ERR_SCHEMA_TOO_NEW, "profile schema is newer than this tacit supports");
      TACIT_RETURN_IF_ERROR(WriteKeyMeta(meta_path, m));
    }
    if (drop_rekey_file) {
      for (const char* suffix : {"", "-journal"}) TACIT_RETURN_IF_ERROR(Env::Current()->Unlink(rekey_path + suffix));
    }
    meta_ = m;
    key_ = std::move(key);
  }

  TACIT_ASSIGN_OR_RETURN(int64_t version, db_.QueryInt("PRAGMA user_version"));
  if (version > CurrentSchemaVersion())
    return Status(TACIT_ERR_SCHEMA_TOO_NEW, "profile schema " + std::to_string(version) +
                                                " is newer than this tacit supports (" +
                                                std::to_string(CurrentSchemaVersion()) + "); file left untouched");
  if (db_exists) TACIT_RETURN_IF_ERROR(CheckPagesAtOpen());
  TACIT_RETURN_IF_ERROR(Migrate(db_, config.target_schema ? config.target_schema : CurrentSchemaVersion()));
  return PrepareStatements();
}

// Open's share of the integrity check: up to kOpenCheckPages pages, the whole file when it is that small,
// else a window at a random page (wrapping at the end), so that open's cost does not grow with the profile.
// Plain stores: quick_check.
Status ProfileStore::CheckPagesAtOpen() {
  if (!encrypted_) return CheckIntegrity();
  TACIT_ASSIGN_OR_RETURN(int64_t count, db_.QueryInt("PRAGMA page_count"));
  const uint64_t pages = count > 0 ? uint64_t(count) : 0;
  const uint64_t window = std::min<uint64_t>(pages, kOpenCheckPages);
  const uint64_t first =
      window == pages ? 0 : randombytes_uniform(uint32_t(std::min<uint64_t>(pages, UINT32_MAX)));
  return CheckPages(first, window, pages);
}

// Reads `count` pages from page `first` + 1 (wrapping at `pages`) through the pager, which authenticates
// each (SQLCipher's HMAC; a zeroed page fails too, as the database does not auto-vacuum). SQLCipher does not
// fail that read: it hands back a zeroed page, HMAC slot included, and puts the pager in an error state, so
// both are checked. The pages must come from the file: a page this connection wrote and still caches has no
// HMAC in memory, so callers run this before any write (open) or after emptying the cache (CheckIntegrity).
Status ProfileStore::CheckPages(uint64_t first, uint64_t count, uint64_t pages) {
  if (pages == 0 || count == 0) return Status::OK();
  const uint64_t io_errors = VfsIoErrors();
  auto damaged = [&](uint64_t pgno, const std::string& why) {
    return IoUnlessDamaged(Status::Corrupt("profile database is damaged: page " + std::to_string(pgno) +
                                           " failed authentication" + why), io_errors);
  };
  TACIT_ASSIGN_OR_RETURN(Stmt read, db_.Prepare("SELECT data FROM sqlite_dbpage WHERE pgno = ?"));
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t pgno = (first + i) % pages + 1;  // 1-based, as SQLite counts
    read.Reset();
    read.Bind(1, int64_t(pgno));
    Result<bool> row = read.Step();
    if (!row.ok()) {
      if (row.status().code() == TACIT_ERR_IO || row.status().code() == TACIT_ERR_NO_MEMORY) return row.status();
      return damaged(pgno, " (" + row.status().message() + ")");
    }
    const std::string_view data = row.value() ? read.Blob(0) : std::string_view();
    if (data.size() != kPageSize) return damaged(pgno, ": it cannot be read");
    const std::string_view hmac = data.substr(kPageSize - kHmacBytes);
    if (std::all_of(hmac.begin(), hmac.end(), [](char c) { return c == 0; })) return damaged(pgno, "");
  }
  Result<int64_t> after = db_.QueryInt("SELECT count(*) FROM sqlite_schema");
  if (!after.ok()) {
    if (after.status().code() == TACIT_ERR_IO || after.status().code() == TACIT_ERR_NO_MEMORY) return after.status();
    return IoUnlessDamaged(Status::Corrupt("profile database is damaged: " + after.status().message()), io_errors);
  }
  return Status::OK();
}

// Every page through the pager (CheckPages, with the page cache emptied first so that each is read from the
// file again), then the b-trees' structure (quick_check: one row, "ok" when sound). Not PRAGMA
// cipher_integrity_check: SQLCipher 4.5.5 dereferences an unchecked allocation in it when memory runs out.
Status ProfileStore::CheckIntegrity() {
  const uint64_t io_errors = VfsIoErrors();
  if (encrypted_) {
    sqlite3_db_release_memory(db_.get());
    TACIT_ASSIGN_OR_RETURN(int64_t count, db_.QueryInt("PRAGMA page_count"));
    const uint64_t pages = count > 0 ? uint64_t(count) : 0;
    TACIT_RETURN_IF_ERROR(CheckPages(0, pages, pages));
  }
  TACIT_ASSIGN_OR_RETURN(Stmt check, db_.Prepare("PRAGMA quick_check"));
  Result<bool> row = check.Step();
  if (!row.ok()) {
    if (row.status().code() == TACIT_ERR_IO || row.status().code() == TACIT_ERR_NO_MEMORY) return row.status();
    return IoUnlessDamaged(Status::Corrupt("integrity check failed: " + row.status().message()), io_errors);
  }
  if (row.value() && check.Text(0) != "ok")
    return IoUnlessDamaged(Status::Corrupt("profile database is damaged: " + std::string(check.Text(0))), io_errors);
  return Status::OK();
}

// Opens profile.db on a fresh connection under `key` (null: unencrypted), proves the key reads it, and sets
// the connection up: WAL kept small, durability, the commit-time file check.
Status ProfileStore::Connect(const SecretBytes* key) {
  const uint64_t io_errors = VfsIoErrors();
  return IoUnlessDamaged(ConnectOnce(key), io_errors);
}

Status ProfileStore::ConnectOnce(const SecretBytes* key) {
  FinalizeStatements();
  db_.Close();
  const std::string db_path = PathOf(kDbFile);
  TACIT_RETURN_IF_ERROR(db_.Open(db_path, true));
  if (key) TACIT_RETURN_IF_ERROR(ApplyKey(db_, *key));
  Result<int64_t> probe = db_.QueryInt("SELECT count(*) FROM sqlite_schema");
  if (!probe.ok()) {
    if (probe.status().code() == TACIT_ERR_CORRUPT)
      return Status::Corrupt("profile database failed authentication: " + probe.status().message());
    return probe.status();
  }
  TACIT_RETURN_IF_ERROR(db_.Exec("PRAGMA journal_mode = WAL"));
  TACIT_RETURN_IF_ERROR(db_.Exec(durability_ == TACIT_DURABILITY_POWER_LOSS ? "PRAGMA synchronous = FULL"
                                                                             : "PRAGMA synchronous = NORMAL"));
  // The WAL stays around 1 MiB: checkpoint every 256 pages, truncate it back to 1 MiB after each.
  TACIT_RETURN_IF_ERROR(db_.Exec("PRAGMA wal_autocheckpoint = 256; PRAGMA journal_size_limit = 1048576"));
  TACIT_RETURN_IF_ERROR(db_.Exec("PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF"));
  sqlite3_busy_timeout(db_.get(), 2000);
  TACIT_ASSIGN_OR_RETURN(FileInfo info, Env::Current()->Stat(db_path));
  db_dev_ = info.dev;
  db_ino_ = info.ino;
  db_path_ = db_path;
  sqlite3_commit_hook(db_.get(), &ProfileStore::OnCommit, this);
  return Status::OK();
}

Status ProfileStore::PrepareStatements() {
  TACIT_ASSIGN_OR_RETURN(insert_event_,
                         db_.Prepare("INSERT INTO events(type, item_id, topics, ts, value) VALUES(?, ?, ?, ?, ?)"));
  return Status::OK();
}

void ProfileStore::FinalizeStatements() {
  insert_event_ = Stmt();
  scan_events_ = Stmt();
}

// Refuses a commit when profile.db is no longer the file this connection has open (the directory was
// moved, deleted or replaced): the write would otherwise be acknowledged into an unlinked file.
// Runs inside SQLite: nothing may throw out of it (an allocation failure refuses the commit).
int ProfileStore::OnCommit(void* self) {
#if defined(__cpp_exceptions)
  try {
#endif
    ProfileStore* s = static_cast<ProfileStore*>(self);
    Result<FileInfo> info = Env::Current()->Stat(s->db_path_);
    return info.ok() && info.value().dev == s->db_dev_ && info.value().ino == s->db_ino_ ? 0 : 1;
#if defined(__cpp_exceptions)
  } catch (...) {
    return 1;
  }
#endif
}

Status ProfileStore::ApplyRetention() {
  if (retention_ms_ <= 0) return Status::OK();
  TACIT_ASSIGN_OR_RETURN(int64_t newest, db_.QueryInt("SELECT coalesce(max(ts), 0) FROM events"));
  if (newest <= 0) return Status::OK();
  return PruneEvents(SatSub(newest, retention_ms_)).status();
}

ProfileStore::~ProfileStore() { Shutdown(); }

void ProfileStore::Shutdown() {
  FinalizeStatements();
  db_.Close();
  Unlock();
}

Status ProfileStore::RecordEvents(const tacit_event_t* events, size_t count) {
  if (retention_ms_ > 0 && count > 0) {
    TACIT_ASSIGN_OR_RETURN(int64_t newest, db_.QueryInt("SELECT coalesce(max(ts), 0) FROM events"));
    int64_t reference = newest;
    for (size_t i = 0; i < count; ++i) reference = std::max<int64_t>(reference, events[i].timestamp_ms);
    const int64_t now = clock_.Now();
    if (PlausibleNow(now, newest)) reference = std::max(reference, now);
    const int64_t cutoff = SatSub(reference, retention_ms_);
    for (size_t i = 0; i < count; ++i)
      if (events[i].timestamp_ms < cutoff)
        return Status::Invalid("event " + std::to_string(i) + ": timestamp_ms is older than the retention window (" +
                               std::to_string(retention_ms_ / kMsPerDay) +
                               " days before the newest event or now); it would be deleted at the next open");
  }
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
  const uint64_t n = static_cast<uint64_t>(sqlite3_changes(db_.get()));
  events_deleted_ += n;
  return n;
}

namespace {

Result<std::vector<StoredEvent>> ReadEventRows(Stmt& q) {
  std::vector<StoredEvent> out;
  for (;;) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    StoredEvent e;
    e.type = static_cast<int32_t>(q.Int(0));
    e.item_id = std::string(q.Text(1));
    std::string_view topics = q.Text(2);
    while (!topics.empty()) {
      size_t sep = topics.find(ProfileStore::kTopicSeparator);
      e.topics.emplace_back(topics.substr(0, sep));
      topics = sep == std::string_view::npos ? std::string_view() : topics.substr(sep + 1);
    }
    e.ts = q.Int(3);
    e.value = q.Real(4);
    e.id = q.Int(5);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<std::vector<StoredEvent>> ProfileStore::ReadEvents(int64_t since_ms, size_t limit) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT type, item_id, topics, ts, value, id FROM events WHERE ts >= ? "
                                             "ORDER BY ts, id LIMIT ?"));
  q.Bind(1, since_ms);
  q.Bind(2, limit == 0 ? int64_t(-1) : static_cast<int64_t>(limit));
  return ReadEventRows(q);
}

Result<std::vector<StoredEvent>> ProfileStore::ReadEventsAfter(int64_t after_id, int64_t since_ms, size_t limit) {
  TACIT_ASSIGN_OR_RETURN(Stmt q, db_.Prepare("SELECT type, item_id, topics, ts, value, id FROM events "
                                             "WHERE id > ? AND ts >= ? ORDER BY id LIMIT ?"));
  q.Bind(1, after_id);
  q.Bind(2, since_ms);
  q.Bind(3, limit == 0 ? int64_t(-1) : static_cast<int64_t>(limit));
  return ReadEventRows(q);
}

Result<std::vector<StoredEvent>> ProfileStore::ReadEventPage(const EventRange& range, const EventPosition* after,
                                                             size_t limit) {
  const int64_t cap = limit == 0 ? int64_t(-1) : static_cast<int64_t>(limit);
  std::vector<StoredEvent> out;
  int64_t lo = range.from_ms;
  if (after && after->ts >= range.to_ms) return out;
  if (after && after->ts >= range.from_ms) {
    // First the rest of the events at the last one's time: a seek on the index (ts, then id), so a page
    // boundary inside many events of one millisecond never rescans them.
    TACIT_ASSIGN_OR_RETURN(Stmt same, db_.Prepare("SELECT type, item_id, topics, ts, value, id FROM events "
                                                  "WHERE ts = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?"));
    same.Bind(1, after->ts);
    same.Bind(2, after->id);
    same.Bind(3, range.max_id);
    same.Bind(4, cap);
    TACIT_ASSIGN_OR_RETURN(out, ReadEventRows(same));
    if (limit != 0 && out.size() >= limit) return out;
    lo = after->ts + 1;  // after->ts < range.to_ms: no overflow
  }
  TACIT_ASSIGN_OR_RETURN(Stmt later, db_.Prepare("SELECT type, item_id, topics, ts, value, id FROM events "
                                                 "WHERE ts >= ? AND ts < ? AND id <= ? ORDER BY ts, id LIMIT ?"));
  later.Bind(1, lo);
  later.Bind(2, range.to_ms);
  later.Bind(3, range.max_id);
  later.Bind(4, limit == 0 ? int64_t(-1) : static_cast<int64_t>(limit - out.size()));
  TACIT_ASSIGN_OR_RETURN(std::vector<StoredEvent> rest, ReadEventRows(later));
  if (out.empty()) return rest;
  out.insert(out.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
  return out;
}

Result<int64_t> ProfileStore::NewestEventId() { return db_.QueryInt("SELECT coalesce(max(id), 0) FROM events"); }

Result<size_t> ProfileStore::ScanEventsAfter(int64_t after_id, int64_t since_ms, size_t limit,
                                             const std::function<void(const EventRow&)>& f) {
  if (!scan_events_.get()) {
    TACIT_ASSIGN_OR_RETURN(scan_events_, db_.Prepare(kScanEventsSql));
  }
  struct ResetAfter {
    Stmt& q;
    ~ResetAfter() { q.Reset(); }  // ends the read: nothing is held between pages
  } reset{scan_events_};
  Stmt& q = scan_events_;
  q.Bind(1, after_id);
  q.Bind(2, since_ms);
  q.Bind(3, limit == 0 ? int64_t(-1) : static_cast<int64_t>(limit));
  size_t n = 0;
  EventRow e;
  for (;; ++n) {
    TACIT_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    e.id = q.Int(0);
    e.type = static_cast<int32_t>(q.Int(1));
    e.item_id = q.Text(2);
    e.topics = q.Text(3);
    e.ts = q.Int(4);
    f(e);
  }
  return n;
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
  events_deleted_ += n;
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
  RekeyTarget t;
  TACIT_ASSIGN_OR_RETURN(t.key, SecretBytes::Copy(new_key, 32));
  return Rekey(t);
}

// Copies every table into a new SQLCipher file under `key`, in one transaction, synced.
Status ProfileStore::ExportTo(const std::string& path, const SecretBytes& key) {
  Env* env = Env::Current();
  for (const char* suffix : {"", "-journal"}) TACIT_RETURN_IF_ERROR(env->Unlink(path + suffix));
  TACIT_ASSIGN_OR_RETURN(SecretBytes spec, RawKeySpec(key));
  (void)db_.Exec("DETACH DATABASE rekey");  // left attached by an earlier failure, if at all
  {
    TACIT_ASSIGN_OR_RETURN(Stmt attach, db_.Prepare("ATTACH DATABASE ?1 AS rekey KEY ?2"));
    attach.Bind(1, std::string_view(path));
    attach.Bind(2, std::string_view(reinterpret_cast<const char*>(spec.data()), spec.size() - 1));
    TACIT_RETURN_IF_ERROR(attach.Run());
  }
  Status s = db_.Exec("PRAGMA rekey.journal_mode = DELETE; PRAGMA rekey.synchronous = FULL");
  if (s.ok()) {
    Transaction tx(db_);
    s = tx.Begin();
    if (s.ok()) s = ExportStatus(db_.Exec("SELECT sqlcipher_export('rekey')"));
    if (s.ok()) {
      Result<int64_t> v = db_.QueryInt("PRAGMA main.user_version");
      s = v.ok() ? db_.Exec(("PRAGMA rekey.user_version = " + std::to_string(v.value())).c_str()) : v.status();
    }
    if (s.ok()) s = tx.Commit();
  }
  Status detached = db_.Exec("DETACH DATABASE rekey");
  if (s.ok()) s = detached;
  if (s.ok()) {
    // The rollback journal's commit synced the file; sync once more so the rename publishes whole pages.
    Result<int> fd = env->Open(path, O_RDWR | O_NOFOLLOW, 0);
    if (!fd.ok()) return fd.status();
    ScopedFd file(fd.value());
    s = env->Sync(file.get(), path);
  }
  return s;
}

// Proves, on connections of their own, that `new_key` opens the exported file whole and the live key does not.
Status ProfileStore::VerifyExport(const std::string& path, const SecretBytes& new_key) {
  const uint64_t io_errors = VfsIoErrors();
  return IoUnlessDamaged(VerifyExportOnce(path, new_key), io_errors);
}

Status ProfileStore::VerifyExportOnce(const std::string& path, const SecretBytes& new_key) {
  TACIT_ASSIGN_OR_RETURN(int64_t tables, db_.QueryInt("SELECT count(*) FROM sqlite_schema"));
  TACIT_ASSIGN_OR_RETURN(int64_t events, db_.QueryInt("SELECT count(*) FROM events"));
  TACIT_ASSIGN_OR_RETURN(int64_t version, db_.QueryInt("PRAGMA user_version"));
  {
    Db fresh;
    TACIT_RETURN_IF_ERROR(fresh.Open(path, false));
    TACIT_RETURN_IF_ERROR(ApplyKey(fresh, new_key));
    TACIT_ASSIGN_OR_RETURN(int64_t t, fresh.QueryInt("SELECT count(*) FROM sqlite_schema"));
    TACIT_ASSIGN_OR_RETURN(int64_t e, fresh.QueryInt("SELECT count(*) FROM events"));
    TACIT_ASSIGN_OR_RETURN(int64_t v, fresh.QueryInt("PRAGMA user_version"));
    // quick_check reads, and so authenticates, every page in use, and checks the b-trees.
    TACIT_ASSIGN_OR_RETURN(Stmt check, fresh.Prepare("PRAGMA quick_check"));
    TACIT_ASSIGN_OR_RETURN(bool row, check.Step());
    const bool damaged = !row || check.Text(0) != "ok";
    if (damaged || t != tables || e != events || v != version)  // damage reached by I/O errors: see VerifyExport
      return Status::Internal("rekey: the re-encrypted copy does not match the profile; nothing was changed");
  }
  Db old;
  TACIT_RETURN_IF_ERROR(old.Open(path, false));
  TACIT_RETURN_IF_ERROR(ApplyKey(old, key_));
  const uint64_t io_errors = VfsIoErrors();
  Result<int64_t> probe = old.QueryInt("SELECT count(*) FROM sqlite_schema");
  if (probe.ok()) return Status::Internal("rekey: the previous key still opens the re-encrypted copy");
  // Only a clean refusal proves the old key does not open it; an I/O error proves nothing.
  if (probe.status().code() != TACIT_ERR_CORRUPT) return probe.status();
  if (VfsIoErrors() != io_errors) return Status::IO("rekey: I/O error while checking the old key: " + probe.status().message());
  return Status::OK();
}

Status ProfileStore::Rekey(const RekeyTarget& target) {
  if (!encrypted_) return Status::Invalid("an unencrypted store cannot be rekeyed");
  if (!db_.is_open()) return Status::IO("the profile is not open (reopen it)");
  Env* env = Env::Current();
  const std::string db_path = PathOf(kDbFile);
  const std::string meta_path = PathOf(kMetaFile);
  const std::string rekey_path = PathOf(kRekeyFile);

  KeyDesc next;
  SecretBytes key;
  if (!target.passphrase.empty()) {
    next.kind = KeyKind::kPassphrase;
    const bool had = meta_.current.kind == KeyKind::kPassphrase;
    next.opslimit = target.opslimit ? target.opslimit : had ? meta_.current.opslimit : opslimit_;
    next.memlimit = target.memlimit ? target.memlimit : had ? meta_.current.memlimit : memlimit_;
    randombytes_buf(next.salt.data(), next.salt.size());
    TACIT_ASSIGN_OR_RETURN(key, DeriveKey(target.passphrase, next));
  } else {
    if (target.key.size() != 32) return Status(TACIT_ERR_KEY_LENGTH, "key must be exactly 32 bytes");
    next.kind = KeyKind::kRaw;
    TACIT_ASSIGN_OR_RETURN(key, SecretBytes::Copy(target.key.data(), target.key.size()));
  }
  next.check = ComputeKeyCheck(key);
  if (ConstantTimeEqual(key.data(), key_.data(), 32)) {
    if (next.kind == meta_.current.kind && next.kind == KeyKind::kRaw) return Status::OK();  // already this key
    return Status::Invalid("the new key derives the same database key as the current one");
  }

  // 1. The re-encrypted copy, proven before anything refers to it.
  auto abandon = [&](Status s) {
    for (const char* suffix : {"", "-journal"}) (void)env->Unlink(rekey_path + suffix);
    return s;
  };
  Status s = ExportTo(rekey_path, key);
  if (s.ok()) s = VerifyExport(rekey_path, key);
  if (!s.ok()) return abandon(s);
  Result<FileSalt> salt = ReadFileSalt(rekey_path);
  if (!salt.ok()) return abandon(salt.status());

  // 2. Announce it: key.meta names both keys and the new file's salt. A crash from here on is settled at
  //    open by comparing profile.db's first bytes with that salt.
  KeyMeta pending = meta_;
  pending.rekey_pending = true;
  pending.next = next;
  pending.next_file_salt = salt.value();
  s = WriteKeyMeta(meta_path, pending);
  if (!s.ok()) {
    (void)WriteKeyMeta(meta_path, meta_);
    return abandon(s);
  }

  // 3. Empty the WAL into profile.db and close, so no frame of the old file can be applied to the new one.
  auto keep_old = [&](Status failure) {
    Status back = WriteKeyMeta(meta_path, meta_);
    (void)back;
    abandon(Status::OK());
    if (!db_.is_open()) {
      Status again = Connect(&key_);
      if (again.ok()) again = PrepareStatements();
      if (!again.ok()) return Status(again.code(), failure.message() + "; then reopening failed: " + again.message());
    }
    return failure;
  };
  {
    TACIT_ASSIGN_OR_RETURN(Stmt ckpt, db_.Prepare("PRAGMA wal_checkpoint(TRUNCATE)"));
    Result<bool> row = ckpt.Step();
    if (!row.ok()) return keep_old(row.status());
    if (!row.value() || ckpt.Int(0) != 0 || ckpt.Int(1) != ckpt.Int(2))
      return keep_old(Status::IO("rekey: the write-ahead log could not be emptied into the database"));
  }
  // From the close on, nothing may escape half-way (an allocation failure included): the handle is either
  // back under the old key or carries on under the new one.
  const std::string wal_path = db_path + kWalSuffix, shm_path = db_path + "-shm";
  bool renamed = false;
#if defined(__cpp_exceptions)
  try {
#endif
    return SwapIn(pending, next, std::move(key), wal_path, shm_path, rekey_path, &renamed, keep_old);
#if defined(__cpp_exceptions)
  } catch (const std::bad_alloc&) {
    if (renamed) {
      db_.Close();
      return Status(TACIT_ERR_NO_MEMORY, "rekey: done, but out of memory while reopening under the new key; close "
                                         "the handle and open it with the new key");
    }
    return keep_old(Status(TACIT_ERR_NO_MEMORY, "rekey: out of memory"));
  }
#endif
}

template <typename KeepOld>
Status ProfileStore::SwapIn(const KeyMeta& pending, const KeyDesc& next, SecretBytes key, const std::string& wal_path,
                            const std::string& shm_path, const std::string& rekey_path, bool* renamed,
                            KeepOld& keep_old) {
  Env* env = Env::Current();
  const std::string db_path = PathOf(kDbFile);
  const std::string meta_path = PathOf(kMetaFile);
  FinalizeStatements();
  Status s = db_.CloseOrFail();
  if (!s.ok()) return keep_old(Status::Internal("rekey: statements are still open on the profile: " + s.message()));
  s = env->Unlink(wal_path);
  if (s.ok()) s = env->Unlink(shm_path);
  // 4. The commit point: the new file takes profile.db's name.
  if (s.ok()) s = env->Rename(rekey_path, db_path);
  if (!s.ok()) return keep_old(s);
  *renamed = true;
  Status durable = env->SyncDir(dir_);

  // 5. The handle continues under the new key; key.meta forgets the old one (open does it if this fails).
  KeyMeta done = pending;
  done.previous = pending.current;
  done.has_previous = true;
  done.current = next;
  done.rekey_pending = false;
  done.next = KeyDesc();
  done.next_file_salt.fill(0);
  key_ = std::move(key);
  meta_ = pending;  // until the final write below succeeds, the pending form is what is on disk
  s = Connect(&key_);
  if (s.ok()) s = PrepareStatements();
  if (!s.ok()) {
    db_.Close();
    return Status(s.code(), "rekey: done, but the profile could not be reopened under the new key (" + s.message() +
                                "); close the handle and open it with the new key");
  }
  if (!durable.ok()) return Status(durable.code(), "rekey: done, but not yet durable: " + durable.message());
  if (WriteKeyMeta(meta_path, done).ok()) meta_ = done;
  return Status::OK();
}

// Every file a profile may hold, key metadata first: without it a passphrase profile cannot be decrypted.
Status ProfileStore::FinishErase() {
  Status first;
  auto shred = [&](const std::string& path) {
    Status s = ShredFile(path);
    if (first.ok() && !s.ok()) first = s;
  };
  shred(PathOf(kMetaFile));
  shred(PathOf(kMetaFile) + std::string(".tmp"));
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    shred(PathOf(kDbFile) + suffix);
    shred(PathOf(kRekeyFile) + suffix);
  }
  TACIT_RETURN_IF_ERROR(first);
  TACIT_RETURN_IF_ERROR(Env::Current()->SyncDir(dir_));
  // Only now may the tombstone go: every file it stands for is gone for good.
  TACIT_RETURN_IF_ERROR(Env::Current()->Unlink(PathOf(kEraseTombstone)));
  return Env::Current()->SyncDir(dir_);
}

Status ProfileStore::EraseAll() {
  Env* env = Env::Current();
  FinalizeStatements();
  db_.Close();
  key_.Clear();
  static const char kTombstone[] = "tacit erase in progress\n";
  Status s = WriteFileAtomic(PathOf(kEraseTombstone), kTombstone, sizeof kTombstone - 1);
  if (s.ok()) s = FinishErase();
  if (s.ok()) {
    (void)env->Unlink(PathOf(kLockFile));
    (void)env->SyncDir(dir_);
  }
  Unlock();
  if (s.ok()) (void)env->RemoveDir(dir_);  // only succeeds when the host kept nothing else there
  if (!s.ok())
    return Status(s.code(), "erase interrupted (" + s.message() + "); opening the profile again finishes it");
  return s;
}

}  // namespace tacit

// ProfileStore: the encrypted profile on disk (a directory holding profile.db, its -wal/-shm, key.meta and
// a LOCK file; during a rekey profile.rekey.db, during an erase the ERASING tombstone). It validates nothing
// about API arguments (the API layer does) but everything about the file. Every file operation goes through
// Env (env/env.h) and SQLite's through the tacit VFS. Not thread-safe: the owner serialises calls.
// docs/storage.md states what holds after a crash, a full disk or damage.
#ifndef TACIT_STORE_PROFILE_STORE_H_
#define TACIT_STORE_PROFILE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/secret.h"
#include "store/key_meta.h"
#include "store/sqlite.h"
#include "tacit/tacit.h"

namespace tacit {

struct StoreConfig {
  std::string dir;
  SecretBytes key;         // exactly 32 bytes, or
  SecretBytes passphrase;  // a passphrase (Argon2id), or neither when `unencrypted`
  uint64_t opslimit = 2;                 // Argon2id cost for a new profile (libsodium INTERACTIVE)
  uint64_t memlimit = 64ull << 20;
  bool unencrypted = false;  // plain SQLite: for benchmarks only, unreachable from the C API
  int durability = TACIT_DURABILITY_PROCESS_CRASH;
  int target_schema = 0;  // 0 = current; tests open older versions to exercise migrations
  // Retention: events older than (newest stored event - retention_ms) are deleted at open, and an event
  // that old is refused when recorded. 0 keeps everything. The clock never decides what is deleted.
  int64_t retention_ms = 0;
  Clock clock;  // "now" for refusing already-expired events, used only when plausible (core/time.h)
};

// What tacit_rekey moves the profile to: a 32-byte key, or a passphrase (Argon2id with a fresh salt).
struct RekeyTarget {
  SecretBytes key;
  SecretBytes passphrase;
  uint64_t opslimit = 0;  // 0: the profile's current cost if it has one, else the cost it was opened with
  uint64_t memlimit = 0;
};

struct StoredEvent {
  int64_t id = 0;  // insertion order: later events have larger ids
  int32_t type = 0;
  std::string item_id;
  std::vector<std::string> topics;
  int64_t ts = 0;
  double value = 0;
};

// A bounded read of events: from_ms <= ts < to_ms, and only ids up to max_id (events recorded after the read
// began have larger ids and are left out).
struct EventRange {
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  int64_t max_id = INT64_MAX;
};
// Where a paged read stands: the last event read, in (ts, id) order.
struct EventPosition {
  int64_t ts = 0;
  int64_t id = 0;
};

struct StoredConsent {
  int32_t purpose = 0;
  int32_t state = TACIT_CONSENT_UNKNOWN;
  std::string policy_version;
  int64_t ts = 0;
  std::string source;  // "api" or "tcf"
};

struct StoredInterest {
  std::string topic_id;
  double weight = 0;
  int64_t declared_at = 0;
};

class ReportStore;

class ProfileStore {
 public:
  static constexpr char kDbFile[] = "profile.db";
  static constexpr char kMetaFile[] = "key.meta";
  static constexpr char kLockFile[] = "LOCK";
  static constexpr char kRekeyFile[] = "profile.rekey.db";
  static constexpr char kEraseTombstone[] = "ERASING";
  static constexpr char kTopicSeparator = '\x1f';

  // Opens or creates. KEY for a wrong key (with a hint when a rekey changed or was abandoned), CORRUPT for a
  // damaged file, SCHEMA_TOO_NEW for a newer file, BUSY when another handle holds the profile. Finishes an
  // interrupted erase first (the profile then starts fresh) and settles an interrupted rekey (exactly one
  // key opens the profile). Otherwise, on failure, nothing in the directory has been modified.
  static Result<std::unique_ptr<ProfileStore>> Open(StoreConfig config);
  ~ProfileStore();
  ProfileStore(const ProfileStore&) = delete;
  ProfileStore& operator=(const ProfileStore&) = delete;

  // Events must already be validated. All or nothing. INVALID_ARGUMENT for an event already past retention.
  Status RecordEvents(const tacit_event_t* events, size_t count);
  Result<uint64_t> EventCount();
  // Deletes events older than `before_ms` (data minimisation); returns how many.
  Result<uint64_t> PruneEvents(int64_t before_ms);
  Result<std::vector<StoredEvent>> ReadEvents(int64_t since_ms, size_t limit);
  // Events with id > after_id and ts >= since_ms in id order, at most `limit` (a page of a long scan).
  Result<std::vector<StoredEvent>> ReadEventsAfter(int64_t after_id, int64_t since_ms, size_t limit);
  // The events of `range` in (ts, id) order, after `after` (null: from the start), at most `limit` (0 = all):
  // one page of a read that holds only a page in memory. Uses the index on ts.
  Result<std::vector<StoredEvent>> ReadEventPage(const EventRange& range, const EventPosition* after, size_t limit);
  Result<int64_t> NewestEventId();  // the largest event id; 0 when there is none
  // How many stored events were deleted through this store since it was opened (forgotten, pruned). A read
  // that spans several calls compares it to know that none of the events it has yet to read went away.
  uint64_t events_deleted() const { return events_deleted_; }
  // A stored event as a scan passes it on: views into the row, valid only during the call. No value.
  struct EventRow {
    int64_t id = 0;
    int32_t type = 0;
    std::string_view item_id;
    std::string_view topics;  // the host's topic ids joined by kTopicSeparator ("" for none)
    int64_t ts = 0;
  };
  // The events ReadEventsAfter returns, passed to `f` one by one instead of copied; returns how many.
  Result<size_t> ScanEventsAfter(int64_t after_id, int64_t since_ms, size_t limit,
                                 const std::function<void(const EventRow&)>& f);

  Status DeclareInterest(std::string_view topic_id, double weight, int64_t now_ms);
  Status UndeclareInterest(std::string_view topic_id);  // NOT_FOUND when not declared
  Result<std::vector<StoredInterest>> ReadInterests();

  // The active catalog's signed envelope; NOT_FOUND when none was stored. Saving also raises the
  // "catalog" version floor, in the same transaction.
  Status SaveCatalog(const uint8_t* envelope, size_t len, uint64_t version, int64_t now_ms);
  Result<std::string> LoadCatalog();

  enum FeedbackKind : int { kNotInterestedItem = 1, kNotInterestedTopic = 2, kForgotInferred = 3 };
  struct Feedback {
    int kind;
    std::string target;
    int64_t ts;
  };
  // Adds (or, for kForgotInferred, refreshes the time of) a feedback entry.
  Status AddFeedback(FeedbackKind kind, std::string_view target, int64_t now_ms);
  Result<std::vector<Feedback>> ReadFeedback();
  // Deletes events about a topic: those naming it, and those on the given items. Returns how many.
  Result<uint64_t> DeleteTopicEvents(std::string_view topic_id, const std::vector<std::string>& item_ids);

  // Consent: the current record per purpose (purposes never asked are absent) and the history, oldest first.
  Result<std::vector<StoredConsent>> ReadConsents();
  Result<std::vector<StoredConsent>> ReadConsentHistory();
  // In one transaction: replaces each purpose's record, appends it to the history, and deletes the queued
  // reports of every purpose whose new state is not given.
  Status WriteConsents(const std::vector<StoredConsent>& records);

  // The topic and item ids this device has seen marked sensitive, in any catalog; only ever grows (until
  // EraseAll). Remembering an id already held changes nothing.
  struct SensitiveIds {
    std::vector<std::string> topics;
    std::vector<std::string> items;
  };
  Result<SensitiveIds> ReadSensitiveIds();
  Status RememberSensitiveIds(const SensitiveIds& ids, int64_t now_ms);

  // Rollback floors: the highest version of a signed artefact ("catalog", "plan") ever activated on this
  // device; 0 when none. Raising never lowers a floor.
  Result<uint64_t> VersionFloor(std::string_view artefact);
  Status RaiseVersionFloor(std::string_view artefact, uint64_t version, int64_t now_ms);

  Status SetSetting(std::string_view key, std::string_view value);
  Result<std::string> GetSetting(std::string_view key);  // NOT_FOUND when absent

  // Re-encrypts under a new key or passphrase (either kind from either kind): exports into a new file,
  // proves with a fresh connection that the new key opens it and the old one does not, then renames it over
  // profile.db. Any failure before the rename leaves the store working under the old key; a crash at any
  // point leaves exactly one key that opens the profile.
  Status Rekey(const RekeyTarget& target);
  Status Rekey(const uint8_t* new_key);  // a 32-byte key
  // The whole file: every page authenticated as read from disk, and the structure of every b-tree. CORRUPT
  // names the first damage found. Reads every page: its cost grows with the file (open checks a share of it).
  Status CheckIntegrity();

  // Deletes every file of the profile; the store is unusable afterwards. A durable tombstone comes first,
  // so an interrupted erase is finished by the next Open.
  Status EraseAll();

  // The reporting path's tables (store/report_store.h).
  ReportStore Reports();

  const std::string& dir() const { return dir_; }
  std::string PathOf(const char* file) const { return dir_ + "/" + file; }

 private:
  friend struct StoreTestPeer;  // tests/support/store_peer.h: white-box access to the database
  Db& db() { return db_; }
  ProfileStore() = default;
  Status Lock();
  void Unlock();
  Status OpenDatabase(StoreConfig& config);
  Status Connect(const SecretBytes* key);
  Status ConnectOnce(const SecretBytes* key);
  Status PrepareStatements();
  void FinalizeStatements();
  Status ApplyKey(Db& db, const SecretBytes& key);
  Status ApplyRetention();
  Status CheckPagesAtOpen();
  Status CheckPages(uint64_t first, uint64_t count, uint64_t pages);
  Status ExportTo(const std::string& path, const SecretBytes& key);
  Status VerifyExport(const std::string& path, const SecretBytes& new_key);
  Status VerifyExportOnce(const std::string& path, const SecretBytes& new_key);
  template <typename KeepOld>
  Status SwapIn(const KeyMeta& pending, const KeyDesc& next, SecretBytes key, const std::string& wal_path,
                const std::string& shm_path, const std::string& rekey_path, bool* renamed, KeepOld& keep_old);
  Status FinishErase();
  void Shutdown();
  static int OnCommit(void* self);

  std::string dir_;
  int lock_fd_ = -1;
  std::pair<uint64_t, uint64_t> lock_id_;  // LOCK's device and inode
  bool encrypted_ = true;
  int durability_ = TACIT_DURABILITY_PROCESS_CRASH;
  uint64_t opslimit_ = 0, memlimit_ = 0;
  int64_t retention_ms_ = 0;
  uint64_t events_deleted_ = 0;
  Clock clock_;
  KeyMeta meta_;     // as last written (encrypted stores)
  SecretBytes key_;  // the live database key (encrypted stores)
  uint64_t db_dev_ = 0, db_ino_ = 0;  // profile.db as opened: a commit checks it is still there
  std::string db_path_;
  Db db_;
  Stmt insert_event_;
  Stmt scan_events_;  // ScanEventsAfter's, prepared at its first use and kept: a model build runs it per page
  std::string topics_buf_;
};

}  // namespace tacit

#endif  // TACIT_STORE_PROFILE_STORE_H_

// ProfileStore: the encrypted profile on disk (a directory holding profile.db, its -wal/-shm, key.meta and
// a LOCK file). It validates nothing about API arguments (the API layer does) but everything about the
// file. Not thread-safe: the owner serialises calls.
#ifndef TACIT_STORE_PROFILE_STORE_H_
#define TACIT_STORE_PROFILE_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
};

struct StoredEvent {
  int32_t type = 0;
  std::string item_id;
  std::vector<std::string> topics;
  int64_t ts = 0;
  double value = 0;
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

class ProfileStore {
 public:
  static constexpr char kDbFile[] = "profile.db";
  static constexpr char kMetaFile[] = "key.meta";
  static constexpr char kLockFile[] = "LOCK";
  static constexpr char kTopicSeparator = '\x1f';

  // Opens or creates. KEY for a wrong key, CORRUPT for a damaged file, SCHEMA_TOO_NEW for a newer file,
  // BUSY when another handle holds the profile. On failure nothing in the directory has been modified.
  static Result<std::unique_ptr<ProfileStore>> Open(StoreConfig config);
  ~ProfileStore();
  ProfileStore(const ProfileStore&) = delete;
  ProfileStore& operator=(const ProfileStore&) = delete;

  // Events must already be validated. All or nothing.
  Status RecordEvents(const tacit_event_t* events, size_t count);
  Result<uint64_t> EventCount();
  // Deletes events older than `before_ms` (data minimisation); returns how many.
  Result<uint64_t> PruneEvents(int64_t before_ms);
  Result<std::vector<StoredEvent>> ReadEvents(int64_t since_ms, size_t limit);

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

  // Re-encrypts in place under a 32-byte key (a passphrase profile becomes a raw-key profile).
  Status Rekey(const uint8_t* new_key);
  // Deletes every file of the profile; the store is unusable afterwards.
  Status EraseAll();

  Db& db() { return db_; }
  const std::string& dir() const { return dir_; }
  std::string PathOf(const char* file) const { return dir_ + "/" + file; }

 private:
  ProfileStore() = default;
  Status OpenDatabase(StoreConfig& config);
  Status ApplyKey(const SecretBytes& key);
  void Shutdown();

  std::string dir_;
  int lock_fd_ = -1;
  bool encrypted_ = true;
  Db db_;
  Stmt insert_event_;
  std::string topics_buf_;
};

}  // namespace tacit

#endif  // TACIT_STORE_PROFILE_STORE_H_

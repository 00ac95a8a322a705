// Session: one open profile and everything derived from it (the active catalog's index, the profile model,
// consent and pause state). The C API's tacit_t wraps exactly one Session; the extern "C" layer only
// validates arguments that need no state, converts types and stops errors at the boundary.
//
// Thread safety: every public method may be called from any thread. Each takes the session's lock for
// its whole length, so calls are atomic with respect to each other. The clock callback runs with the lock
// held. After EraseAll every method returns TACIT_ERR_CLOSED. Destruction must not race with calls.
#ifndef TACIT_SESSION_SESSION_H_
#define TACIT_SESSION_SESSION_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "consent/consent.h"
#include "core/clock.h"
#include "core/status.h"
#include "rank/profile_model.h"
#include "rank/ranker.h"
#include "report/reporter.h"
#include "store/profile_store.h"
#include "tacit/tacit.h"

namespace tacit {

struct SessionConfig {
  StoreConfig store;
  Clock clock;
  std::vector<CatalogPublicKey> brand_keys;
  std::string brand_id;
  int64_t half_life_ms = 14 * kMsPerDay;
};

struct CatalogSummary {
  uint64_t version = 0;
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;
  size_t item_count = 0;
  size_t topic_count = 0;
  size_t metric_count = 0;
};

// A rank request whose stateless fields are already validated (k, surface, exploration, locale, ids).
struct RankQuery {
  size_t k = 20;
  int32_t surface = TACIT_SURFACE_FEED;
  int64_t now_ms = 0;  // 0 = the session's clock; else checked against it
  std::string locale;
  const char* const* candidate_ids = nullptr;  // borrowed for the call
  size_t candidate_count = 0;
  uint64_t seed = 0;
  double exploration = 0.1;
  uint32_t frequency_cap = 3;
};

// A ranking and the index that keeps its ids and titles alive.
struct RankedList {
  std::shared_ptr<const RankIndex> index;
  std::vector<RankedItem> items;
};

class Session {
 public:
  // Opens the store (which prunes expired behaviour), restores the stored catalog, reads consent and pause.
  static Result<std::unique_ptr<Session>> Open(SessionConfig config);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Status Rekey(const uint8_t* new_key);  // exactly TACIT_KEY_BYTES bytes
  Status Rekey(const RekeyTarget& target);  // a key or a passphrase
  Status EraseAll();                     // the session is closed afterwards, whatever the outcome

  // Validates every event against the clock, then stores all or none (nothing while paused).
  Status RecordEvents(const tacit_event_t* events, size_t count);
  Result<uint64_t> EventCount();
  Result<std::vector<StoredEvent>> ReadEvents(int64_t since_ms, size_t limit);

  Status DeclareInterest(const char* topic_id, double weight);
  Status UndeclareInterest(const char* topic_id);
  Result<std::vector<StoredInterest>> ReadInterests();

  Status LoadCatalog(const uint8_t* envelope, size_t len);
  Result<CatalogSummary> CatalogInfo();
  // The active catalog itself (immutable, shared); NO_CATALOG when none is active.
  Result<std::shared_ptr<const Catalog>> ActiveCatalog();
  Status NotInterestedItem(const char* item_id);
  Status NotInterestedTopic(const char* topic_id);

  Result<RankedList> Rank(const RankQuery& query);
  Result<RankedList> Explain(const char* item_id);

  // REQUIRES: purposes and states validated.
  Status SetConsents(const std::vector<ConsentChange>& changes, const std::string& policy_version,
                     const char* source);
  Result<int32_t> GetConsent(int32_t purpose);

  Result<PrepareOutcome> PrepareReports();
  // The oldest queued report; NOT_FOUND when the outbox is empty.
  Result<QueuedReport> OutboxNext();
  Status OutboxAck(const uint8_t* report_id);  // kReportIdBytes bytes
  Result<uint64_t> OutboxSize();

  Result<std::string> ExportJson();
  Result<std::string> PreviewJson();
  Status ForgetInferred(const char* topic_id);
  Status ForgetTopicBehaviour(const char* topic_id);
  Status SetPaused(bool paused);

 private:
  explicit Session(SessionConfig config);

  // REQUIRES for every helper below: mu_ held and store_ open.
  Status CheckOpen() const;
  void ActivateCatalog(std::shared_ptr<const Catalog> catalog);
  Status RestoreCatalog();
  Status RefreshControls();
  Result<ProfileModel*> CurrentModel();
  Status ToRankRequest(const RankQuery& in, RankRequest* out);
  Result<PrepareOutcome> PrepareLocked();
  Status BuildExport(std::string* out);
  bool personalization() const { return personalization_consent_ && !paused_; }

  std::mutex mu_;  // guards everything below
  std::unique_ptr<ProfileStore> store_;  // null once erased
  const Clock clock_;
  const std::vector<CatalogPublicKey> brand_keys_;
  const std::string brand_id_;
  const int64_t half_life_ms_;
  std::shared_ptr<const RankIndex> index_;  // null: no active catalog
  std::unique_ptr<ProfileModel> model_;     // null: rebuild before next use
  RankScratch scratch_;
  bool personalization_consent_ = false;  // unknown means no
  bool paused_ = false;                   // the user paused personalisation
};

}  // namespace tacit

#endif  // TACIT_SESSION_SESSION_H_

// Session: one open profile and everything derived from it (the active catalog's index, the profile model,
// consent and pause state). The C API's tacit_t wraps exactly one Session; the extern "C" layer only
// validates arguments that need no state, converts types and stops errors at the boundary.
//
// Thread safety: every public method may be called from any thread. Each takes the session's lock, a
// fair (first come, first served) ticket lock, so calls are atomic with respect to each other and none
// waits behind more than the calls queued before it. Two exceptions to "for its whole length":
// - building the profile model (the first rank, explain or export after open, a catalog change or a
//   forget) reads the stored events in pages of kModelPageEvents and lets queued calls run between pages;
//   it finishes before the call that needed it does anything else, so that call still sees one state;
// - report preparation reads the due windows' events in pages the same way, and writes its decisions and
//   reports only if consent, the ledger and the stored events did not change meanwhile (else it prepares
//   once more holding the lock), so its result is that of one consistent state (docs/reporting.md).
// The clock callback runs with the lock held. After EraseAll every method returns TACIT_ERR_CLOSED.
// Destruction must not race with calls.
#ifndef TACIT_SESSION_SESSION_H_
#define TACIT_SESSION_SESSION_H_

#include <memory>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "consent/consent.h"
#include "model/plan.h"
#include "core/clock.h"
#include "core/fair_mutex.h"
#include "core/status.h"
#include "dap/dap09.h"
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
  std::vector<uint8_t> plan;  // the signed measurement plan; empty = none (nothing is reported)
  double host_epsilon_24h = 0, host_epsilon_365d = 0;  // the host's lower bounds; 0 = the plan's
};

struct CatalogSummary {
  uint64_t version = 0;
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;
  size_t item_count = 0;
  size_t topic_count = 0;
  size_t metric_count = 0;
  bool stale = false;  // past expires_at_ms by the session's clock
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
  bool include_consumed = false;
};

// A ranking and the index that keeps its ids and titles alive.
struct RankedList {
  std::shared_ptr<const RankIndex> index;
  std::vector<RankedItem> items;
};

class Session {
 public:
  // Events read per page while building the model (a page takes a few ms on a phone-class core).
  static constexpr size_t kModelPageEvents = 2048;

  // Verifies the measurement plan (if any) under the brand keys, opens the store (which prunes expired
  // behaviour), restores the stored catalog, reads consent and pause.
  static Result<std::unique_ptr<Session>> Open(SessionConfig config);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Status Rekey(const uint8_t* new_key);  // exactly TACIT_KEY_BYTES bytes
  Status Rekey(const RekeyTarget& target);  // a key or a passphrase
  Status CheckIntegrity();               // the whole file (ProfileStore::CheckIntegrity)
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

  // DAP (session_dap.cc): the aggregators' HPKE configs, as the host handed them over.
  Status DapSetHpkeConfigs(const dap::TaskId& task, dap::Role role, const uint8_t* list, size_t len,
                           int64_t expires_at_ms);
  Result<dap::ActiveConfig> DapConfig(const dap::TaskId& task, dap::Role role);

 private:
  explicit Session(SessionConfig config);

  // REQUIRES for every helper below: mu_ held and store_ open.
  Status CheckOpen() const;
  Status CheckKnownTopic(const char* topic_id) const;  // TACIT_ERR_UNKNOWN_ID when a catalog is active
  Status CheckKnownItem(const char* item_id) const;    // and does not hold the id
  // Indexes a verified catalog with everything this device remembers as sensitive, and remembers what the
  // catalog newly marks sensitive (a later catalog cannot un-flag it).
  Result<std::shared_ptr<const RankIndex>> IndexCatalog(std::shared_ptr<const Catalog> catalog);
  void ActivateIndex(std::shared_ptr<const RankIndex> index);  // the model is rebuilt lazily
  // The filter of which events count for a purpose (rank/evidence.h), from the stored consent history, the
  // declarations and the feedback. Requires an active catalog.
  Result<Evidence> BuildEvidence(Evidence::Purpose purpose);
  bool IsSensitiveTopic(const std::string& topic_id) const;  // in the active catalog or this device's memory
  Status RestoreCatalog();
  Status RefreshControls();
  // The model, built if needed. May yield the lock between pages (see above): call it before reading
  // anything else from the session's state, and hold no pointer into that state across it.
  Result<ProfileModel*> CurrentModel();
  // Drops the model and any build in progress (a catalog change, a forget).
  void ResetModel();
  // Applies `f` to the model and to a build in progress, so neither misses a change.
  template <typename F>
  void ForEachModel(F&& f) {
    if (model_) f(*model_);
    if (building_) f(*building_->model);
  }
  Status ToRankRequest(const RankQuery& in, RankRequest* out);
  Result<PrepareOutcome> PrepareLocked();
  friend struct SessionTestPeer;  // tests read the evidence and metrics the reporting path would use
  Status BuildExport(std::string* out);
  BudgetBounds Bounds() const;  // the bounds in force; zero without a plan
  bool personalization() const { return personalization_consent_ && !paused_; }

  // A model under construction, page by page; changes made between pages are applied to it as well.
  struct ModelBuild {
    std::unique_ptr<ProfileModel> model;
    int64_t after_id = 0;  // events up to this id are applied
    int64_t since_ms = 0;  // events older than this do not count
  };

  FairMutex mu_;  // guards everything below
  std::unique_ptr<ProfileStore> store_;  // null once erased
  const Clock clock_;
  const std::vector<CatalogPublicKey> brand_keys_;
  const std::string brand_id_;
  const int64_t half_life_ms_;
  std::shared_ptr<const Plan> plan_;        // null: no measurement plan, nothing is reported
  uint64_t plan_rolled_back_from_ = 0;      // > 0: plan_ is older than this version, already used here
  double host_epsilon_24h_ = 0, host_epsilon_365d_ = 0;
  std::shared_ptr<const RankIndex> index_;  // null: no active catalog
  std::unique_ptr<ProfileModel> model_;     // null: rebuild before next use
  std::unique_ptr<ModelBuild> building_;    // non-null while a build is between pages
  RankScratch scratch_;
  bool personalization_consent_ = false;  // unknown means no
  bool paused_ = false;                   // the user paused personalisation
  dap::ConfigSet dap_configs_;            // in memory only: the host sets them after each open
};

}  // namespace tacit

#endif  // TACIT_SESSION_SESSION_H_

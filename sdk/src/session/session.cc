// Session: open/close, rekey/erase, events, interests, consent and the user's controls.
#include "session/session.h"

#include <algorithm>

#include "core/time.h"
#include "core/validate.h"
#include "plan/loader.h"

namespace tacit {

Session::Session(SessionConfig config)
    : clock_(config.clock),
      brand_keys_(std::move(config.brand_keys)),
      brand_id_(std::move(config.brand_id)),
      half_life_ms_(config.half_life_ms),
      host_epsilon_24h_(config.host_epsilon_24h),
      host_epsilon_365d_(config.host_epsilon_365d) {}

Session::~Session() = default;

Result<std::unique_ptr<Session>> Session::Open(SessionConfig config) {
  // The plan first: a plan that does not verify fails the open before the profile is touched.
  std::shared_ptr<const Plan> plan;
  if (!config.plan.empty()) {
    TACIT_ASSIGN_OR_RETURN(plan, LoadSignedPlan(config.plan.data(), config.plan.size(), config.brand_keys,
                                                config.brand_id));
  }
  // Data minimisation at open, relative to the newest stored event (never to the clock).
  config.store.retention_ms = SatMul(kRetentionHalfLives, config.half_life_ms);
  config.store.clock = config.clock;
  TACIT_ASSIGN_OR_RETURN(auto store, ProfileStore::Open(std::move(config.store)));
  std::unique_ptr<Session> s(new Session(std::move(config)));
  std::lock_guard<FairMutex> lock(s->mu_);
  s->store_ = std::move(store);
  s->plan_ = std::move(plan);
  if (s->plan_) {
    // The plan's rollback floor: an older plan than one this device already used opens (the app must keep
    // working) but reports nothing; the same or a newer one raises the floor.
    TACIT_ASSIGN_OR_RETURN(uint64_t floor, s->store_->VersionFloor("plan"));
    if (s->plan_->version < floor) {
      s->plan_rolled_back_from_ = floor;
    } else {
      TACIT_RETURN_IF_ERROR(s->store_->RaiseVersionFloor("plan", s->plan_->version, s->clock_.Now()));
    }
  }
  TACIT_RETURN_IF_ERROR(s->RestoreCatalog());
  TACIT_RETURN_IF_ERROR(s->RefreshControls());
  return s;
}

Status Session::CheckOpen() const {
  if (!store_) return Status(TACIT_ERR_CLOSED, "the profile was erased; close this handle");
  return Status::OK();
}

Status Session::RefreshControls() {
  TACIT_ASSIGN_OR_RETURN(ConsentRecord p, tacit::GetConsent(*store_, TACIT_PURPOSE_PERSONALIZATION));
  personalization_consent_ = p.state == TACIT_CONSENT_GIVEN;
  Result<std::string> paused = store_->GetSetting("paused");
  if (!paused.ok() && paused.status().code() != TACIT_ERR_NOT_FOUND) return paused.status();
  paused_ = paused.ok() && paused.value() == "1";
  return Status::OK();
}

Status Session::Rekey(const uint8_t* new_key) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return store_->Rekey(new_key);
}

Status Session::Rekey(const RekeyTarget& target) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return store_->Rekey(target);
}

Status Session::CheckIntegrity() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return store_->CheckIntegrity();
}

Status Session::EraseAll() {
  std::lock_guard<FairMutex> lock(mu_);
  if (!store_) return Status(TACIT_ERR_CLOSED, "the profile was already erased");
  Status s = store_->EraseAll();
  store_.reset();
  ResetModel();
  return s;
}

Status Session::RecordEvents(const tacit_event_t* events, size_t count) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  const int64_t now = clock_.Now();
  for (size_t i = 0; i < count; ++i) {
    Status v = ValidateEvent(events[i], now);
    if (!v.ok()) return Status(v.code(), "event " + std::to_string(i) + ": " + v.message());
  }
  if (paused_) return Status::OK();  // paused: accepted and not stored (documented)
  TACIT_RETURN_IF_ERROR(store_->RecordEvents(events, count));
  // A build in progress reads these events from the store in a later page (their ids are larger).
  if (model_) {
    std::vector<std::string> topics;
    for (size_t i = 0; i < count; ++i) {
      const tacit_event_t& e = events[i];
      topics.assign(e.topic_ids, e.topic_ids + e.topic_count);
      model_->Apply(e.type, e.item_id, topics, e.timestamp_ms, e.value);
    }
  }
  return Status::OK();
}

Result<uint64_t> Session::EventCount() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return store_->EventCount();
}

Result<std::vector<StoredEvent>> Session::ReadEvents(int64_t since_ms, size_t limit) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return store_->ReadEvents(since_ms, limit);
}

// With a catalog active, an id the host names must be the catalog's own.
Status Session::CheckKnownTopic(const char* topic_id) const {
  if (index_ && !index_->catalog->topic_index.count(topic_id))
    return Status(TACIT_ERR_UNKNOWN_ID, std::string("topic \"") + topic_id + "\" is not in the active catalog");
  return Status::OK();
}

Status Session::CheckKnownItem(const char* item_id) const {
  if (index_ && !index_->catalog->item_index.count(item_id))
    return Status(TACIT_ERR_UNKNOWN_ID, std::string("item \"") + item_id + "\" is not in the active catalog");
  return Status::OK();
}

Status Session::DeclareInterest(const char* topic_id, double weight) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_RETURN_IF_ERROR(CheckKnownTopic(topic_id));
  TACIT_RETURN_IF_ERROR(store_->DeclareInterest(topic_id, weight, clock_.Now()));
  ForEachModel([&](ProfileModel& m) { m.Declare(topic_id, weight); });
  if (IsSensitiveTopic(topic_id)) ResetModel();  // re-judge the events on its items
  return Status::OK();
}

Status Session::UndeclareInterest(const char* topic_id) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_RETURN_IF_ERROR(store_->UndeclareInterest(topic_id));
  ForEachModel([&](ProfileModel& m) { m.Undeclare(topic_id); });
  if (IsSensitiveTopic(topic_id)) ResetModel();  // re-judge the events on its items
  return Status::OK();
}

Result<std::vector<StoredInterest>> Session::ReadInterests() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return store_->ReadInterests();
}

Status Session::NotInterestedItem(const char* item_id) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_RETURN_IF_ERROR(CheckKnownItem(item_id));
  TACIT_RETURN_IF_ERROR(store_->AddFeedback(ProfileStore::kNotInterestedItem, item_id, clock_.Now()));
  ForEachModel([&](ProfileModel& m) { m.BlockItem(item_id); });
  return Status::OK();
}

Status Session::NotInterestedTopic(const char* topic_id) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_RETURN_IF_ERROR(CheckKnownTopic(topic_id));
  TACIT_RETURN_IF_ERROR(store_->AddFeedback(ProfileStore::kNotInterestedTopic, topic_id, clock_.Now()));
  ForEachModel([&](ProfileModel& m) { m.SuppressTopic(topic_id); });
  return Status::OK();
}

Status Session::SetConsents(const std::vector<ConsentChange>& changes, const std::string& policy_version,
                            const char* source) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_ASSIGN_OR_RETURN(size_t changed, tacit::SetConsents(*store_, changes, policy_version, clock_.Now(), source));
  if (changed) ResetModel();  // the windows of consented behaviour changed
  return RefreshControls();
}

Result<int32_t> Session::GetConsent(int32_t purpose) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_ASSIGN_OR_RETURN(ConsentRecord r, tacit::GetConsent(*store_, purpose));
  return r.state;
}

Status Session::ForgetInferred(const char* topic_id) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_RETURN_IF_ERROR(store_->AddFeedback(ProfileStore::kForgotInferred, topic_id, clock_.Now()));
  ResetModel();
  return Status::OK();
}

Status Session::ForgetTopicBehaviour(const char* topic_id) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  std::vector<std::string> items;
  if (index_) {
    const Catalog& c = *index_->catalog;
    auto t = c.topic_index.find(topic_id);
    if (t != c.topic_index.end())
      for (size_t i = 0; i < c.items.size(); ++i)
        for (const auto& it : c.items[i].topics)
          if (it.topic == t->second) {
            items.push_back(c.items[i].id);
            break;
          }
  }
  TACIT_RETURN_IF_ERROR(store_->DeleteTopicEvents(topic_id, items).status());
  ResetModel();
  return Status::OK();
}

Status Session::SetPaused(bool paused) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_RETURN_IF_ERROR(store_->SetSetting("paused", paused ? "1" : "0"));
  return RefreshControls();
}

}  // namespace tacit

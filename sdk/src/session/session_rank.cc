// Session: the active catalog, the profile model, ranking and explanations.
#include <algorithm>

#include "core/time.h"
#include "core/validate.h"
#include "session/session.h"

namespace tacit {

Result<std::shared_ptr<const RankIndex>> Session::IndexCatalog(std::shared_ptr<const Catalog> catalog) {
  TACIT_ASSIGN_OR_RETURN(ProfileStore::SensitiveIds seen, store_->ReadSensitiveIds());
  auto memory = std::make_shared<SensitiveMemory>();
  memory->topics.insert(seen.topics.begin(), seen.topics.end());
  memory->items.insert(seen.items.begin(), seen.items.end());
  std::shared_ptr<const RankIndex> index = RankIndex::Build(std::move(catalog), std::move(memory));
  SensitiveMemory fresh = index->NewlySensitive();
  ProfileStore::SensitiveIds add;
  add.topics.assign(fresh.topics.begin(), fresh.topics.end());
  add.items.assign(fresh.items.begin(), fresh.items.end());
  TACIT_RETURN_IF_ERROR(store_->RememberSensitiveIds(add, clock_.Now()));
  return index;
}

void Session::ActivateIndex(std::shared_ptr<const RankIndex> index) {
  index_ = std::move(index);
  ResetModel();
}

void Session::ResetModel() {
  model_.reset();
  building_.reset();
}

bool Session::IsSensitiveTopic(const std::string& topic_id) const {
  if (!index_) return false;
  auto t = index_->catalog->topic_index.find(topic_id);
  return t != index_->catalog->topic_index.end() ? index_->topic_sensitive[t->second] != 0
                                                 : index_->memory->topics.count(topic_id) != 0;
}

Result<Evidence> Session::BuildEvidence(Evidence::Purpose purpose) {
  if (!index_) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active: load one with tacit_load_catalog");
  TACIT_ASSIGN_OR_RETURN(auto history, ConsentHistory(*store_));
  const int32_t p = purpose == Evidence::Purpose::kPersonalization ? TACIT_PURPOSE_PERSONALIZATION : TACIT_PURPOSE_MEASUREMENT;
  Evidence evidence(index_, purpose, GivenWindows(history, p));
  TACIT_ASSIGN_OR_RETURN(auto interests, store_->ReadInterests());
  for (const auto& i : interests) evidence.Declare(i.topic_id, i.weight > 0);
  TACIT_ASSIGN_OR_RETURN(auto feedback, store_->ReadFeedback());
  for (const auto& f : feedback) {
    if (f.kind == ProfileStore::kNotInterestedItem) evidence.BlockItem(f.target);
    if (f.kind == ProfileStore::kNotInterestedTopic) evidence.SuppressTopic(f.target);
    if (f.kind == ProfileStore::kForgotInferred) evidence.Forget(f.target, f.ts);
  }
  return evidence;
}

Status Session::RestoreCatalog() {
  Result<std::string> stored = store_->LoadCatalog();
  if (!stored.ok()) return stored.status().code() == TACIT_ERR_NOT_FOUND ? Status::OK() : stored.status();
  // Re-verified on every open: signature, verifier and semantics. The validity window is not re-applied:
  // an active catalog keeps serving until a newer one replaces it.
  LoadPolicy policy;
  policy.expected_brand = brand_id_;
  const auto* bytes = reinterpret_cast<const uint8_t*>(stored.value().data());
  auto checked = LoadSignedCatalogChecked(bytes, stored.value().size(), brand_keys_, policy);
  if (!checked.ok()) return Status::OK();
  if (!checked.value().policy.ok()) {
    // Validity errors are expected for an old catalog; anything else means keys or brand changed.
    const tacit_status c = checked.value().policy.code();
    if (c != TACIT_ERR_CATALOG_EXPIRED && c != TACIT_ERR_CATALOG_NOT_YET_VALID) return Status::OK();
  }
  TACIT_ASSIGN_OR_RETURN(auto index, IndexCatalog(checked.value().catalog));
  ActivateIndex(std::move(index));
  return Status::OK();
}

Result<ProfileModel*> Session::CurrentModel() {
  for (;;) {
    TACIT_RETURN_IF_ERROR(CheckOpen());  // the profile may have been erased while the lock was yielded
    if (!index_) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active: load one with tacit_load_catalog");
    if (model_) return model_.get();
    if (!building_) {
      const int64_t now = clock_.Now();
      auto b = std::make_unique<ModelBuild>();
      // Only behaviour while personalisation was given counts for ranking (declarations and feedback always do).
      TACIT_ASSIGN_OR_RETURN(auto history, ConsentHistory(*store_));
      Evidence evidence(index_, Evidence::Purpose::kPersonalization,
                        GivenWindows(history, TACIT_PURPOSE_PERSONALIZATION));
      b->model = std::make_unique<ProfileModel>(index_, half_life_ms_, now, std::move(evidence));
      TACIT_ASSIGN_OR_RETURN(auto interests, store_->ReadInterests());
      for (const auto& i : interests) b->model->Declare(i.topic_id, i.weight);
      TACIT_ASSIGN_OR_RETURN(auto feedback, store_->ReadFeedback());
      for (const auto& f : feedback) {
        if (f.kind == ProfileStore::kNotInterestedItem) b->model->BlockItem(f.target);
        if (f.kind == ProfileStore::kNotInterestedTopic) b->model->SuppressTopic(f.target);
        if (f.kind == ProfileStore::kForgotInferred) b->model->Forget(f.target, f.ts);
      }
      // Only retained events count (kRetentionHalfLives); the week's counts need 7 days.
      const int64_t horizon = std::max<int64_t>(SatMul(kRetentionHalfLives, half_life_ms_), ProfileModel::kWeekMs);
      b->since_ms = SaturatingSub(now, horizon);
      building_ = std::move(b);
    }
    ModelBuild& b = *building_;
    ProfileModel& m = *b.model;
    TACIT_ASSIGN_OR_RETURN(size_t read, store_->ScanEventsAfter(b.after_id, b.since_ms, kModelPageEvents,
                                                                [&](const ProfileStore::EventRow& e) {
                                                                  m.ApplyStored(e.type, e.item_id, e.topics, e.ts);
                                                                  b.after_id = e.id;
                                                                }));
    if (read < kModelPageEvents) {  // caught up with the store: events recorded from now on apply directly
      model_ = std::move(b.model);
      building_.reset();
      return model_.get();
    }
    if (mu_.contended()) mu_.yield();  // the build stays; whoever holds the lock next may continue it
  }
}

Status Session::LoadCatalog(const uint8_t* envelope, size_t len) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  LoadPolicy policy;
  policy.expected_brand = brand_id_;
  // The rollback floor is the highest version ever activated on this device, persisted in the profile.
  TACIT_ASSIGN_OR_RETURN(uint64_t floor, store_->VersionFloor("catalog"));
  policy.active_version = std::max<uint64_t>(floor, index_ ? index_->catalog->version : 0);
  policy.now_ms = clock_.Now();
  TACIT_ASSIGN_OR_RETURN(auto catalog, LoadSignedCatalog(envelope, len, brand_keys_, policy));
  TACIT_ASSIGN_OR_RETURN(auto index, IndexCatalog(catalog));
  TACIT_RETURN_IF_ERROR(store_->SaveCatalog(envelope, len, catalog->version, policy.now_ms));
  ActivateIndex(std::move(index));
  return Status::OK();
}

Result<std::shared_ptr<const Catalog>> Session::ActiveCatalog() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  if (!index_) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active");
  return index_->catalog;
}

Result<CatalogSummary> Session::CatalogInfo() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  if (!index_) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active");
  const Catalog& c = *index_->catalog;
  CatalogSummary s;
  s.version = c.version;
  s.issued_at_ms = c.issued_at_ms;
  s.expires_at_ms = c.expires_at_ms;
  s.item_count = c.items.size();
  s.topic_count = c.topics.size();
  s.metric_count = plan_ ? plan_->metrics.size() : 0;  // catalogs carry no metrics
  s.stale = clock_.Now() >= c.expires_at_ms;
  return s;
}

Status Session::ToRankRequest(const RankQuery& in, RankRequest* out) {
  if (in.now_ms != 0) TACIT_RETURN_IF_ERROR(ValidateTimestamp(in.now_ms, clock_.Now(), "now_ms"));
  out->k = in.k;
  out->surface = in.surface;
  out->now_ms = in.now_ms ? in.now_ms : clock_.Now();
  out->locale = in.locale;
  out->seed = in.seed;
  out->exploration = in.exploration;
  out->frequency_cap = in.frequency_cap;
  out->include_consumed = in.include_consumed;
  out->use_inferred = personalization();
  const auto& index = index_->catalog->item_index;
  for (size_t i = 0; i < in.candidate_count; ++i) {
    auto it = index.find(in.candidate_ids[i]);
    if (it == index.end()) return Status::NotFound("candidate " + std::string(in.candidate_ids[i]) + " is not in the catalog");
    out->candidates.push_back(it->second);
  }
  std::sort(out->candidates.begin(), out->candidates.end());
  out->candidates.erase(std::unique(out->candidates.begin(), out->candidates.end()), out->candidates.end());
  return Status::OK();
}

Result<RankedList> Session::Rank(const RankQuery& query) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_ASSIGN_OR_RETURN(ProfileModel * model, CurrentModel());
  RankRequest req;
  TACIT_RETURN_IF_ERROR(ToRankRequest(query, &req));
  RankedList out;
  TACIT_ASSIGN_OR_RETURN(out.items, tacit::Rank(*model, req, &scratch_));
  out.index = index_;
  return out;
}

Result<RankedList> Session::Explain(const char* item_id) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_ASSIGN_OR_RETURN(ProfileModel * model, CurrentModel());
  auto it = index_->catalog->item_index.find(item_id);
  if (it == index_->catalog->item_index.end())
    return Status::NotFound(std::string("item ") + item_id + " is not in the catalog");
  RankRequest req;
  TACIT_RETURN_IF_ERROR(ToRankRequest(RankQuery(), &req));
  TACIT_ASSIGN_OR_RETURN(auto ranked, tacit::Explain(*model, it->second, req));
  RankedList out;
  out.items.push_back(std::move(ranked));
  out.index = index_;
  return out;
}

}  // namespace tacit

// The C API for the catalog, feedback, ranking and explanations.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "api/boundary.h"
#include "api/handle.h"

using tacit::Guard;
using tacit::Status;

namespace tacit {

void ActivateCatalog(tacit_handle* h, std::shared_ptr<const Catalog> catalog) {
  h->index = RankIndex::Build(std::move(catalog));
  h->model.reset();
}

Status RestoreCatalog(tacit_handle* h) {
  Result<std::string> stored = h->store->LoadCatalog();
  if (!stored.ok()) return stored.status().code() == TACIT_ERR_NOT_FOUND ? Status::OK() : stored.status();
  // Re-verified on every open: signature, verifier and semantics. The validity window is not re-applied:
  // an active catalog keeps serving until a newer one replaces it.
  LoadPolicy policy;
  policy.expected_brand = h->brand_id;
  const auto* bytes = reinterpret_cast<const uint8_t*>(stored.value().data());
  auto header_ok = LoadSignedCatalog(bytes, stored.value().size(), h->brand_keys, policy);
  if (!header_ok.ok()) {
    // Validity errors are expected for an old catalog; anything else means keys or brand changed.
    const tacit_status c = header_ok.status().code();
    if (c != TACIT_ERR_CATALOG_EXPIRED && c != TACIT_ERR_CATALOG_NOT_YET_VALID) return Status::OK();
    auto decoded = DecodeCatalogPayload(bytes + kCatalogHeaderBytes, stored.value().size() - kCatalogHeaderBytes);
    if (!decoded.ok()) return Status::OK();
    ActivateCatalog(h, decoded.value());
    return Status::OK();
  }
  ActivateCatalog(h, header_ok.value());
  return Status::OK();
}

Result<ProfileModel*> CurrentModel(tacit_handle* h) {
  if (!h->index) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active: load one with tacit_load_catalog");
  if (h->model) return h->model.get();
  const int64_t now = h->clock.Now();
  auto model = std::make_unique<ProfileModel>(h->index, h->half_life_ms, now);
  TACIT_ASSIGN_OR_RETURN(auto interests, h->store->ReadInterests());
  for (const auto& i : interests) model->Declare(i.topic_id, i.weight);
  TACIT_ASSIGN_OR_RETURN(auto feedback, h->store->ReadFeedback());
  for (const auto& f : feedback) {
    if (f.kind == ProfileStore::kNotInterestedItem) model->BlockItem(f.target);
    if (f.kind == ProfileStore::kNotInterestedTopic) model->SuppressTopic(f.target);
    if (f.kind == ProfileStore::kForgotInferred) model->Forget(f.target, f.ts);
  }
  // Events older than 12 half-lives weigh under 0.03% of a fresh one; the week's counts need 7 days.
  const int64_t horizon = std::max<int64_t>(12 * h->half_life_ms, ProfileModel::kWeekMs);
  TACIT_ASSIGN_OR_RETURN(auto events, h->store->ReadEvents(now - horizon, 0));
  for (const auto& e : events) model->Apply(e.type, e.item_id, e.topics, e.ts, e.value);
  h->model = std::move(model);
  return h->model.get();
}

}  // namespace tacit

// A ranking owns its strings; the C views point into them.
struct tacit_ranking {
  struct Entry {
    std::vector<tacit::Reason> reasons;
    std::vector<tacit_reason_t> views;
  };
  std::shared_ptr<const tacit::RankIndex> index;  // keeps ids and titles alive
  std::vector<Entry> entries;
  std::vector<tacit_ranked_item_t> items;
};

namespace {

tacit_ranking* MakeRanking(std::shared_ptr<const tacit::RankIndex> index, std::vector<tacit::RankedItem> ranked) {
  std::unique_ptr<tacit_ranking> r(new tacit_ranking());
  r->index = std::move(index);
  r->entries.resize(ranked.size());
  r->items.resize(ranked.size());
  const tacit::Catalog& c = *r->index->catalog;
  for (size_t i = 0; i < ranked.size(); ++i) {
    auto& e = r->entries[i];
    e.reasons = std::move(ranked[i].reasons);
    for (const auto& reason : e.reasons)
      e.views.push_back({static_cast<int32_t>(reason.kind), reason.ref_id.c_str(), reason.ref_is_item ? 1 : 0,
                         reason.contribution, reason.text.c_str(), reason.spoken.c_str()});
    const tacit::Item& item = c.items[ranked[i].item];
    r->items[i] = {item.id.c_str(), item.title.c_str(), ranked[i].score, e.views.data(), e.views.size()};
  }
  return r.release();
}

Status ToRequest(tacit_handle* h, const tacit_rank_request_t& in, tacit::RankRequest* out) {
  if (in.k < 1 || in.k > 100) return Status::Invalid("k must be 1..100");
  if (in.surface < TACIT_SURFACE_FEED || in.surface > TACIT_SURFACE_NOTIFICATION)
    return Status::Invalid("surface is not a tacit_surface");
  if (!(in.exploration >= 0.0 && in.exploration <= 0.5)) return Status::Invalid("exploration must be in [0, 0.5]");
  if (in.now_ms != 0) TACIT_RETURN_IF_ERROR(tacit::ValidateTimestamp(in.now_ms, h->clock.Now(), "now_ms"));
  if (in.locale && *in.locale) TACIT_RETURN_IF_ERROR(tacit::ValidateId(in.locale, "locale"));
  if (in.candidate_count && !in.candidate_ids) return Status::Invalid("candidate_ids is NULL but candidate_count > 0");
  if (in.candidate_count > 100000) return Status::Invalid("at most 100000 candidates");
  out->k = in.k;
  out->surface = in.surface;
  out->now_ms = in.now_ms ? in.now_ms : h->clock.Now();
  out->locale = in.locale ? in.locale : "";
  out->seed = in.seed;
  out->exploration = in.exploration;
  out->frequency_cap = in.frequency_cap;
  out->use_inferred = h->personalization();
  const auto& index = h->index->catalog->item_index;
  for (size_t i = 0; i < in.candidate_count; ++i) {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(in.candidate_ids[i], "candidate id"));
    auto it = index.find(in.candidate_ids[i]);
    if (it == index.end()) return Status::NotFound("candidate " + std::string(in.candidate_ids[i]) + " is not in the catalog");
    out->candidates.push_back(it->second);
  }
  std::sort(out->candidates.begin(), out->candidates.end());
  out->candidates.erase(std::unique(out->candidates.begin(), out->candidates.end()), out->candidates.end());
  return Status::OK();
}

}  // namespace

extern "C" {

tacit_status tacit_options_add_brand_key(tacit_options_t* o, const uint8_t* key, size_t key_len) {
  return Guard([&] {
    if (!o || !key) return Status::Invalid("options and key must not be NULL");
    if (key_len != 32) return Status(TACIT_ERR_KEY_LENGTH, "a brand key is exactly 32 bytes (Ed25519)");
    if (o->brand_keys.size() >= 8) return Status::Invalid("at most 8 brand keys");
    tacit::CatalogPublicKey k;
    std::memcpy(k.data(), key, 32);
    o->brand_keys.push_back(k);
    return Status::OK();
  });
}

tacit_status tacit_options_set_brand_id(tacit_options_t* o, const char* brand) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (brand && *brand) TACIT_RETURN_IF_ERROR(tacit::ValidateId(brand, "brand_id"));
    o->brand_id = brand ? brand : "";
    return Status::OK();
  });
}

tacit_status tacit_options_set_half_life(tacit_options_t* o, int64_t ms) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (ms < tacit::kMsPerHour || ms > 365 * tacit::kMsPerDay) return Status::Invalid("half-life must be 1 h .. 365 days");
    o->half_life_ms = ms;
    return Status::OK();
  });
}

tacit_status tacit_load_catalog(tacit_t* h, const uint8_t* bytes, size_t len) {
  return Guard([&] {
    if (!bytes || len == 0) return Status(TACIT_ERR_CATALOG_MALFORMED, "catalog is empty");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      tacit::LoadPolicy policy;
      policy.expected_brand = h->brand_id;
      policy.active_version = h->index ? h->index->catalog->version : 0;
      policy.now_ms = h->clock.Now();
      TACIT_ASSIGN_OR_RETURN(auto catalog, tacit::LoadSignedCatalog(bytes, len, h->brand_keys, policy));
      TACIT_RETURN_IF_ERROR(s.SaveCatalog(bytes, len, catalog->version, policy.now_ms));
      tacit::ActivateCatalog(h, std::move(catalog));
      return Status::OK();
    });
  });
}

tacit_status tacit_catalog_info(tacit_t* h, tacit_catalog_info_t* out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithHandle(h, [&](tacit::ProfileStore&) {
      if (!h->index) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active");
      const tacit::Catalog& c = *h->index->catalog;
      *out = {c.version, c.issued_at_ms, c.expires_at_ms, c.items.size(), c.topics.size(), c.metrics.size()};
      return Status::OK();
    });
  });
}

tacit_status tacit_not_interested_item(tacit_t* h, const char* item_id) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(item_id, "item_id"));
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_RETURN_IF_ERROR(s.AddFeedback(tacit::ProfileStore::kNotInterestedItem, item_id, h->clock.Now()));
      if (h->model) h->model->BlockItem(item_id);
      return Status::OK();
    });
  });
}

tacit_status tacit_not_interested_topic(tacit_t* h, const char* topic_id) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(topic_id, "topic_id"));
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_RETURN_IF_ERROR(s.AddFeedback(tacit::ProfileStore::kNotInterestedTopic, topic_id, h->clock.Now()));
      if (h->model) h->model->SuppressTopic(topic_id);
      return Status::OK();
    });
  });
}

tacit_rank_request_t tacit_rank_request_default(void) {
  tacit_rank_request_t r;
  std::memset(&r, 0, sizeof r);
  r.k = 20;
  r.surface = TACIT_SURFACE_FEED;
  r.exploration = 0.1;
  r.frequency_cap = 3;
  return r;
}

tacit_status tacit_rank(tacit_t* h, const tacit_rank_request_t* request, tacit_ranking_t** out) {
  return Guard([&] {
    if (!request || !out) return Status::Invalid("request and out must not be NULL");
    return tacit::WithHandle(h, [&](tacit::ProfileStore&) {
      TACIT_ASSIGN_OR_RETURN(tacit::ProfileModel * model, tacit::CurrentModel(h));
      tacit::RankRequest req;
      TACIT_RETURN_IF_ERROR(ToRequest(h, *request, &req));
      TACIT_ASSIGN_OR_RETURN(auto ranked, tacit::Rank(*model, req, &h->scratch));
      *out = MakeRanking(h->index, std::move(ranked));
      return Status::OK();
    });
  });
}

tacit_status tacit_explain(tacit_t* h, const char* item_id, tacit_ranking_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(item_id, "item_id"));
    return tacit::WithHandle(h, [&](tacit::ProfileStore&) {
      TACIT_ASSIGN_OR_RETURN(tacit::ProfileModel * model, tacit::CurrentModel(h));
      auto it = h->index->catalog->item_index.find(item_id);
      if (it == h->index->catalog->item_index.end())
        return Status::NotFound(std::string("item ") + item_id + " is not in the catalog");
      tacit_rank_request_t def = tacit_rank_request_default();
      tacit::RankRequest req;
      TACIT_RETURN_IF_ERROR(ToRequest(h, def, &req));
      TACIT_ASSIGN_OR_RETURN(auto ranked, tacit::Explain(*model, it->second, req));
      std::vector<tacit::RankedItem> one;
      one.push_back(std::move(ranked));
      *out = MakeRanking(h->index, std::move(one));
      return Status::OK();
    });
  });
}

size_t tacit_ranking_size(const tacit_ranking_t* r) { return r ? r->items.size() : 0; }
const tacit_ranked_item_t* tacit_ranking_get(const tacit_ranking_t* r, size_t i) {
  return r && i < r->items.size() ? &r->items[i] : nullptr;
}
void tacit_ranking_free(tacit_ranking_t* r) { delete r; }

}  // extern "C"

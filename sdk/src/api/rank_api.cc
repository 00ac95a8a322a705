// The C API for the catalog, feedback, ranking and explanations.
#include <cstring>

#include "api/boundary.h"
#include "api/handle.h"
#include "core/validate.h"

using tacit::Guard;
using tacit::Session;
using tacit::Status;

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

constexpr size_t kRankRequestV1Size = TACIT_V1_SIZE(tacit_rank_request_t, frequency_cap);
constexpr size_t kCatalogInfoV1Size = TACIT_V1_SIZE(tacit_catalog_info_t, metric_count);

void RankDefaults(tacit_rank_request_t* r) {
  std::memset(static_cast<void*>(r), 0, sizeof *r);
  r->struct_size = sizeof *r;
  r->k = 20;
  r->surface = TACIT_SURFACE_FEED;
  r->exploration = 0.1;
  r->frequency_cap = 3;
}

tacit_ranking* MakeRanking(tacit::RankedList list) {
  std::unique_ptr<tacit_ranking> r(new tacit_ranking());
  r->index = std::move(list.index);
  std::vector<tacit::RankedItem>& ranked = list.items;
  r->entries.resize(ranked.size());
  r->items.resize(ranked.size());
  const tacit::Catalog& c = *r->index->catalog;
  for (size_t i = 0; i < ranked.size(); ++i) {
    auto& e = r->entries[i];
    e.reasons = std::move(ranked[i].reasons);
    for (const auto& reason : e.reasons)
      e.views.push_back({sizeof(tacit_reason_t), static_cast<int32_t>(reason.kind), reason.ref_id.c_str(),
                         reason.ref_is_item ? 1 : 0, reason.contribution, reason.text.c_str(), reason.spoken.c_str()});
    const tacit::Item& item = c.items[ranked[i].item];
    r->items[i] = {sizeof(tacit_ranked_item_t), item.id.c_str(), item.title.c_str(), ranked[i].score, e.views.size()};
  }
  return r.release();
}

// The stateless checks of a request; the session checks now_ms against its clock and resolves the ids.
Status ToQuery(const tacit_rank_request_t* request, tacit::RankQuery* out) {
  tacit_rank_request_t in;
  RankDefaults(&in);
  TACIT_RETURN_IF_ERROR(tacit::ReadSized(request, kRankRequestV1Size, "request", &in));
  if (in.k < 1 || in.k > 100) return Status::Invalid("k must be 1..100");
  if (in.surface < TACIT_SURFACE_FEED || in.surface > TACIT_SURFACE_NOTIFICATION)
    return Status::Invalid("surface is not a tacit_surface");
  if (!(in.exploration >= 0.0 && in.exploration <= 0.5)) return Status::Invalid("exploration must be in [0, 0.5]");
  if (in.locale && *in.locale) TACIT_RETURN_IF_ERROR(tacit::ValidateId(in.locale, "locale"));
  if (in.candidate_count && !in.candidate_ids) return Status::Invalid("candidate_ids is NULL but candidate_count > 0");
  if (in.candidate_count > 100000) return Status::Invalid("at most 100000 candidates");
  for (size_t i = 0; i < in.candidate_count; ++i)
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(in.candidate_ids[i], "candidate id"));
  out->k = in.k;
  out->surface = in.surface;
  out->now_ms = in.now_ms;
  out->locale = in.locale ? in.locale : "";
  out->candidate_ids = in.candidate_ids;
  out->candidate_count = in.candidate_count;
  out->seed = in.seed;
  out->exploration = in.exploration;
  out->frequency_cap = in.frequency_cap;
  out->include_consumed = in.include_consumed != 0;
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
    if (!bytes) return Status::Invalid("signed_catalog is NULL");
    if (len == 0) return Status(TACIT_ERR_CATALOG_MALFORMED, "catalog is empty");
    return tacit::WithSession(h, [&](Session& s) { return s.LoadCatalog(bytes, len); });
  });
}

tacit_status tacit_catalog_info(tacit_t* h, tacit_catalog_info_t* out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(tacit::CatalogSummary c, s.CatalogInfo());
      tacit_catalog_info_t info{sizeof(tacit_catalog_info_t), c.version,    c.issued_at_ms, c.expires_at_ms,
                                c.item_count,                 c.topic_count, c.metric_count,
                                c.stale ? 1 : 0};
      return tacit::WriteSized(info, kCatalogInfoV1Size, "out", out);
    });
  });
}

tacit_status tacit_not_interested_item(tacit_t* h, const char* item_id) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(item_id, "item_id"));
    return tacit::WithSession(h, [&](Session& s) { return s.NotInterestedItem(item_id); });
  });
}

tacit_status tacit_not_interested_topic(tacit_t* h, const char* topic_id) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(topic_id, "topic_id"));
    return tacit::WithSession(h, [&](Session& s) { return s.NotInterestedTopic(topic_id); });
  });
}

tacit_status tacit_rank_request_init_sized(tacit_rank_request_t* request, size_t struct_size) {
  return Guard([&] {
    if (!request) return Status::Invalid("request is NULL");
    if (struct_size < kRankRequestV1Size)
      return Status::Invalid("struct_size " + std::to_string(struct_size) + " is below tacit_rank_request_t's first version");
    tacit_rank_request_t defaults;
    RankDefaults(&defaults);
    // Fields this version does not know (a newer caller's) are zeroed: zero means "as before".
    std::memset(static_cast<void*>(request), 0, struct_size);
    std::memcpy(static_cast<void*>(request), &defaults, std::min(struct_size, sizeof defaults));
    request->struct_size = struct_size;
    return Status::OK();
  });
}

tacit_status tacit_rank(tacit_t* h, const tacit_rank_request_t* request, tacit_ranking_t** out) {
  return Guard([&] {
    if (!request || !out) return Status::Invalid("request and out must not be NULL");
    tacit::RankQuery query;
    TACIT_RETURN_IF_ERROR(ToQuery(request, &query));
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(tacit::RankedList ranked, s.Rank(query));
      *out = MakeRanking(std::move(ranked));
      return Status::OK();
    });
  });
}

tacit_status tacit_explain(tacit_t* h, const char* item_id, tacit_ranking_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(item_id, "item_id"));
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(tacit::RankedList ranked, s.Explain(item_id));
      *out = MakeRanking(std::move(ranked));
      return Status::OK();
    });
  });
}

size_t tacit_ranking_size(const tacit_ranking_t* r) { return r ? r->items.size() : 0; }
const tacit_ranked_item_t* tacit_ranking_get(const tacit_ranking_t* r, size_t i) {
  return r && i < r->items.size() ? &r->items[i] : nullptr;
}
const tacit_reason_t* tacit_ranking_reason(const tacit_ranking_t* r, size_t i, size_t j) {
  if (!r || i >= r->entries.size() || j >= r->entries[i].views.size()) return nullptr;
  return &r->entries[i].views[j];
}
void tacit_ranking_free(tacit_ranking_t* r) { delete r; }

}  // extern "C"

#include "catalog/loader.h"

#include <sodium.h>

#include <cmath>
#include <cstring>
#include <utility>

#include "catalog_generated.h"
#include "core/clock.h"
#include "crypto/secret.h"

namespace tacit {
namespace {

// The schema's enums are the model's enums, value for value.
static_assert(uint8_t(fb::Sensitivity::none) == uint8_t(Sensitivity::kNone) &&
                  uint8_t(fb::Sensitivity::health) == uint8_t(Sensitivity::kHealth) &&
                  uint8_t(fb::Sensitivity::religion) == uint8_t(Sensitivity::kReligion) &&
                  uint8_t(fb::Sensitivity::politics) == uint8_t(Sensitivity::kPolitics) &&
                  uint8_t(fb::Sensitivity::sexuality) == uint8_t(Sensitivity::kSexuality) &&
                  uint8_t(fb::Sensitivity::ethnicity) == uint8_t(Sensitivity::kEthnicity) &&
                  uint8_t(fb::Sensitivity::trade_union) == uint8_t(Sensitivity::kTradeUnion) &&
                  uint8_t(fb::Sensitivity::genetic_biometric) == uint8_t(Sensitivity::kGeneticBiometric) &&
                  uint8_t(fb::Sensitivity::children) == uint8_t(Sensitivity::kChildren) &&
                  uint8_t(fb::Sensitivity::MAX) == kSensitivityMax,
              "catalog.fbs Sensitivity must match model/catalog.h");
constexpr size_t kContextBytes = sizeof(kCatalogSigningContext);  // includes the NUL
// Max number of float values in Catalog::embeddings (64 MiB). No valid payload under the size limit
// carries more: even i8 embeddings take one byte per value.
constexpr size_t kMaxEmbeddingValues = kCatalogMaxPayloadBytes;

Status Malformed(const std::string& m) { return Status(TACIT_ERR_CATALOG_MALFORMED, "catalog: " + m); }

std::string At(const char* field, size_t i) { return std::string(field) + "[" + std::to_string(i) + "]"; }

uint32_t LoadLe32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
void StoreLe32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}

// True if [s, s+n) is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF) with no
// control characters (C0, DEL, C1). NUL is a control character.
bool ValidText(const char* s, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(s);
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t extra;
    uint32_t cp;
    uint32_t min;
    if (c >= 0xc2 && c <= 0xdf) {
      extra = 1, cp = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2, cp = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (n - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      unsigned cc = p[i + k];
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if (cp >= 0x80 && cp <= 0x9f) return false;  // C1 controls
    i += extra + 1;
  }
  return true;
}

bool ValidId(const flatbuffers::String* s) {
  return s && s->size() >= 1 && s->size() <= TACIT_MAX_ID_LEN && ValidText(s->c_str(), s->size());
}

// "" for an absent string.
std::string Str(const flatbuffers::String* s) { return s ? s->str() : std::string(); }
bool Empty(const flatbuffers::String* s) { return !s || s->size() == 0; }

// Optional free text: absent, or valid text of at most max bytes.
Status CheckText(const flatbuffers::String* s, size_t max, const std::string& what) {
  if (!s) return Status::OK();
  if (s->size() > max) return Malformed(what + " is longer than " + std::to_string(max) + " bytes");
  if (!ValidText(s->c_str(), s->size())) return Malformed(what + " is not UTF-8 text without control characters");
  return Status::OK();
}

Status CheckOptionalId(const flatbuffers::String* s, const std::string& what) {
  if (Empty(s) || ValidId(s)) return Status::OK();
  return Malformed(what + " is not a valid id");
}

// BCP 47 in shape only: letters, digits and '-'.
bool ValidLocale(const flatbuffers::String* s) {
  if (!s) return true;
  if (s->size() > kCatalogMaxLocaleBytes) return false;
  for (char c : s->str()) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Writes the L2-normalised `values` into `out`. MALFORMED if a value is not finite or all are zero.
template <typename T>
Status NormaliseInto(const flatbuffers::Vector<T>& values, double scale, float* out, const std::string& what) {
  double sum = 0;
  for (flatbuffers::uoffset_t k = 0; k < values.size(); ++k) {
    double v = double(values.Get(k)) * scale;
    if (!std::isfinite(v)) return Malformed(At((what + ".values").c_str(), k) + " is not finite");
    sum += v * v;
  }
  if (!(sum > 0) || !std::isfinite(sum)) return Malformed(what + " has no direction (zero or overflowing norm)");
  double inv = 1.0 / std::sqrt(sum);
  for (flatbuffers::uoffset_t k = 0; k < values.size(); ++k) out[k] = float(double(values.Get(k)) * scale * inv);
  return Status::OK();
}

Status ConvertTopics(const fb::Catalog& in, Catalog* out) {
  const auto* topics = in.topics();
  size_t n = topics ? topics->size() : 0;
  if (n > kCatalogMaxTopics) return Malformed("more than " + std::to_string(kCatalogMaxTopics) + " topics");
  out->topics.resize(n);
  out->topic_index.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const fb::Topic* t = topics->Get(flatbuffers::uoffset_t(i));
    std::string where = At("topics", i);
    if (!ValidId(t->id())) return Malformed(where + ".id is not a valid id");
    Topic& topic = out->topics[i];
    topic.id = t->id()->str();
    if (!out->topic_index.emplace(topic.id, uint32_t(i)).second)
      return Malformed(where + ".id \"" + topic.id + "\" is a duplicate");
    TACIT_RETURN_IF_ERROR(CheckText(t->label(), kCatalogMaxLabelBytes, where + ".label"));
    topic.label = Str(t->label());
    uint8_t s = uint8_t(t->sensitivity());
    if (s > kSensitivityMax) return Malformed(where + ".sensitivity " + std::to_string(s) + " is unknown");
    topic.sensitivity = Sensitivity(s);
    if (const auto* labels = t->labels()) {
      if (labels->size() > kCatalogMaxTopicLabels)
        return Malformed(where + ".labels has more than " + std::to_string(kCatalogMaxTopicLabels) + " entries");
      for (flatbuffers::uoffset_t k = 0; k < labels->size(); ++k) {
        const fb::LocalizedText* l = labels->Get(k);
        const std::string lw = where + "." + At("labels", k);
        if (Empty(l->locale()) || !ValidLocale(l->locale())) return Malformed(lw + ".locale is not a BCP 47 tag");
        TACIT_RETURN_IF_ERROR(CheckText(l->text(), kCatalogMaxLabelBytes, lw + ".text"));
        topic.labels.push_back({l->locale()->str(), Str(l->text())});
      }
    }
  }
  // Parents, once every id is known.
  std::vector<int32_t> parent(n, -1);
  for (size_t i = 0; i < n; ++i) {
    const flatbuffers::String* p = topics->Get(flatbuffers::uoffset_t(i))->parent();
    if (Empty(p)) continue;
    auto it = out->topic_index.find(p->str());
    if (it == out->topic_index.end())
      return Malformed(At("topics", i) + ".parent \"" + p->str() + "\" is not a topic id");
    parent[i] = int32_t(it->second);
    out->topics[i].parent = parent[i];
  }
  // No cycles: walk each chain once; state 0 = unseen, 1 = on the current chain, 2 = reaches a root.
  std::vector<uint8_t> state(n, 0);
  for (size_t i = 0; i < n; ++i) {
    int32_t j = int32_t(i);
    while (j >= 0 && state[size_t(j)] == 0) {
      state[size_t(j)] = 1;
      j = parent[size_t(j)];
    }
    if (j >= 0 && state[size_t(j)] == 1)
      return Malformed(At("topics", size_t(j)) + " (\"" + out->topics[size_t(j)].id + "\") is in a parent cycle");
    for (int32_t k = int32_t(i); k >= 0 && state[size_t(k)] == 1; k = parent[size_t(k)]) state[size_t(k)] = 2;
  }
  // Depth, once acyclic: memoised, each topic's depth is its parent's plus one (iterative, no recursion).
  std::vector<uint32_t> depth(n, 0), chain;
  for (size_t i = 0; i < n; ++i) {
    chain.clear();
    int32_t j = int32_t(i);
    while (j >= 0 && depth[size_t(j)] == 0) {
      chain.push_back(uint32_t(j));
      j = parent[size_t(j)];
    }
    uint32_t d = j >= 0 ? depth[size_t(j)] : 0;
    for (size_t k = chain.size(); k-- > 0;) {
      depth[chain[k]] = ++d;
      if (d > kCatalogMaxTopicDepth)
        return Malformed(At("topics", chain[k]) + " (\"" + out->topics[chain[k]].id + "\") is deeper than " +
                         std::to_string(kCatalogMaxTopicDepth) + " levels");
    }
  }
  return Status::OK();
}

Status ConvertItems(const fb::Catalog& in, Catalog* out) {
  const auto* items = in.items();
  size_t n = items ? items->size() : 0;
  if (n > kCatalogMaxItems) return Malformed("more than " + std::to_string(kCatalogMaxItems) + " items");
  const uint32_t dim = out->embedding_dim;
  if (dim > 0 && n > kMaxEmbeddingValues / dim)
    return Malformed("items x embedding_dim is more than " + std::to_string(kMaxEmbeddingValues) + " values");
  size_t embedded = 0;
  for (size_t i = 0; i < n; ++i) {
    const fb::Item* it = items->Get(flatbuffers::uoffset_t(i));
    embedded += (it->embedding_f32() || it->embedding_i8()) ? 1 : 0;
  }
  if (dim > 0 && embedded > kCatalogMaxEmbeddingValues / dim)
    return Malformed("items with an embedding x embedding_dim is more than " +
                     std::to_string(kCatalogMaxEmbeddingValues) + " values");
  out->items.resize(n);
  out->item_index.reserve(n);
  out->embeddings.assign(n * dim, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    const fb::Item* it = items->Get(flatbuffers::uoffset_t(i));
    std::string where = At("items", i);
    Item& item = out->items[i];
    if (!ValidId(it->id())) return Malformed(where + ".id is not a valid id");
    item.id = it->id()->str();
    if (!out->item_index.emplace(item.id, uint32_t(i)).second)
      return Malformed(where + ".id \"" + item.id + "\" is a duplicate");
    TACIT_RETURN_IF_ERROR(CheckText(it->title(), kCatalogMaxTitleBytes, where + ".title"));
    item.title = Str(it->title());

    const auto* topics = it->topics();
    size_t nt = topics ? topics->size() : 0;
    if (nt < 1 || nt > kCatalogMaxItemTopics)
      return Malformed(where + ".topics has " + std::to_string(nt) + " entries; 1.." +
                       std::to_string(kCatalogMaxItemTopics) + " are allowed");
    item.topics.resize(nt);
    for (size_t k = 0; k < nt; ++k) {
      const fb::ItemTopic* t = topics->Get(flatbuffers::uoffset_t(k));
      std::string tw = where + "." + At("topics", k);
      auto found = out->topic_index.find(Str(t->topic()));
      if (found == out->topic_index.end())
        return Malformed(tw + ".topic \"" + Str(t->topic()) + "\" is not a topic id");
      for (size_t m = 0; m < k; ++m)
        if (item.topics[m].topic == found->second) return Malformed(tw + ".topic is listed twice");
      float w = t->weight();
      if (!std::isfinite(w) || !(w > 0.0f) || w > 1.0f) return Malformed(tw + ".weight is not in (0, 1]");
      item.topics[k] = ItemTopic{found->second, w};
    }

    const auto* f32 = it->embedding_f32();
    const auto* i8 = it->embedding_i8();
    if (f32 && i8) return Malformed(where + " has both embedding_f32 and embedding_i8");
    if (f32 || i8) {
      size_t len = f32 ? f32->size() : i8->size();
      if (dim == 0) return Malformed(where + " has an embedding but embedding_dim is 0");
      if (len != dim)
        return Malformed(where + ".embedding has " + std::to_string(len) + " values; embedding_dim is " +
                         std::to_string(dim));
      float* row = out->embeddings.data() + i * dim;
      if (f32) {
        TACIT_RETURN_IF_ERROR(NormaliseInto(*f32, 1.0, row, where + ".embedding_f32"));
      } else {
        float scale = it->embedding_scale();
        if (!std::isfinite(scale) || !(scale > 0.0f))
          return Malformed(where + ".embedding_scale must be finite and > 0 with embedding_i8");
        TACIT_RETURN_IF_ERROR(NormaliseInto(*i8, double(scale), row, where + ".embedding_i8"));
      }
      item.has_embedding = true;
    }

    TACIT_RETURN_IF_ERROR(CheckOptionalId(it->campaign_id(), where + ".campaign_id"));
    item.campaign_id = Str(it->campaign_id());
    if (it->published_at_ms() < 0) return Malformed(where + ".published_at_ms is negative");
    item.published_at_ms = it->published_at_ms();
    float pop = it->popularity();
    if (!std::isfinite(pop) || pop < 0.0f || pop > 1.0f) return Malformed(where + ".popularity is not in [0, 1]");
    item.popularity = pop;
    if (!ValidLocale(it->locale())) return Malformed(where + ".locale is not a BCP 47 tag");
    item.locale = Str(it->locale());
    const uint8_t kind = uint8_t(it->kind());
    item.kind = kind <= kItemKindMax ? ItemKind(kind) : ItemKind::kUnspecified;
  }
  return Status::OK();
}

Status Convert(const fb::Catalog& in, Catalog* out) {
  if (!ValidId(in.brand_id())) return Malformed("brand_id is not a valid id");
  out->brand_id = in.brand_id()->str();
  if (in.version() == 0) return Malformed("version must be >= 1");
  out->version = in.version();
  if (in.issued_at_ms() < kEarliestTimestampMs) return Malformed("issued_at_ms is before 2000-01-01");
  if (in.expires_at_ms() <= in.issued_at_ms()) return Malformed("expires_at_ms is not after issued_at_ms");
  out->issued_at_ms = in.issued_at_ms();
  out->expires_at_ms = in.expires_at_ms();
  if (in.embedding_dim() > kCatalogMaxEmbeddingDim)
    return Malformed("embedding_dim is more than " + std::to_string(kCatalogMaxEmbeddingDim));
  out->embedding_dim = in.embedding_dim();

  TACIT_RETURN_IF_ERROR(ConvertTopics(in, out));
  TACIT_RETURN_IF_ERROR(ConvertItems(in, out));
  return Status::OK();
}

// The signed message: context (with NUL) || key_id || payload_len (LE) || payload.
std::vector<uint8_t> SignedMessage(const uint8_t* key_id, const uint8_t* payload, uint32_t len) {
  std::vector<uint8_t> msg(kContextBytes + kCatalogKeyIdBytes + 4 + len);
  uint8_t* p = msg.data();
  std::memcpy(p, kCatalogSigningContext, kContextBytes);
  p += kContextBytes;
  std::memcpy(p, key_id, kCatalogKeyIdBytes);
  p += kCatalogKeyIdBytes;
  StoreLe32(p, len);
  p += 4;
  if (len) std::memcpy(p, payload, len);
  return msg;
}

}  // namespace

std::array<uint8_t, kCatalogKeyIdBytes> CatalogKeyId(const CatalogPublicKey& public_key) {
  uint8_t hash[32];
  crypto_generichash(hash, sizeof hash, public_key.data(), public_key.size(), nullptr, 0);
  std::array<uint8_t, kCatalogKeyIdBytes> id;
  std::memcpy(id.data(), hash, id.size());
  return id;
}

Result<std::shared_ptr<const Catalog>> DecodeCatalogPayload(const uint8_t* payload, size_t len) {
  if (!payload || len < 8) return Malformed("payload is too short to be a catalog");
  if (len > kCatalogMaxPayloadBytes) return Malformed("payload is larger than 16 MiB");
  // FlatBuffers reads scalars in place: give it an 8-byte-aligned copy when the input is not aligned.
  std::vector<uint64_t> aligned;
  const uint8_t* buf = payload;
  if (reinterpret_cast<uintptr_t>(payload) % alignof(uint64_t) != 0) {
    aligned.resize((len + 7) / 8);
    std::memcpy(aligned.data(), payload, len);
    buf = reinterpret_cast<const uint8_t*>(aligned.data());
  }
  flatbuffers::Verifier::Options opts;
  opts.max_depth = 16;
  // Every table costs at least 8 bytes (its soffset and the offset to it), so an honest payload has at
  // most len/8 tables; the bound also stops shared-table tricks from multiplying the verifier's work.
  opts.max_tables = flatbuffers::uoffset_t(len / 8 + 16);
  opts.check_alignment = true;
  flatbuffers::Verifier verifier(buf, len, opts);
  if (!fb::VerifyCatalogBuffer(verifier))
    return Malformed("payload is not a valid tacit.fb.Catalog FlatBuffer (identifier TCAT)");
  auto out = std::make_shared<Catalog>();
  TACIT_RETURN_IF_ERROR(Convert(*fb::GetCatalog(buf), out.get()));
  return std::shared_ptr<const Catalog>(std::move(out));
}

Status CheckCatalogPolicy(const Catalog& catalog, const LoadPolicy& policy) {
  if (!policy.expected_brand.empty() && catalog.brand_id != policy.expected_brand)
    return Status(TACIT_ERR_CATALOG_WRONG_BRAND,
                  "catalog: brand \"" + catalog.brand_id + "\", expected \"" + policy.expected_brand + "\"");
  // issued_at_ms >= 2000-01-01 (checked when decoded), so the subtraction cannot overflow.
  if (policy.now_ms < catalog.issued_at_ms - kCatalogClockSkewMs)
    return Status(TACIT_ERR_CATALOG_NOT_YET_VALID,
                  "catalog: issued at " + std::to_string(catalog.issued_at_ms) + ", now is " +
                      std::to_string(policy.now_ms));
  if (policy.now_ms >= catalog.expires_at_ms)
    return Status(TACIT_ERR_CATALOG_EXPIRED, "catalog: expired at " + std::to_string(catalog.expires_at_ms) +
                                                 ", now is " + std::to_string(policy.now_ms));
  if (policy.active_version != 0 && catalog.version < policy.active_version)
    return Status(TACIT_ERR_CATALOG_ROLLED_BACK, "catalog: version " + std::to_string(catalog.version) +
                                                     " is older than the active version " +
                                                     std::to_string(policy.active_version));
  return Status::OK();
}

Result<std::shared_ptr<const Catalog>> LoadSignedCatalog(const uint8_t* data, size_t len,
                                                         const std::vector<CatalogPublicKey>& brand_keys,
                                                         const LoadPolicy& policy) {
  TACIT_ASSIGN_OR_RETURN(CheckedCatalog checked, LoadSignedCatalogChecked(data, len, brand_keys, policy));
  TACIT_RETURN_IF_ERROR(checked.policy);
  return std::move(checked.catalog);
}

Result<CheckedCatalog> LoadSignedCatalogChecked(const uint8_t* data, size_t len,
                                                const std::vector<CatalogPublicKey>& brand_keys,
                                                const LoadPolicy& policy) {
  // 1. Envelope structure.
  if (!data || len < kCatalogHeaderBytes)
    return Malformed("envelope is " + std::to_string(data ? len : 0) + " bytes, shorter than its " +
                     std::to_string(kCatalogHeaderBytes) + "-byte header");
  if (std::memcmp(data, kCatalogMagic, kCatalogMagicBytes) != 0) return Malformed("envelope magic is not TCS1");
  const uint8_t* key_id = data + kCatalogMagicBytes;
  const uint8_t* sig = key_id + kCatalogKeyIdBytes;
  uint32_t payload_len = LoadLe32(sig + kCatalogSignatureBytes);
  if (payload_len == 0 || payload_len > kCatalogMaxPayloadBytes)
    return Malformed("envelope payload_len " + std::to_string(payload_len) + " is not in 1..16 MiB");
  if (len - kCatalogHeaderBytes != payload_len)
    return Malformed("envelope is " + std::to_string(len) + " bytes; its header says " +
                     std::to_string(kCatalogHeaderBytes + size_t(payload_len)));
  const uint8_t* payload = data + kCatalogHeaderBytes;

  // 2. Key lookup.
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  std::vector<const CatalogPublicKey*> candidates;
  for (const CatalogPublicKey& k : brand_keys)
    if (std::memcmp(CatalogKeyId(k).data(), key_id, kCatalogKeyIdBytes) == 0) candidates.push_back(&k);
  if (candidates.empty())
    return Status(TACIT_ERR_CATALOG_UNKNOWN_KEY, "catalog: signed by a key that is not one of the brand's keys");

  // 3. Signature over the exact bytes.
  std::vector<uint8_t> msg = SignedMessage(key_id, payload, payload_len);
  bool verified = false;
  for (const CatalogPublicKey* k : candidates)
    if (crypto_sign_verify_detached(sig, msg.data(), msg.size(), k->data()) == 0) verified = true;
  if (!verified) return Status(TACIT_ERR_CATALOG_BAD_SIGNATURE, "catalog: signature does not verify");
  msg.clear();
  msg.shrink_to_fit();

  // 4-5. Verifier and semantic checks; 6-8. brand, validity, version.
  CheckedCatalog checked;
  TACIT_ASSIGN_OR_RETURN(checked.catalog, DecodeCatalogPayload(payload, payload_len));
  checked.policy = CheckCatalogPolicy(*checked.catalog, policy);
  return checked;
}

Result<std::vector<uint8_t>> SignCatalog(const uint8_t* payload, size_t len, const uint8_t* secret_key,
                                         size_t secret_key_len) {
  if (!secret_key || secret_key_len != crypto_sign_SECRETKEYBYTES)
    return Status(TACIT_ERR_KEY_LENGTH, "catalog signing key must be " +
                                            std::to_string(crypto_sign_SECRETKEYBYTES) + " bytes (Ed25519)");
  if (!payload || len == 0 || len > kCatalogMaxPayloadBytes)
    return Status::Invalid("catalog payload must be 1 byte .. 16 MiB");
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  CatalogPublicKey pk;
  std::memcpy(pk.data(), secret_key + crypto_sign_SECRETKEYBYTES - pk.size(), pk.size());  // seed || pk
  auto key_id = CatalogKeyId(pk);
  std::vector<uint8_t> msg = SignedMessage(key_id.data(), payload, uint32_t(len));

  std::vector<uint8_t> out(kCatalogHeaderBytes + len);
  uint8_t* p = out.data();
  std::memcpy(p, kCatalogMagic, kCatalogMagicBytes);
  std::memcpy(p + kCatalogMagicBytes, key_id.data(), kCatalogKeyIdBytes);
  uint8_t* sig = p + kCatalogMagicBytes + kCatalogKeyIdBytes;
  crypto_sign_detached(sig, nullptr, msg.data(), msg.size(), secret_key);
  // A secret key whose public half does not match its seed would sign something nobody can verify.
  if (crypto_sign_verify_detached(sig, msg.data(), msg.size(), pk.data()) != 0)
    return Status::Invalid("catalog signing key is inconsistent (its public half does not match its seed)");
  StoreLe32(sig + kCatalogSignatureBytes, uint32_t(len));
  std::memcpy(p + kCatalogHeaderBytes, payload, len);
  return out;
}

}  // namespace tacit

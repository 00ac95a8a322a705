// libFuzzer target for the catalog loader. Each input is tried twice:
//  1. as a signed envelope, trusted key = the fixed fuzz key (reaches structure, key lookup, signature);
//  2. as a payload, signed here with the fuzz key, so the FlatBuffers verifier, the semantic checks and the
//     conversion see arbitrary bytes.
// A catalog that loads must keep the loader's promises; a broken promise aborts (a finding).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "catalog/loader.h"
#include "fuzz_catalog_key.h"

namespace {

void Require(bool ok) {
  if (!ok) std::abort();
}

// The contract of a loaded catalog (model/catalog.h).
void CheckInvariants(const tacit::Catalog& c) {
  const size_t nt = c.topics.size();
  Require(c.topic_index.size() == nt && c.item_index.size() == c.items.size());
  for (size_t i = 0; i < nt; ++i) {
    const tacit::Topic& t = c.topics[i];
    Require(c.topic_index.at(t.id) == i);
    Require(t.parent >= -1 && t.parent < int32_t(nt));
    Require(uint8_t(t.sensitivity) <= tacit::kSensitivityMax);
    size_t steps = 0;  // no cycles: every chain reaches a root within nt steps
    for (int32_t p = t.parent; p >= 0; p = c.topics[size_t(p)].parent) Require(++steps <= nt);
  }
  Require(c.embeddings.size() == c.items.size() * c.embedding_dim);
  for (size_t i = 0; i < c.items.size(); ++i) {
    const tacit::Item& it = c.items[i];
    Require(c.item_index.at(it.id) == i);
    Require(!it.topics.empty() && it.topics.size() <= tacit::kCatalogMaxItemTopics);
    for (const auto& t : it.topics) Require(t.topic < nt && t.weight > 0 && t.weight <= 1);
    Require(it.popularity >= 0 && it.popularity <= 1);
    double norm = 0;
    for (uint32_t d = 0; d < c.embedding_dim; ++d) norm += double(c.embedding(uint32_t(i))[d]) * c.embedding(uint32_t(i))[d];
    Require(it.has_embedding ? std::fabs(norm - 1.0) < 1e-3 : norm == 0);
  }
}

tacit::Status Load(const uint8_t* data, size_t size) {
  const auto& key = tacit_fuzz::FuzzKey();
  tacit::CatalogPublicKey pk;
  for (size_t i = 0; i < pk.size(); ++i) pk[i] = key.pk[i];
  tacit::LoadPolicy policy;
  policy.now_ms = tacit_fuzz::kFuzzNowMs;
  auto r = tacit::LoadSignedCatalog(data, size, {pk}, policy);
  if (!r.ok()) return r.status();
  CheckInvariants(*r.value());
  return tacit::Status::OK();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)Load(data, size);
  if (size == 0 || size > tacit::kCatalogMaxPayloadBytes) return 0;
  const auto& key = tacit_fuzz::FuzzKey();
  auto env = tacit::SignCatalog(data, size, key.sk.data(), key.sk.size());
  Require(env.ok());
  tacit::Status signed_load = Load(env.value().data(), env.value().size());
  // The unsigned decode agrees with the signed path: a payload that decodes loads or fails only on
  // policy (the validity window: no brand or version is required here); one that does not decode fails
  // the signed load with the same MALFORMED message.
  auto d = tacit::DecodeCatalogPayload(data, size);
  if (d.ok()) {
    CheckInvariants(*d.value());
    Require(signed_load.ok() || signed_load.code() == TACIT_ERR_CATALOG_EXPIRED ||
            signed_load.code() == TACIT_ERR_CATALOG_NOT_YET_VALID);
  } else {
    Require(d.status().code() == TACIT_ERR_CATALOG_MALFORMED);
    Require(signed_load.code() == TACIT_ERR_CATALOG_MALFORMED && signed_load.message() == d.status().message());
  }
  return 0;
}

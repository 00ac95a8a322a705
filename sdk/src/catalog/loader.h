// The only way a catalog enters tacit: signed bytes in, a verified, immutable in-memory Catalog out.
//
// Envelope (docs/catalog-format.md):
//   magic "TCS1" (4) | key_id (8) | signature (64) | payload_len (u32 LE) | payload (payload_len bytes)
// key_id is the first 8 bytes of BLAKE2b-256(Ed25519 public key). The Ed25519 signature is over
//   "tacit catalog v1\0" || key_id || payload_len (4, LE) || payload
// and the payload is a FlatBuffer with root tacit.fb.Catalog (schemas/catalog.fbs, identifier "TCAT").
//
// Load order, each step only on bytes the previous ones accepted:
//   envelope structure (MALFORMED) -> key lookup (UNKNOWN_KEY) -> signature (BAD_SIGNATURE) ->
//   FlatBuffers verifier (MALFORMED) -> semantic checks (MALFORMED) -> brand (WRONG_BRAND) ->
//   validity window (NOT_YET_VALID, EXPIRED) -> version (ROLLED_BACK).
#ifndef TACIT_CATALOG_LOADER_H_
#define TACIT_CATALOG_LOADER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/catalog.h"

namespace tacit {

// Envelope layout.
constexpr size_t kCatalogMagicBytes = 4;
constexpr size_t kCatalogKeyIdBytes = 8;
constexpr size_t kCatalogSignatureBytes = 64;
constexpr size_t kCatalogHeaderBytes = kCatalogMagicBytes + kCatalogKeyIdBytes + kCatalogSignatureBytes + 4;  // 80
constexpr char kCatalogMagic[kCatalogMagicBytes + 1] = "TCS1";
constexpr char kCatalogSigningContext[] = "tacit catalog v1";  // signed with its NUL: 17 bytes

// Limits. A catalog beyond them is MALFORMED. They are chosen so that the worst catalog that passes them keeps
// tacit_rank and tacit_reports_prepare within a few milliseconds on a phone (bench/bench_limits.cc,
// docs/benchmarks.md): anything inherited down the taxonomy is resolved in one pass per catalog or request,
// and the embedding table, the one cost that grows with items x dimensions, is bounded on its own.
constexpr size_t kCatalogMaxPayloadBytes = 16u << 20;  // 16 MiB
constexpr size_t kCatalogMaxItems = 200000;
constexpr size_t kCatalogMaxTopics = 10000;
constexpr size_t kCatalogMaxTopicDepth = 8;  // topics on the longest root-to-leaf chain
constexpr uint32_t kCatalogMaxEmbeddingDim = 512;
constexpr size_t kCatalogMaxEmbeddingValues = size_t(8) << 20;  // items with an embedding x embedding_dim
constexpr size_t kCatalogMaxItemTopics = 16;
constexpr size_t kCatalogMaxLabelBytes = 256;
constexpr size_t kCatalogMaxTopicLabels = 32;  // localized labels per topic
constexpr size_t kCatalogMaxTitleBytes = 1024;
constexpr size_t kCatalogMaxLocaleBytes = 35;
constexpr int64_t kCatalogClockSkewMs = 5 * 60 * 1000;  // a catalog is accepted this early

struct LoadPolicy {
  std::string expected_brand;  // "" = any brand
  uint64_t active_version = 0;  // version of the catalog in use; 0 = none. Lower versions are rollbacks.
  int64_t now_ms = 0;           // Unix ms
};

using CatalogPublicKey = std::array<uint8_t, 32>;  // Ed25519

// First 8 bytes of BLAKE2b-256(public_key).
std::array<uint8_t, kCatalogKeyIdBytes> CatalogKeyId(const CatalogPublicKey& public_key);

// The full load: envelope, signature under one of `brand_keys`, payload, then `policy`. Never reads
// outside [data, data + len); never trusts the payload before its signature checked.
Result<std::shared_ptr<const Catalog>> LoadSignedCatalog(const uint8_t* data, size_t len,
                                                         const std::vector<CatalogPublicKey>& brand_keys,
                                                         const LoadPolicy& policy);

// LoadSignedCatalog's steps with the policy's verdict beside the catalog instead of in its place: for a stored
// catalog, which keeps serving past its validity window. Fails only where LoadSignedCatalog fails before the
// policy steps.
struct CheckedCatalog {
  std::shared_ptr<const Catalog> catalog;  // verified and decoded
  Status policy;                           // CheckCatalogPolicy's verdict on it
};
Result<CheckedCatalog> LoadSignedCatalogChecked(const uint8_t* data, size_t len,
                                                const std::vector<CatalogPublicKey>& brand_keys,
                                                const LoadPolicy& policy);

// The payload steps alone (FlatBuffers verifier, semantic checks, conversion), with no signature and no
// policy. For the brand tool's pre-flight check, tests and fuzzing; the SDK loads only via LoadSignedCatalog.
Result<std::shared_ptr<const Catalog>> DecodeCatalogPayload(const uint8_t* payload, size_t len);

// The policy steps alone: brand, validity window, version.
Status CheckCatalogPolicy(const Catalog& catalog, const LoadPolicy& policy);

// Wraps `payload` in a signed envelope. `secret_key` is a libsodium Ed25519 secret key (64 bytes: seed ||
// public key). Does not inspect the payload. INVALID_ARGUMENT if it is empty or larger than the limit,
// KEY_LENGTH for a wrong key length.
Result<std::vector<uint8_t>> SignCatalog(const uint8_t* payload, size_t len, const uint8_t* secret_key,
                                         size_t secret_key_len);

}  // namespace tacit

#endif  // TACIT_CATALOG_LOADER_H_

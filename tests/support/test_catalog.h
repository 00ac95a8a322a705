// Test support: catalogs from a plain C++ description, signed with deterministic test keys.
//
//   tacit_test::CatalogSpec spec;
//   spec.AddTopic("sport").AddTopic("hiking", "sport")
//       .AddItem("trail-1", {{"hiking", 1.0f}});
//   auto catalog = tacit_test::LoadTestCatalog(spec);   // Result<shared_ptr<const Catalog>>
//
// The builder writes exactly what the spec says, valid or not, so tests can also make malformed catalogs.
#ifndef TACIT_TESTS_SUPPORT_TEST_CATALOG_H_
#define TACIT_TESTS_SUPPORT_TEST_CATALOG_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/loader.h"
#include "core/clock.h"
#include "model/catalog.h"

namespace tacit_test {

// "Now" for catalog tests: 2023-11-14T22:13:20Z. Specs default to being valid at this time.
constexpr int64_t kTestNowMs = 1700000000000LL;

struct TopicSpec {
  std::string id;
  std::string label;   // "" = written absent
  std::string parent;  // "" = root
  tacit::Sensitivity sensitivity = tacit::Sensitivity::kNone;
};

struct ItemSpec {
  std::string id;
  std::string title;
  std::vector<std::pair<std::string, float>> topics;  // (topic id, weight)
  // Written as embedding_f32, or quantised to embedding_i8 when CatalogSpec::i8_embeddings is set.
  std::vector<float> embedding;
  // Raw i8 embedding, written as given (with embedding_scale) when non-empty; overrides the above.
  std::vector<int8_t> embedding_i8;
  float embedding_scale = 0;
  std::string campaign_id;
  int64_t published_at_ms = kTestNowMs - tacit::kMsPerDay;
  float popularity = 0.5f;
  std::string locale;
};

struct CatalogSpec {
  std::string brand_id = "test-brand";
  uint64_t version = 1;
  int64_t issued_at_ms = kTestNowMs - tacit::kMsPerDay;
  int64_t expires_at_ms = kTestNowMs + 30 * tacit::kMsPerDay;
  uint32_t embedding_dim = 0;
  bool i8_embeddings = false;  // quantise ItemSpec::embedding to i8 with a per-item scale
  std::vector<TopicSpec> topics;
  std::vector<ItemSpec> items;

  // Chainable helpers for the common cases.
  CatalogSpec& AddTopic(std::string id, std::string parent = "",
                        tacit::Sensitivity sensitivity = tacit::Sensitivity::kNone);
  CatalogSpec& AddItem(std::string id, std::vector<std::pair<std::string, float>> topics,
                       std::vector<float> embedding = {}, std::string campaign_id = "");
};

// The unsigned FlatBuffer payload (file identifier TCAT). No validation.
std::vector<uint8_t> BuildCatalogPayload(const CatalogSpec& spec);

// A deterministic Ed25519 signing key pair (test keys only).
struct TestSigner {
  std::array<uint8_t, 32> public_key{};
  std::array<uint8_t, 64> secret_key{};  // libsodium layout: seed || public key

  static TestSigner FromSeed(uint8_t n);  // n = 1 is the default signer
  std::vector<tacit::CatalogPublicKey> keys() const { return {public_key}; }
  // Wraps any payload, valid or not, in a signed envelope.
  std::vector<uint8_t> Sign(const std::vector<uint8_t>& payload) const;
};

// A deterministic X25519 key pair for reports (test keys only).
struct TestReportKeys {
  std::array<uint8_t, 32> public_key{};
  std::array<uint8_t, 32> secret_key{};
  static TestReportKeys FromSeed(uint8_t n);
};

// BuildCatalogPayload + sign.
std::vector<uint8_t> BuildSignedCatalog(const CatalogSpec& spec, const TestSigner& signer = TestSigner::FromSeed(1));

// The policy tests use by default: any brand, no active version, now = kTestNowMs.
tacit::LoadPolicy TestPolicy();

// Builds, signs and loads through LoadSignedCatalog with TestPolicy().
tacit::Result<std::shared_ptr<const tacit::Catalog>> LoadTestCatalog(const CatalogSpec& spec);

// A realistic, valid catalog from a seed: `topics` topics in a 2-3 level hierarchy (about one in twelve
// sensitive), `items` items with 1..4 topics and embeddings clustered by their main topic (dim may be 0),
// every tenth item in one of a few campaigns. Same seed, same catalog. topics >= 1.
CatalogSpec RandomCatalogSpec(size_t items, size_t topics, uint32_t dim, uint64_t seed);

}  // namespace tacit_test

#endif  // TACIT_TESTS_SUPPORT_TEST_CATALOG_H_

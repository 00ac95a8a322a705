// The signed catalog: envelope, signature, FlatBuffer verification, semantic checks and policy.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "catalog/loader.h"
#include "catalog_generated.h"
#include "support/test_catalog.h"

using namespace tacit_test;
using tacit::CatalogPublicKey;
using tacit::LoadPolicy;
using tacit::Sensitivity;

namespace {

// A small valid catalog that touches every field.
CatalogSpec SmallSpec() {
  CatalogSpec s;
  s.embedding_dim = 3;
  s.AddTopic("sport").AddTopic("hiking", "sport").AddTopic("health", "", Sensitivity::kHealth);
  s.AddItem("trail-1", {{"hiking", 1.0f}, {"sport", 0.5f}}, {3.0f, 0.0f, 4.0f}, "spring");
  s.AddItem("gym-2", {{"health", 0.25f}});
  s.items[1].embedding_i8 = {10, -20, 0};
  s.items[1].embedding_scale = 0.5f;
  s.items[1].locale = "en-GB";
  s.AddItem("plain-3", {{"sport", 1.0f}});
  return s;
}

tacit_status Code(const std::vector<uint8_t>& bytes, const std::vector<CatalogPublicKey>& keys,
                  const LoadPolicy& policy = TestPolicy()) {
  auto r = tacit::LoadSignedCatalog(bytes.data(), bytes.size(), keys, policy);
  return r.ok() ? TACIT_OK : r.status().code();
}

// Loads `spec` signed by the default signer; returns the status (OK or the failure).
tacit::Status LoadStatus(const CatalogSpec& spec, const LoadPolicy& policy = TestPolicy()) {
  TestSigner signer = TestSigner::FromSeed(1);
  auto bytes = BuildSignedCatalog(spec, signer);
  auto r = tacit::LoadSignedCatalog(bytes.data(), bytes.size(), signer.keys(), policy);
  return r.ok() ? tacit::Status::OK() : r.status();
}

// Expects `spec` to load as MALFORMED with a message containing `needle`.
void ExpectMalformed(const CatalogSpec& spec, const std::string& needle) {
  tacit::Status s = LoadStatus(spec);
  INFO("message: " << s.message());
  CHECK(s.code() == TACIT_ERR_CATALOG_MALFORMED);
  CHECK(s.message().find(needle) != std::string::npos);
}

}  // namespace

TEST_CASE("a valid catalog loads with indices resolved and embeddings normalised") {
  auto r = LoadTestCatalog(SmallSpec());
  INFO(r.status().message());
  REQUIRE(r.ok());
  const tacit::Catalog& c = *r.value();
  CHECK(c.brand_id == "test-brand");
  CHECK(c.version == 1);
  CHECK(c.embedding_dim == 3);
  REQUIRE(c.topics.size() == 3);
  CHECK(c.topics[0].parent == -1);
  CHECK(c.topics[1].parent == 0);
  CHECK(c.topics[2].sensitivity == Sensitivity::kHealth);
  CHECK(c.topics[2].sensitive());
  CHECK(c.topic_index.at("hiking") == 1);
  REQUIRE(c.items.size() == 3);
  CHECK(c.item_index.at("gym-2") == 1);
  REQUIRE(c.items[0].topics.size() == 2);
  CHECK(c.items[0].topics[0].topic == 1);
  CHECK(c.items[0].topics[1].weight == 0.5f);
  CHECK(c.items[0].campaign_id == "spring");
  CHECK(c.items[1].locale == "en-GB");

  // f32 (3, 0, 4) -> (0.6, 0, 0.8); i8 (10, -20, 0) * 0.5 -> (1, -2, 0) / sqrt(5).
  REQUIRE(c.embeddings.size() == 9);
  CHECK(c.items[0].has_embedding);
  CHECK(c.embedding(0)[0] == Approx(0.6f));
  CHECK(c.embedding(0)[1] == Approx(0.0f));
  CHECK(c.embedding(0)[2] == Approx(0.8f));
  CHECK(c.items[1].has_embedding);
  CHECK(c.embedding(1)[0] == Approx(1.0 / std::sqrt(5.0)));
  CHECK(c.embedding(1)[1] == Approx(-2.0 / std::sqrt(5.0)));
  CHECK_FALSE(c.items[2].has_embedding);
  CHECK(c.embedding(2)[0] == 0.0f);

}

TEST_CASE("every single-bit flip of a signed catalog is rejected with the code for its region") {
  TestSigner signer = TestSigner::FromSeed(1);
  std::vector<uint8_t> good = BuildSignedCatalog(SmallSpec(), signer);
  REQUIRE(Code(good, signer.keys()) == TACIT_OK);
  REQUIRE(good.size() > tacit::kCatalogHeaderBytes);
  for (size_t byte = 0; byte < good.size(); ++byte) {
    tacit_status want;
    if (byte < 4) want = TACIT_ERR_CATALOG_MALFORMED;          // magic
    else if (byte < 12) want = TACIT_ERR_CATALOG_UNKNOWN_KEY;  // key id
    else if (byte < 76) want = TACIT_ERR_CATALOG_BAD_SIGNATURE;
    else if (byte < 80) want = TACIT_ERR_CATALOG_MALFORMED;    // payload_len
    else want = TACIT_ERR_CATALOG_BAD_SIGNATURE;               // payload
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> bad = good;
      bad[byte] ^= uint8_t(1u << bit);
      tacit_status got = Code(bad, signer.keys());
      if (got != want) FAIL("byte " << byte << " bit " << bit << ": got " << got << ", want " << want);
    }
  }
}

TEST_CASE("every truncation and any extension is MALFORMED") {
  TestSigner signer = TestSigner::FromSeed(1);
  std::vector<uint8_t> good = BuildSignedCatalog(SmallSpec(), signer);
  for (size_t n = 0; n < good.size(); ++n) {
    std::vector<uint8_t> cut(good.begin(), good.begin() + long(n));
    tacit_status got = Code(cut, signer.keys());
    if (got != TACIT_ERR_CATALOG_MALFORMED) FAIL("truncated to " << n << ": got " << got);
  }
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  CHECK(Code(longer, signer.keys()) == TACIT_ERR_CATALOG_MALFORMED);
  auto r = tacit::LoadSignedCatalog(nullptr, 0, signer.keys(), TestPolicy());
  CHECK(r.status().code() == TACIT_ERR_CATALOG_MALFORMED);
}

TEST_CASE("keys: unknown key, no keys, rotation and a forged key id") {
  TestSigner a = TestSigner::FromSeed(1), b = TestSigner::FromSeed(2);
  std::vector<uint8_t> by_a = BuildSignedCatalog(SmallSpec(), a);
  CHECK(Code(by_a, b.keys()) == TACIT_ERR_CATALOG_UNKNOWN_KEY);
  CHECK(Code(by_a, {}) == TACIT_ERR_CATALOG_UNKNOWN_KEY);
  CHECK(Code(by_a, {b.public_key, a.public_key}) == TACIT_OK);  // key rotation: either key

  // Signed by b but claiming a's key id: the key is found, the signature is not a's.
  std::vector<uint8_t> by_b = BuildSignedCatalog(SmallSpec(), b);
  auto a_id = tacit::CatalogKeyId(a.public_key);
  std::memcpy(by_b.data() + 4, a_id.data(), a_id.size());
  CHECK(Code(by_b, {a.public_key, b.public_key}) == TACIT_ERR_CATALOG_BAD_SIGNATURE);
}

TEST_CASE("the key id is the first 8 bytes of BLAKE2b-256 of the public key, as in the header") {
  TestSigner a = TestSigner::FromSeed(1);
  std::vector<uint8_t> bytes = BuildSignedCatalog(SmallSpec(), a);
  auto id = tacit::CatalogKeyId(a.public_key);
  CHECK(std::memcmp(bytes.data(), "TCS1", 4) == 0);
  CHECK(std::memcmp(bytes.data() + 4, id.data(), 8) == 0);
  uint32_t len = uint32_t(bytes[76]) | uint32_t(bytes[77]) << 8 | uint32_t(bytes[78]) << 16 |
                 uint32_t(bytes[79]) << 24;
  CHECK(len == bytes.size() - 80);
}

TEST_CASE("validity window: not yet valid, 5-minute skew, expiry") {
  CatalogSpec s = SmallSpec();
  LoadPolicy p = TestPolicy();
  p.now_ms = s.issued_at_ms - tacit::kCatalogClockSkewMs - 1;
  CHECK(LoadStatus(s, p).code() == TACIT_ERR_CATALOG_NOT_YET_VALID);
  p.now_ms = s.issued_at_ms - tacit::kCatalogClockSkewMs;
  CHECK(LoadStatus(s, p).ok());
  p.now_ms = s.expires_at_ms - 1;
  CHECK(LoadStatus(s, p).ok());
  p.now_ms = s.expires_at_ms;
  CHECK(LoadStatus(s, p).code() == TACIT_ERR_CATALOG_EXPIRED);
}

TEST_CASE("rollback: a lower version than the active one is refused; equal and higher are accepted") {
  CatalogSpec s = SmallSpec();
  s.version = 5;
  LoadPolicy p = TestPolicy();
  p.active_version = 6;
  CHECK(LoadStatus(s, p).code() == TACIT_ERR_CATALOG_ROLLED_BACK);
  p.active_version = 5;
  CHECK(LoadStatus(s, p).ok());
  p.active_version = 4;
  CHECK(LoadStatus(s, p).ok());
  p.active_version = 0;
  CHECK(LoadStatus(s, p).ok());
}

TEST_CASE("brand: the expected brand must match; empty accepts any") {
  CatalogSpec s = SmallSpec();
  LoadPolicy p = TestPolicy();
  p.expected_brand = "other-brand";
  CHECK(LoadStatus(s, p).code() == TACIT_ERR_CATALOG_WRONG_BRAND);
  p.expected_brand = "test-brand";
  CHECK(LoadStatus(s, p).ok());
}

TEST_CASE("checks run in order: key before payload, payload before brand, brand before time and version") {
  TestSigner a = TestSigner::FromSeed(1), b = TestSigner::FromSeed(2);
  CatalogSpec broken = SmallSpec();
  broken.items[0].topics[0].second = std::nanf("");
  broken.brand_id = "other";
  // Malformed, but signed by an unknown key: the payload is never looked at.
  CHECK(Code(BuildSignedCatalog(broken, a), b.keys()) == TACIT_ERR_CATALOG_UNKNOWN_KEY);
  LoadPolicy p = TestPolicy();
  p.expected_brand = "test-brand";
  CHECK(Code(BuildSignedCatalog(broken, a), a.keys(), p) == TACIT_ERR_CATALOG_MALFORMED);

  CatalogSpec stale = SmallSpec();
  stale.brand_id = "other";
  stale.version = 1;
  p.active_version = 2;
  p.now_ms = stale.expires_at_ms + 1;
  CHECK(Code(BuildSignedCatalog(stale, a), a.keys(), p) == TACIT_ERR_CATALOG_WRONG_BRAND);
  p.expected_brand = "";
  CHECK(Code(BuildSignedCatalog(stale, a), a.keys(), p) == TACIT_ERR_CATALOG_EXPIRED);
  p.now_ms = TestPolicy().now_ms;
  CHECK(Code(BuildSignedCatalog(stale, a), a.keys(), p) == TACIT_ERR_CATALOG_ROLLED_BACK);
}

TEST_CASE("signed garbage and non-catalog FlatBuffers are MALFORMED") {
  TestSigner a = TestSigner::FromSeed(1);
  std::vector<uint8_t> garbage(300);
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = uint8_t(i * 37 + 11);
  CHECK(Code(a.Sign(garbage), a.keys()) == TACIT_ERR_CATALOG_MALFORMED);
  CHECK(Code(a.Sign({1, 2, 3}), a.keys()) == TACIT_ERR_CATALOG_MALFORMED);

  // A well-formed FlatBuffer with the wrong file identifier.
  std::vector<uint8_t> payload = BuildCatalogPayload(SmallSpec());
  payload[4] = 'X';
  CHECK(Code(a.Sign(payload), a.keys()) == TACIT_ERR_CATALOG_MALFORMED);
}

TEST_CASE("the verifier's table bound stops a vector of shared tables") {
  // 100k references to one Item table: tiny payload, many table visits.
  flatbuffers::FlatBufferBuilder b;
  auto topic = tacit::fb::CreateTopicDirect(b, "t");
  auto it_topic = tacit::fb::CreateItemTopicDirect(b, "t", 1.0f);
  std::vector<flatbuffers::Offset<tacit::fb::ItemTopic>> its{it_topic};
  auto item = tacit::fb::CreateItemDirect(b, "i", nullptr, &its);
  std::vector<flatbuffers::Offset<tacit::fb::Item>> items(100000, item);
  std::vector<flatbuffers::Offset<tacit::fb::Topic>> topics{topic};
  auto root = tacit::fb::CreateCatalogDirect(b, "test-brand", 1, kTestNowMs - 1000, kTestNowMs + 100000, 0,
                                             &topics, &items);
  tacit::fb::FinishCatalogBuffer(b, root);
  std::vector<uint8_t> payload(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
  auto r = tacit::DecodeCatalogPayload(payload.data(), payload.size());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == TACIT_ERR_CATALOG_MALFORMED);
  CHECK(r.status().message().find("FlatBuffer") != std::string::npos);
}

TEST_CASE("an unaligned envelope loads") {
  TestSigner a = TestSigner::FromSeed(1);
  std::vector<uint8_t> good = BuildSignedCatalog(SmallSpec(), a);
  std::vector<uint8_t> shifted(good.size() + 3);
  std::memcpy(shifted.data() + 3, good.data(), good.size());
  auto r = tacit::LoadSignedCatalog(shifted.data() + 3, good.size(), a.keys(), TestPolicy());
  INFO(r.status().message());
  CHECK(r.ok());
}

TEST_CASE("semantic checks: ids") {
  { CatalogSpec s = SmallSpec(); s.AddTopic("sport"); ExpectMalformed(s, "topics[3].id \"sport\" is a duplicate"); }
  { CatalogSpec s = SmallSpec(); s.AddItem("gym-2", {{"sport", 1}}); ExpectMalformed(s, "items[3].id \"gym-2\" is a duplicate"); }
  { CatalogSpec s = SmallSpec(); s.items[1].id = "bad\nid"; ExpectMalformed(s, "items[1].id is not a valid id"); }
  { CatalogSpec s = SmallSpec(); s.items[1].id = std::string(129, 'x'); ExpectMalformed(s, "items[1].id"); }
  { CatalogSpec s = SmallSpec(); s.items[1].id = std::string(128, 'x'); CHECK(LoadStatus(s).ok()); }
  { CatalogSpec s = SmallSpec(); s.items[1].id = "caf\xc3\xa9"; CHECK(LoadStatus(s).ok()); }
  { CatalogSpec s = SmallSpec(); s.items[1].id = "bad\xc3"; ExpectMalformed(s, "items[1].id"); }
  { CatalogSpec s = SmallSpec(); s.items[1].id = "over\xc0\xaflong"; ExpectMalformed(s, "items[1].id"); }
  { CatalogSpec s = SmallSpec(); s.items[1].id = ""; ExpectMalformed(s, "items[1].id"); }
  { CatalogSpec s = SmallSpec(); s.topics[2].id = std::string("nul\0x", 5); ExpectMalformed(s, "topics[2].id"); }
  { CatalogSpec s = SmallSpec(); s.brand_id = "brand\x7f"; ExpectMalformed(s, "brand_id"); }
  { CatalogSpec s = SmallSpec(); s.items[0].campaign_id = "camp\x01"; ExpectMalformed(s, "items[0].campaign_id"); }
  { CatalogSpec s = SmallSpec(); s.items[0].title = std::string(1025, 't'); ExpectMalformed(s, "items[0].title"); }
  { CatalogSpec s = SmallSpec(); s.topics[0].label = "tab\there"; ExpectMalformed(s, "topics[0].label"); }
  { CatalogSpec s = SmallSpec(); s.items[0].locale = "en_GB"; ExpectMalformed(s, "items[0].locale"); }
}

TEST_CASE("semantic checks: topic references and hierarchy") {
  { CatalogSpec s = SmallSpec(); s.topics[1].parent = "nope"; ExpectMalformed(s, "topics[1].parent \"nope\""); }
  { CatalogSpec s = SmallSpec(); s.topics[0].parent = "sport"; ExpectMalformed(s, "parent cycle"); }
  { CatalogSpec s = SmallSpec(); s.topics[0].parent = "hiking"; ExpectMalformed(s, "parent cycle"); }
  {
    CatalogSpec s = SmallSpec();  // a longer cycle hanging off a valid chain
    s.AddTopic("a", "c").AddTopic("b", "a").AddTopic("c", "b").AddTopic("d", "a");
    ExpectMalformed(s, "parent cycle");
  }
  { CatalogSpec s = SmallSpec(); s.topics[2].sensitivity = Sensitivity(9); ExpectMalformed(s, "topics[2].sensitivity"); }
  { CatalogSpec s = SmallSpec(); s.items[2].topics[0].first = "nope"; ExpectMalformed(s, "items[2].topics[0].topic \"nope\""); }
  { CatalogSpec s = SmallSpec(); s.items[0].topics[1].first = "hiking"; ExpectMalformed(s, "items[0].topics[1].topic is listed twice"); }
  { CatalogSpec s = SmallSpec(); s.items[2].topics.clear(); ExpectMalformed(s, "items[2].topics has 0 entries"); }
  {
    CatalogSpec s = SmallSpec();
    for (int i = 0; i < 17; ++i) s.AddTopic("t" + std::to_string(i));
    std::vector<std::pair<std::string, float>> many;
    for (int i = 0; i < 16; ++i) many.emplace_back("t" + std::to_string(i), 0.5f);
    s.AddItem("sixteen", many);
    CHECK(LoadStatus(s).ok());
    many.emplace_back("t16", 0.5f);
    s.AddItem("seventeen", many);
    ExpectMalformed(s, "items[4].topics has 17 entries");
  }
}

TEST_CASE("semantic checks: numbers") {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (float w : {nan, inf, 0.0f, -0.5f, 1.0001f}) {
    CatalogSpec s = SmallSpec();
    s.items[0].topics[1].second = w;
    ExpectMalformed(s, "items[0].topics[1].weight");
  }
  for (float p : {nan, -0.01f, 1.01f}) {
    CatalogSpec s = SmallSpec();
    s.items[1].popularity = p;
    ExpectMalformed(s, "items[1].popularity");
  }
  { CatalogSpec s = SmallSpec(); s.items[1].popularity = 1.0f; CHECK(LoadStatus(s).ok()); }
  { CatalogSpec s = SmallSpec(); s.items[0].published_at_ms = -1; ExpectMalformed(s, "items[0].published_at_ms"); }
  { CatalogSpec s = SmallSpec(); s.version = 0; ExpectMalformed(s, "version"); }
  { CatalogSpec s = SmallSpec(); s.expires_at_ms = s.issued_at_ms; ExpectMalformed(s, "expires_at_ms"); }
  { CatalogSpec s = SmallSpec(); s.issued_at_ms = 0; ExpectMalformed(s, "issued_at_ms"); }
}

TEST_CASE("semantic checks: embeddings") {
  { CatalogSpec s = SmallSpec(); s.items[0].embedding = {1, 2}; ExpectMalformed(s, "items[0].embedding has 2 values; embedding_dim is 3"); }
  { CatalogSpec s = SmallSpec(); s.items[1].embedding_i8 = {1, 2, 3, 4}; ExpectMalformed(s, "items[1].embedding has 4 values"); }
  { CatalogSpec s = SmallSpec(); s.embedding_dim = 0; ExpectMalformed(s, "items[0] has an embedding but embedding_dim is 0"); }
  { CatalogSpec s = SmallSpec(); s.items[1].embedding_scale = 0; ExpectMalformed(s, "items[1].embedding_scale"); }
  { CatalogSpec s = SmallSpec(); s.items[1].embedding_scale = std::nanf(""); ExpectMalformed(s, "items[1].embedding_scale"); }
  { CatalogSpec s = SmallSpec(); s.items[1].embedding = {1, 1, 1}; s.items[1].embedding_i8.clear(); CHECK(LoadStatus(s).ok()); }
  { CatalogSpec s = SmallSpec(); s.items[0].embedding = {1, std::nanf(""), 0}; ExpectMalformed(s, "items[0].embedding_f32.values[1] is not finite"); }
  { CatalogSpec s = SmallSpec(); s.items[0].embedding = {0, 0, 0}; ExpectMalformed(s, "items[0].embedding_f32 has no direction"); }
  { CatalogSpec s = SmallSpec(); s.items[1].embedding_i8 = {0, 0, 0}; ExpectMalformed(s, "items[1].embedding_i8 has no direction"); }
  { CatalogSpec s = SmallSpec(); s.embedding_dim = 513; ExpectMalformed(s, "embedding_dim"); }
  {
    // Both encodings on one item (the spec builder writes only one, so build this by hand).
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<tacit::fb::Topic>> topics{tacit::fb::CreateTopicDirect(b, "t")};
    std::vector<flatbuffers::Offset<tacit::fb::ItemTopic>> its{tacit::fb::CreateItemTopicDirect(b, "t", 1.0f)};
    std::vector<float> f{1, 0};
    std::vector<int8_t> q{1, 0};
    std::vector<flatbuffers::Offset<tacit::fb::Item>> items{
        tacit::fb::CreateItemDirect(b, "i", nullptr, &its, &f, &q, 1.0f)};
    b.Finish(tacit::fb::CreateCatalogDirect(b, "brand", 1, kTestNowMs, kTestNowMs + 1000, 2, &topics, &items),
             tacit::fb::CatalogIdentifier());
    auto r = tacit::DecodeCatalogPayload(b.GetBufferPointer(), b.GetSize());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == TACIT_ERR_CATALOG_MALFORMED);
    CHECK(r.status().message().find("items[0] has both") != std::string::npos);
  }
}

TEST_CASE("a catalog carries no metric, report key or budget: old catalogs' reporting fields are ignored") {
  // The deprecated fields keep their slots: a catalog built before the measurement plan (with metrics, a
  // report key and a cap in slots 7-10) still loads, and nothing of them reaches the in-memory catalog.
  flatbuffers::FlatBufferBuilder b;
  auto brand = b.CreateString("brand");
  std::vector<flatbuffers::Offset<tacit::fb::Metric>> metrics{
      tacit::fb::CreateMetricDirect(b, "m", tacit::fb::MetricKind::topic_engagement, 8.0, tacit::kMsPerHour)};
  auto metrics_vec = b.CreateVector(metrics);
  std::vector<uint8_t> key(32, 7);
  auto key_vec = b.CreateVector(key);
  const flatbuffers::uoffset_t start = b.StartTable();
  auto slot = [](int field) { return flatbuffers::voffset_t(4 + 2 * field); };
  b.AddOffset(slot(0), brand);
  b.AddElement<uint64_t>(slot(1), 1, 0);
  b.AddElement<int64_t>(slot(2), kTestNowMs, 0);
  b.AddElement<int64_t>(slot(3), kTestNowMs + 1000, 0);
  b.AddOffset(slot(7), metrics_vec);
  b.AddOffset(slot(8), key_vec);
  b.AddElement<double>(slot(9), 64.0, 0.0);
  b.AddElement<int64_t>(slot(10), tacit::kMsPerHour, 0);
  b.Finish(flatbuffers::Offset<tacit::fb::Catalog>(b.EndTable(start)), tacit::fb::CatalogIdentifier());
  auto r = tacit::DecodeCatalogPayload(b.GetBufferPointer(), b.GetSize());
  REQUIRE(r.ok());
  CHECK(r.value()->topics.empty());
}

TEST_CASE("random catalogs are deterministic and load, as f32 and as i8") {
  CatalogSpec a = RandomCatalogSpec(500, 60, 16, 42);
  CatalogSpec b = RandomCatalogSpec(500, 60, 16, 42);
  CHECK(BuildCatalogPayload(a) == BuildCatalogPayload(b));
  CHECK(BuildCatalogPayload(a) != BuildCatalogPayload(RandomCatalogSpec(500, 60, 16, 43)));

  auto r = LoadTestCatalog(a);
  INFO(r.status().message());
  REQUIRE(r.ok());
  const tacit::Catalog& c = *r.value();
  CHECK(c.items.size() == 500);
  CHECK(c.topics.size() == 60);
  for (uint32_t i = 0; i < c.items.size(); ++i) {
    REQUIRE(c.items[i].has_embedding);
    double norm = 0;
    for (uint32_t d = 0; d < c.embedding_dim; ++d) norm += double(c.embedding(i)[d]) * c.embedding(i)[d];
    REQUIRE(norm == Approx(1.0).epsilon(1e-5));
  }
  size_t sensitive = 0;
  for (const auto& t : c.topics) sensitive += t.sensitive();
  CHECK(sensitive > 0);

  a.i8_embeddings = true;
  auto q = LoadTestCatalog(a);
  INFO(q.status().message());
  REQUIRE(q.ok());
  // Quantisation keeps each row close to its float original.
  for (uint32_t i = 0; i < 500; ++i) {
    double dot = 0;
    for (uint32_t d = 0; d < 16; ++d) dot += double(c.embedding(i)[d]) * q.value()->embedding(i)[d];
    REQUIRE(dot > 0.99);
  }

  auto none = LoadTestCatalog(RandomCatalogSpec(50, 5, 0, 7));
  REQUIRE(none.ok());
  CHECK(none.value()->embeddings.empty());
}

TEST_CASE("SignCatalog refuses bad keys and payloads") {
  TestSigner a = TestSigner::FromSeed(1);
  std::vector<uint8_t> p = BuildCatalogPayload(SmallSpec());
  CHECK(tacit::SignCatalog(p.data(), p.size(), a.secret_key.data(), 32).status().code() == TACIT_ERR_KEY_LENGTH);
  CHECK(tacit::SignCatalog(p.data(), 0, a.secret_key.data(), 64).status().code() == TACIT_ERR_INVALID_ARGUMENT);
  auto inconsistent = a.secret_key;
  inconsistent[40] ^= 1;  // public half no longer matches the seed
  CHECK(tacit::SignCatalog(p.data(), p.size(), inconsistent.data(), 64).status().code() ==
        TACIT_ERR_INVALID_ARGUMENT);
  auto ok = tacit::SignCatalog(p.data(), p.size(), a.secret_key.data(), 64);
  REQUIRE(ok.ok());
  CHECK(ok.value().size() == p.size() + tacit::kCatalogHeaderBytes);
}

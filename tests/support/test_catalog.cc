#include "support/test_catalog.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "catalog_generated.h"
#include "support/temp_dir.h"

namespace tacit_test {

namespace fb = tacit::fb;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

CatalogSpec& CatalogSpec::AddTopic(std::string id, std::string parent, tacit::Sensitivity sensitivity) {
  TopicSpec t;
  t.label = id;
  t.id = std::move(id);
  t.parent = std::move(parent);
  t.sensitivity = sensitivity;
  topics.push_back(std::move(t));
  return *this;
}

CatalogSpec& CatalogSpec::AddItem(std::string id, std::vector<std::pair<std::string, float>> item_topics,
                                  std::vector<float> embedding, std::string campaign_id) {
  ItemSpec it;
  it.title = "Title of " + id;
  it.id = std::move(id);
  it.topics = std::move(item_topics);
  if (!embedding.empty() && embedding_dim == 0) embedding_dim = uint32_t(embedding.size());
  it.embedding = std::move(embedding);
  it.campaign_id = std::move(campaign_id);
  items.push_back(std::move(it));
  return *this;
}

namespace {

Offset<flatbuffers::String> OptionalString(FlatBufferBuilder& b, const std::string& s) {
  return s.empty() ? Offset<flatbuffers::String>() : b.CreateSharedString(s);
}

Offset<fb::Item> BuildItem(FlatBufferBuilder& b, const CatalogSpec& spec, const ItemSpec& it) {
  std::vector<Offset<fb::ItemTopic>> topics;
  for (const auto& t : it.topics) topics.push_back(fb::CreateItemTopic(b, b.CreateSharedString(t.first), t.second));
  auto topics_vec = b.CreateVector(topics);

  Offset<flatbuffers::Vector<float>> f32;
  Offset<flatbuffers::Vector<int8_t>> i8;
  float scale = it.embedding_scale;
  if (!it.embedding_i8.empty()) {
    i8 = b.CreateVector(it.embedding_i8);
  } else if (!it.embedding.empty() && spec.i8_embeddings) {
    float max_abs = 0;
    for (float v : it.embedding) max_abs = std::max(max_abs, std::fabs(v));
    scale = max_abs > 0 ? max_abs / 127.0f : 1.0f;
    std::vector<int8_t> q;
    for (float v : it.embedding) q.push_back(int8_t(std::lround(v / scale)));
    i8 = b.CreateVector(q);
  } else if (!it.embedding.empty()) {
    f32 = b.CreateVector(it.embedding);
  }
  auto id = b.CreateString(it.id);
  auto title = OptionalString(b, it.title);
  auto campaign = OptionalString(b, it.campaign_id);
  auto locale = OptionalString(b, it.locale);

  fb::ItemBuilder ib(b);
  ib.add_id(id);
  if (!title.IsNull()) ib.add_title(title);
  ib.add_topics(topics_vec);
  if (!f32.IsNull()) ib.add_embedding_f32(f32);
  if (!i8.IsNull()) ib.add_embedding_i8(i8);
  if (scale != 0) ib.add_embedding_scale(scale);
  if (!campaign.IsNull()) ib.add_campaign_id(campaign);
  ib.add_published_at_ms(it.published_at_ms);
  ib.add_popularity(it.popularity);
  if (!locale.IsNull()) ib.add_locale(locale);
  return ib.Finish();
}

}  // namespace

std::vector<uint8_t> BuildCatalogPayload(const CatalogSpec& spec) {
  FlatBufferBuilder b(1024 + spec.items.size() * (64 + 4 * spec.embedding_dim));

  std::vector<Offset<fb::Topic>> topics;
  for (const TopicSpec& t : spec.topics)
    topics.push_back(fb::CreateTopic(b, b.CreateSharedString(t.id), OptionalString(b, t.label),
                                     OptionalString(b, t.parent), fb::Sensitivity(uint8_t(t.sensitivity))));
  auto topics_vec = b.CreateVector(topics);

  std::vector<Offset<fb::Item>> items;
  for (const ItemSpec& it : spec.items) items.push_back(BuildItem(b, spec, it));
  auto items_vec = b.CreateVector(items);

  auto root = fb::CreateCatalog(b, b.CreateString(spec.brand_id), spec.version, spec.issued_at_ms,
                                spec.expires_at_ms, spec.embedding_dim, topics_vec, items_vec);
  fb::FinishCatalogBuffer(b, root);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

TestSigner TestSigner::FromSeed(uint8_t n) {
  if (sodium_init() < 0) std::abort();
  TestSigner s;
  std::vector<uint8_t> seed = TestKey(uint8_t(100 + n));
  crypto_sign_seed_keypair(s.public_key.data(), s.secret_key.data(), seed.data());
  return s;
}

std::vector<uint8_t> TestSigner::Sign(const std::vector<uint8_t>& payload) const {
  auto r = tacit::SignCatalog(payload.data(), payload.size(), secret_key.data(), secret_key.size());
  if (!r.ok()) std::abort();  // only for empty or oversized payloads: a bug in the test
  return std::move(r).value();
}

TestReportKeys TestReportKeys::FromSeed(uint8_t n) {
  if (sodium_init() < 0) std::abort();
  TestReportKeys k;
  std::vector<uint8_t> seed = TestKey(uint8_t(200 + n));
  crypto_box_seed_keypair(k.public_key.data(), k.secret_key.data(), seed.data());
  return k;
}

std::vector<uint8_t> BuildSignedCatalog(const CatalogSpec& spec, const TestSigner& signer) {
  return signer.Sign(BuildCatalogPayload(spec));
}

tacit::LoadPolicy TestPolicy() {
  tacit::LoadPolicy p;
  p.now_ms = kTestNowMs;
  return p;
}

tacit::Result<std::shared_ptr<const tacit::Catalog>> LoadTestCatalog(const CatalogSpec& spec) {
  TestSigner signer = TestSigner::FromSeed(1);
  std::vector<uint8_t> bytes = BuildSignedCatalog(spec, signer);
  return tacit::LoadSignedCatalog(bytes.data(), bytes.size(), signer.keys(), TestPolicy());
}

namespace {

// splitmix64: small, fast and the same on every platform (unlike <random>'s distributions).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return size_t(Next() % n); }
  double Unit() { return double(Next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  float Signed() { return float(Unit() * 2.0 - 1.0); }                       // [-1, 1)

 private:
  uint64_t s_;
};

}  // namespace

CatalogSpec RandomCatalogSpec(size_t n_items, size_t n_topics, uint32_t dim, uint64_t seed) {
  Rng rng(seed);
  CatalogSpec spec;
  spec.brand_id = "random-brand";
  spec.version = 1 + seed % 1000;
  spec.embedding_dim = dim;
  if (n_topics == 0) n_topics = 1;

  // Topics: the first fifth (at least one) are roots; each later topic hangs under an earlier one.
  size_t roots = std::max<size_t>(1, n_topics / 5);
  std::vector<std::vector<float>> centroid(n_topics);
  std::vector<size_t> depth(n_topics, 1);
  for (size_t t = 0; t < n_topics; ++t) {
    TopicSpec ts;
    ts.id = "topic-" + std::to_string(t);
    ts.label = "topic " + std::to_string(t);
    if (t >= roots) {
      const size_t parent = rng.Below(t);
      if (depth[parent] < tacit::kCatalogMaxTopicDepth) {  // within the loader's depth limit
        ts.parent = "topic-" + std::to_string(parent);
        depth[t] = depth[parent] + 1;
      }
    }
    if (t % 12 == 11) ts.sensitivity = tacit::Sensitivity(1 + rng.Below(tacit::kSensitivityMax));
    centroid[t].resize(dim);
    for (auto& v : centroid[t]) v = rng.Signed();
    spec.topics.push_back(std::move(ts));
  }

  const char* locales[] = {"", "en", "en-GB", "de-DE", "fr"};
  std::vector<std::string> campaigns;
  for (size_t i = 0; i < n_items; ++i) {
    ItemSpec it;
    it.id = "item-" + std::to_string(i);
    it.title = "Item " + std::to_string(i);
    size_t k = 1 + rng.Below(4);
    for (size_t j = 0; j < k && j < n_topics; ++j) {
      std::string tid = "topic-" + std::to_string(rng.Below(n_topics));
      bool dup = false;
      for (const auto& p : it.topics) dup |= p.first == tid;
      if (dup) continue;
      float w = j == 0 ? 1.0f : float(0.1 + 0.9 * rng.Unit());
      it.topics.emplace_back(std::move(tid), w);
    }
    if (dim > 0) {
      const auto& c = centroid[std::stoul(it.topics[0].first.substr(6))];
      it.embedding.resize(dim);
      for (uint32_t d = 0; d < dim; ++d) it.embedding[d] = c[d] + 0.35f * rng.Signed();
    }
    if (i % 10 == 0) {
      it.campaign_id = "campaign-" + std::to_string(i / 10 % 5);
      if (std::find(campaigns.begin(), campaigns.end(), it.campaign_id) == campaigns.end())
        campaigns.push_back(it.campaign_id);
    }
    it.published_at_ms = kTestNowMs - int64_t(rng.Below(size_t(60 * tacit::kMsPerDay)));
    it.popularity = float(rng.Unit());
    it.locale = locales[rng.Below(5)];
    spec.items.push_back(std::move(it));
  }

  return spec;
}

}  // namespace tacit_test

// The verified, in-memory form of a brand's catalog. Built only by catalog/loader from signed, verified
// bytes; read by ranking and reporting (metrics come from the measurement plan, model/plan.h). Immutable once built, so it is shared between threads freely.
#ifndef TACIT_MODEL_CATALOG_H_
#define TACIT_MODEL_CATALOG_H_

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace tacit {

// GDPR Art. 9 special categories, plus children. Values are pinned: they are stored and signed.
enum class Sensitivity : uint8_t {
  kNone = 0,
  kHealth = 1,
  kReligion = 2,          // religion or belief
  kPolitics = 3,          // political opinion
  kSexuality = 4,         // sex life or sexual orientation
  kEthnicity = 5,         // racial or ethnic origin
  kTradeUnion = 6,        // trade-union membership
  kGeneticBiometric = 7,  // genetic or biometric data
  kChildren = 8,
};
constexpr uint8_t kSensitivityMax = 8;

struct LocalizedText {
  std::string locale;  // BCP 47
  std::string text;
};

struct Topic {
  std::string id;
  std::string label;         // for sentences: "hiking"
  int32_t parent = -1;       // index into Catalog::topics, -1 for a root
  Sensitivity sensitivity = Sensitivity::kNone;
  std::vector<LocalizedText> labels;  // the label in other locales
  bool sensitive() const { return sensitivity != Sensitivity::kNone; }
};

// What an item is, for the verb a reason uses. Pinned values (signed in the catalog).
enum class ItemKind : uint8_t { kUnspecified = 0, kArticle = 1, kVideo = 2, kAudio = 3, kProduct = 4 };
constexpr uint8_t kItemKindMax = 4;

struct ItemTopic {
  uint32_t topic = 0;  // index into Catalog::topics
  float weight = 0;    // (0, 1]
};

struct Item {
  std::string id;
  std::string title;
  std::vector<ItemTopic> topics;  // 1..16
  std::string campaign_id;        // "" if none
  int64_t published_at_ms = 0;
  float popularity = 0;           // prior in [0, 1]
  std::string locale;             // BCP 47, "" for any
  bool has_embedding = false;     // row `index` of Catalog::embeddings when true
  ItemKind kind = ItemKind::kUnspecified;
};

struct Catalog {
  std::string brand_id;
  uint64_t version = 0;
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;
  uint32_t embedding_dim = 0;  // 0 when no item has an embedding
  std::vector<Topic> topics;
  std::vector<Item> items;
  // items.size() * embedding_dim floats, row i for item i, L2-normalised; zero rows for items without one.
  std::vector<float> embeddings;

  std::unordered_map<std::string, uint32_t> topic_index;  // id -> index
  std::unordered_map<std::string, uint32_t> item_index;

  const float* embedding(uint32_t item) const { return embeddings.data() + size_t(item) * embedding_dim; }
};

}  // namespace tacit

#endif  // TACIT_MODEL_CATALOG_H_

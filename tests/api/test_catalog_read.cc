// Reading the active catalog's topics and items through the C API (onboarding screens).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "support/test_catalog.h"

using namespace tacit_test;

namespace {

int64_t TestClock(void*) { return kTestNowMs; }

struct Profile {
  TempDir tmp;
  tacit_t* h = nullptr;
  Profile() {
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(1);
    auto signer = TestSigner::FromSeed(1);
    REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
    REQUIRE(tacit_options_add_brand_key(o, signer.public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o, TestClock, nullptr) == TACIT_OK);
    REQUIRE(tacit_open(o, &h) == TACIT_OK);
    tacit_options_free(o);
  }
  ~Profile() { tacit_close(h); }
  void Load(const CatalogSpec& spec) {
    auto bytes = BuildSignedCatalog(spec);
    REQUIRE(tacit_load_catalog(h, bytes.data(), bytes.size()) == TACIT_OK);
  }
};

CatalogSpec Spec(uint64_t version) {
  CatalogSpec spec;
  spec.version = version;
  spec.AddTopic("outdoors").AddTopic("hiking", "outdoors").AddTopic("faith", "", tacit::Sensitivity::kReligion);
  spec.topics[1].label = "hiking trips";
  spec.AddItem("walk-1", {{"hiking", 1.0f}, {"outdoors", 0.5f}}, {}, "summer");
  spec.items.back().title = "A walk";
  spec.items.back().locale = "en";
  for (int i = 0; i < 5; ++i) spec.AddItem("v" + std::to_string(version) + "-" + std::to_string(i), {{"outdoors", 1.0f}});
  return spec;
}

}  // namespace

TEST_CASE("catalog topics: ids, labels, parents and sensitivity; NO_CATALOG before one loads") {
  Profile p;
  tacit_topic_list_t* topics = nullptr;
  CHECK(tacit_catalog_topics(p.h, &topics) == TACIT_ERR_NO_CATALOG);
  CHECK(topics == nullptr);
  CHECK(tacit_catalog_topics(p.h, nullptr) == TACIT_ERR_INVALID_ARGUMENT);
  p.Load(Spec(1));
  REQUIRE(tacit_catalog_topics(p.h, &topics) == TACIT_OK);
  REQUIRE(tacit_topic_list_size(topics) == 3);
  const tacit_topic_t* outdoors = tacit_topic_list_get(topics, 0);
  const tacit_topic_t* hiking = tacit_topic_list_get(topics, 1);
  const tacit_topic_t* faith = tacit_topic_list_get(topics, 2);
  CHECK(std::string(outdoors->id) == "outdoors");
  CHECK(std::string(outdoors->label) == "outdoors");  // no label: the id
  CHECK(std::string(outdoors->parent_id).empty());
  CHECK(outdoors->sensitivity == TACIT_SENSITIVITY_NONE);
  CHECK(std::string(hiking->label) == "hiking trips");
  CHECK(std::string(hiking->parent_id) == "outdoors");
  CHECK(faith->sensitivity == 2);  // religion
  CHECK(tacit_topic_list_get(topics, 3) == nullptr);
  CHECK(tacit_topic_list_size(nullptr) == 0);
  tacit_topic_list_free(topics);
  tacit_topic_list_free(nullptr);
}

TEST_CASE("catalog items: pages over the catalog; a snapshot survives a newer catalog") {
  Profile p;
  p.Load(Spec(1));
  tacit_catalog_item_list_t* all = nullptr;
  REQUIRE(tacit_catalog_items(p.h, 0, 0, &all) == TACIT_OK);
  REQUIRE(tacit_catalog_item_list_size(all) == 6);
  const tacit_catalog_item_t* walk = tacit_catalog_item_list_get(all, 0);
  CHECK(std::string(walk->id) == "walk-1");
  CHECK(std::string(walk->title) == "A walk");
  REQUIRE(walk->topic_count == 2);
  CHECK(std::string(walk->topic_ids[0]) == "hiking");
  CHECK(std::string(walk->topic_ids[1]) == "outdoors");
  CHECK(walk->topic_weights[1] == Approx(0.5));
  CHECK(std::string(walk->campaign_id) == "summer");
  CHECK(std::string(walk->locale) == "en");
  CHECK(walk->published_at_ms == kTestNowMs - tacit::kMsPerDay);

  tacit_catalog_item_list_t* page = nullptr;
  REQUIRE(tacit_catalog_items(p.h, 4, 10, &page) == TACIT_OK);
  REQUIRE(tacit_catalog_item_list_size(page) == 2);
  CHECK(std::string(tacit_catalog_item_list_get(page, 0)->id) == "v1-3");
  tacit_catalog_item_list_free(page);
  REQUIRE(tacit_catalog_items(p.h, 2, 1, &page) == TACIT_OK);
  CHECK(tacit_catalog_item_list_size(page) == 1);
  tacit_catalog_item_list_free(page);
  REQUIRE(tacit_catalog_items(p.h, 99, 0, &page) == TACIT_OK);
  CHECK(tacit_catalog_item_list_size(page) == 0);
  CHECK(tacit_catalog_item_list_get(page, 0) == nullptr);
  tacit_catalog_item_list_free(page);

  // A newer catalog: the old snapshot still reads the old items.
  p.Load(Spec(2));
  CHECK(std::string(tacit_catalog_item_list_get(all, 5)->id) == "v1-4");
  CHECK(std::string(tacit_catalog_item_list_get(all, 0)->topic_ids[0]) == "hiking");
  tacit_catalog_item_list_free(all);
  REQUIRE(tacit_catalog_items(p.h, 5, 1, &page) == TACIT_OK);
  CHECK(std::string(tacit_catalog_item_list_get(page, 0)->id) == "v2-4");
  tacit_catalog_item_list_free(page);
}

TEST_CASE("with a catalog active, declaring or refusing an id it does not hold is TACIT_ERR_UNKNOWN_ID") {
  Profile p;
  // No catalog yet: any well-formed id is kept, to apply once a catalog holds it.
  CHECK(tacit_declare_interest(p.h, "sailing", 1.0) == TACIT_OK);
  CHECK(tacit_not_interested_item(p.h, "old-item") == TACIT_OK);
  p.Load(Spec(1));
  CHECK(tacit_declare_interest(p.h, "hiking", 1.0) == TACIT_OK);
  CHECK(tacit_declare_interest(p.h, "hikng", 1.0) == TACIT_ERR_UNKNOWN_ID);
  CHECK(std::string(tacit_last_error()).find("\"hikng\" is not in the active catalog") != std::string::npos);
  CHECK(tacit_not_interested_topic(p.h, "hikng") == TACIT_ERR_UNKNOWN_ID);
  CHECK(tacit_not_interested_item(p.h, "no-such-item") == TACIT_ERR_UNKNOWN_ID);
  CHECK(std::string(tacit_status_name(TACIT_ERR_UNKNOWN_ID)) == "TACIT_ERR_UNKNOWN_ID");
  // What only takes something away always works.
  CHECK(tacit_undeclare_interest(p.h, "sailing") == TACIT_OK);
  CHECK(tacit_forget_inferred(p.h, "hikng") == TACIT_OK);
  CHECK(tacit_forget_topic_behaviour(p.h, "hikng") == TACIT_OK);
  // Nothing was stored for the refused calls.
  tacit_interest_list_t* list = nullptr;
  REQUIRE(tacit_interests_read(p.h, &list) == TACIT_OK);
  CHECK(tacit_interest_list_size(list) == 1);
  tacit_interest_list_free(list);
}

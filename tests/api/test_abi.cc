// Structs that grow: an app built against an older or a newer header keeps working (see "Growable structs"
// in tacit.h). Older apps are simulated by a struct_size that stops at an earlier field, newer apps by a
// struct with fields tacit does not know appended.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"

using namespace tacit_test;

namespace {

int64_t g_now = kTestNowMs;
int64_t TestClock(void*) { return g_now; }

struct Opened {
  TempDir tmp;
  tacit_t* h = nullptr;
  Opened() {
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(3);
    auto signer = TestSigner::FromSeed(1);
    REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
    REQUIRE(tacit_options_add_brand_key(o, signer.public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o, TestClock, nullptr) == TACIT_OK);
    REQUIRE(tacit_open(o, &h) == TACIT_OK);
    tacit_options_free(o);
    CatalogSpec spec;
    spec.AddTopic("hiking").AddTopic("jazz");
    for (int i = 0; i < 5; ++i) spec.AddItem("hike-" + std::to_string(i), {{"hiking", 1.0f}});
    for (int i = 0; i < 5; ++i) spec.AddItem("jazz-" + std::to_string(i), {{"jazz", 1.0f}});
    auto bytes = BuildSignedCatalog(spec);
    REQUIRE(tacit_load_catalog(h, bytes.data(), bytes.size()) == TACIT_OK);
  }
  ~Opened() { tacit_close(h); }
};

// A newer app's event: tacit's fields, then one it does not know.
struct FutureEvent {
  tacit_event_t base;
  uint64_t unknown_field;
};

}  // namespace

TEST_CASE("events: struct_size is required, and is the stride of a batch") {
  Opened p;
  tacit_event_t e;
  tacit_event_init(&e);
  CHECK(e.struct_size == sizeof(tacit_event_t));
  CHECK(e.value == 1.0);
  e.type = TACIT_EVENT_OPEN;
  e.item_id = "hike-1";
  e.timestamp_ms = g_now - 1000;
  REQUIRE(tacit_record_event(p.h, &e) == TACIT_OK);

  tacit_event_t unset = e;
  unset.struct_size = 0;  // filled by hand without tacit_event_init
  CHECK(tacit_record_event(p.h, &unset) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(std::string(tacit_last_error()).find("struct_size") != std::string::npos);
  unset.struct_size = offsetof(tacit_event_t, value);  // shorter than the first version
  CHECK(tacit_record_event(p.h, &unset) == TACIT_ERR_INVALID_ARGUMENT);

  // A newer app: larger elements, walked with its stride; the unknown field is ignored.
  std::vector<FutureEvent> future(3);
  const char* items[] = {"jazz-0", "jazz-1", "jazz-2"};
  for (size_t i = 0; i < future.size(); ++i) {
    tacit_event_init(&future[i].base);
    future[i].base.struct_size = sizeof(FutureEvent);
    future[i].base.type = TACIT_EVENT_LIKE;
    future[i].base.item_id = items[i];
    future[i].base.timestamp_ms = g_now - 500;
    future[i].unknown_field = 0xdeadbeef;
  }
  REQUIRE(tacit_record_events(p.h, &future[0].base, future.size()) == TACIT_OK);
  // Mixed sizes in one batch are refused whole.
  future[2].base.struct_size = sizeof(tacit_event_t);
  CHECK(tacit_record_events(p.h, &future[0].base, future.size()) == TACIT_ERR_INVALID_ARGUMENT);

  tacit_event_list_t* list = nullptr;
  REQUIRE(tacit_events_read(p.h, 0, 0, &list) == TACIT_OK);
  REQUIRE(tacit_event_list_size(list) == 4);
  const tacit_event_t* last = tacit_event_list_get(list, 3);
  CHECK(last->struct_size == sizeof(tacit_event_t));
  CHECK(std::string(last->item_id) == "jazz-2");
  CHECK(TACIT_HAS_FIELD(last, tacit_event_t, value));
  tacit_event_list_free(list);
}

TEST_CASE("rank requests: init fills the caller's size; older requests get defaults for missing fields") {
  Opened p;
  tacit_rank_request_t r;
  std::memset(&r, 0xab, sizeof r);
  tacit_rank_request_init(&r);
  CHECK(r.struct_size == sizeof r);
  CHECK(r.k == 20);
  CHECK(r.surface == TACIT_SURFACE_FEED);
  CHECK(r.exploration == 0.1);
  CHECK(r.frequency_cap == 3);
  CHECK(r.candidate_ids == nullptr);
  CHECK(r.locale == nullptr);

  CHECK(tacit_rank_request_init_sized(nullptr, sizeof r) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_rank_request_init_sized(&r, 4) == TACIT_ERR_INVALID_ARGUMENT);

  // A newer app's larger request: the tail it has and tacit does not is zeroed by init, then ignored.
  struct Future {
    tacit_rank_request_t base;
    uint64_t unknown_flags;
  } f;
  std::memset(&f, 0xab, sizeof f);
  REQUIRE(tacit_rank_request_init_sized(&f.base, sizeof f) == TACIT_OK);
  CHECK(f.base.struct_size == sizeof f);
  CHECK(f.unknown_flags == 0);
  f.base.k = 3;
  f.base.exploration = 0;
  tacit_ranking_t* out = nullptr;
  REQUIRE(tacit_rank(p.h, &f.base, &out) == TACIT_OK);
  CHECK(tacit_ranking_size(out) == 3);
  tacit_ranking_free(out);

  // An older app whose request ends before frequency_cap is refused: that field was in the first version.
  tacit_rank_request_init(&r);
  r.struct_size = offsetof(tacit_rank_request_t, frequency_cap);
  CHECK(tacit_rank(p.h, &r, &out) == TACIT_ERR_INVALID_ARGUMENT);
  r.struct_size = 0;
  CHECK(tacit_rank(p.h, &r, &out) == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("rankings: reasons come through an accessor, never by the caller's sizeof") {
  Opened p;
  tacit_rank_request_t r;
  tacit_rank_request_init(&r);
  r.k = 4;
  tacit_ranking_t* out = nullptr;
  REQUIRE(tacit_rank(p.h, &r, &out) == TACIT_OK);
  REQUIRE(tacit_ranking_size(out) == 4);
  for (size_t i = 0; i < 4; ++i) {
    const tacit_ranked_item_t* it = tacit_ranking_get(out, i);
    CHECK(it->struct_size == sizeof(tacit_ranked_item_t));
    REQUIRE(it->reason_count >= 1);
    for (size_t j = 0; j < it->reason_count; ++j) {
      const tacit_reason_t* why = tacit_ranking_reason(out, i, j);
      REQUIRE(why != nullptr);
      CHECK(why->struct_size == sizeof(tacit_reason_t));
      CHECK(std::strlen(why->text) > 0);
    }
    CHECK(tacit_ranking_reason(out, i, it->reason_count) == nullptr);
  }
  CHECK(tacit_ranking_reason(out, 4, 0) == nullptr);
  CHECK(tacit_ranking_reason(nullptr, 0, 0) == nullptr);
  tacit_ranking_free(out);
}

TEST_CASE("catalog info: tacit writes only the caller's struct_size bytes") {
  Opened p;
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  REQUIRE(tacit_catalog_info(p.h, &info) == TACIT_OK);
  CHECK(info.struct_size == sizeof info);
  CHECK(info.item_count == 10);
  CHECK(info.topic_count == 2);

  // A newer app with a field tacit does not know: tacit fills what it knows, says so, touches nothing else.
  struct {
    tacit_catalog_info_t info;
    unsigned char unknown_field[8];
  } newer_app;
  std::memset(&newer_app, 0x5a, sizeof newer_app);
  newer_app.info.struct_size = sizeof newer_app;
  REQUIRE(tacit_catalog_info(p.h, &newer_app.info) == TACIT_OK);
  CHECK(newer_app.info.struct_size == sizeof(tacit_catalog_info_t));
  CHECK(newer_app.info.item_count == 10);
  for (unsigned char c : newer_app.unknown_field) CHECK(c == 0x5a);
  // Shorter than the first version: refused, nothing written.
  newer_app.info.struct_size = offsetof(tacit_catalog_info_t, topic_count);
  newer_app.info.version = 77;
  CHECK(tacit_catalog_info(p.h, &newer_app.info) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(newer_app.info.version == 77);

  tacit_catalog_info_t unset{};
  CHECK(tacit_catalog_info(p.h, &unset) == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("outgoing reports and interests carry tacit's struct_size") {
  Opened p;
  REQUIRE(tacit_declare_interest(p.h, "hiking", 1.0) == TACIT_OK);
  tacit_interest_list_t* l = nullptr;
  REQUIRE(tacit_interests_read(p.h, &l) == TACIT_OK);
  REQUIRE(tacit_interest_list_size(l) == 1);
  CHECK(tacit_interest_list_get(l, 0)->struct_size == sizeof(tacit_interest_t));
  tacit_interest_list_free(l);
}

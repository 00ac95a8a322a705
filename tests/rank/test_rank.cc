// Ranking, feedback and reasons through the C API, as a host app uses them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"

using namespace tacit_test;

namespace {

int64_t g_now = kTestNowMs;
int64_t TestClock(void*) { return g_now; }

CatalogSpec OutdoorsCatalog(uint64_t version = 1) {
  CatalogSpec spec;
  spec.version = version;
  spec.AddTopic("outdoors").AddTopic("hiking", "outdoors").AddTopic("running", "outdoors").AddTopic("cooking")
      .AddTopic("jazz").AddTopic("health", "", tacit::Sensitivity::kHealth).AddTopic("faith", "", tacit::Sensitivity::kReligion);
  for (auto& t : spec.topics) t.label = t.id;
  const char* topics[] = {"hiking", "running", "cooking", "jazz", "health", "faith"};
  for (int t = 0; t < 6; ++t)
    for (int i = 0; i < 8; ++i) {
      spec.AddItem(std::string(topics[t]) + "-" + std::to_string(i), {{topics[t], 1.0f}});
      spec.items.back().title = std::string("A ") + topics[t] + " story #" + std::to_string(i);
      spec.items.back().popularity = 0.1f + 0.1f * float(i);
      spec.items.back().published_at_ms = kTestNowMs - (10 + i) * tacit::kMsPerDay;
    }
  return spec;
}

struct Profile {
  TempDir tmp;
  tacit_t* h = nullptr;
  Profile() { Reopen(); }
  ~Profile() { tacit_close(h); }
  void Reopen() {
    tacit_close(h);
    h = nullptr;
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(1);
    auto signer = TestSigner::FromSeed(1);
    REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
    REQUIRE(tacit_options_add_brand_key(o, signer.public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o, TestClock, nullptr) == TACIT_OK);
    REQUIRE(tacit_open(o, &h) == TACIT_OK);
    tacit_options_free(o);
    // Inferred signals need personalisation consent (unknown means no), given before the behaviour the
    // tests record (only behaviour while it is given counts). Re-applying it on reopen changes nothing.
    const int64_t now = g_now;
    g_now = kTestNowMs - 400 * tacit::kMsPerDay;
    REQUIRE(tacit_consent_set(h, TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN, "test") == TACIT_OK);
    g_now = now;
  }
  void Load(const CatalogSpec& spec) {
    auto bytes = BuildSignedCatalog(spec);
    REQUIRE(tacit_load_catalog(h, bytes.data(), bytes.size()) == TACIT_OK);
  }
  void Event(int32_t type, const std::string& item, int64_t ts = 0) {
    tacit_event_t e{sizeof(tacit_event_t), type, item.c_str(), nullptr, 0, ts ? ts : g_now - 3600 * 1000, 1.0};
    REQUIRE(tacit_record_event(h, &e) == TACIT_OK);
  }
  struct Row {
    std::string id;
    std::vector<int32_t> kinds;
    std::vector<std::string> texts;
  };
  std::vector<Row> Rank(size_t k = 10, double exploration = 0.0, uint32_t cap = 3) {
    tacit_rank_request_t r;
    tacit_rank_request_init(&r);
    r.k = k;
    r.seed = 42;
    r.exploration = exploration;
    r.frequency_cap = cap;
    tacit_ranking_t* out = nullptr;
    REQUIRE(tacit_rank(h, &r, &out) == TACIT_OK);
    std::vector<Row> rows;
    for (size_t i = 0; i < tacit_ranking_size(out); ++i) {
      const tacit_ranked_item_t* it = tacit_ranking_get(out, i);
      Row row{it->item_id, {}, {}};
      for (size_t j = 0; j < it->reason_count; ++j) {
        row.kinds.push_back(tacit_ranking_reason(out, i, j)->kind);
        row.texts.push_back(tacit_ranking_reason(out, i, j)->text);
      }
      rows.push_back(row);
    }
    tacit_ranking_free(out);
    return rows;
  }
};

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

}  // namespace

TEST_CASE("without a catalog, ranking says so") {
  Profile p;
  tacit_rank_request_t r;
  tacit_rank_request_init(&r);
  tacit_ranking_t* out = nullptr;
  CHECK(tacit_rank(p.h, &r, &out) == TACIT_ERR_NO_CATALOG);
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  CHECK(tacit_catalog_info(p.h, &info) == TACIT_ERR_NO_CATALOG);
}

TEST_CASE("a new profile gets the popular feed, and says it does not know the user yet") {
  Profile p;
  p.Load(OutdoorsCatalog());
  auto rows = p.Rank(6);
  REQUIRE(rows.size() == 6);
  for (auto& r : rows) {
    CHECK(r.kinds[0] == TACIT_REASON_POPULAR);
    CHECK(r.texts[0] == "Popular right now \xe2\x80\x94 we don't know you well yet");
    CHECK_FALSE(StartsWith(r.id, "health"));  // sensitive, undeclared
    CHECK_FALSE(StartsWith(r.id, "faith"));
  }
  CHECK(StartsWith(rows[0].id, "") );
  CHECK(rows[0].id.substr(rows[0].id.size() - 1) == "7");  // the most popular items lead
}

TEST_CASE("declared interests lead, with their reason") {
  Profile p;
  p.Load(OutdoorsCatalog());
  REQUIRE(tacit_declare_interest(p.h, "hiking", 1.0) == TACIT_OK);
  auto rows = p.Rank(10);
  REQUIRE(rows.size() == 10);
  for (size_t i = 0; i < 7; ++i) {  // diversity caps one topic at max(2, ceil(0.7 k)) of the list
    CHECK(StartsWith(rows[i].id, "hiking-"));
    CHECK(rows[i].kinds[0] == TACIT_REASON_DECLARED);
    CHECK(rows[i].texts[0] == "Because you said you like hiking");
  }
  size_t hiking = 0;
  for (auto& r : rows) hiking += StartsWith(r.id, "hiking-");
  CHECK(hiking == 7);
}

TEST_CASE("behaviour is inferred, decays, and is explained with counts") {
  Profile p;
  p.Load(OutdoorsCatalog());
  for (int i = 0; i < 3; ++i) p.Event(TACIT_EVENT_COMPLETE, "running-" + std::to_string(i));
  for (int i = 0; i < 12; ++i) p.Event(TACIT_EVENT_OPEN, "running-" + std::to_string(i % 3), g_now - 30 * tacit::kMsPerDay);
  auto rows = p.Rank(3);
  REQUIRE(rows.size() == 3);
  CHECK(StartsWith(rows[0].id, "running-"));
  bool found = false;
  for (auto& r : rows)
    for (auto& t : r.texts) found |= t == "Because you finished 3 running items this week";  // kind unspecified
  CHECK(found);

  SECTION("explain gives the same reasons on demand") {
    tacit_ranking_t* one = nullptr;
    REQUIRE(tacit_explain(p.h, rows[0].id.c_str(), &one) == TACIT_OK);
    REQUIRE(tacit_ranking_size(one) == 1);
    const tacit_ranked_item_t* it = tacit_ranking_get(one, 0);
    REQUIRE(it->reason_count == rows[0].texts.size());
    CHECK(std::string(tacit_ranking_reason(one, 0, 0)->text) == rows[0].texts[0]);
    CHECK(std::string(tacit_ranking_reason(one, 0, 0)->spoken).size() > 0);
    tacit_ranking_free(one);
    CHECK(tacit_explain(p.h, "no-such-item", &one) == TACIT_ERR_NOT_FOUND);
  }
}

TEST_CASE("sensitive topics are never inferred, only declared") {
  Profile p;
  p.Load(OutdoorsCatalog());
  for (int i = 0; i < 30; ++i) p.Event(TACIT_EVENT_LIKE, "health-" + std::to_string(i % 8));
  for (auto& r : p.Rank(20, 0.5)) CHECK_FALSE(StartsWith(r.id, "health-"));
  tacit_ranking_t* one = nullptr;
  CHECK(tacit_explain(p.h, "health-1", &one) == TACIT_ERR_NOT_FOUND);
  REQUIRE(tacit_declare_interest(p.h, "health", 1.0) == TACIT_OK);
  auto rows = p.Rank(3);
  REQUIRE_FALSE(rows.empty());
  CHECK(StartsWith(rows[0].id, "health-"));
  CHECK(rows[0].kinds[0] == TACIT_REASON_DECLARED);
}

TEST_CASE("not interested: an item is hidden for good, a topic is suppressed, across restarts") {
  Profile p;
  p.Load(OutdoorsCatalog());
  REQUIRE(tacit_declare_interest(p.h, "hiking", 1.0) == TACIT_OK);
  REQUIRE(tacit_not_interested_item(p.h, "hiking-7") == TACIT_OK);
  REQUIRE(tacit_not_interested_topic(p.h, "cooking") == TACIT_OK);
  for (int round = 0; round < 2; ++round) {
    for (auto& r : p.Rank(40, 0.5)) {
      CHECK(r.id != "hiking-7");
      CHECK_FALSE(StartsWith(r.id, "cooking-"));
    }
    p.Reopen();
  }
  SECTION("suppressing a parent topic covers its children") {
    REQUIRE(tacit_not_interested_topic(p.h, "outdoors") == TACIT_OK);
    for (auto& r : p.Rank(40, 0.5)) {
      CHECK_FALSE(StartsWith(r.id, "hiking-"));
      CHECK_FALSE(StartsWith(r.id, "running-"));
    }
  }
}

TEST_CASE("a dismissal lowers an item, frequency caps rest it") {
  Profile p;
  p.Load(OutdoorsCatalog());
  auto before = p.Rank(1);
  REQUIRE(before.size() == 1);
  const std::string top = before[0].id;
  p.Event(TACIT_EVENT_DISMISS, top);
  CHECK(p.Rank(1)[0].id != top);

  const std::string next = p.Rank(1)[0].id;
  for (int i = 0; i < 3; ++i) p.Event(TACIT_EVENT_VIEW, next, g_now - (i + 1) * 60000);
  for (auto& r : p.Rank(40, 0.0, 3)) CHECK(r.id != next);
  bool shown_without_cap = false;
  for (auto& r : p.Rank(40, 0.0, 0)) shown_without_cap |= r.id == next;
  CHECK(shown_without_cap);
}

TEST_CASE("exploration is bounded, seeded and labelled") {
  Profile p;
  p.Load(OutdoorsCatalog());
  REQUIRE(tacit_declare_interest(p.h, "hiking", 1.0) == TACIT_OK);
  auto a = p.Rank(10, 0.2);
  auto b = p.Rank(10, 0.2);
  REQUIRE(a.size() == 10);
  size_t exploring = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].id == b[i].id);
    if (a[i].kinds[0] == TACIT_REASON_EXPLORING) {
      ++exploring;
      CHECK(a[i].texts[0] == "Something new we're trying");
    }
  }
  CHECK(exploring == 2);
}

TEST_CASE("candidates from the host restrict the ranking") {
  Profile p;
  p.Load(OutdoorsCatalog());
  const char* ids[] = {"jazz-1", "cooking-2", "hiking-3"};
  tacit_rank_request_t r;
  tacit_rank_request_init(&r);
  r.candidate_ids = ids;
  r.candidate_count = 3;
  r.k = 10;
  tacit_ranking_t* out = nullptr;
  REQUIRE(tacit_rank(p.h, &r, &out) == TACIT_OK);
  CHECK(tacit_ranking_size(out) == 3);
  tacit_ranking_free(out);
  const char* unknown[] = {"nope"};
  r.candidate_ids = unknown;
  r.candidate_count = 1;
  CHECK(tacit_rank(p.h, &r, &out) == TACIT_ERR_NOT_FOUND);
  tacit_rank_request_init(&r);
  r.k = 0;
  CHECK(tacit_rank(p.h, &r, &out) == TACIT_ERR_INVALID_ARGUMENT);
  r.k = 5;
  r.exploration = 0.9;
  CHECK(tacit_rank(p.h, &r, &out) == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("a rejected catalog leaves the previous one active and ranking") {
  Profile p;
  p.Load(OutdoorsCatalog(2));
  auto good = BuildSignedCatalog(OutdoorsCatalog(3));
  auto flipped = good;
  flipped[good.size() / 2] ^= 0x10;
  CHECK(tacit_load_catalog(p.h, flipped.data(), flipped.size()) == TACIT_ERR_CATALOG_BAD_SIGNATURE);
  auto old = BuildSignedCatalog(OutdoorsCatalog(1));
  CHECK(tacit_load_catalog(p.h, old.data(), old.size()) == TACIT_ERR_CATALOG_ROLLED_BACK);
  auto other = BuildSignedCatalog(OutdoorsCatalog(3), TestSigner::FromSeed(9));
  CHECK(tacit_load_catalog(p.h, other.data(), other.size()) == TACIT_ERR_CATALOG_UNKNOWN_KEY);
  auto expired_spec = OutdoorsCatalog(3);
  expired_spec.expires_at_ms = g_now - 1;
  auto expired = BuildSignedCatalog(expired_spec);
  CHECK(tacit_load_catalog(p.h, expired.data(), expired.size()) == TACIT_ERR_CATALOG_EXPIRED);
  CHECK(tacit_load_catalog(p.h, good.data(), 10) == TACIT_ERR_CATALOG_MALFORMED);
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  REQUIRE(tacit_catalog_info(p.h, &info) == TACIT_OK);
  CHECK(info.version == 2);
  CHECK(p.Rank(5).size() == 5);
  p.Reopen();  // the stored catalog is restored and re-verified at open
  REQUIRE(tacit_catalog_info(p.h, &info) == TACIT_OK);
  CHECK(info.version == 2);
  CHECK(info.item_count == 48);
  REQUIRE(tacit_load_catalog(p.h, good.data(), good.size()) == TACIT_OK);
  REQUIRE(tacit_catalog_info(p.h, &info) == TACIT_OK);
  CHECK(info.version == 3);
}

// Catalog freshness: a rollback floor that survives restarts and key rotation, limits that bound the
// taxonomy walk, no epsilon the randomiser cannot honour, no overflow in time arithmetic.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/clock.h"
#include "privacy/privacy_device.h"
#include "store/profile_store.h"
#include "store/schema.h"
#include "support/store_peer.h"

using namespace tacit_test;

namespace {

CatalogSpec Versioned(uint64_t version) {
  CatalogSpec spec;
  spec.version = version;
  spec.AddTopic("running").AddItem("run-1", {{"running", 1.0f}});
  return spec;
}

CatalogSpec Chain(size_t depth) {
  CatalogSpec spec;
  for (size_t i = 0; i < depth; ++i) spec.AddTopic("t" + std::to_string(i), i ? "t" + std::to_string(i - 1) : "");
  spec.AddItem("leaf", {{"t" + std::to_string(depth - 1), 1.0f}});
  return spec;
}

}  // namespace

TEST_CASE("attack: the rollback floor is persisted, so an older catalog is refused after a restart and a key rotation") {
  PrivacyDevice d;
  const TestSigner old_key = TestSigner::FromSeed(1), new_key = TestSigner::FromSeed(2);
  REQUIRE(d.Load(Versioned(5), old_key) == TACIT_OK);
  // The brand rotates its signing key: the stored catalog (old key) no longer verifies at open, so no
  // catalog is active; the floor must still stand.
  d.signers = {new_key};
  d.Reopen();
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  REQUIRE(tacit_catalog_info(d.h, &info) == TACIT_ERR_NO_CATALOG);
  CHECK(d.Load(Versioned(4), new_key) == TACIT_ERR_CATALOG_ROLLED_BACK);
  CHECK(d.Load(Versioned(5), new_key) == TACIT_OK);  // the same version again is accepted
  CHECK(d.Load(Versioned(6), new_key) == TACIT_OK);
  d.Reopen();
  CHECK(d.Load(Versioned(5), new_key) == TACIT_ERR_CATALOG_ROLLED_BACK);
}

TEST_CASE("the store's version floors only rise") {
  TempDir tmp;
  tacit::StoreConfig cfg;
  cfg.dir = tmp.Join("p");
  cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
  auto store = tacit::ProfileStore::Open(std::move(cfg));
  REQUIRE(store.ok());
  auto& s = *store.value();
  CHECK(s.VersionFloor("plan").value() == 0);
  REQUIRE(s.RaiseVersionFloor("plan", 9, kTestNowMs).ok());
  REQUIRE(s.RaiseVersionFloor("plan", 3, kTestNowMs).ok());
  CHECK(s.VersionFloor("plan").value() == 9);
  CHECK(s.VersionFloor("catalog").value() == 0);
}

TEST_CASE("a profile of schema 3 migrates: the floor is seeded from its stored catalog, the sensitive memory starts") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  auto bytes = BuildSignedCatalog(Versioned(7));
  {
    tacit::StoreConfig cfg;
    cfg.dir = dir;
    cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
    cfg.target_schema = 3;
    auto store = tacit::ProfileStore::Open(std::move(cfg));
    REQUIRE(store.ok());
    auto& db = tacit::StoreTestPeer::db(*store.value());
    REQUIRE(db.QueryInt("PRAGMA user_version").value() == 3);
    auto q = db.Prepare("INSERT INTO catalog(slot, envelope, version, loaded_at) VALUES(1, ?, 7, 1)");
    REQUIRE(q.ok());
    q.value().BindBlob(1, bytes.data(), bytes.size());
    REQUIRE(q.value().Run().ok());
  }
  {
    tacit::StoreConfig cfg;
    cfg.dir = dir;
    cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
    auto store = tacit::ProfileStore::Open(std::move(cfg));
    REQUIRE(store.ok());
    CHECK(tacit::StoreTestPeer::db(*store.value()).QueryInt("PRAGMA user_version").value() == tacit::CurrentSchemaVersion());
    CHECK(store.value()->VersionFloor("catalog").value() == 7);
    auto seen = store.value()->ReadSensitiveIds();
    REQUIRE(seen.ok());
    CHECK(seen.value().topics.empty());
  }
}

TEST_CASE("the taxonomy is at most 8 levels deep; a 10,000-deep chain is refused before any walk") {
  CHECK(LoadTestCatalog(Chain(tacit::kCatalogMaxTopicDepth)).ok());
  auto deeper = LoadTestCatalog(Chain(tacit::kCatalogMaxTopicDepth + 1));
  REQUIRE(!deeper.ok());
  CHECK(deeper.status().code() == TACIT_ERR_CATALOG_MALFORMED);
  CHECK(deeper.status().message().find("deeper than 8 levels") != std::string::npos);
  auto chain = LoadTestCatalog(Chain(10000));
  REQUIRE(!chain.ok());
  CHECK(chain.status().code() == TACIT_ERR_CATALOG_MALFORMED);
}

TEST_CASE("time arithmetic saturates instead of overflowing") {
  using tacit::SaturatingAdd;
  using tacit::SaturatingMul;
  using tacit::SaturatingSub;
  CHECK(SaturatingSub(INT64_MIN + 5, 10) == INT64_MIN);
  CHECK(SaturatingSub(INT64_MAX, -1) == INT64_MAX);
  CHECK(SaturatingSub(100, 30) == 70);
  CHECK(SaturatingAdd(INT64_MAX - 1, 2) == INT64_MAX);
  CHECK(SaturatingAdd(INT64_MIN, -1) == INT64_MIN);
  CHECK(SaturatingAdd(-5, 3) == -2);
  CHECK(SaturatingMul(INT64_MAX / 2 + 1, 2) == INT64_MAX);
  CHECK(SaturatingMul(INT64_MIN / 2 - 1, 2) == INT64_MIN);
  CHECK(SaturatingMul(-7, 3) == -21);
}

namespace {
int64_t g_extreme = 0;
int64_t ExtremeClock(void*) { return g_extreme; }
}  // namespace

TEST_CASE("a host clock at either end of int64 is answered with status codes, never undefined behaviour") {
  for (int64_t now : {INT64_MIN, INT64_MIN + 1, int64_t(-1), INT64_MAX - 1, INT64_MAX}) {
    INFO(now);
    TempDir tmp;
    g_extreme = kTestNowMs;
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(1);
    REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
    REQUIRE(tacit_options_add_brand_key(o, TestSigner::FromSeed(1).public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o, ExtremeClock, nullptr) == TACIT_OK);
    PlanSpec plan_spec;
    plan_spec.expires_at_ms = INT64_MAX;
    plan_spec.AddMetric("m", tacit::MetricKind::kTopicEngagement, {"running"}, 1.0, tacit::kPlanMaxPeriodDays);
    const auto plan = BuildSignedPlan(plan_spec);
    REQUIRE(tacit_options_set_measurement_plan(o, plan.data(), plan.size()) == TACIT_OK);
    tacit_t* h = nullptr;
    REQUIRE(tacit_open(o, &h) == TACIT_OK);
    tacit_options_free(o);
    CatalogSpec spec = Versioned(1);
    spec.expires_at_ms = INT64_MAX;
    auto bytes = BuildSignedCatalog(spec);
    REQUIRE(tacit_load_catalog(h, bytes.data(), bytes.size()) == TACIT_OK);
    REQUIRE(tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v") == TACIT_OK);
    REQUIRE(tacit_consent_set(h, TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN, "v") == TACIT_OK);
    tacit_event_t e;
    tacit_event_init(&e);
    e.type = TACIT_EVENT_LIKE;
    e.item_id = "run-1";
    e.timestamp_ms = kTestNowMs;
    REQUIRE(tacit_record_event(h, &e) == TACIT_OK);
    g_extreme = now;
    size_t made = 0;
    CHECK(tacit_reports_prepare(h, &made) == TACIT_OK);
    tacit_rank_request_t r;
    tacit_rank_request_init(&r);
    tacit_ranking_t* out = nullptr;
    CHECK(tacit_rank(h, &r, &out) == TACIT_OK);
    tacit_ranking_free(out);
    char* json = nullptr;
    CHECK(tacit_export_json(h, &json, nullptr) == TACIT_OK);
    tacit_free(json);
    CHECK(tacit_record_event(h, &e) != TACIT_ERR_INTERNAL);
    tacit_close(h);
    // Reopening at the extreme runs retention (now - 12 half-lives).
    tacit_options_t* o2 = tacit_options_new();
    REQUIRE(tacit_options_set_path(o2, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o2, key.data(), key.size()) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o2, ExtremeClock, nullptr) == TACIT_OK);
    REQUIRE(tacit_options_add_brand_key(o2, TestSigner::FromSeed(1).public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_measurement_plan(o2, plan.data(), plan.size()) == TACIT_OK);
    REQUIRE(tacit_open(o2, &h) == TACIT_OK);
    tacit_options_free(o2);
    tacit_close(h);
  }
}

TEST_CASE("a catalog past its expiry keeps ranking, and the host and the user are told it is stale") {
  PrivacyDevice d;
  CatalogSpec spec = Versioned(1);
  spec.expires_at_ms = kTestNowMs + tacit::kMsPerDay;
  REQUIRE(d.Load(spec) == TACIT_OK);
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  REQUIRE(tacit_catalog_info(d.h, &info) == TACIT_OK);
  CHECK(info.stale == 0);
  CHECK(d.Export().find("\"catalog_stale\":false") != std::string::npos);
  d.Advance(2 * tacit::kMsPerDay);
  d.Reopen();
  tacit_catalog_info_init(&info);
  REQUIRE(tacit_catalog_info(d.h, &info) == TACIT_OK);
  CHECK(info.stale == 1);
  CHECK(d.Export().find("\"catalog_stale\":true") != std::string::npos);
  CHECK(d.Rank(5).size() == 1);
}

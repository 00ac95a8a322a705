// Attacks on "sensitive means never, unless declared": a brand that co-tags, un-flags or renames its way
// around a sensitive topic. Each would succeed if any part of the profile counted such an event.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "privacy/privacy_device.h"

using namespace tacit_test;
using tacit::Sensitivity;

namespace {

constexpr int64_t kSecond = 1000;

// "kit-*" items are about HIV testing (a child of the health class) and, co-tagged, about wellness.
CatalogSpec ClinicCatalog(uint64_t version = 1, bool flag_health = true) {
  CatalogSpec spec;
  spec.version = version;
  spec.expires_at_ms = kTestNowMs + 365 * tacit::kMsPerDay;
  spec.AddTopic("wellness").AddTopic("running").AddTopic("cooking");
  spec.AddTopic("health", "", flag_health ? Sensitivity::kHealth : Sensitivity::kNone).AddTopic("hiv-testing", "health");
  const std::vector<float> near_kit = {1, 0.1f, 0, 0}, runner = {0, 1, 0, 0}, cook = {0, 0, 1, 0};
  for (int i = 0; i < 3; ++i) spec.AddItem("kit-" + std::to_string(i), {{"hiv-testing", 1.0f}, {"wellness", 1.0f}}, {1, 0, 0, 0});
  for (int i = 0; i < 4; ++i) spec.AddItem("wellness-" + std::to_string(i), {{"wellness", 1.0f}}, near_kit);
  for (int i = 0; i < 4; ++i) spec.AddItem("running-" + std::to_string(i), {{"running", 1.0f}}, runner);
  for (int i = 0; i < 4; ++i) spec.AddItem("cooking-" + std::to_string(i), {{"cooking", 1.0f}}, cook);
  spec.items[0].campaign_id = "spring";
  spec.items[3 + 4].campaign_id = "summer";  // running-0
  return spec;
}

void EngageWithKits(PrivacyDevice& d) {
  for (int round = 0; round < 3; ++round)
    for (int i = 0; i < 3; ++i) {
      d.Event(TACIT_EVENT_LIKE, "kit-" + std::to_string(i));
      d.Advance(kSecond);
    }
}

// Nothing about wellness, HIV testing or health was learnt, and no kit is shown or cited.
void RequireNothingLearnt(PrivacyDevice& d) {
  const std::string inferred = d.Inferred();
  CHECK(inferred.find("wellness") == std::string::npos);
  CHECK(inferred.find("hiv-testing") == std::string::npos);
  CHECK(inferred.find("health") == std::string::npos);
  for (const auto& shown : d.Rank(20, 0.0)) {
    INFO(shown.id);
    CHECK(shown.id.rfind("kit-", 0) != 0);
    for (size_t r = 0; r < shown.reasons.size(); ++r) {
      INFO(shown.texts[r]);
      CHECK(shown.reasons[r] != TACIT_REASON_INFERRED);
      CHECK(shown.reasons[r] != TACIT_REASON_SIMILAR);
      CHECK(shown.texts[r].find("kit") == std::string::npos);
    }
  }
}

}  // namespace

TEST_CASE("attack: a co-tag (hiv-testing + wellness) does not make wellness inferred, similar or cited") {
  PrivacyDevice d;
  REQUIRE(d.Load(ClinicCatalog()) == TACIT_OK);
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  EngageWithKits(d);
  RequireNothingLearnt(d);
  d.Reopen();  // the model rebuilt from the stored events says the same
  RequireNothingLearnt(d);
}

TEST_CASE("attack: host-supplied topic ids on an item the catalog does not hold carry the sensitivity too") {
  PrivacyDevice d;
  REQUIRE(d.Load(ClinicCatalog()) == TACIT_OK);
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  for (int i = 0; i < 6; ++i) {
    d.Event(TACIT_EVENT_LIKE, "clinic-page-" + std::to_string(i), {"wellness", "hiv-testing"});
    d.Advance(kSecond);
  }
  CHECK(d.Inferred().find("wellness") == std::string::npos);
  // Control: the same behaviour without the sensitive tag is learnt.
  for (int i = 0; i < 6; ++i) {
    d.Event(TACIT_EVENT_LIKE, "blog-page-" + std::to_string(i), {"wellness"});
    d.Advance(kSecond);
  }
  CHECK(d.Inferred().find("wellness") != std::string::npos);
}

TEST_CASE("attack: a later catalog that un-flags the topic unlocks nothing stored, even after a restart") {
  PrivacyDevice d;
  REQUIRE(d.Load(ClinicCatalog(1, true)) == TACIT_OK);
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  EngageWithKits(d);
  RequireNothingLearnt(d);

  SECTION("version 2 marks health as not sensitive") {
    REQUIRE(d.Load(ClinicCatalog(2, false)) == TACIT_OK);
    RequireNothingLearnt(d);
    tacit_ranking_t* out = nullptr;
    CHECK(tacit_explain(d.h, "kit-1", &out) == TACIT_ERR_NOT_FOUND);
    d.Reopen();
    RequireNothingLearnt(d);
    // New behaviour after the un-flagging does not count either.
    EngageWithKits(d);
    RequireNothingLearnt(d);
  }
  SECTION("version 2 drops the sensitive topics and keeps the items, now tagged wellness only") {
    CatalogSpec v2 = ClinicCatalog(2, false);
    v2.topics.erase(v2.topics.begin() + 3, v2.topics.end());  // health, hiv-testing gone
    for (auto& item : v2.items)
      if (item.id.rfind("kit-", 0) == 0) item.topics = {{"wellness", 1.0f}};
    REQUIRE(d.Load(v2) == TACIT_OK);
    RequireNothingLearnt(d);
    d.Reopen();
    RequireNothingLearnt(d);
  }
}

TEST_CASE("declared: a sensitive topic the user declared lets its items count for personalisation, and only then") {
  PrivacyDevice d;
  REQUIRE(d.Load(ClinicCatalog()) == TACIT_OK);
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  EngageWithKits(d);
  RequireNothingLearnt(d);
  REQUIRE(tacit_declare_interest(d.h, "hiv-testing", 1.0) == TACIT_OK);
  const std::string inferred = d.Inferred();
  CHECK(inferred.find("\"topic\":\"wellness\"") != std::string::npos);
  CHECK(inferred.find("hiv-testing") == std::string::npos);  // declared, never inferred
  CHECK(Lists(d.Rank(20, 0.0), "kit-1"));
  REQUIRE(tacit_undeclare_interest(d.h, "hiv-testing") == TACIT_OK);
  RequireNothingLearnt(d);
}

// ---- Every metric kind, computed from the device's own evidence for measurement. ----


namespace {

PlanSpec ClinicPlan() {
  PlanSpec plan;
  plan.AddMetric("engaged", tacit::MetricKind::kTopicEngagement, {"wellness", "running"}, 1.0);
  plan.AddMetric("segment", tacit::MetricKind::kStrongestSegment, {"wellness", "running"}, 1.0);
  plan.AddMetric("campaign", tacit::MetricKind::kCampaignConversion, {"spring", "summer"}, 1.0);
  plan.AddMetric("converted", tacit::MetricKind::kAnyConversion, {}, 1.0);
  return plan;
}

CatalogSpec ClinicWithMetrics(uint64_t version = 1, bool flag_health = true) {
  return ClinicCatalog(version, flag_health);
}

// The value of each metric of the active catalog over [start, end), as the reporting path computes it.
std::vector<uint32_t> MetricValues(PrivacyDevice& d, int64_t start, int64_t end) {
  return tacit::SessionTestPeer::MetricValues(d.h, start, end);
}

}  // namespace

TEST_CASE("attack: no metric kind counts an event on a co-tagged sensitive item") {
  PrivacyDevice d;
  d.UsePlan(ClinicPlan());
  REQUIRE(d.Load(ClinicWithMetrics()) == TACIT_OK);
  d.Consent(TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  const int64_t start = g_privacy_now;
  EngageWithKits(d);                              // 9 likes of wellness-and-HIV-testing items
  d.Event(TACIT_EVENT_CONVERSION, "kit-0");        // a conversion on a sensitive item (campaign "spring")
  d.Advance(kSecond);
  d.Event(TACIT_EVENT_LIKE, "running-1");          // one honest like of running
  d.Advance(kSecond);
  const int64_t end = g_privacy_now;
  // engaged: running (1); segment: running (1); campaign: none (2); converted: no (0).
  CHECK(MetricValues(d, start, end) == std::vector<uint32_t>{1, 1, 2, 0});

  SECTION("control: the same behaviour on ordinary items is measured") {
    for (int i = 0; i < 9; ++i) d.Event(TACIT_EVENT_LIKE, "wellness-1");
    d.Event(TACIT_EVENT_CONVERSION, "running-0");  // campaign "summer"
    d.Advance(kSecond);
    CHECK(MetricValues(d, start, g_privacy_now) == std::vector<uint32_t>{0, 0, 1, 1});
  }
  SECTION("a later catalog that un-flags health changes no metric") {
    REQUIRE(d.Load(ClinicWithMetrics(2, false)) == TACIT_OK);
    CHECK(MetricValues(d, start, end) == std::vector<uint32_t>{1, 1, 2, 0});
    d.Reopen();
    CHECK(MetricValues(d, start, end) == std::vector<uint32_t>{1, 1, 2, 0});
  }
  SECTION("declaring the sensitive topic is for ranking only: metrics still never count it") {
    REQUIRE(tacit_declare_interest(d.h, "hiv-testing", 1.0) == TACIT_OK);
    CHECK(MetricValues(d, start, end) == std::vector<uint32_t>{1, 1, 2, 0});
  }
}

TEST_CASE("the profile model takes nothing from an undeclared sensitive event: inference, taste, exploration") {
  auto catalog = LoadTestCatalog(ClinicCatalog());
  REQUIRE(catalog.ok());
  auto index = tacit::RankIndex::Build(catalog.value());
  tacit::ProfileModel model(index, 14 * tacit::kMsPerDay, kTestNowMs);
  for (int i = 0; i < 9; ++i) model.Apply(TACIT_EVENT_LIKE, "kit-" + std::to_string(i % 3), {}, kTestNowMs - i * kSecond, 1.0);
  model.Apply(TACIT_EVENT_DISMISS, "kit-1", {}, kTestNowMs, 1.0);
  const uint32_t wellness = catalog.value()->topic_index.at("wellness");
  std::vector<float> inferred;
  model.InferredAt(kTestNowMs, &inferred);
  CHECK(std::all_of(inferred.begin(), inferred.end(), [](float v) { return v == 0.0f; }));
  CHECK(model.topic_positive()[wellness] == 0);  // exploration's posterior
  CHECK(model.topic_negative()[wellness] == 0);
  CHECK(model.engagements() == 0);               // ranking's confidence
  CHECK(model.recent().empty());                 // "similar to" references
  CHECK(std::all_of(model.taste_ref().begin(), model.taste_ref().end(), [](double v) { return v == 0.0; }));
  CHECK(model.Engagements(wellness).empty());
}

// Consent scope: only behaviour while a purpose was given counts for it. Attacks a host or brand could try:
// record before asking, keep recording through a revocation, or rely on behaviour without consent.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "privacy/privacy_device.h"

using namespace tacit_test;

namespace {

constexpr int64_t kSecond = 1000;

CatalogSpec HobbyCatalog() {
  CatalogSpec spec;
  spec.expires_at_ms = kTestNowMs + 365 * tacit::kMsPerDay;
  spec.AddTopic("running").AddTopic("cooking").AddTopic("jazz");
  for (const char* t : {"running", "cooking", "jazz"})
    for (int i = 0; i < 4; ++i) {
      spec.AddItem(std::string(t) + "-" + std::to_string(i), {{t, 1.0f}});
      spec.items.back().popularity = 0.2f + 0.1f * float(i);
    }
  spec.items[0].campaign_id = "spring";
  return spec;
}

PlanSpec HobbyPlan() {
  PlanSpec plan;
  plan.AddMetric("engaged", tacit::MetricKind::kTopicEngagement, {"running", "cooking", "jazz"}, 1.0);
  plan.AddMetric("converted", tacit::MetricKind::kAnyConversion, {}, 1.0);
  return plan;
}

void Likes(PrivacyDevice& d, const std::string& item, int n) {
  for (int i = 0; i < n; ++i) {
    d.Event(TACIT_EVENT_LIKE, item);
    d.Advance(kSecond);
  }
}

std::vector<uint32_t> MetricValues(PrivacyDevice& d, int64_t start, int64_t end) {
  return tacit::SessionTestPeer::MetricValues(d.h, start, end);
}

double ScoreOf(const std::vector<PrivacyDevice::Shown>& shown, const std::string& id) {
  for (const auto& s : shown)
    if (s.id == id) return s.score;
  return -1e9;
}

}  // namespace

TEST_CASE("attack: behaviour recorded before personalisation consent is not used once it is given") {
  PrivacyDevice d;
  d.UsePlan(HobbyPlan());
  REQUIRE(d.Load(HobbyCatalog()) == TACIT_OK);
  Likes(d, "cooking-1", 8);
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  CHECK(d.Inferred().find("cooking") == std::string::npos);
  Likes(d, "jazz-1", 3);  // after consent: counts
  CHECK(d.Inferred().find("\"topic\":\"jazz\"") != std::string::npos);
  CHECK(d.Inferred().find("cooking") == std::string::npos);
  d.Reopen();
  CHECK(d.Inferred().find("cooking") == std::string::npos);
}

TEST_CASE("attack: behaviour between a revocation and a re-grant is not used") {
  PrivacyDevice d;
  d.UsePlan(HobbyPlan());
  REQUIRE(d.Load(HobbyCatalog()) == TACIT_OK);
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  Likes(d, "running-1", 3);
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_REVOKED);
  d.Advance(kSecond);
  Likes(d, "cooking-1", 8);
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  const std::string inferred = d.Inferred();
  CHECK(inferred.find("\"topic\":\"running\"") != std::string::npos);
  CHECK(inferred.find("cooking") == std::string::npos);
}

TEST_CASE("without personalisation consent ranking uses no behaviour: no dismissal penalty, no fatigue; the cap holds") {
  PrivacyDevice fresh, d;
  fresh.UsePlan(HobbyPlan());
  REQUIRE(fresh.Load(HobbyCatalog()) == TACIT_OK);
  d.UsePlan(HobbyPlan());
  REQUIRE(d.Load(HobbyCatalog()) == TACIT_OK);
  for (int i = 0; i < 3; ++i) d.Event(TACIT_EVENT_DISMISS, "jazz-3");
  for (int i = 0; i < 2; ++i) d.Event(TACIT_EVENT_VIEW, "cooking-3");
  d.Advance(kSecond);
  fresh.Advance(0);
  const auto baseline = fresh.Rank(12);
  const auto ranked = d.Rank(12);
  CHECK(ScoreOf(ranked, "jazz-3") == Approx(ScoreOf(baseline, "jazz-3")));
  CHECK(ScoreOf(ranked, "cooking-3") == Approx(ScoreOf(baseline, "cooking-3")));
  // The frequency cap reads the item's own views of the last 24 hours, consent or not (docs/ranking.md).
  d.Event(TACIT_EVENT_VIEW, "cooking-3");
  CHECK(!Lists(d.Rank(12), "cooking-3"));
  CHECK(Lists(d.Rank(12, 0.0, 0), "cooking-3"));  // frequency_cap 0: no cap
  // With consent given, the same behaviour recorded from then on shapes the ranking.
  d.Consent(TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  for (int i = 0; i < 3; ++i) d.Event(TACIT_EVENT_DISMISS, "jazz-2");
  CHECK(ScoreOf(d.Rank(12), "jazz-2") < ScoreOf(fresh.Rank(12), "jazz-2"));
}

TEST_CASE("re-applying an unchanged TC string changes nothing, not even the time of consent") {
  PrivacyDevice d;
  d.UsePlan(HobbyPlan());
  REQUIRE(d.Load(HobbyCatalog()) == TACIT_OK);
  const char* tc = "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA";
  REQUIRE(tacit_consent_set_tcf(d.h, tc, 8) == TACIT_OK);
  const std::string first = d.Export();
  const size_t a = first.find("\"consents\":");
  const std::string consents = first.substr(a, first.find("\"sent_log\"") - a);
  for (int launch = 0; launch < 5; ++launch) {
    d.Advance(tacit::kMsPerDay);
    REQUIRE(tacit_consent_set_tcf(d.h, tc, 8) == TACIT_OK);
    d.Reopen();
  }
  const std::string later = d.Export();
  CHECK(later.substr(later.find("\"consents\":"), consents.size()) == consents);
  // A real change is recorded.
  d.Consent(TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_REVOKED);
  CHECK(d.Export().find(consents) == std::string::npos);
}

TEST_CASE("attack: metrics count only behaviour while measurement was given, and honour forget and not-interested") {
  PrivacyDevice d;
  d.UsePlan(HobbyPlan());
  REQUIRE(d.Load(HobbyCatalog()) == TACIT_OK);
  const int64_t start = g_privacy_now;
  Likes(d, "cooking-1", 8);                       // before consent
  d.Event(TACIT_EVENT_CONVERSION, "cooking-2");
  d.Advance(kSecond);
  d.Consent(TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  Likes(d, "jazz-1", 2);                          // while given
  d.Consent(TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_REVOKED);
  d.Advance(kSecond);
  Likes(d, "running-1", 8);                       // revoked
  d.Event(TACIT_EVENT_CONVERSION, "running-2");
  d.Advance(kSecond);
  d.Consent(TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN);
  d.Advance(kSecond);
  const int64_t end = g_privacy_now;
  CHECK(MetricValues(d, start, end) == std::vector<uint32_t>{2, 0});  // jazz; no conversion

  SECTION("not interested in a topic: its events stop counting for metrics") {
    Likes(d, "running-3", 4);
    REQUIRE(MetricValues(d, start, g_privacy_now) == std::vector<uint32_t>{0, 0});
    REQUIRE(tacit_not_interested_topic(d.h, "running") == TACIT_OK);
    CHECK(MetricValues(d, start, g_privacy_now) == std::vector<uint32_t>{2, 0});
  }
  SECTION("not interested in an item, and forgetting an inferred topic") {
    Likes(d, "running-3", 4);
    REQUIRE(tacit_not_interested_item(d.h, "running-3") == TACIT_OK);
    CHECK(MetricValues(d, start, g_privacy_now) == std::vector<uint32_t>{2, 0});
    REQUIRE(tacit_forget_inferred(d.h, "jazz") == TACIT_OK);
    CHECK(MetricValues(d, start, g_privacy_now) == std::vector<uint32_t>{3, 0});  // none
  }
}

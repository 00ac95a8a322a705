// Consent and the reporting path through the C API: what may leave the device, when, and what the user sees.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <sodium.h>

#include "report/report.h"
#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"

using namespace tacit_test;

namespace {

int64_t g_now = kTestNowMs;
int64_t Clock(void*) { return g_now; }

CatalogSpec ReportingCatalog(double cap = 4.0) {
  CatalogSpec spec;
  spec.expires_at_ms = kTestNowMs + 365 * tacit::kMsPerDay;
  spec.AddTopic("hiking").AddTopic("running").AddTopic("cooking").AddTopic("health", "", tacit::Sensitivity::kHealth);
  for (auto& t : spec.topics) t.label = t.id;
  for (const char* t : {"hiking", "running", "cooking", "health"})
    for (int i = 0; i < 4; ++i) spec.AddItem(std::string(t) + "-" + std::to_string(i), {{t, 1.0f}}, {}, i == 0 ? "spring-sale" : "");
  spec.AddMetric("engaged-topic", tacit::MetricKind::kTopicEngagement, {"hiking", "running", "cooking"}, 1.0);
  spec.AddMetric("converted", tacit::MetricKind::kAnyConversion, {}, 0.5);
  spec.EnableReporting(cap);
  return spec;
}

struct Device {
  TempDir tmp;
  tacit_t* h = nullptr;
  explicit Device(const CatalogSpec& spec = ReportingCatalog()) {
    g_now = kTestNowMs;
    Reopen();
    auto bytes = BuildSignedCatalog(spec);
    REQUIRE(tacit_load_catalog(h, bytes.data(), bytes.size()) == TACIT_OK);
  }
  ~Device() { tacit_close(h); }
  void Reopen() {
    tacit_close(h);
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(1);
    REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
    REQUIRE(tacit_options_add_brand_key(o, TestSigner::FromSeed(1).public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o, Clock, nullptr) == TACIT_OK);
    REQUIRE(tacit_open(o, &h) == TACIT_OK);
    tacit_options_free(o);
  }
  void Event(int32_t type, const char* item) {
    tacit_event_t e{sizeof(tacit_event_t), type, item, nullptr, 0, g_now - 1000, 1.0};
    REQUIRE(tacit_record_event(h, &e) == TACIT_OK);
  }
  size_t Prepare() {
    size_t made = 0;
    REQUIRE(tacit_reports_prepare(h, &made) == TACIT_OK);
    return made;
  }
  size_t Outbox() {
    size_t n = 0;
    REQUIRE(tacit_outbox_size(h, &n) == TACIT_OK);
    return n;
  }
  std::string Export() {
    char* json = nullptr;
    REQUIRE(tacit_export_json(h, &json, nullptr) == TACIT_OK);
    std::string s(json);
    tacit_free(json);
    return s;
  }
  std::vector<std::vector<uint8_t>> Drain() {
    std::vector<std::vector<uint8_t>> sent;
    for (;;) {
      tacit_outgoing_report_t* r = nullptr;
      tacit_status s = tacit_outbox_next(h, &r);
      if (s == TACIT_ERR_NOT_FOUND) break;
      REQUIRE(s == TACIT_OK);
      sent.emplace_back(r->bytes, r->bytes + r->len);
      REQUIRE(tacit_outbox_ack(h, r->report_id, 16) == TACIT_OK);
      tacit_outgoing_report_free(r);
    }
    return sent;
  }
};

}  // namespace

TEST_CASE("consent is unknown until given, unknown means no, and it persists with its history") {
  Device d;
  int32_t state = -1;
  REQUIRE(tacit_consent_get(d.h, TACIT_PURPOSE_MEASUREMENT, &state) == TACIT_OK);
  CHECK(state == TACIT_CONSENT_UNKNOWN);
  d.Event(TACIT_EVENT_COMPLETE, "hiking-1");
  g_now += 2 * tacit::kMsPerDay;
  CHECK(d.Prepare() == 0);
  CHECK(d.Outbox() == 0);
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "privacy-2026-01") == TACIT_OK);
  d.Reopen();
  REQUIRE(tacit_consent_get(d.h, TACIT_PURPOSE_MEASUREMENT, &state) == TACIT_OK);
  CHECK(state == TACIT_CONSENT_GIVEN);
  const std::string ex = d.Export();
  CHECK(ex.find("\"consent_history\":[{\"purpose\":\"measurement\",\"state\":\"given\",\"policy_version\":\"privacy-2026-01\"") != std::string::npos);
  CHECK(tacit_consent_set(d.h, 7, TACIT_CONSENT_GIVEN, "v") == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_UNKNOWN, "v") == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "") == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("reports: made at period end after consent, sealed, queued, acked into the sent log") {
  Device d;
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  d.Event(TACIT_EVENT_COMPLETE, "hiking-1");
  CHECK(d.Prepare() == 0);  // the period in which consent was given has not ended
  g_now += 2 * tacit::kMsPerDay;
  CHECK(d.Prepare() == 2);  // one per metric for the last completed period
  CHECK(d.Prepare() == 0);  // never twice for a period
  auto sent = d.Drain();
  REQUIRE(sent.size() == 2);
  const auto keys = TestReportKeys::FromSeed(1);
  std::set<std::string> metrics;
  for (const auto& bytes : sent) {
    auto parsed = tacit::report::OpenReport(bytes.data(), bytes.size(), keys.public_key.data(), 32, keys.secret_key.data(), 32);
    REQUIRE(parsed.ok());
    metrics.insert(parsed.value().metric_id);
    CHECK(parsed.value().period == uint64_t((g_now / tacit::kMsPerDay) - 1));
  }
  CHECK(metrics == std::set<std::string>{"engaged-topic", "converted"});
  const std::string ex = d.Export();
  CHECK(ex.find("\"sent_log\":[{\"metric\":") != std::string::npos);
  CHECK(ex.find("\"outbox\":[]") != std::string::npos);
  uint8_t unknown[16] = {0};
  CHECK(tacit_outbox_ack(d.h, unknown, 16) == TACIT_ERR_NOT_FOUND);
  CHECK(tacit_outbox_ack(d.h, unknown, 15) == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("report bytes hold no profile string or item id, and one metric's reports are all one size") {
  std::set<size_t> sizes_engaged;
  const auto keys = TestReportKeys::FromSeed(1);
  for (int device = 0; device < 6; ++device) {
    Device d;
    REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
    REQUIRE(tacit_declare_interest(d.h, "hiking", 1.0) == TACIT_OK);
    const char* items[] = {"hiking-2", "running-1", "cooking-3", "health-1"};
    if (device % 4 != 3) d.Event(TACIT_EVENT_LIKE, items[device % 4]);
    if (device % 2) d.Event(TACIT_EVENT_CONVERSION, "hiking-0");
    g_now += 2 * tacit::kMsPerDay;
    d.Prepare();
    for (const auto& sealed : d.Drain()) {
      auto parsed = tacit::report::OpenReport(sealed.data(), sealed.size(), keys.public_key.data(), 32, keys.secret_key.data(), 32);
      REQUIRE(parsed.ok());
      // Decrypt and look at the plaintext the brand receives.
      std::vector<uint8_t> plain(sealed.size() - 48);
      REQUIRE(crypto_box_seal_open(plain.data(), sealed.data(), sealed.size(), keys.public_key.data(), keys.secret_key.data()) == 0);
      std::string text(plain.begin(), plain.end());
      for (const char* needle : {"hiking", "running", "cooking", "health", "spring-sale", "-0", "-1", "-2", "-3", "test-brand"})
        CHECK(text.find(needle) == std::string::npos);
      if (parsed.value().metric_id == "engaged-topic") sizes_engaged.insert(sealed.size());
    }
  }
  CHECK(sizes_engaged.size() == 1);
}

TEST_CASE("a revocation acts at once: pending reports are purged and no more are made") {
  Device d;
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += 2 * tacit::kMsPerDay;
  REQUIRE(d.Prepare() == 2);
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_REVOKED, "v1") == TACIT_OK);
  CHECK(d.Outbox() == 0);
  tacit_outgoing_report_t* r = nullptr;
  CHECK(tacit_outbox_next(d.h, &r) == TACIT_ERR_NOT_FOUND);
  g_now += 2 * tacit::kMsPerDay;
  CHECK(d.Prepare() == 0);
  char* json = nullptr;
  REQUIRE(tacit_reports_preview_json(d.h, &json, nullptr) == TACIT_OK);
  CHECK(std::string(json).find("\"reports\":[]") != std::string::npos);
  CHECK(std::string(json).find("measurement consent is revoked") != std::string::npos);
  tacit_free(json);
}

TEST_CASE("property: no report without consent at the time, revocations purge, the ledger holds its cap") {
  const auto keys = TestReportKeys::FromSeed(1);
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    std::mt19937_64 rng(seed);
    Device d(ReportingCatalog(2.0));
    bool given = false;
    int64_t given_at = 0;
    for (int step = 0; step < 40; ++step) {
      INFO("seed " << seed << " step " << step);
      switch (rng() % 6) {
        case 0:
          REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v") == TACIT_OK);
          if (!given) given_at = g_now;
          given = true;
          break;
        case 1:
          REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_REVOKED, "v") == TACIT_OK);
          given = false;
          CHECK(d.Outbox() == 0);  // purged at once
          break;
        case 2: d.Event(TACIT_EVENT_LIKE, (std::string(rng() % 2 ? "hiking-" : "running-") + std::to_string(rng() % 4)).c_str()); break;
        case 3: g_now += tacit::kMsPerDay / 2 + int64_t(rng() % tacit::kMsPerDay); break;
        case 4: {
          const size_t before = d.Outbox();
          const size_t made = d.Prepare();
          if (!given) CHECK(made == 0);
          CHECK(d.Outbox() == before + made);
          break;
        }
        case 5: {
          tacit_outgoing_report_t* r = nullptr;
          const tacit_status s = tacit_outbox_next(d.h, &r);
          if (!given) CHECK(s == TACIT_ERR_NOT_FOUND);  // nothing handed out without consent
          if (s == TACIT_OK) {
            auto parsed = tacit::report::OpenReport(r->bytes, r->len, keys.public_key.data(), 32, keys.secret_key.data(), 32);
            CHECK(parsed.ok());
            // A report is only ever for a period that ended after consent was given.
            CHECK(int64_t(r->period + 1) * tacit::kMsPerDay >= given_at);
            REQUIRE(tacit_outbox_ack(d.h, r->report_id, 16) == TACIT_OK);
            tacit_outgoing_report_free(r);
          }
          break;
        }
      }
    }
    // The ledger never exceeds the brand's cap (2.0 per 30 days) nor the SDK's daily bound.
    const std::string ex = d.Export();
    const size_t at = ex.find("\"epsilon_spent\":");
    REQUIRE(at != std::string::npos);
    CHECK(std::stod(ex.substr(at + 16)) <= 2.0 + 1e-9);
  }
}

TEST_CASE("permanent randomised response: an unchanged value is re-sent with the same answer and no new epsilon") {
  Device d;
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += 2000;  // only behaviour after consent counts
  const auto keys = TestReportKeys::FromSeed(1);
  std::vector<uint32_t> answers;
  std::vector<double> spent;
  for (int day = 0; day < 5; ++day) {
    d.Event(TACIT_EVENT_COMPLETE, "running-1");  // the same topic every day: value unchanged
    g_now += tacit::kMsPerDay;
    d.Prepare();
    for (;;) {
      tacit_outgoing_report_t* r = nullptr;
      if (tacit_outbox_next(d.h, &r) != TACIT_OK) break;
      auto parsed = tacit::report::OpenReport(r->bytes, r->len, keys.public_key.data(), 32, keys.secret_key.data(), 32);
      REQUIRE(parsed.ok());
      if (parsed.value().metric_id == "engaged-topic") {
        answers.push_back(parsed.value().randomised.value);
        spent.push_back(r->epsilon);
      }
      REQUIRE(tacit_outbox_ack(d.h, r->report_id, 16) == TACIT_OK);
      tacit_outgoing_report_free(r);
    }
  }
  REQUIRE(answers.size() >= 4);
  for (size_t i = 1; i < answers.size(); ++i) {
    CHECK(answers[i] == answers[0]);
    CHECK(spent[i] == 0.0);
  }
  CHECK(spent[0] > 0.0);
}

TEST_CASE("the budget refuses reports beyond the cap and records it") {
  // eps 1.0 + 0.5 per fresh answer; a cap of 1.2 allows the first metric only.
  Device d(ReportingCatalog(1.2));
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += 2 * tacit::kMsPerDay;
  CHECK(d.Prepare() == 1);
  const std::string ex = d.Export();
  CHECK(ex.find("\"reports_refused_for_budget\":1") != std::string::npos);
}

TEST_CASE("TCF strings set both purposes; a malformed one changes nothing") {
  Device d;
  CHECK(tacit_consent_set_tcf(d.h, "not a tc string!", 42) == TACIT_ERR_TCF_MALFORMED);
  CHECK(tacit_consent_set_tcf(d.h, "", 42) == TACIT_ERR_TCF_MALFORMED);
  int32_t state = -1;
  REQUIRE(tacit_consent_get(d.h, TACIT_PURPOSE_PERSONALIZATION, &state) == TACIT_OK);
  CHECK(state == TACIT_CONSENT_UNKNOWN);
  CHECK(d.Export().find("\"consent_history\":[]") != std::string::npos);
}

TEST_CASE("personalisation consent gates inferred signals; pause stops collection") {
  Device d;
  for (int i = 0; i < 10; ++i) d.Event(TACIT_EVENT_LIKE, "cooking-1");
  auto top_reason = [&]() {
    tacit_rank_request_t r;
    tacit_rank_request_init(&r);
    r.k = 3;
    r.exploration = 0;
    r.seed = 1;
    tacit_ranking_t* out = nullptr;
    REQUIRE(tacit_rank(d.h, &r, &out) == TACIT_OK);
    const int32_t kind = tacit_ranking_reason(out, 0, 0)->kind;
    tacit_ranking_free(out);
    return kind;
  };
  CHECK(top_reason() == TACIT_REASON_POPULAR);  // unknown consent: no inference
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  CHECK(top_reason() == TACIT_REASON_POPULAR);  // behaviour from before consent does not count
  g_now += 2000;
  for (int i = 0; i < 10; ++i) d.Event(TACIT_EVENT_LIKE, "cooking-1");
  CHECK(top_reason() == TACIT_REASON_INFERRED);
  REQUIRE(tacit_set_paused(d.h, 1) == TACIT_OK);
  CHECK(top_reason() == TACIT_REASON_POPULAR);
  uint64_t before = 0, after = 0;
  REQUIRE(tacit_event_count(d.h, &before) == TACIT_OK);
  d.Event(TACIT_EVENT_LIKE, "cooking-2");
  REQUIRE(tacit_event_count(d.h, &after) == TACIT_OK);
  CHECK(after == before);
  d.Reopen();
  CHECK(top_reason() == TACIT_REASON_POPULAR);  // the pause persists
  REQUIRE(tacit_set_paused(d.h, 0) == TACIT_OK);
  CHECK(top_reason() == TACIT_REASON_INFERRED);

  SECTION("forgetting an inferred interest, and forgetting behaviour") {
    REQUIRE(tacit_forget_inferred(d.h, "cooking") == TACIT_OK);
    CHECK(top_reason() == TACIT_REASON_POPULAR);
    CHECK(d.Export().find("\"forgotten_inferred_topics\":[{\"id\":\"cooking\"") != std::string::npos);
    REQUIRE(tacit_forget_topic_behaviour(d.h, "cooking") == TACIT_OK);
    uint64_t n = 99;
    REQUIRE(tacit_event_count(d.h, &n) == TACIT_OK);
    CHECK(n == 0);
  }
}

// Consent and the reporting path through the C API: what may leave the device, when, and what the user sees.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <sodium.h>

#include "report/report.h"
#include "store/profile_store.h"
#include "store/schema.h"
#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"
#include "support/test_plan.h"
#include "support/store_peer.h"

using namespace tacit_test;

namespace {

int64_t g_now = kTestNowMs;
int64_t Clock(void*) { return g_now; }

CatalogSpec ReportingCatalog() {
  CatalogSpec spec;
  spec.expires_at_ms = kTestNowMs + 365 * tacit::kMsPerDay;
  spec.AddTopic("hiking").AddTopic("running").AddTopic("cooking").AddTopic("health", "", tacit::Sensitivity::kHealth);
  for (auto& t : spec.topics) t.label = t.id;
  for (const char* t : {"hiking", "running", "cooking", "health"})
    for (int i = 0; i < 4; ++i) spec.AddItem(std::string(t) + "-" + std::to_string(i), {{t, 1.0f}}, {}, i == 0 ? "spring-sale" : "");
  return spec;
}

PlanSpec ReportingPlan(double per_24h = 4.0, double per_365d = 30.0) {
  PlanSpec plan;
  plan.AddMetric("engaged-topic", tacit::MetricKind::kTopicEngagement, {"hiking", "running", "cooking"}, 1.0);
  plan.AddMetric("converted", tacit::MetricKind::kAnyConversion, {}, 0.5);
  plan.epsilon_per_24h = per_24h;
  plan.epsilon_per_365d = per_365d;
  return plan;
}

struct Device {
  TempDir tmp;
  tacit_t* h = nullptr;
  std::vector<uint8_t> plan;
  double host_24h = 0, host_365d = 0;
  explicit Device(const PlanSpec& p = ReportingPlan(), const CatalogSpec& spec = ReportingCatalog(), double host_per_24h = 0,
                  double host_per_365d = 0)
      : plan(BuildSignedPlan(p)), host_24h(host_per_24h), host_365d(host_per_365d) {
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
    if (!plan.empty()) REQUIRE(tacit_options_set_measurement_plan(o, plan.data(), plan.size()) == TACIT_OK);
    REQUIRE(tacit_options_set_epsilon_bounds(o, host_24h, host_365d) == TACIT_OK);
    REQUIRE(tacit_open(o, &h) == TACIT_OK);
    tacit_options_free(o);
  }
  std::string Preview() {
    char* json = nullptr;
    REQUIRE(tacit_reports_preview_json(h, &json, nullptr) == TACIT_OK);
    std::string out(json);
    tacit_free(json);
    return out;
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

// The number after `key` inside the object that follows `object` in the JSON text; NaN if absent.
double NumberIn(const std::string& json, const std::string& object, const std::string& key) {
  const size_t o = json.find("\"" + object + "\":{");
  if (o == std::string::npos) return std::nan("");
  const size_t end = json.find('}', o);
  const size_t k = json.find("\"" + key + "\":", o);
  if (k == std::string::npos || k > end) return std::nan("");
  return std::stod(json.substr(k + key.size() + 3));
}

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

TEST_CASE("report bytes hold no profile string or item id, and every report of the plan is one size") {
  std::set<size_t> sizes;
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
      sizes.insert(sealed.size());
    }
  }
  CHECK(sizes.size() == 1);  // both metrics, every behaviour
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
    Device d(ReportingPlan(1.5, 3.0));
    double observed = 0;
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
            observed += r->epsilon;
            // A report is only ever for a period that ended after consent was given.
            CHECK(int64_t(r->period + 1) * tacit::kMsPerDay >= given_at);
            REQUIRE(tacit_outbox_ack(d.h, r->report_id, 16) == TACIT_OK);
            tacit_outgoing_report_free(r);
          }
          break;
        }
      }
    }
    // The ledger never exceeds the plan's bounds (1.5 per 24 h, 3.0 per 365 days: the run spans < 365 days),
    // and it counts at least what was handed out.
    const std::string ex = d.Export();
    const double year = NumberIn(ex, "last_365_days", "epsilon_spent");
    const double day = NumberIn(ex, "last_24h", "epsilon_spent");
    REQUIRE(std::isfinite(year));
    REQUIRE(std::isfinite(day));
    CHECK(year <= 3.0 + 1e-9);
    CHECK(day <= 1.5 + 1e-9);
    CHECK(year >= observed - 1e-9);
  }
}

TEST_CASE("every report is randomised afresh: an unchanged value shares no seed, id or byte, and spends its epsilon") {
  PlanSpec plan = ReportingPlan();
  // Twelve values at eps = 0.5: d >= 3 e^eps + 2, so OLH with its per-report seed.
  plan.metrics[0].buckets = {"hiking", "running", "cooking", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10"};
  plan.metrics[0].epsilon = 0.5;
  Device d(plan);
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += 2000;  // only behaviour after consent counts
  const auto keys = TestReportKeys::FromSeed(1);
  std::vector<tacit::report::ParsedReport> seen;
  std::vector<std::vector<uint8_t>> sealed;
  for (int day = 0; day < 6; ++day) {
    d.Event(TACIT_EVENT_COMPLETE, "running-1");  // the same topic every day: the value is unchanged
    g_now += tacit::kMsPerDay;
    d.Prepare();
    for (;;) {
      tacit_outgoing_report_t* r = nullptr;
      if (tacit_outbox_next(d.h, &r) != TACIT_OK) break;
      auto parsed = tacit::report::OpenReport(r->bytes, r->len, keys.public_key.data(), 32, keys.secret_key.data(), 32);
      REQUIRE(parsed.ok());
      if (parsed.value().metric_id == "engaged-topic") {
        CHECK(parsed.value().params.mechanism == tacit::ldp::Mechanism::kOLH);
        CHECK(r->epsilon == Approx(parsed.value().params.q.epsilon));
        CHECK(r->epsilon > 0.49);
        seen.push_back(parsed.value());
        sealed.emplace_back(r->bytes, r->bytes + r->len);
      }
      REQUIRE(tacit_outbox_ack(d.h, r->report_id, 16) == TACIT_OK);
      tacit_outgoing_report_free(r);
    }
  }
  REQUIRE(seen.size() >= 5);
  for (size_t i = 1; i < seen.size(); ++i) {
    CHECK(seen[i].randomised.seed != seen[i - 1].randomised.seed);
    CHECK(seen[i].report_id != seen[i - 1].report_id);
    CHECK(std::memcmp(sealed[i].data(), sealed[i - 1].data(), 32) != 0);  // fresh sealing key
  }
  // The ledger charged every one of them.
  // The ledger charged every one of them, and the yes/no metric's reports beside them (0.5 each).
  CHECK(NumberIn(d.Export(), "last_365_days", "epsilon_spent") >= 2 * 0.49 * double(seen.size()));
}

TEST_CASE("the budget refuses reports beyond the 24 h bound, before any value, and records it") {
  // eps 1.0 + 0.5 per period; a bound of 1.2 per 24 h admits the first metric only.
  Device d(ReportingPlan(1.2, 30.0));
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += 2 * tacit::kMsPerDay;
  CHECK(d.Prepare() == 1);
  const std::string ex = d.Export();
  CHECK(ex.find("\"reports_refused_for_budget\":1") != std::string::npos);
  CHECK(NumberIn(ex, "last_24h", "epsilon_spent") == Approx(1.0).epsilon(1e-5));
  CHECK(NumberIn(ex, "last_24h", "epsilon_bound") == 1.2);
  CHECK(NumberIn(ex, "last_365_days", "epsilon_spent") == Approx(1.0).epsilon(1e-5));
  CHECK(ex.find("\"meaning\":\"In the last 365 days this device spent") != std::string::npos);
  // The refused period is decided: it is never sent later.
  g_now += tacit::kMsPerDay / 2;
  CHECK(d.Prepare() == 0);
}

TEST_CASE("the 365-day bound holds over many periods") {
  Device d(ReportingPlan(4.0, 4.0));  // 1.5 per day: two days, then 1.0 more (engaged-topic only), then nothing
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  std::vector<size_t> made;
  for (int day = 0; day < 6; ++day) {
    g_now += tacit::kMsPerDay;
    made.push_back(d.Prepare());
  }
  CHECK(made == std::vector<size_t>{2, 2, 1, 0, 0, 0});
  CHECK(NumberIn(d.Export(), "last_365_days", "epsilon_spent") <= 4.0 + 1e-9);
}

TEST_CASE("the host can lower the bounds, never raise them") {
  {
    Device d(ReportingPlan(1.2, 30.0), ReportingCatalog(), 0.8, 0);  // 1.0 no longer fits; 0.5 does
    REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
    g_now += 2 * tacit::kMsPerDay;
    CHECK(d.Prepare() == 1);
    tacit_outgoing_report_t* r = nullptr;
    REQUIRE(tacit_outbox_next(d.h, &r) == TACIT_OK);
    CHECK(std::string(r->metric_id) == "converted");
    tacit_outgoing_report_free(r);
    CHECK(NumberIn(d.Export(), "last_24h", "epsilon_bound") == 0.8);
  }
  {
    Device d(ReportingPlan(1.2, 30.0), ReportingCatalog(), 100, 1000);  // no effect
    REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
    g_now += 2 * tacit::kMsPerDay;
    CHECK(d.Prepare() == 1);
    CHECK(NumberIn(d.Export(), "last_365_days", "epsilon_bound") == 30.0);
  }
  tacit_options_t* o = tacit_options_new();
  CHECK(tacit_options_set_epsilon_bounds(o, -1, 0) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_options_set_epsilon_bounds(o, 1, std::nan("")) == TACIT_ERR_INVALID_ARGUMENT);
  tacit_options_free(o);
}

TEST_CASE("decisions never depend on the value: different behaviour, the same reports made, of the same size") {
  // Two devices, one active and one idle, under a budget that refuses part of the plan on some days.
  std::vector<std::vector<size_t>> made(2);
  std::vector<std::set<size_t>> sizes(2);
  for (int dev = 0; dev < 2; ++dev) {
    Device d(ReportingPlan(1.2, 6.0));
    REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
    for (int day = 0; day < 8; ++day) {
      if (dev == 0) {
        d.Event(TACIT_EVENT_COMPLETE, day % 2 ? "hiking-1" : "cooking-2");
        if (day % 3 == 0) d.Event(TACIT_EVENT_CONVERSION, "hiking-0");
      }
      g_now += tacit::kMsPerDay;
      made[size_t(dev)].push_back(d.Prepare());
      for (const auto& r : d.Drain()) sizes[size_t(dev)].insert(r.size());
    }
  }
  CHECK(made[0] == made[1]);
  CHECK(sizes[0] == sizes[1]);
  CHECK(sizes[0].size() == 1);
}

TEST_CASE("the plan's hash is in the export and the preview; without a plan nothing is reported") {
  const std::vector<uint8_t> plan = BuildSignedPlan(ReportingPlan());
  uint8_t hash[32];
  crypto_hash_sha256(hash, plan.data(), plan.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, hash, 32);
  {
    Device d;
    CHECK(d.Export().find(std::string("\"measurement_plan\":{\"sha256\":\"") + hex + "\"") != std::string::npos);
    CHECK(d.Preview().find(std::string("\"plan_sha256\":\"") + hex + "\"") != std::string::npos);
  }
  Device d;
  d.plan.clear();
  d.Reopen();
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += 2 * tacit::kMsPerDay;
  size_t made = 7;
  CHECK(tacit_reports_prepare(d.h, &made) == TACIT_ERR_NO_PLAN);
  CHECK(d.Preview().find("no measurement plan") != std::string::npos);
  CHECK(d.Export().find("\"measurement_plan\":null") != std::string::npos);
}

TEST_CASE("a plan that fails verification fails the open; an expired plan opens and reports nothing") {
  TempDir tmp;
  auto open_with = [&](const std::vector<uint8_t>& plan, tacit_t** out) {
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(1);
    REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
    REQUIRE(tacit_options_add_brand_key(o, TestSigner::FromSeed(1).public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o, Clock, nullptr) == TACIT_OK);
    REQUIRE(tacit_options_set_measurement_plan(o, plan.data(), plan.size()) == TACIT_OK);
    const tacit_status s = tacit_open(o, out);
    tacit_options_free(o);
    return s;
  };
  g_now = kTestNowMs;
  tacit_t* h = nullptr;
  std::vector<uint8_t> forged = BuildSignedPlan(ReportingPlan());
  forged.back() ^= 1;
  CHECK(open_with(forged, &h) == TACIT_ERR_PLAN_BAD_SIGNATURE);
  CHECK(open_with(BuildSignedPlan(ReportingPlan(), TestSigner::FromSeed(9)), &h) == TACIT_ERR_PLAN_UNKNOWN_KEY);
  PlanSpec expiring = ReportingPlan();
  expiring.expires_at_ms = kTestNowMs + tacit::kMsPerDay;
  REQUIRE(open_with(BuildSignedPlan(expiring), &h) == TACIT_OK);
  auto catalog = BuildSignedCatalog(ReportingCatalog());
  REQUIRE(tacit_load_catalog(h, catalog.data(), catalog.size()) == TACIT_OK);
  REQUIRE(tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += 2 * tacit::kMsPerDay;
  size_t made = 7;
  REQUIRE(tacit_reports_prepare(h, &made) == TACIT_OK);
  CHECK(made == 0);
  char* json = nullptr;
  REQUIRE(tacit_reports_preview_json(h, &json, nullptr) == TACIT_OK);
  CHECK(std::string(json).find("the measurement plan has expired") != std::string::npos);
  tacit_free(json);
  tacit_close(h);
  CHECK(tacit_options_set_measurement_plan(nullptr, forged.data(), forged.size()) == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("attack: an older plan than one the device already used opens but reports nothing (rollback floor)") {
  PlanSpec v2 = ReportingPlan(), v1 = ReportingPlan();
  v2.version = 2;
  v1.version = 1;
  v1.metrics[0].epsilon = 2.0;  // the older plan asked for more
  Device d(v2);
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += tacit::kMsPerDay;
  CHECK(d.Prepare() == 2);
  // The app is downgraded to a build that bundles plan version 1.
  d.plan = BuildSignedPlan(v1);
  d.Reopen();
  g_now += tacit::kMsPerDay;
  CHECK(d.Prepare() == 0);
  CHECK(d.Preview().find("older than version 2, already used on this device") != std::string::npos);
  // The floor survives restarts; the same or a newer plan reports again.
  d.Reopen();
  CHECK(d.Prepare() == 0);
  d.plan = BuildSignedPlan(v2);
  d.Reopen();
  CHECK(d.Prepare() == 2);
}

TEST_CASE("the export's sent log says when each report was sent") {
  Device d;
  REQUIRE(tacit_consent_set(d.h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  g_now += 2 * tacit::kMsPerDay;
  REQUIRE(d.Prepare() == 2);
  g_now += 1234;
  d.Drain();
  const std::string ex = d.Export();
  const size_t log = ex.find("\"sent_log\":[");
  REQUIRE(log != std::string::npos);
  CHECK(ex.find("\"sent_at\":" + std::to_string(g_now), log) != std::string::npos);
}

TEST_CASE("schema 3 profiles migrate: the memoised answers (pseudonyms) are deleted, the ledger is kept") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  {
    tacit::StoreConfig cfg;
    cfg.dir = dir;
    cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
    cfg.target_schema = 3;
    auto store = tacit::ProfileStore::Open(std::move(cfg));
    REQUIRE(store.ok());
    tacit::Db& db = tacit::StoreTestPeer::db(*store.value());
    REQUIRE(db.Exec("INSERT INTO prr_memo VALUES('m', 'p', 1, x'00112233')").ok());
    REQUIRE(db.Exec("INSERT INTO ledger(ts, metric_id, period, epsilon, outcome) VALUES(1, 'm', 1, 0.5, 1)").ok());
  }
  tacit::StoreConfig cfg;
  cfg.dir = dir;
  cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
  auto store = tacit::ProfileStore::Open(std::move(cfg));
  REQUIRE(store.ok());
  tacit::Db& db = tacit::StoreTestPeer::db(*store.value());
  CHECK(db.QueryInt("PRAGMA user_version").value() == tacit::CurrentSchemaVersion());
  CHECK(db.QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'prr_memo'").value() == 0);
  CHECK(db.QueryInt("SELECT count(*) FROM ledger").value() == 1);
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

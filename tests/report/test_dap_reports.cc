// DAP reports through the device's reporting path: a plan metric that names a DAP task, the aggregators'
// HPKE configs from the host, and Reports in the outbox with their upload request. The aggregation itself is
// proven against @divviup/prio3 in tests/dap/e2e_profiles.sh.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "dap/client_report.h"
#include "dap/dap09.h"
#include "dap/hpke.h"
#include "plan/loader.h"
#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"
#include "support/test_plan.h"

using namespace tacit_test;

namespace {

int64_t g_now = kTestNowMs;
int64_t Clock(void*) { return g_now; }

const std::vector<uint8_t> kTask(32, 0x42);

CatalogSpec HobbyCatalog() {
  CatalogSpec spec;
  spec.expires_at_ms = kTestNowMs + 365 * tacit::kMsPerDay;
  spec.AddTopic("hiking").AddTopic("running").AddTopic("cooking");
  for (const char* t : {"hiking", "running", "cooking"})
    for (int i = 0; i < 3; ++i) spec.AddItem(std::string(t) + "-" + std::to_string(i), {{t, 1.0f}});
  return spec;
}

PlanSpec DapPlan(bool local = false) {
  PlanSpec plan;
  plan.AddMetric("engaged-topic", tacit::MetricKind::kTopicEngagement, {"hiking", "running", "cooking"}, 1.0);
  DapTaskSpec task;
  task.task_id = kTask;
  task.leader_url = "https://leader.example/dap/";
  task.helper_url = "https://helper.example";
  task.chunk_length = 2;
  task.local_randomisation = local;
  plan.metrics.back().dap = task;
  plan.AddMetric("converted", tacit::MetricKind::kAnyConversion, {}, 0.5);  // a local-DP report beside it
  return plan;
}

std::vector<uint8_t> ConfigList(uint8_t id, uint16_t aead) {
  auto kp = tacit::dap::HpkeDeriveKeyPair(&id, 1);
  REQUIRE(kp.ok());
  tacit::dap::HpkeConfig c;
  c.id = id;
  c.kem_id = 0x20;
  c.kdf_id = 1;
  c.aead_id = aead;
  c.public_key = kp.value().pk;
  return tacit::dap::EncodeHpkeConfigList({c});
}

struct Device {
  TempDir tmp;
  tacit_t* h = nullptr;
  std::vector<uint8_t> plan;
  std::string task_b64 = tacit::dap::Base64Url(kTask.data(), kTask.size());
  explicit Device(const PlanSpec& p) : plan(BuildSignedPlan(p)) {
    g_now = kTestNowMs;
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(1);
    REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
    REQUIRE(tacit_options_add_brand_key(o, TestSigner::FromSeed(1).public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o, Clock, nullptr) == TACIT_OK);
    REQUIRE(tacit_options_set_measurement_plan(o, plan.data(), plan.size()) == TACIT_OK);
    REQUIRE(tacit_open(o, &h) == TACIT_OK);
    tacit_options_free(o);
    auto bytes = BuildSignedCatalog(HobbyCatalog());
    REQUIRE(tacit_load_catalog(h, bytes.data(), bytes.size()) == TACIT_OK);
    REQUIRE(tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "policy-1") == TACIT_OK);
  }
  ~Device() { tacit_close(h); }
  void SetConfigs() {
    const auto leader = ConfigList(7, 1), helper = ConfigList(9, 3);
    REQUIRE(tacit_dap_set_hpke_configs(h, task_b64.c_str(), TACIT_DAP_ROLE_LEADER, leader.data(), leader.size(), 0) ==
            TACIT_OK);
    REQUIRE(tacit_dap_set_hpke_configs(h, task_b64.c_str(), TACIT_DAP_ROLE_HELPER, helper.data(), helper.size(), 0) ==
            TACIT_OK);
  }
  void Like(const char* item) {
    tacit_event_t e;
    tacit_event_init(&e);
    e.type = TACIT_EVENT_LIKE;
    e.item_id = item;
    e.timestamp_ms = g_now - 1000;
    REQUIRE(tacit_record_event(h, &e) == TACIT_OK);
  }
  size_t Prepare() {
    size_t made = 0;
    REQUIRE(tacit_reports_prepare(h, &made) == TACIT_OK);
    return made;
  }
  std::string Json(tacit_status (*f)(tacit_t*, char**, size_t*)) {
    char* json = nullptr;
    REQUIRE(f(h, &json, nullptr) == TACIT_OK);
    std::string s(json);
    tacit_free(json);
    return s;
  }
};

}  // namespace

TEST_CASE("plan: a DAP task is checked: id, aggregators, chunk length, precision, batch size, one task per metric") {
  auto load = [](const DapTaskSpec& t, tacit::MetricKind kind = tacit::MetricKind::kTopicEngagement) {
    PlanSpec p;
    p.AddMetric("m", kind, kind == tacit::MetricKind::kAnyConversion ? std::vector<std::string>{}
                                                                      : std::vector<std::string>{"a", "b", "c"});
    p.metrics.back().dap = t;
    return LoadTestPlan(p);
  };
  DapTaskSpec ok;
  auto good = load(ok);
  REQUIRE(good.ok());
  const tacit::MetricDef& m = good.value()->metrics[0];
  CHECK(m.transport == tacit::MetricTransport::kDap);
  CHECK(m.dap.leader_url == "https://leader.example");
  CHECK(m.dap.min_batch_size == 10);
  DapTaskSpec loopback = ok;
  loopback.leader_url = "http://127.0.0.1:8123";
  CHECK(load(loopback).ok());

  struct Bad {
    const char* why;
    DapTaskSpec task;
  };
  std::vector<Bad> bad;
  auto with = [&](const char* why, auto change) {
    DapTaskSpec t = ok;
    change(t);
    bad.push_back({why, t});
  };
  with("task_id is not 32 bytes", [](DapTaskSpec& t) { t.task_id.resize(31); });
  with("leader_url", [](DapTaskSpec& t) { t.leader_url = "http://leader.example"; });
  with("leader_url", [](DapTaskSpec& t) { t.leader_url = "https://"; });
  with("leader_url", [](DapTaskSpec& t) { t.leader_url = "http://127.0.0.1.evil.example"; });
  with("leader_url", [](DapTaskSpec& t) { t.leader_url = "https://leader.example/?user=42"; });
  with("helper_url", [](DapTaskSpec& t) { t.helper_url = "https://helper example"; });
  with("two aggregators", [](DapTaskSpec& t) { t.helper_url = t.leader_url + "/"; });
  with("chunk_length", [](DapTaskSpec& t) { t.chunk_length = 0; });
  with("chunk_length", [](DapTaskSpec& t) { t.chunk_length = 5; });  // d = 4
  with("time_precision_s", [](DapTaskSpec& t) { t.time_precision_s = 0; });
  with("min_batch_size", [](DapTaskSpec& t) { t.min_batch_size = 9; });
  for (const Bad& b : bad) {
    INFO(b.why);
    auto r = load(b.task);
    REQUIRE(!r.ok());
    CHECK(r.status().code() == TACIT_ERR_PLAN_MALFORMED);
    CHECK(r.status().message().find(b.why) != std::string::npos);
  }
  DapTaskSpec count = ok;
  CHECK(load(count, tacit::MetricKind::kAnyConversion).status().message().find("chunk_length must be 0") !=
        std::string::npos);
  count.chunk_length = 0;
  CHECK(load(count, tacit::MetricKind::kAnyConversion).ok());

  PlanSpec twice;
  twice.AddMetric("a", tacit::MetricKind::kAnyConversion, {});
  twice.AddMetric("b", tacit::MetricKind::kAnyConversion, {});
  count.task_id = kTask;
  twice.metrics[0].dap = count;
  twice.metrics[1].dap = count;
  CHECK(LoadTestPlan(twice).status().message().find("used by another metric") != std::string::npos);
}

TEST_CASE("DAP reports: without both HPKE configs the period waits; with them one fixed-size Report is queued") {
  Device d(DapPlan());
  d.Like("hiking-1");
  g_now += tacit::kMsPerDay;  // the period of the like has ended
  // No configs yet: the LDP metric reports, the DAP metric's period stays undecided and the preview says why.
  CHECK(d.Prepare() == 1);
  const std::string preview = d.Json(tacit_reports_preview_json);
  CHECK(preview.find("metric \\\"engaged-topic\\\"") != std::string::npos);
  CHECK(preview.find("tacit_dap_set_hpke_configs") != std::string::npos);

  d.SetConfigs();
  CHECK(d.Prepare() == 1);
  CHECK(d.Prepare() == 0);  // decided once

  size_t ldp = 0, dap = 0;
  for (;;) {
    tacit_outgoing_report_t* r = nullptr;
    tacit_status s = tacit_outbox_next(d.h, &r);
    if (s == TACIT_ERR_NOT_FOUND) break;
    REQUIRE(s == TACIT_OK);
    REQUIRE(TACIT_HAS_FIELD(r, tacit_outgoing_report_t, media_type));
    if (r->transport == TACIT_TRANSPORT_DAP) {
      ++dap;
      CHECK(std::string(r->metric_id) == "engaged-topic");
      CHECK(std::string(r->upload_url) == "https://leader.example/dap/tasks/" + d.task_b64 + "/reports");
      CHECK(std::string(r->media_type) == "application/dap-report");
      // The Report: our task's VDAF, both configs, the time rounded to the precision, the id as in the header.
      auto report = tacit::dap::DecodeReport(r->bytes, r->len);
      REQUIRE(report.ok());
      CHECK(std::equal(r->report_id, r->report_id + 16, report.value().metadata.report_id.begin()));
      CHECK(report.value().leader_share.config_id == 7);
      CHECK(report.value().helper_share.config_id == 9);
      CHECK(report.value().metadata.time % 3600 == 0);
      tacit::dap::TaskSpec task;
      task.vdaf.kind = tacit::dap::VdafKind::kHistogram;
      task.vdaf.length = 4;
      task.vdaf.chunk_length = 2;
      auto size = tacit::dap::ReportSize(task);
      REQUIRE(size.ok());
      CHECK(r->len == size.value());
    } else {
      ++ldp;
      CHECK(r->transport == TACIT_TRANSPORT_LDP_REPORT);
      CHECK(r->upload_url == nullptr);
      CHECK(r->media_type == nullptr);
    }
    REQUIRE(tacit_outbox_ack(d.h, r->report_id, sizeof r->report_id) == TACIT_OK);
    tacit_outgoing_report_free(r);
  }
  CHECK(dap == 1);
  CHECK(ldp == 1);
  // The sent log describes the DAP report in words and holds no share and no answer.
  const std::string ex = d.Json(tacit_export_json);
  CHECK(ex.find("\"transport\":\"dap-09\"") != std::string::npos);
  CHECK(ex.find("neither can read it alone") != std::string::npos);
  CHECK(ex.find("privacy rests on the two aggregators not colluding") != std::string::npos);
  CHECK(ex.find("\"min_batch_size\":10") != std::string::npos);
}

TEST_CASE("DAP reports: the decision never depends on the answer; local randomisation spends the metric's epsilon") {
  for (bool local : {false, true}) {
    INFO("local randomisation " << local);
    Device d(DapPlan(local));
    d.SetConfigs();
    size_t made = 0;
    // Ten periods: engaged with something, or nothing at all; one DAP report and one LDP report every time.
    for (int day = 0; day < 10; ++day) {
      if (day % 3) d.Like(day % 2 ? "running-0" : "cooking-1");
      g_now += tacit::kMsPerDay;
      made += d.Prepare();
    }
    CHECK(made == 20);
    size_t n = 0, bytes = 0;
    REQUIRE(tacit_outbox_size(d.h, &n) == TACIT_OK);
    CHECK(n == 20);
    for (size_t i = 0; i < n; ++i) {
      tacit_outgoing_report_t* r = nullptr;
      REQUIRE(tacit_outbox_next(d.h, &r) == TACIT_OK);
      if (r->transport == TACIT_TRANSPORT_DAP) {
        if (bytes) CHECK(r->len == bytes);  // one size, whatever the answer
        bytes = r->len;
        CHECK(r->epsilon == Approx(1.0).epsilon(1e-3));
      }
      REQUIRE(tacit_outbox_ack(d.h, r->report_id, sizeof r->report_id) == TACIT_OK);
      tacit_outgoing_report_free(r);
    }
    const std::string ex = d.Json(tacit_export_json);
    CHECK((ex.find("randomised on this device first") != std::string::npos) == local);
  }
}

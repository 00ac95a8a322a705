// Test support for the privacy attacks: a profile on a test clock, driven through the C API.
#ifndef TACIT_TESTS_PRIVACY_PRIVACY_DEVICE_H_
#define TACIT_TESTS_PRIVACY_PRIVACY_DEVICE_H_

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "api/handle.h"
#include "report/metrics.h"
#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"
#include "support/test_plan.h"

namespace tacit_test {

inline int64_t g_privacy_now = kTestNowMs;
inline int64_t PrivacyClock(void*) { return g_privacy_now; }

struct PrivacyDevice {
  TempDir tmp;
  tacit_t* h = nullptr;
  std::vector<TestSigner> signers{TestSigner::FromSeed(1)};
  std::vector<uint8_t> plan;  // signed measurement plan given at open; empty: none

  PrivacyDevice() {
    g_privacy_now = kTestNowMs;
    Reopen();
  }
  ~PrivacyDevice() { tacit_close(h); }
  void Reopen() {
    tacit_close(h);
    h = nullptr;
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(1);
    REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
    for (const auto& s : signers) REQUIRE(tacit_options_add_brand_key(o, s.public_key.data(), 32) == TACIT_OK);
    REQUIRE(tacit_options_set_clock(o, PrivacyClock, nullptr) == TACIT_OK);
    if (!plan.empty()) REQUIRE(tacit_options_set_measurement_plan(o, plan.data(), plan.size()) == TACIT_OK);
    REQUIRE(tacit_open(o, &h) == TACIT_OK);
    tacit_options_free(o);
  }
  // Reopens the profile under this measurement plan.
  void UsePlan(const PlanSpec& spec) {
    plan = BuildSignedPlan(spec);
    Reopen();
  }
  tacit_status Load(const CatalogSpec& spec, const TestSigner& signer = TestSigner::FromSeed(1)) {
    auto bytes = BuildSignedCatalog(spec, signer);
    return tacit_load_catalog(h, bytes.data(), bytes.size());
  }
  void Consent(int32_t purpose, int32_t state) {
    REQUIRE(tacit_consent_set(h, purpose, state, "policy-1") == TACIT_OK);
  }
  void Event(int32_t type, const std::string& item, std::vector<const char*> topics = {}) {
    tacit_event_t e;
    tacit_event_init(&e);
    e.type = type;
    e.item_id = item.c_str();
    e.topic_ids = topics.empty() ? nullptr : topics.data();
    e.topic_count = topics.size();
    e.timestamp_ms = g_privacy_now;
    REQUIRE(tacit_record_event(h, &e) == TACIT_OK);
  }
  void Advance(int64_t ms) { g_privacy_now += ms; }
  std::string Export() {
    char* json = nullptr;
    REQUIRE(tacit_export_json(h, &json, nullptr) == TACIT_OK);
    std::string s(json);
    tacit_free(json);
    return s;
  }
  // The export's inferred_interests array, as text.
  std::string Inferred() {
    const std::string ex = Export();
    const size_t a = ex.find("\"inferred_interests\":[");
    REQUIRE(a != std::string::npos);
    return ex.substr(a, ex.find("],\"not_interested_items\"", a) - a);
  }
  struct Shown {
    std::string id;
    double score;
    std::vector<int32_t> reasons;
    std::vector<std::string> texts;
  };
  std::vector<Shown> Rank(size_t k = 20, double exploration = 0.0, uint32_t frequency_cap = 3) {
    tacit_rank_request_t r;
    tacit_rank_request_init(&r);
    r.k = k;
    r.exploration = exploration;
    r.frequency_cap = frequency_cap;
    r.seed = 7;
    tacit_ranking_t* out = nullptr;
    REQUIRE(tacit_rank(h, &r, &out) == TACIT_OK);
    std::vector<Shown> shown;
    for (size_t i = 0; i < tacit_ranking_size(out); ++i) {
      const tacit_ranked_item_t* it = tacit_ranking_get(out, i);
      Shown s{it->item_id, it->score, {}, {}};
      for (size_t k2 = 0; k2 < it->reason_count; ++k2) {
        const tacit_reason_t* reason = tacit_ranking_reason(out, i, k2);
        s.reasons.push_back(reason->kind);
        s.texts.push_back(reason->text);
      }
      shown.push_back(std::move(s));
    }
    tacit_ranking_free(out);
    return shown;
  }
};

inline bool Lists(const std::vector<PrivacyDevice::Shown>& shown, const std::string& id) {
  for (const auto& s : shown)
    if (s.id == id) return true;
  return false;
}

}  // namespace tacit_test

namespace tacit {

// What the reporting path would compute, read from inside the session.
struct SessionTestPeer {
  // The value of each metric of the plan over [start, end), with the session's measurement evidence.
  static std::vector<uint32_t> MetricValues(tacit_t* h, int64_t start, int64_t end) {
    Session& s = *h->session;
    std::lock_guard<FairMutex> lock(s.mu_);
    auto evidence = s.BuildEvidence(Evidence::Purpose::kMeasurement);
    REQUIRE(evidence.ok());
    auto events = s.store_->ReadEvents(0, 0);
    REQUIRE(events.ok());
    std::vector<uint32_t> out;
    REQUIRE(s.plan_);
    for (const auto& m : s.plan_->metrics)
      out.push_back(ComputeMetricValue(*s.index_, m, events.value(), start, end, s.half_life_ms_, evidence.value()));
    return out;
  }
};

}  // namespace tacit

#endif  // TACIT_TESTS_PRIVACY_PRIVACY_DEVICE_H_

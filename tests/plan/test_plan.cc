// The measurement plan's loader: signature first (under its own context), then the verifier, then
// semantics; the SDK's hard bounds on ids, periods and epsilon.
#include <catch2/catch.hpp>

#include <sodium.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "plan/loader.h"
#include "report/report.h"
#include "support/test_catalog.h"
#include "support/test_plan.h"

using namespace tacit_test;
using tacit::MetricKind;

namespace {

PlanSpec SmallPlan() {
  PlanSpec p;
  p.AddMetric("engagement", MetricKind::kTopicEngagement, {"sport", "health"}, 1.0, 7);
  p.AddMetric("conversion", MetricKind::kCampaignConversion, {"spring"}, 2.0);
  p.AddMetric("any", MetricKind::kAnyConversion, {}, 0.5);
  return p;
}

tacit_status Code(const std::vector<uint8_t>& bytes, const std::string& brand = "") {
  auto r = tacit::LoadSignedPlan(bytes.data(), bytes.size(), TestSigner::FromSeed(1).keys(), brand);
  return r.ok() ? TACIT_OK : r.status().code();
}

void ExpectMalformed(const PlanSpec& spec, const std::string& fragment) {
  auto r = LoadTestPlan(spec);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == TACIT_ERR_PLAN_MALFORMED);
  INFO(r.status().message());
  CHECK(r.status().message().find(fragment) != std::string::npos);
}

}  // namespace

TEST_CASE("a valid plan loads: metrics, key, budget, one report size and the hash of the signed bytes") {
  const std::vector<uint8_t> bytes = BuildSignedPlan(SmallPlan());
  auto r = tacit::LoadSignedPlan(bytes.data(), bytes.size(), TestSigner::FromSeed(1).keys(), "test-brand");
  REQUIRE(r.ok());
  const tacit::Plan& p = *r.value();
  REQUIRE(p.metrics.size() == 3);
  CHECK(p.metrics[0].period_days == 7);
  CHECK(p.metrics[0].period_ms == 7 * tacit::kMsPerDay);
  CHECK(p.metrics[0].buckets == std::vector<std::string>{"sport", "health"});
  CHECK(p.metrics[1].epsilon == 2.0);
  CHECK(p.metrics[2].buckets.empty());
  CHECK(p.report_public_key == TestReportKeys::FromSeed(1).public_key);
  CHECK(p.epsilon_per_24h == 4.0);
  CHECK(p.epsilon_per_365d == 30.0);
  uint8_t hash[32];
  crypto_hash_sha256(hash, bytes.data(), bytes.size());
  CHECK(std::memcmp(hash, p.hash.data(), 32) == 0);
  CHECK(p.hash_hex.size() == 64);
  // The largest metric sets the size: "engagement" (10 bytes, d = 3) vs "conversion" (10, 2) vs "any" (3, 2).
  CHECK(p.report_bytes == tacit::report::ReportSize(10, 3));
  CHECK(Code(bytes, "other-brand") == TACIT_ERR_PLAN_WRONG_BRAND);
}

TEST_CASE("plan signatures: own context, every flipped bit refused, unknown keys, truncation") {
  const std::vector<uint8_t> bytes = BuildSignedPlan(SmallPlan());
  for (size_t i = 0; i < bytes.size(); i += 7) {
    std::vector<uint8_t> bad = bytes;
    bad[i] ^= 0x10;
    const tacit_status c = Code(bad);
    CHECK(c != TACIT_OK);
    if (i >= tacit::kPlanHeaderBytes) CHECK(c == TACIT_ERR_PLAN_BAD_SIGNATURE);
  }
  std::vector<uint8_t> shorter(bytes.begin(), bytes.end() - 1);
  CHECK(Code(shorter) == TACIT_ERR_PLAN_MALFORMED);
  auto other = tacit::LoadSignedPlan(bytes.data(), bytes.size(), TestSigner::FromSeed(2).keys(), "");
  CHECK(other.status().code() == TACIT_ERR_PLAN_UNKNOWN_KEY);

  // A catalog signature never makes a plan: same key, same payload, the catalog's context.
  const std::vector<uint8_t> payload = BuildPlanPayload(SmallPlan());
  std::vector<uint8_t> as_catalog = TestSigner::FromSeed(1).Sign(payload);
  std::memcpy(as_catalog.data(), tacit::kPlanMagic, 4);
  CHECK(Code(as_catalog) == TACIT_ERR_PLAN_BAD_SIGNATURE);
  // ... and a plan never makes a catalog.
  std::vector<uint8_t> as_plan = bytes;
  std::memcpy(as_plan.data(), tacit::kCatalogMagic, 4);
  auto c = tacit::LoadSignedCatalog(as_plan.data(), as_plan.size(), TestSigner::FromSeed(1).keys(), TestPolicy());
  CHECK(c.status().code() == TACIT_ERR_CATALOG_BAD_SIGNATURE);
}

TEST_CASE("plan semantics: metric ids are [a-z0-9-]{1,32}, unique") {
  for (const char* bad : {"", "Upper", "dot.ted", "space d", "under_score", "\xc3\xa9t\xc3\xa9"}) {
    PlanSpec p = SmallPlan();
    p.metrics[0].id = bad;
    ExpectMalformed(p, "metrics[0].id");
  }
  { PlanSpec p = SmallPlan(); p.metrics[0].id = std::string(33, 'a'); ExpectMalformed(p, "metrics[0].id"); }
  { PlanSpec p = SmallPlan(); p.metrics[0].id = std::string(32, 'a'); CHECK(LoadTestPlan(p).ok()); }
  { PlanSpec p = SmallPlan(); p.metrics[1].id = "engagement"; ExpectMalformed(p, "is a duplicate"); }
}

TEST_CASE("plan semantics: periods are whole days") {
  for (int days : {0, 367}) {
    PlanSpec p = SmallPlan();
    p.metrics[1].period_days = days;
    ExpectMalformed(p, "metrics[1].period_days");
  }
  { PlanSpec p = SmallPlan(); p.metrics[1].period_days = 366; CHECK(LoadTestPlan(p).ok()); }
}

TEST_CASE("plan semantics: epsilon per report has a floor and a ceiling of 2") {
  for (double e : {0.0, 0.099, 2.0001, 8.0, -1.0, std::nan(""), double(INFINITY)}) {
    PlanSpec p = SmallPlan();
    p.metrics[0].epsilon = e;
    ExpectMalformed(p, "metrics[0].epsilon");
  }
  for (double e : {0.1, 2.0}) {
    PlanSpec p = SmallPlan();
    p.metrics[0].epsilon = e;
    CHECK(LoadTestPlan(p).ok());
  }
}

TEST_CASE("plan semantics: budget bounds, key, kinds, buckets, transport") {
  { PlanSpec p = SmallPlan(); p.epsilon_per_24h = 4.5; ExpectMalformed(p, "epsilon_per_24h"); }
  { PlanSpec p = SmallPlan(); p.epsilon_per_24h = 0; ExpectMalformed(p, "epsilon_per_24h"); }
  { PlanSpec p = SmallPlan(); p.epsilon_per_365d = 31; ExpectMalformed(p, "epsilon_per_365d"); }
  { PlanSpec p = SmallPlan(); p.epsilon_per_365d = 3; ExpectMalformed(p, "epsilon_per_365d"); }  // below 24 h
  { PlanSpec p = SmallPlan(); p.epsilon_per_24h = 1.5; ExpectMalformed(p, "spends more than epsilon_per_24h"); }
  { PlanSpec p = SmallPlan(); p.report_public_key = std::vector<uint8_t>(31, 7); ExpectMalformed(p, "report_public_key"); }
  { PlanSpec p = SmallPlan(); p.report_public_key.reset(); ExpectMalformed(p, "report_public_key"); }
  { PlanSpec p = SmallPlan(); p.metrics[0].kind = MetricKind(0); ExpectMalformed(p, "metrics[0].kind is missing"); }
  { PlanSpec p = SmallPlan(); p.metrics[0].kind = MetricKind(5); ExpectMalformed(p, "metrics[0].kind 5"); }
  { PlanSpec p = SmallPlan(); p.metrics[0].buckets.clear(); ExpectMalformed(p, "metrics[0].buckets has 0"); }
  { PlanSpec p = SmallPlan(); p.metrics[0].buckets.push_back("sport"); ExpectMalformed(p, "duplicate"); }
  { PlanSpec p = SmallPlan(); p.metrics[2].buckets = {"x"}; ExpectMalformed(p, "must be empty"); }
  { PlanSpec p = SmallPlan(); p.metrics[0].buckets.push_back("bad\nid"); ExpectMalformed(p, "not a valid id"); }
  { PlanSpec p = SmallPlan(); p.metrics[0].buckets.assign(1025, ""); for (size_t i = 0; i < 1025; ++i) p.metrics[0].buckets[i] = "t" + std::to_string(i); ExpectMalformed(p, "1..1024"); }
  { PlanSpec p = SmallPlan(); p.metrics[0].unknown_transport = true; ExpectMalformed(p, "transport"); }
  { PlanSpec p = SmallPlan(); p.version = 0; ExpectMalformed(p, "version"); }
  { PlanSpec p = SmallPlan(); p.expires_at_ms = p.issued_at_ms; ExpectMalformed(p, "expires_at_ms"); }
  {
    PlanSpec p = SmallPlan();
    p.metrics.clear();
    for (int i = 0; i < 65; ++i) p.AddMetric("m" + std::to_string(i), MetricKind::kAnyConversion, {}, 0.1);
    ExpectMalformed(p, "more than 64 metrics");
  }
}

TEST_CASE("plan validity in time is checked at use, with five minutes of skew") {
  auto r = LoadTestPlan(SmallPlan());
  REQUIRE(r.ok());
  const tacit::Plan& p = *r.value();
  CHECK(tacit::CheckPlanValidity(p, p.issued_at_ms - tacit::kPlanClockSkewMs).ok());
  CHECK(tacit::CheckPlanValidity(p, p.issued_at_ms - tacit::kPlanClockSkewMs - 1).code() == TACIT_ERR_PLAN_NOT_YET_VALID);
  CHECK(tacit::CheckPlanValidity(p, p.expires_at_ms - 1).ok());
  CHECK(tacit::CheckPlanValidity(p, p.expires_at_ms).code() == TACIT_ERR_PLAN_EXPIRED);
}

TEST_CASE("signed garbage and other FlatBuffers are MALFORMED, not a crash") {
  const TestSigner signer = TestSigner::FromSeed(1);
  for (size_t n : {size_t(1), size_t(8), size_t(100), size_t(4096)}) {
    std::vector<uint8_t> junk(n, 0xab);
    auto s = tacit::SignPlan(junk.data(), junk.size(), signer.secret_key.data(), signer.secret_key.size());
    REQUIRE(s.ok());
    CHECK(Code(s.value()) == TACIT_ERR_PLAN_MALFORMED);
  }
  CatalogSpec catalog;
  catalog.AddTopic("a");
  const std::vector<uint8_t> cat = BuildCatalogPayload(catalog);
  auto s = tacit::SignPlan(cat.data(), cat.size(), signer.secret_key.data(), signer.secret_key.size());
  REQUIRE(s.ok());
  CHECK(Code(s.value()) == TACIT_ERR_PLAN_MALFORMED);
}

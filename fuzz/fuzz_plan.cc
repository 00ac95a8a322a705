// libFuzzer target for the measurement plan loader. Each input is tried twice:
//  1. as a signed plan, trusted key = the fixed fuzz key (envelope, key lookup, signature);
//  2. as a payload, signed here with the fuzz key, so the FlatBuffers verifier, the semantic checks and the
//     conversion see arbitrary bytes.
// A plan that loads must keep the loader's promises (model/plan.h); a broken promise aborts (a finding).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "fuzz_catalog_key.h"
#include "plan/loader.h"

namespace {

void Require(bool ok) {
  if (!ok) std::abort();
}

void CheckInvariants(const tacit::Plan& p) {
  Require(p.metrics.size() <= tacit::kPlanMaxMetrics);
  Require(std::isfinite(p.epsilon_per_24h) && p.epsilon_per_24h > 0 && p.epsilon_per_24h <= tacit::kPlanMaxEpsilonPer24h);
  Require(std::isfinite(p.epsilon_per_365d) && p.epsilon_per_365d > 0 &&
          p.epsilon_per_365d <= tacit::kPlanMaxEpsilonPer365d);
  std::set<std::string> ids;
  for (const tacit::MetricDef& m : p.metrics) {
    Require(!m.id.empty() && m.id.size() <= tacit::kPlanMaxMetricIdBytes && ids.insert(m.id).second);
    for (char c : m.id) Require((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    Require(m.epsilon >= tacit::kPlanMinEpsilon && m.epsilon <= tacit::kPlanMaxEpsilon);
    Require(m.period_days >= 1 && m.period_days <= tacit::kPlanMaxPeriodDays);
    Require(m.period_ms == int64_t(m.period_days) * 86400000LL);
    Require(uint8_t(m.kind) >= 1 && uint8_t(m.kind) <= tacit::kMetricKindMax);
    Require(m.buckets.size() <= tacit::kPlanMaxBuckets);
    Require(tacit::MetricDomain(m) >= 2);
  }
  Require(p.metrics.empty() || p.report_bytes > 0);
}

tacit::Status Load(const uint8_t* data, size_t size) {
  const auto& key = tacit_fuzz::FuzzKey();
  tacit::CatalogPublicKey pk;
  for (size_t i = 0; i < pk.size(); ++i) pk[i] = key.pk[i];
  auto r = tacit::LoadSignedPlan(data, size, {pk}, "");
  if (!r.ok()) return r.status();
  CheckInvariants(*r.value());
  return tacit::Status::OK();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)Load(data, size);
  if (size == 0 || size > tacit::kPlanMaxPayloadBytes) return 0;
  const auto& key = tacit_fuzz::FuzzKey();
  auto env = tacit::SignPlan(data, size, key.sk.data(), key.sk.size());
  Require(env.ok());
  tacit::Status signed_load = Load(env.value().data(), env.value().size());
  // The unsigned decode agrees with the signed path (no brand is required here).
  auto d = tacit::DecodePlanPayload(data, size);
  if (d.ok()) {
    CheckInvariants(*d.value());
    Require(signed_load.ok());
  } else {
    Require(d.status().code() == TACIT_ERR_PLAN_MALFORMED);
    Require(signed_load.code() == TACIT_ERR_PLAN_MALFORMED && signed_load.message() == d.status().message());
  }
  return 0;
}

// The only way a measurement plan enters tacit: signed bytes in, a verified, immutable in-memory Plan out.
//
// Envelope (docs/reporting.md), the catalog's layout with its own magic and signing context:
//   magic "TPS1" (4) | key_id (8) | signature (64) | payload_len (u32 LE) | payload (payload_len bytes)
// key_id is the first 8 bytes of BLAKE2b-256(Ed25519 public key). The Ed25519 signature is over
//   "tacit measurement plan v1\0" || key_id || payload_len (4, LE) || payload
// so that no signed catalog is ever a signed plan, nor the reverse. The payload is a FlatBuffer with root
// tacit.fb.plan.MeasurementPlan (schemas/plan.fbs, identifier "TPLN").
//
// Load order, each step only on bytes the previous ones accepted:
//   envelope structure (PLAN_MALFORMED) -> key lookup (PLAN_UNKNOWN_KEY) -> signature (PLAN_BAD_SIGNATURE) ->
//   FlatBuffers verifier (PLAN_MALFORMED) -> semantic checks (PLAN_MALFORMED) -> brand (PLAN_WRONG_BRAND).
// Validity in time (PLAN_NOT_YET_VALID, PLAN_EXPIRED) is CheckPlanValidity, checked at each preparation:
// an expired plan stops reporting, not the app.
#ifndef TACIT_PLAN_LOADER_H_
#define TACIT_PLAN_LOADER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "core/status.h"
#include "model/plan.h"

namespace tacit {

constexpr char kPlanMagic[5] = "TPS1";
constexpr char kPlanSigningContext[] = "tacit measurement plan v1";  // signed with its NUL: 26 bytes
constexpr size_t kPlanHeaderBytes = 80;

// Limits. A plan beyond them is PLAN_MALFORMED.
constexpr size_t kPlanMaxPayloadBytes = 1u << 20;  // 1 MiB
constexpr size_t kPlanMaxMetrics = 64;
constexpr size_t kPlanMaxBuckets = 1024;      // per metric, so d <= 1025
constexpr size_t kPlanMaxMetricIdBytes = 32;  // [a-z0-9-]{1,32}
constexpr int32_t kPlanMaxPeriodDays = 366;
// The SDK's hard bounds on epsilon, whatever the plan says (docs/reporting.md says why).
//  - per report: at most 2, so that any single answer is a lie with a real probability (binary RR keeps the
//    truth with e^2 / (1 + e^2) = 88%); at least 0.1, below which an answer carries almost nothing and the
//    exact sampler's grid (2^-20) would round it away.
//  - per rolling 24 h at most 4, per rolling 365 days at most 30.
constexpr double kPlanMinEpsilon = 0.1;
constexpr double kPlanMaxEpsilon = 2.0;
constexpr double kPlanMaxEpsilonPer24h = 4.0;
constexpr double kPlanMaxEpsilonPer365d = 30.0;
constexpr int64_t kPlanClockSkewMs = 5 * 60 * 1000;
// DAP tasks: the smallest batch a plan may promise, the longest aggregator URL, the time precision range.
constexpr uint64_t kPlanMinDapBatchSize = 10;
constexpr size_t kPlanMaxDapUrlBytes = 256;
constexpr uint64_t kPlanMaxDapTimePrecisionS = 7 * 24 * 3600;

// The full load: envelope, signature under one of `brand_keys`, payload, then the brand. `expected_brand`
// "" accepts any brand. Never reads outside [data, data + len); never trusts the payload before its
// signature checked. The plan's hash is SHA-256 over [data, data + len).
Result<std::shared_ptr<const Plan>> LoadSignedPlan(const uint8_t* data, size_t len,
                                                   const std::vector<CatalogPublicKey>& brand_keys,
                                                   const std::string& expected_brand);

// The payload steps alone (verifier, semantics, conversion), no signature and no hash. For the brand tool's
// pre-flight check, tests and fuzzing.
Result<std::shared_ptr<const Plan>> DecodePlanPayload(const uint8_t* payload, size_t len);

// PLAN_NOT_YET_VALID before issued_at_ms (less the clock skew), PLAN_EXPIRED from expires_at_ms on.
Status CheckPlanValidity(const Plan& plan, int64_t now_ms);

// Wraps `payload` in a signed plan envelope (libsodium Ed25519 secret key, 64 bytes).
Result<std::vector<uint8_t>> SignPlan(const uint8_t* payload, size_t len, const uint8_t* secret_key,
                                      size_t secret_key_len);

// The number of values of a metric's answer: its buckets plus the implicit "none"; 2 for any_conversion.
uint32_t MetricDomain(const MetricDef& metric);

}  // namespace tacit

#endif  // TACIT_PLAN_LOADER_H_

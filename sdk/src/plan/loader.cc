#include "plan/loader.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "core/clock.h"
#include "crypto/secret.h"
#include "plan_generated.h"
#include "report/report.h"

namespace tacit {
namespace {

static_assert(uint8_t(fb::plan::MetricKind::topic_engagement) == uint8_t(MetricKind::kTopicEngagement) &&
                  uint8_t(fb::plan::MetricKind::campaign_conversion) == uint8_t(MetricKind::kCampaignConversion) &&
                  uint8_t(fb::plan::MetricKind::strongest_segment) == uint8_t(MetricKind::kStrongestSegment) &&
                  uint8_t(fb::plan::MetricKind::any_conversion) == uint8_t(MetricKind::kAnyConversion) &&
                  uint8_t(fb::plan::MetricKind::MAX) == kMetricKindMax,
              "plan.fbs MetricKind must match model/plan.h");
static_assert(uint8_t(fb::plan::Transport::LdpReport) == uint8_t(MetricTransport::kLdpReport), "pinned transports");

constexpr size_t kContextBytes = sizeof(kPlanSigningContext);  // with the NUL
constexpr size_t kKeyIdBytes = kCatalogKeyIdBytes;
constexpr size_t kSignatureBytes = 64;
static_assert(kPlanHeaderBytes == 4 + kKeyIdBytes + kSignatureBytes + 4, "envelope header");

Status Malformed(const std::string& m) { return Status(TACIT_ERR_PLAN_MALFORMED, "plan: " + m); }
std::string At(const char* field, size_t i) { return std::string(field) + "[" + std::to_string(i) + "]"; }

uint32_t LoadLe32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
void StoreLe32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}

// [a-z0-9-]{1,max}
bool ValidSlug(const flatbuffers::String* s, size_t max) {
  if (!s || s->size() < 1 || s->size() > max) return false;
  for (char c : s->str())
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// A bucket or brand id: 1..TACIT_MAX_ID_LEN bytes, no control characters (checked as bytes; the catalog's
// loader checks the UTF-8 of the ids it defines, and a bucket only ever matches one of those).
bool ValidId(const flatbuffers::String* s) {
  if (!s || s->size() < 1 || s->size() > TACIT_MAX_ID_LEN) return false;
  for (unsigned char c : s->str())
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

bool InRange(double x, double lo, double hi) { return std::isfinite(x) && x >= lo && x <= hi; }

// An aggregator endpoint: https://host[:port][/path], or http:// on loopback (test aggregators). Printable
// ASCII without spaces, quotes or backslashes; no query or fragment; stored without a trailing slash.
bool ValidAggregatorUrl(const flatbuffers::String* s, std::string* out) {
  if (!s || s->size() == 0 || s->size() > kPlanMaxDapUrlBytes) return false;
  std::string url = s->str();
  for (char c : url)
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '?' || c == '#') return false;
  static const char* const kPrefixes[] = {"https://", "http://127.0.0.1", "http://localhost", "http://[::1]"};
  bool ok = false;
  for (const char* p : kPrefixes) {
    const size_t n = std::strlen(p);
    if (url.compare(0, n, p) == 0) {
      // After a loopback host only a port or a path may follow.
      ok = p[4] == 's' ? url.size() > n && url[n] != '/' : url.size() == n || url[n] == ':' || url[n] == '/';
      break;
    }
  }
  if (!ok) return false;
  while (!url.empty() && url.back() == '/') url.pop_back();
  *out = std::move(url);
  return true;
}

Status ConvertDapTask(const fb::plan::DapTask& in, const std::string& where, uint32_t domain, MetricDef* def) {
  DapTaskDef& t = def->dap;
  if (!in.task_id() || in.task_id()->size() != t.task_id.size()) return Malformed(where + ".task_id is not 32 bytes");
  std::memcpy(t.task_id.data(), in.task_id()->data(), t.task_id.size());
  if (!ValidAggregatorUrl(in.leader_url(), &t.leader_url))
    return Malformed(where + ".leader_url is not an https:// URL (http:// only on loopback)");
  if (!ValidAggregatorUrl(in.helper_url(), &t.helper_url))
    return Malformed(where + ".helper_url is not an https:// URL (http:// only on loopback)");
  if (t.leader_url == t.helper_url) return Malformed(where + ": the Leader and the Helper must be two aggregators");
  if (def->kind == MetricKind::kAnyConversion) {
    if (in.chunk_length() != 0) return Malformed(where + ".chunk_length must be 0 for Prio3Count (any_conversion)");
  } else if (in.chunk_length() < 1 || in.chunk_length() > domain) {
    return Malformed(where + ".chunk_length is not in 1.." + std::to_string(domain) + " (the histogram's length)");
  }
  t.chunk_length = in.chunk_length();
  if (in.time_precision_s() < 1 || in.time_precision_s() > kPlanMaxDapTimePrecisionS)
    return Malformed(where + ".time_precision_s is not in 1.." + std::to_string(kPlanMaxDapTimePrecisionS));
  t.time_precision_s = in.time_precision_s();
  if (in.min_batch_size() < kPlanMinDapBatchSize)
    return Malformed(where + ".min_batch_size is below " + std::to_string(kPlanMinDapBatchSize));
  t.min_batch_size = in.min_batch_size();
  t.local_randomisation = in.local_randomisation();
  return Status::OK();
}

Status ConvertMetrics(const fb::plan::MeasurementPlan& in, Plan* out) {
  const auto* metrics = in.metrics();
  const size_t n = metrics ? metrics->size() : 0;
  if (n > kPlanMaxMetrics) return Malformed("more than " + std::to_string(kPlanMaxMetrics) + " metrics");
  std::unordered_set<std::string> ids;
  out->metrics.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const fb::plan::Metric* m = metrics->Get(flatbuffers::uoffset_t(i));
    const std::string where = At("metrics", i);
    MetricDef& def = out->metrics[i];
    if (!ValidSlug(m->id(), kPlanMaxMetricIdBytes)) return Malformed(where + ".id is not [a-z0-9-]{1,32}");
    def.id = m->id()->str();
    if (!ids.insert(def.id).second) return Malformed(where + ".id \"" + def.id + "\" is a duplicate");
    auto kind = m->kind();
    if (!kind.has_value()) return Malformed(where + ".kind is missing");
    const uint8_t k = uint8_t(*kind);
    if (k < 1 || k > kMetricKindMax) return Malformed(where + ".kind " + std::to_string(k) + " is unknown");
    def.kind = MetricKind(k);
    if (!InRange(m->epsilon(), kPlanMinEpsilon, kPlanMaxEpsilon))
      return Malformed(where + ".epsilon is not in [0.1, 2]");
    def.epsilon = m->epsilon();
    if (m->period_days() < 1 || m->period_days() > kPlanMaxPeriodDays)
      return Malformed(where + ".period_days is not in 1..366 (periods are whole days)");
    def.period_days = int32_t(m->period_days());
    def.period_ms = int64_t(def.period_days) * kMsPerDay;
    switch (m->transport_type()) {
      case fb::plan::Transport::NONE:
      case fb::plan::Transport::LdpReport:
        def.transport = MetricTransport::kLdpReport;
        break;
      case fb::plan::Transport::DapTask:
        if (!m->transport_as_DapTask()) return Malformed(where + ".transport is an empty DapTask");
        def.transport = MetricTransport::kDap;
        break;
      default:
        return Malformed(where + ".transport is not one this SDK can send");
    }

    const auto* buckets = m->buckets();
    const size_t nb = buckets ? buckets->size() : 0;
    if (def.kind == MetricKind::kAnyConversion) {
      if (nb != 0) return Malformed(where + ".buckets must be empty for any_conversion");
      continue;
    }
    if (nb < 1 || nb > kPlanMaxBuckets)
      return Malformed(where + ".buckets has " + std::to_string(nb) + " entries; 1.." +
                       std::to_string(kPlanMaxBuckets) + " are allowed");
    std::unordered_set<std::string> seen;
    def.buckets.reserve(nb);
    for (size_t b = 0; b < nb; ++b) {
      const flatbuffers::String* s = buckets->Get(flatbuffers::uoffset_t(b));
      const std::string bw = where + "." + At("buckets", b);
      if (!ValidId(s)) return Malformed(bw + " is not a valid id");
      if (!seen.insert(s->str()).second) return Malformed(bw + " \"" + s->str() + "\" is a duplicate");
      def.buckets.push_back(s->str());
    }
  }
  // DAP tasks last: the histogram's length is the metric's domain. One task carries one metric.
  std::unordered_set<std::string> tasks;
  for (size_t i = 0; i < n; ++i) {
    MetricDef& def = out->metrics[i];
    if (def.transport != MetricTransport::kDap) continue;
    const std::string where = At("metrics", i) + ".transport";
    TACIT_RETURN_IF_ERROR(ConvertDapTask(*metrics->Get(flatbuffers::uoffset_t(i))->transport_as_DapTask(), where,
                                         MetricDomain(def), &def));
    if (!tasks.insert(std::string(def.dap.task_id.begin(), def.dap.task_id.end())).second)
      return Malformed(where + ".task_id is used by another metric");
  }
  return Status::OK();
}

Status Convert(const fb::plan::MeasurementPlan& in, Plan* out) {
  if (!ValidId(in.brand_id())) return Malformed("brand_id is not a valid id");
  out->brand_id = in.brand_id()->str();
  if (in.version() == 0) return Malformed("version must be >= 1");
  out->version = in.version();
  if (in.issued_at_ms() < kEarliestTimestampMs) return Malformed("issued_at_ms is before 2000-01-01");
  if (in.expires_at_ms() <= in.issued_at_ms()) return Malformed("expires_at_ms is not after issued_at_ms");
  out->issued_at_ms = in.issued_at_ms();
  out->expires_at_ms = in.expires_at_ms();
  const auto* key = in.report_public_key();
  if (!key || key->size() != out->report_public_key.size()) return Malformed("report_public_key is not 32 bytes");
  std::memcpy(out->report_public_key.data(), key->data(), key->size());
  if (!InRange(in.epsilon_per_24h(), kPlanMinEpsilon, kPlanMaxEpsilonPer24h))
    return Malformed("epsilon_per_24h is not in [0.1, 4]");
  if (!InRange(in.epsilon_per_365d(), in.epsilon_per_24h(), kPlanMaxEpsilonPer365d))
    return Malformed("epsilon_per_365d is not in [epsilon_per_24h, 30]");
  out->epsilon_per_24h = in.epsilon_per_24h();
  out->epsilon_per_365d = in.epsilon_per_365d();
  TACIT_RETURN_IF_ERROR(ConvertMetrics(in, out));
  for (const MetricDef& m : out->metrics) {
    if (m.epsilon > out->epsilon_per_24h) return Malformed("metric \"" + m.id + "\" spends more than epsilon_per_24h");
    if (m.transport == MetricTransport::kLdpReport)
      out->report_bytes = std::max(out->report_bytes, report::ReportSize(m.id.size(), MetricDomain(m)));
  }
  return Status::OK();
}

std::vector<uint8_t> SignedMessage(const uint8_t* key_id, const uint8_t* payload, uint32_t len) {
  std::vector<uint8_t> msg(kContextBytes + kKeyIdBytes + 4 + len);
  uint8_t* p = msg.data();
  std::memcpy(p, kPlanSigningContext, kContextBytes);
  p += kContextBytes;
  std::memcpy(p, key_id, kKeyIdBytes);
  p += kKeyIdBytes;
  StoreLe32(p, len);
  p += 4;
  if (len) std::memcpy(p, payload, len);
  return msg;
}

}  // namespace

uint32_t MetricDomain(const MetricDef& metric) {
  return metric.kind == MetricKind::kAnyConversion ? 2u : uint32_t(metric.buckets.size() + 1);
}

Result<std::shared_ptr<const Plan>> DecodePlanPayload(const uint8_t* payload, size_t len) {
  if (!payload || len < 8) return Malformed("payload is too short to be a plan");
  if (len > kPlanMaxPayloadBytes) return Malformed("payload is larger than 1 MiB");
  std::vector<uint64_t> aligned((len + 7) / 8);  // the verifier checks alignment: an aligned copy
  std::memcpy(aligned.data(), payload, len);
  const uint8_t* buf = reinterpret_cast<const uint8_t*>(aligned.data());
  flatbuffers::Verifier::Options opts;
  opts.max_depth = 6;  // plan -> metrics -> metric -> transport / buckets -> string
  opts.max_tables = flatbuffers::uoffset_t(2 * kPlanMaxMetrics + 2);  // plan, metrics, their transports
  opts.check_alignment = true;
  flatbuffers::Verifier verifier(buf, len, opts);
  if (!fb::plan::VerifyMeasurementPlanBuffer(verifier))
    return Malformed("payload is not a valid tacit.fb.plan.MeasurementPlan FlatBuffer (identifier TPLN)");
  auto out = std::make_shared<Plan>();
  TACIT_RETURN_IF_ERROR(Convert(*fb::plan::GetMeasurementPlan(buf), out.get()));
  return std::shared_ptr<const Plan>(std::move(out));
}

Status CheckPlanValidity(const Plan& plan, int64_t now_ms) {
  if (now_ms < plan.issued_at_ms - kPlanClockSkewMs)
    return Status(TACIT_ERR_PLAN_NOT_YET_VALID, "plan: issued at " + std::to_string(plan.issued_at_ms) +
                                                    ", now is " + std::to_string(now_ms));
  if (now_ms >= plan.expires_at_ms)
    return Status(TACIT_ERR_PLAN_EXPIRED, "plan: expired at " + std::to_string(plan.expires_at_ms) + ", now is " +
                                              std::to_string(now_ms));
  return Status::OK();
}

Result<std::shared_ptr<const Plan>> LoadSignedPlan(const uint8_t* data, size_t len,
                                                   const std::vector<CatalogPublicKey>& brand_keys,
                                                   const std::string& expected_brand) {
  // 1. Envelope structure.
  if (!data || len < kPlanHeaderBytes)
    return Malformed("envelope is shorter than its " + std::to_string(kPlanHeaderBytes) + "-byte header");
  if (std::memcmp(data, kPlanMagic, 4) != 0) return Malformed("envelope magic is not TPS1");
  const uint8_t* key_id = data + 4;
  const uint8_t* sig = key_id + kKeyIdBytes;
  const uint32_t payload_len = LoadLe32(sig + kSignatureBytes);
  if (payload_len == 0 || payload_len > kPlanMaxPayloadBytes)
    return Malformed("envelope payload_len " + std::to_string(payload_len) + " is not in 1..1 MiB");
  if (len - kPlanHeaderBytes != payload_len)
    return Malformed("envelope is " + std::to_string(len) + " bytes; its header says " +
                     std::to_string(kPlanHeaderBytes + size_t(payload_len)));
  const uint8_t* payload = data + kPlanHeaderBytes;

  // 2. Key lookup.
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  std::vector<const CatalogPublicKey*> candidates;
  for (const CatalogPublicKey& k : brand_keys)
    if (std::memcmp(CatalogKeyId(k).data(), key_id, kKeyIdBytes) == 0) candidates.push_back(&k);
  if (candidates.empty())
    return Status(TACIT_ERR_PLAN_UNKNOWN_KEY, "plan: signed by a key that is not one of the brand's keys");

  // 3. Signature over the exact bytes, under the plan's own context.
  std::vector<uint8_t> msg = SignedMessage(key_id, payload, payload_len);
  bool verified = false;
  for (const CatalogPublicKey* k : candidates)
    if (crypto_sign_verify_detached(sig, msg.data(), msg.size(), k->data()) == 0) verified = true;
  if (!verified) return Status(TACIT_ERR_PLAN_BAD_SIGNATURE, "plan: signature does not verify");

  // 4-5. Verifier and semantics; 6. brand.
  TACIT_ASSIGN_OR_RETURN(std::shared_ptr<const Plan> decoded, DecodePlanPayload(payload, payload_len));
  if (!expected_brand.empty() && decoded->brand_id != expected_brand)
    return Status(TACIT_ERR_PLAN_WRONG_BRAND,
                  "plan: brand \"" + decoded->brand_id + "\", expected \"" + expected_brand + "\"");
  auto plan = std::make_shared<Plan>(*decoded);
  crypto_hash_sha256(plan->hash.data(), data, len);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, plan->hash.data(), plan->hash.size());
  plan->hash_hex = hex;
  return std::shared_ptr<const Plan>(std::move(plan));
}

Result<std::vector<uint8_t>> SignPlan(const uint8_t* payload, size_t len, const uint8_t* secret_key,
                                      size_t secret_key_len) {
  if (!secret_key || secret_key_len != crypto_sign_SECRETKEYBYTES)
    return Status(TACIT_ERR_KEY_LENGTH, "plan signing key must be 64 bytes (Ed25519)");
  if (!payload || len == 0 || len > kPlanMaxPayloadBytes) return Status::Invalid("plan payload must be 1 byte .. 1 MiB");
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  CatalogPublicKey pk;
  std::memcpy(pk.data(), secret_key + crypto_sign_SECRETKEYBYTES - pk.size(), pk.size());
  const auto key_id = CatalogKeyId(pk);
  const std::vector<uint8_t> msg = SignedMessage(key_id.data(), payload, uint32_t(len));
  std::vector<uint8_t> out(kPlanHeaderBytes + len);
  std::memcpy(out.data(), kPlanMagic, 4);
  std::memcpy(out.data() + 4, key_id.data(), kKeyIdBytes);
  uint8_t* sig = out.data() + 4 + kKeyIdBytes;
  crypto_sign_detached(sig, nullptr, msg.data(), msg.size(), secret_key);
  if (crypto_sign_verify_detached(sig, msg.data(), msg.size(), pk.data()) != 0)
    return Status::Invalid("plan signing key is inconsistent (its public half does not match its seed)");
  StoreLe32(sig + kSignatureBytes, uint32_t(len));
  std::memcpy(out.data() + kPlanHeaderBytes, payload, len);
  return out;
}

}  // namespace tacit

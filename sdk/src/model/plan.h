// The verified, in-memory form of the brand's measurement plan: the metrics a device may report, the key
// reports are sealed to, and the privacy budget. Built only by plan/loader from signed, verified bytes.
// Immutable once built, so it is shared between threads freely.
#ifndef TACIT_MODEL_PLAN_H_
#define TACIT_MODEL_PLAN_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tacit {

// What a metric measures about this device in one period (pinned values, signed in the plan).
enum class MetricKind : uint8_t {
  kTopicEngagement = 1,     // histogram: the bucket topic this device engaged with most in the period
  kCampaignConversion = 2,  // histogram: the bucket campaign this device converted on in the period
  kStrongestSegment = 3,    // histogram: the bucket topic with the highest affinity at period end
  kAnyConversion = 4,       // yes/no: converted at all in the period
};
constexpr uint8_t kMetricKindMax = 4;

// How a metric's answer leaves the device (plan.fbs Transport; pinned).
enum class MetricTransport : uint8_t {
  kLdpReport = 1,  // a sealed local-DP report (schemas/report.fbs)
  kDap = 2,        // a DAP-09 report with Prio3 shares for a Leader and a Helper (docs/dap.md)
};

// A metric's DAP task (plan.fbs DapTask), checked by the loader.
struct DapTaskDef {
  std::array<uint8_t, 32> task_id{};
  std::string leader_url;  // no trailing slash
  std::string helper_url;
  uint32_t chunk_length = 0;  // Prio3Histogram; 0 for Prio3Count (any_conversion)
  uint64_t time_precision_s = 0;
  uint64_t min_batch_size = 0;
  bool local_randomisation = false;
};

struct MetricDef {
  std::string id;                    // [a-z0-9-]{1,32}
  MetricKind kind = MetricKind::kTopicEngagement;
  double epsilon = 1.0;              // per report, in [kPlanMinEpsilon, kPlanMaxEpsilon]
  int32_t period_days = 1;           // whole UTC days
  int64_t period_ms = 0;             // period_days * 86 400 000
  std::vector<std::string> buckets;  // topic ids or campaign ids; the last implicit bucket is "none"
  MetricTransport transport = MetricTransport::kLdpReport;
  DapTaskDef dap;  // kDap only
};

struct Plan {
  std::string brand_id;
  uint64_t version = 0;
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;
  std::array<uint8_t, 32> report_public_key{};  // X25519
  std::vector<MetricDef> metrics;
  double epsilon_per_24h = 0;   // the plan's bounds; the host may lower them (tacit_options_set_epsilon_bounds)
  double epsilon_per_365d = 0;
  std::array<uint8_t, 32> hash{};  // SHA-256 of the signed bytes, as passed at open
  std::string hash_hex;            // lower-case hex of `hash`
  size_t report_bytes = 0;         // every local-DP report of the plan is padded to this plaintext size
};

}  // namespace tacit

#endif  // TACIT_MODEL_PLAN_H_

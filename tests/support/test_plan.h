// Test support: measurement plans from a plain C++ description, signed with the deterministic test keys.
//
//   tacit_test::PlanSpec plan;
//   plan.AddMetric("eng", tacit::MetricKind::kTopicEngagement, {"sport", "hiking"});
//   auto bytes = tacit_test::BuildSignedPlan(plan);   // for tacit_options_set_measurement_plan
//
// The builder writes exactly what the spec says, valid or not, so tests can also make malformed plans.
#ifndef TACIT_TESTS_SUPPORT_TEST_PLAN_H_
#define TACIT_TESTS_SUPPORT_TEST_PLAN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/plan.h"
#include "plan/loader.h"
#include "support/test_catalog.h"

namespace tacit_test {

// A metric's DAP task, written as given (valid or not).
struct DapTaskSpec {
  std::vector<uint8_t> task_id = std::vector<uint8_t>(32, 0x11);
  std::string leader_url = "https://leader.example";
  std::string helper_url = "https://helper.example";
  uint32_t chunk_length = 1;
  uint64_t time_precision_s = 3600;
  uint64_t min_batch_size = 10;
  bool local_randomisation = false;
};

struct PlanMetricSpec {
  std::string id;
  tacit::MetricKind kind = tacit::MetricKind::kTopicEngagement;
  double epsilon = 1.0;
  int period_days = 1;
  std::vector<std::string> buckets;
  bool unknown_transport = false;  // writes a transport type this SDK does not know
  std::optional<DapTaskSpec> dap;  // set: the metric travels as DAP reports
};

struct PlanSpec {
  std::string brand_id = "test-brand";
  uint64_t version = 1;
  int64_t issued_at_ms = kTestNowMs - tacit::kMsPerDay;
  int64_t expires_at_ms = kTestNowMs + 400 * tacit::kMsPerDay;
  std::optional<std::vector<uint8_t>> report_public_key;  // default: TestReportKeys(1); any length
  std::vector<PlanMetricSpec> metrics;
  double epsilon_per_24h = 4.0;
  double epsilon_per_365d = 30.0;

  PlanSpec();
  PlanSpec& AddMetric(std::string id, tacit::MetricKind kind, std::vector<std::string> buckets,
                      double epsilon = 1.0, int period_days = 1);
};

std::vector<uint8_t> BuildPlanPayload(const PlanSpec& spec);  // unsigned, no validation
std::vector<uint8_t> BuildSignedPlan(const PlanSpec& spec, const TestSigner& signer = TestSigner::FromSeed(1));
// Builds, signs and loads through LoadSignedPlan under TestSigner(1), any brand.
tacit::Result<std::shared_ptr<const tacit::Plan>> LoadTestPlan(const PlanSpec& spec);

}  // namespace tacit_test

#endif  // TACIT_TESTS_SUPPORT_TEST_PLAN_H_

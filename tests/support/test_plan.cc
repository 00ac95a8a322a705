#include "support/test_plan.h"

#include <cstdlib>

#include "plan_generated.h"

namespace tacit_test {

namespace fbp = tacit::fb::plan;

PlanSpec::PlanSpec() {
  const auto keys = TestReportKeys::FromSeed(1);
  report_public_key = std::vector<uint8_t>(keys.public_key.begin(), keys.public_key.end());
}

PlanSpec& PlanSpec::AddMetric(std::string id, tacit::MetricKind kind, std::vector<std::string> buckets,
                              double epsilon, int period_days) {
  PlanMetricSpec m;
  m.id = std::move(id);
  m.kind = kind;
  m.buckets = std::move(buckets);
  m.epsilon = epsilon;
  m.period_days = period_days;
  metrics.push_back(std::move(m));
  return *this;
}

std::vector<uint8_t> BuildPlanPayload(const PlanSpec& spec) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<fbp::Metric>> metrics;
  for (const PlanMetricSpec& m : spec.metrics) {
    std::vector<flatbuffers::Offset<flatbuffers::String>> buckets;
    for (const auto& s : m.buckets) buckets.push_back(b.CreateString(s));
    auto bv = b.CreateVector(buckets);
    auto id = b.CreateString(m.id);
    flatbuffers::Offset<void> transport;
    fbp::Transport type = fbp::Transport::NONE;
    if (m.unknown_transport) {
      transport = fbp::CreateLdpReport(b).Union();
      type = fbp::Transport(uint8_t(fbp::Transport::MAX) + 1);
    } else if (m.dap) {
      const DapTaskSpec& d = *m.dap;
      transport = fbp::CreateDapTask(b, b.CreateVector(d.task_id), b.CreateString(d.leader_url),
                                     b.CreateString(d.helper_url), d.chunk_length, d.time_precision_s,
                                     d.min_batch_size, d.local_randomisation)
                      .Union();
      type = fbp::Transport::DapTask;
    }
    fbp::MetricBuilder mb(b);
    mb.add_id(id);
    if (uint8_t(m.kind) != 0) mb.add_kind(fbp::MetricKind(uint8_t(m.kind)));
    mb.add_epsilon(m.epsilon);
    mb.add_period_days(uint16_t(m.period_days));
    mb.add_buckets(bv);
    if (type != fbp::Transport::NONE) {
      mb.add_transport_type(type);
      mb.add_transport(transport);
    }
    metrics.push_back(mb.Finish());
  }
  auto mv = b.CreateVector(metrics);
  flatbuffers::Offset<flatbuffers::Vector<uint8_t>> key;
  if (spec.report_public_key) key = b.CreateVector(*spec.report_public_key);
  auto root = fbp::CreateMeasurementPlan(b, b.CreateString(spec.brand_id), spec.version, spec.issued_at_ms,
                                         spec.expires_at_ms, key, mv, spec.epsilon_per_24h, spec.epsilon_per_365d);
  fbp::FinishMeasurementPlanBuffer(b, root);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

std::vector<uint8_t> BuildSignedPlan(const PlanSpec& spec, const TestSigner& signer) {
  const std::vector<uint8_t> payload = BuildPlanPayload(spec);
  auto signed_plan = tacit::SignPlan(payload.data(), payload.size(), signer.secret_key.data(), signer.secret_key.size());
  if (!signed_plan.ok()) std::abort();
  return signed_plan.value();
}

tacit::Result<std::shared_ptr<const tacit::Plan>> LoadTestPlan(const PlanSpec& spec) {
  const std::vector<uint8_t> bytes = BuildSignedPlan(spec);
  return tacit::LoadSignedPlan(bytes.data(), bytes.size(), TestSigner::FromSeed(1).keys(), "");
}

}  // namespace tacit_test

// Writes a seed corpus for fuzz_plan into a directory: plan payloads (one metric of each kind, many buckets,
// the budget at its bounds) and the same payloads signed with the fuzz key. Usage: fuzz_plan_seeds OUT_DIR
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_catalog_key.h"
#include "plan/loader.h"
#include "support/test_plan.h"

namespace {

bool Write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_plan_seeds OUT_DIR\n");
    return 2;
  }
  using tacit::MetricKind;
  std::vector<std::pair<std::string, tacit_test::PlanSpec>> specs;
  tacit_test::PlanSpec every;
  every.AddMetric("engaged", MetricKind::kTopicEngagement, {"sport", "hiking", "cooking"}, 1.0);
  every.AddMetric("campaign", MetricKind::kCampaignConversion, {"spring", "summer"}, 0.5, 7);
  every.AddMetric("segment", MetricKind::kStrongestSegment, {"sport", "cooking"}, 2.0, 30);
  every.AddMetric("converted", MetricKind::kAnyConversion, {}, 0.1);
  specs.emplace_back("every-kind", every);
  tacit_test::PlanSpec wide;
  std::vector<std::string> buckets;
  for (int b = 0; b < 200; ++b) buckets.push_back("t" + std::to_string(b));
  wide.AddMetric("wide", MetricKind::kTopicEngagement, buckets, 1.0, 366);
  wide.epsilon_per_24h = tacit::kPlanMaxEpsilonPer24h;
  wide.epsilon_per_365d = tacit::kPlanMaxEpsilonPer365d;
  specs.emplace_back("wide", wide);

  tacit_test::TestSigner signer;
  signer.public_key = tacit_fuzz::FuzzKey().pk;
  signer.secret_key = tacit_fuzz::FuzzKey().sk;
  const std::string dir = argv[1];
  for (const auto& s : specs) {
    std::vector<uint8_t> payload = tacit_test::BuildPlanPayload(s.second);
    if (!Write(dir + "/" + s.first + ".payload", payload) ||
        !Write(dir + "/" + s.first + ".signed", tacit_test::BuildSignedPlan(s.second, signer))) {
      std::fprintf(stderr, "fuzz_plan_seeds: cannot write into %s\n", dir.c_str());
      return 1;
    }
  }
  std::printf("wrote %zu seeds into %s\n", specs.size() * 2, dir.c_str());
  return 0;
}

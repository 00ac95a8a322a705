// Writes the JUnit tests' fixture into DIR: catalog.signed (a signed catalog valid from yesterday for ten
// years, so it does not expire between build and test), plan.signed (a measurement plan as long), brand.pk (the signer's 32-byte Ed25519 public
// key) and now.txt (the issue time, ms). Usage: tacit_jni_fixture DIR. Exit 0 on success.
#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/clock.h"
#include "support/test_catalog.h"
#include "support/test_plan.h"

namespace {

bool WriteFile(const std::string& path, const uint8_t* p, size_t n) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(p, 1, n, f) == n;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  mkdir(dir.c_str(), 0755);  // may exist

  const int64_t now = tacit::SystemNowMs();
  tacit_test::CatalogSpec spec;
  spec.brand_id = "test-brand";
  spec.issued_at_ms = now - tacit::kMsPerDay;
  spec.expires_at_ms = now + 3650 * tacit::kMsPerDay;
  // A child topic with its own label, a sensitive topic (no items), and one item with every field set.
  spec.AddTopic("sport").AddTopic("hiking", "sport").AddTopic("cooking");
  spec.AddTopic("health", "", tacit::Sensitivity::kHealth);
  spec.topics[1].label = "Hiking trips";
  spec.AddItem("trail-1", {{"hiking", 1.0f}, {"sport", 0.5f}}, {}, "summer")
      .AddItem("trail-2", {{"hiking", 0.8f}})
      .AddItem("match-1", {{"sport", 1.0f}})
      .AddItem("recipe-1", {{"cooking", 1.0f}})
      .AddItem("recipe-2", {{"cooking", 0.9f}});
  for (auto& item : spec.items) {
    item.published_at_ms = now - 2 * tacit::kMsPerDay;
  }
  spec.items[0].title = "Ridge trail";
  spec.items[0].locale = "en-GB";

  const auto signer = tacit_test::TestSigner::FromSeed(1);
  std::vector<uint8_t> signed_catalog = tacit_test::BuildSignedCatalog(spec, signer);
  tacit_test::PlanSpec plan;
  plan.brand_id = "test-brand";
  plan.issued_at_ms = now - tacit::kMsPerDay;
  plan.expires_at_ms = now + 3650 * tacit::kMsPerDay;
  plan.AddMetric("engaged-topic", tacit::MetricKind::kTopicEngagement, {"sport", "cooking"}, 1.0);
  std::vector<uint8_t> signed_plan = tacit_test::BuildSignedPlan(plan, signer);
  std::string now_text = std::to_string(now);
  if (!WriteFile(dir + "/catalog.signed", signed_catalog.data(), signed_catalog.size()) ||
      !WriteFile(dir + "/plan.signed", signed_plan.data(), signed_plan.size()) ||
      !WriteFile(dir + "/brand.pk", signer.public_key.data(), signer.public_key.size()) ||
      !WriteFile(dir + "/now.txt", reinterpret_cast<const uint8_t*>(now_text.data()), now_text.size())) {
    std::perror(dir.c_str());
    return 1;
  }
  std::printf("wrote %s/catalog.signed (%zu bytes) and brand.pk\n", dir.c_str(), signed_catalog.size());
  return 0;
}

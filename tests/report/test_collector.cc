// The collector library: refusal reasons for tampered, truncated, wrong-key and duplicate reports, the
// per-group aggregation, and the CLI's outputs.
#include <catch2/catch.hpp>

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "collector/aggregate.h"
#include "crypto/secret.h"
#include "support/temp_dir.h"
#include "support/test_plan.h"

using namespace tacit;
using tacit::collector::Collector;
using tacit::ldp::Mechanism;
using tacit::MetricKind;
using tacit::report::Reject;

namespace {

struct KeyPair {
  std::array<uint8_t, 32> pk{}, sk{};
  KeyPair() {
    REQUIRE(EnsureSodium().ok());
    crypto_box_keypair(pk.data(), sk.data());
  }
};

ldp::Params P(Mechanism m, uint32_t d, double eps) {
  Result<ldp::Params> p = ldp::MakeParams(m, d, eps);
  REQUIRE(p.ok());
  return p.value();
}

std::vector<uint8_t> Sealed(const KeyPair& k, const std::string& metric, uint64_t period, const ldp::Params& p,
                            uint32_t v, ldp::Rng& rng) {
  Result<std::vector<uint8_t>> b = report::BuildReport(metric, period, p, ldp::Randomise(p, v, rng), rng);
  REQUIRE(b.ok());
  Result<std::vector<uint8_t>> s = report::SealReport(b.value(), k.pk.data(), 32);
  REQUIRE(s.ok());
  return s.value();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("collector refuses tampered, truncated, wrong-key and duplicate reports with their reasons") {
  KeyPair keys, other;
  ldp::SeededRng rng(100);
  const ldp::Params p = P(Mechanism::kGRR, 5, 1.0);
  Collector c(keys.pk, keys.sk);
  const std::vector<uint8_t> good = Sealed(keys, "m.tamper", 1, p, 2, rng);

  size_t expected_rejections = 0;
  for (size_t bit = 0; bit < good.size() * 8; ++bit) {
    std::vector<uint8_t> t = good;
    t[bit / 8] ^= uint8_t(1u << (bit % 8));
    CHECK(c.AddSealed(t.data(), t.size(), "flip") == Reject::kDecrypt);
    ++expected_rejections;
  }
  for (size_t len : {size_t{0}, size_t{1}, size_t{47}, size_t{48}, size_t{111}, good.size() - 1}) {
    const Reject want = len < report::kMinReportBytes + report::kSealOverhead ? Reject::kSize : Reject::kDecrypt;
    CHECK(c.AddSealed(good.data(), len, "truncated") == want);
    ++expected_rejections;
  }
  const std::vector<uint8_t> foreign = Sealed(other, "m.tamper", 1, p, 2, rng);
  CHECK(c.AddSealed(foreign.data(), foreign.size(), "wrong-key") == Reject::kDecrypt);
  ++expected_rejections;
  CHECK(c.accepted() == 0);

  CHECK(c.AddSealed(good.data(), good.size(), "good") == Reject::kNone);
  CHECK(c.AddSealed(good.data(), good.size(), "replay") == Reject::kDuplicate);
  ++expected_rejections;
  // The same plaintext sealed again (new ciphertext, same report id) is still a duplicate.
  std::vector<uint8_t> plain(good.size() - report::kSealOverhead);
  REQUIRE(crypto_box_seal_open(plain.data(), good.data(), good.size(), keys.pk.data(), keys.sk.data()) == 0);
  const std::vector<uint8_t> resealed = report::SealReport(plain, keys.pk.data(), 32).value();
  CHECK(resealed != good);
  CHECK(c.AddSealed(resealed.data(), resealed.size(), "resealed") == Reject::kDuplicate);
  ++expected_rejections;

  CHECK(c.accepted() == 1);
  CHECK(c.rejections().size() == expected_rejections);
  const auto counts = c.RejectionCounts();
  CHECK(counts.at("decrypt") == good.size() * 8 + 2);  // flips, the one long truncation, wrong key
  CHECK(counts.at("size") == 5);                       // truncations below 64 + 48 bytes
  CHECK(counts.at("duplicate") == 2);
  CHECK(c.rejections().back().source == "resealed");
  const auto est = c.Estimates();
  REQUIRE(est.size() == 1);
  CHECK(est[0].n == 1);
}

TEST_CASE("collector aggregates per (metric, period) and its estimates cover the truth") {
  KeyPair keys;
  ldp::SeededRng rng(101);
  Collector c(keys.pk, keys.sk);
  const ldp::Params grr = P(Mechanism::kGRR, 4, 2.0);
  const ldp::Params olh = P(Mechanism::kOLH, 30, 2.0);
  const std::vector<double> truth = {100, 300, 0, 600};
  for (uint32_t v = 0; v < 4; ++v)
    for (int i = 0; i < truth[v]; ++i) {
      const auto s = Sealed(keys, "m.grr", 7, grr, v, rng);
      REQUIRE(c.AddSealed(s.data(), s.size(), "r") == Reject::kNone);
    }
  for (int i = 0; i < 50; ++i) {
    const auto s = Sealed(keys, "m.grr", 8, grr, 0, rng);  // another period
    REQUIRE(c.AddSealed(s.data(), s.size(), "r") == Reject::kNone);
  }
  for (int i = 0; i < 400; ++i) {
    const auto s = Sealed(keys, "m.olh", 7, olh, uint32_t(i % 3), rng);
    REQUIRE(c.AddSealed(s.data(), s.size(), "r") == Reject::kNone);
  }
  const auto groups = c.Estimates();
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].key.metric_id == "m.grr");
  CHECK(groups[0].key.period == 7);
  CHECK(groups[0].n == 1000);
  CHECK(groups[1].key.period == 8);
  CHECK(groups[1].n == 50);
  CHECK(groups[2].key.mechanism == Mechanism::kOLH);
  CHECK(groups[2].n == 400);
  // One seeded trial: each estimate within 4 sd of the truth (the variance formula's sd).
  for (uint32_t v = 0; v < 4; ++v) {
    const double sd = std::sqrt(ldp::EstimateVariance(grr, 1000, truth[v]));
    CHECK(std::fabs(groups[0].estimates[v].count - truth[v]) <= 4 * sd);
    CHECK(groups[0].estimates[v].ci_low < groups[0].estimates[v].ci_high);
  }
}

TEST_CASE("labels parse from JSON and bad labels are refused") {
  Result<collector::Labels> l = collector::ParseLabels(R"({"m.grr": ["hiking", "cycling"], "x": []})");
  REQUIRE(l.ok());
  CHECK(l->at("m.grr") == std::vector<std::string>{"hiking", "cycling"});
  CHECK(l->at("x").empty());
  CHECK_FALSE(collector::ParseLabels("[1, 2]").ok());
  CHECK_FALSE(collector::ParseLabels(R"({"m": [1]})").ok());
  CHECK_FALSE(collector::ParseLabels(R"({"m": "a"})").ok());
  CHECK_FALSE(collector::ParseLabels("{").ok());
}

TEST_CASE("Run checks every report against the signed plan, remembers ids across runs, writes dates") {
  tacit_test::TempDir dir;
  const std::string in = dir.Join("in"), out = dir.Join("out");
  REQUIRE(collector::WriteKeyPair(dir.Join("report.sk"), dir.Join("report.pk")).ok());
  Result<std::array<uint8_t, 32>> pk = collector::ReadKeyFile(dir.Join("report.pk"));
  REQUIRE(pk.ok());
  // The key files are raw, as tacit-brand keygen writes them; the secret one is never overwritten.
  CHECK(tacit_test::ReadFile(dir.Join("report.pk")) == std::vector<uint8_t>(pk.value().begin(), pk.value().end()));
  CHECK(tacit_test::ReadFile(dir.Join("report.sk")).size() == 32);
  CHECK_FALSE(collector::WriteKeyPair(dir.Join("report.sk"), dir.Join("other.pk")).ok());
  KeyPair keys;
  keys.pk = pk.value();
  // The plan: one daily metric "m-run" over two topics (d = 3, GRR at eps 1), sealed to keys.pk.
  tacit_test::PlanSpec plan;
  plan.report_public_key = std::vector<uint8_t>(keys.pk.begin(), keys.pk.end());
  plan.AddMetric("m-run", MetricKind::kTopicEngagement, {"a", "b"}, 1.0);
  tacit_test::WriteFile(dir.Join("plan.signed"), tacit_test::BuildSignedPlan(plan));
  const auto signer = tacit_test::TestSigner::FromSeed(1);
  tacit_test::WriteFile(dir.Join("sign.pk"), std::vector<uint8_t>(signer.public_key.begin(), signer.public_key.end()));
  const uint64_t day = uint64_t(tacit_test::kTestNowMs / kMsPerDay);  // 2023-11-14

  ldp::SeededRng rng(102);
  const ldp::Params p = P(Mechanism::kGRR, 3, 1.0);
  std::vector<std::vector<uint8_t>> files;
  for (int i = 0; i < 30; ++i) files.push_back(Sealed(keys, "m-run", day, p, uint32_t(i % 3), rng));
  files.push_back(files[0]);                                        // 30 duplicate
  files.push_back(std::vector<uint8_t>(20, 1));                     // 31 too short
  files.push_back(files[1]);
  files.back()[70] ^= 4;                                            // 32 tampered
  files.push_back(Sealed(keys, "other", day, p, 0, rng));           // 33 not in the plan
  files.push_back(Sealed(keys, "m-run", day, P(Mechanism::kGRR, 3, 0.5), 0, rng));  // 34 another epsilon
  files.push_back(Sealed(keys, "m-run", day, P(Mechanism::kOUE, 3, 1.0), 0, rng));  // 35 another mechanism
  files.push_back(Sealed(keys, "m-run", day + 5, p, 0, rng));       // 36 a period not over yet
  files.push_back(Sealed(keys, "m-run", 3, p, 0, rng));             // 37 a period before the plan
  {
    Result<std::vector<uint8_t>> b = report::BuildReport("m-run", day, p, ldp::Randomise(p, 0, rng),
                                                         report::ReportSize(5, 3) + 8, rng);
    REQUIRE(b.ok());
    files.push_back(report::SealReport(b.value(), keys.pk.data(), 32).value());  // 38 not the plan's size
  }
  std::error_code ec;
  std::filesystem::create_directories(in, ec);
  for (size_t i = 0; i < files.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof(name), "r%03zu.bin", i);
    tacit_test::WriteFile(in + "/" + name, files[i]);
  }
  std::filesystem::create_symlink(dir.Join("nowhere"), in + "/r039.bin", ec);  // 39 unreadable
  REQUIRE_FALSE(ec);
  tacit_test::WriteFile(dir.Join("labels.json"), std::vector<uint8_t>({'{', '"', 'm', '-', 'r', 'u', 'n', '"', ':', '[',
                                                                       '"', 'a', '<', 'b', '"', ']', '}'}));
  collector::RunOptions opts;
  opts.sk_path = dir.Join("report.sk");
  opts.pk_path = dir.Join("report.pk");
  opts.in_dir = in;
  opts.out_dir = out;
  opts.labels_path = dir.Join("labels.json");
  opts.plan_path = dir.Join("plan.signed");
  opts.brand_pk_path = dir.Join("sign.pk");
  opts.state_path = dir.Join("state");
  opts.now_ms = tacit_test::kTestNowMs + kMsPerDay;
  std::string summary;
  Status s = collector::Run(opts, &summary);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(summary.rfind("40 files: 30 accepted, 10 rejected [decrypt: 1] [duplicate: 1] [not_in_plan: 1] "
                      "[plan_parameters: 2] [plan_period: 2] [plan_size: 1] [size: 1] [unreadable: 1]; 1 group(s); plan ", 0) == 0);
  CHECK(summary.find("; as of 2023-11-15T22:13:20Z") != std::string::npos);
  const std::string json = Slurp(out + "/estimates.json");
  CHECK(json.find("\"as_of\": \"2023-11-15T22:13:20Z\"") != std::string::npos);
  CHECK(Slurp(out + "/report.html").find("Generated 2023-11-15T22:13:20Z.") != std::string::npos);
  CHECK(json.find("\"accepted\": 30") != std::string::npos);
  CHECK(json.find("\"source\": \"r030.bin\", \"reason\": \"duplicate\"") != std::string::npos);
  CHECK(json.find("\"source\": \"r031.bin\", \"reason\": \"size\"") != std::string::npos);
  CHECK(json.find("\"source\": \"r032.bin\", \"reason\": \"decrypt\"") != std::string::npos);
  CHECK(json.find("\"source\": \"r033.bin\", \"reason\": \"not_in_plan\"") != std::string::npos);
  CHECK(json.find("\"source\": \"r038.bin\", \"reason\": \"plan_size\"") != std::string::npos);
  CHECK(json.find("\"source\": \"r039.bin\", \"reason\": \"unreadable\"") != std::string::npos);
  CHECK(json.find("\"metric_id\": \"m-run\", \"period_start\": \"2023-11-14\", \"period_end\": \"2023-11-14\", "
                  "\"mechanism\": \"grr\", \"d\": 3") != std::string::npos);
  CHECK(json.find("\"label\": \"a<b\"") != std::string::npos);
  CHECK(json.find("nan") == std::string::npos);
  const std::string csv = Slurp(out + "/estimates.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);  // header + 3 buckets
  CHECK(csv.find("m-run,2023-11-14,grr,3,") != std::string::npos);
  const std::string svg = Slurp(out + "/estimates.svg");
  CHECK(svg.rfind("<svg ", 0) == 0);
  CHECK(svg.find("a&lt;b") != std::string::npos);
  CHECK(std::count(svg.begin(), svg.end(), '\n') > 10);

  // A second run over the same files: every report id is remembered, nothing is counted twice.
  summary.clear();
  REQUIRE(collector::Run(opts, &summary).ok());
  CHECK(summary.rfind("40 files: 0 accepted, 40 rejected [decrypt: 1] [duplicate: 31]", 0) == 0);

  // A plan signed by another key, or sealing to another key, is refused before any report is read.
  opts.brand_pk_path = dir.Join("report.pk");
  CHECK(collector::Run(opts, nullptr).code() == TACIT_ERR_PLAN_UNKNOWN_KEY);
  opts.brand_pk_path = dir.Join("sign.pk");

  // A key file in hex (64 digits) reads as the raw one does.
  {
    const std::vector<uint8_t> raw = tacit_test::ReadFile(dir.Join("report.pk"));
    std::string hex;
    char b[3];
    for (uint8_t x : raw) std::snprintf(b, sizeof b, "%02x", x), hex += b;
    hex += "\n";
    tacit_test::WriteFile(dir.Join("report.pk.hex"), std::vector<uint8_t>(hex.begin(), hex.end()));
    opts.pk_path = dir.Join("report.pk.hex");
    CHECK(collector::Run(opts, nullptr).ok());
    opts.pk_path = dir.Join("report.pk");
  }

  // A public key that does not match the secret key is refused before anything is read.
  KeyPair stranger;
  tacit_test::WriteFile(dir.Join("stranger.pk"), std::vector<uint8_t>(stranger.pk.begin(), stranger.pk.end()));
  opts.pk_path = dir.Join("stranger.pk");
  CHECK(collector::Run(opts, nullptr).code() == TACIT_ERR_KEY);
}

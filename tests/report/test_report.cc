// Report format: fixed size per metric, nothing but the metric id in it, sealing, and every refusal reason.
#include <catch2/catch.hpp>

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "crypto/secret.h"
#include "report/report.h"
#include "report_generated.h"

using namespace tacit;
using namespace tacit::report;
using tacit::ldp::Mechanism;

namespace {

struct Keys {
  uint8_t pk[32], sk[32];
  Keys() {
    REQUIRE(EnsureSodium().ok());
    crypto_box_keypair(pk, sk);
  }
};

ldp::Params P(Mechanism m, uint32_t d, double eps) {
  Result<ldp::Params> p = ldp::MakeParams(m, d, eps);
  REQUIRE(p.ok());
  return p.value();
}

std::vector<uint8_t> Build(const std::string& id, uint64_t period, const ldp::Params& p, uint32_t v,
                           ldp::Rng& rng) {
  Result<std::vector<uint8_t>> b = BuildReport(id, period, p, ldp::Randomise(p, v, rng), rng);
  REQUIRE(b.ok());
  return b.value();
}

Reject VerifyWhy(const std::vector<uint8_t>& bytes) {
  Reject why = Reject::kNone;
  Result<ParsedReport> r = VerifyReport(bytes.data(), bytes.size(), &why);
  if (!r.ok()) CHECK(r.status().code() == TACIT_ERR_REPORT_MALFORMED);
  return why;
}

// Fields for hand-built (possibly invalid) reports; BuildReport refuses to make these.
struct Raw {
  std::string metric_id = "metric.test";
  bool has_metric_id = true;
  uint8_t mechanism = 2;
  uint32_t d = 5;
  double eps = 0;  // 0: the grid value for eps = 1
  uint32_t value = 1;
  std::vector<uint8_t> bits;
  bool has_bits = false;
  std::vector<uint8_t> seed;
  bool has_seed = false;
  std::vector<uint8_t> report_id = std::vector<uint8_t>(16, 7);
  bool has_report_id = true;
  size_t padding = 100;
};

std::vector<uint8_t> BuildRaw(const Raw& raw) {
  flatbuffers::FlatBufferBuilder fbb;
  fbb.ForceDefaults(true);
  auto pad = fbb.CreateVector(std::vector<uint8_t>(raw.padding, 0));
  flatbuffers::Offset<flatbuffers::Vector<uint8_t>> rid, seed, bits;
  if (raw.has_report_id) rid = fbb.CreateVector(raw.report_id);
  if (raw.has_seed) seed = fbb.CreateVector(raw.seed);
  if (raw.has_bits) bits = fbb.CreateVector(raw.bits);
  flatbuffers::Offset<flatbuffers::String> mid;
  if (raw.has_metric_id) mid = fbb.CreateString(raw.metric_id);
  fb::ReportBuilder rb(fbb);
  if (raw.has_metric_id) rb.add_metric_id(mid);
  rb.add_period(3);
  rb.add_mechanism(static_cast<fb::Mechanism>(raw.mechanism));
  rb.add_domain_size(raw.d);
  rb.add_epsilon_effective(raw.eps != 0 ? raw.eps : ldp::QuantiseEpsilon(1.0).value().epsilon);
  rb.add_value(raw.value);
  if (raw.has_bits) rb.add_bits(bits);
  if (raw.has_seed) rb.add_olh_seed(seed);
  if (raw.has_report_id) rb.add_report_id(rid);
  rb.add_padding(pad);
  fb::FinishReportBuffer(fbb, rb.Finish());
  return std::vector<uint8_t>(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

// Every maximal run of >= 8 printable ASCII bytes.
std::vector<std::string> PrintableRuns(const std::vector<uint8_t>& b) {
  std::vector<std::string> runs;
  std::string cur;
  for (uint8_t c : b) {
    if (c >= 0x20 && c < 0x7f) {
      cur.push_back(char(c));
    } else {
      if (cur.size() >= 8) runs.push_back(cur);
      cur.clear();
    }
  }
  if (cur.size() >= 8) runs.push_back(cur);
  return runs;
}

}  // namespace

TEST_CASE("reports round-trip for every mechanism") {
  ldp::SeededRng rng(5);
  struct Case { Mechanism m; uint32_t d; uint32_t v; };
  for (const Case& c : {Case{Mechanism::kBinaryRR, 2, 1}, Case{Mechanism::kGRR, 9, 8}, Case{Mechanism::kOUE, 12, 3},
                        Case{Mechanism::kOLH, 300, 299}}) {
    const ldp::Params p = P(c.m, c.d, 1.5);
    const ldp::Randomised r = ldp::Randomise(p, c.v, rng);
    Result<std::vector<uint8_t>> bytes = BuildReport("engagement.topic", 12345, p, r, rng);
    REQUIRE(bytes.ok());
    Reject why = Reject::kSize;
    Result<ParsedReport> got = VerifyReport(bytes->data(), bytes->size(), &why);
    REQUIRE(got.ok());
    CHECK(why == Reject::kNone);
    CHECK(got->metric_id == "engagement.topic");
    CHECK(got->period == 12345);
    CHECK(got->params.mechanism == c.m);
    CHECK(got->params.d == c.d);
    CHECK(got->params.q.a == p.q.a);
    CHECK(got->params.q.epsilon == p.q.epsilon);
    CHECK(got->params.g == p.g);
    CHECK(got->randomised.value == r.value);
    CHECK(got->randomised.bits == r.bits);
    CHECK(got->randomised.seed == r.seed);
  }
}

TEST_CASE("all reports of one metric have the same size, whatever the mechanism or value") {
  ldp::SeededRng rng(6);
  const std::string ids[] = {"m", "abcdefg", std::string(31, 'x'), std::string(kMaxMetricIdLen, 'y')};
  for (const std::string& id : ids) {
    for (uint32_t d : {2u, 3u, 5u, 17u, 100u, 1000u, ldp::kMaxDomain}) {
      const size_t want = ReportSize(id.size(), d);
      CHECK(want % 8 == 0);
      CHECK(want <= kMaxReportBytes);
      std::vector<Mechanism> mechs = {Mechanism::kGRR, Mechanism::kOUE, Mechanism::kOLH};
      if (d == 2) mechs.push_back(Mechanism::kBinaryRR);
      for (Mechanism m : mechs) {
        for (double eps : {0.1, 1.0, 8.0}) {
          const ldp::Params p = P(m, d, eps);
          for (uint64_t period : {uint64_t{0}, uint64_t{1}, uint64_t{1} << 40, UINT64_MAX}) {
            for (uint32_t v : {0u, d / 2, d - 1}) {
              const std::vector<uint8_t> b = Build(id, period, p, v, rng);
              INFO("id len " << id.size() << " d " << d << " " << ldp::MechanismName(m) << " eps " << eps);
              CHECK(b.size() == want);
            }
          }
        }
      }
    }
  }
  // OUE all-zero and all-one bit vectors too.
  const ldp::Params oue = P(Mechanism::kOUE, 40, 1.0);
  ldp::Randomised zeros, ones;
  zeros.bits.assign(40, 0);
  ones.bits.assign(40, 1);
  CHECK(BuildReport("oue.metric", 1, oue, zeros, rng)->size() == ReportSize(10, 40));
  CHECK(BuildReport("oue.metric", 1, oue, ones, rng)->size() == ReportSize(10, 40));
}

TEST_CASE("report bytes hold the metric id and no other string") {
  ldp::SeededRng rng(8);
  const std::string metric = "conversion.campaign";
  for (Mechanism m : {Mechanism::kGRR, Mechanism::kOUE, Mechanism::kOLH}) {
    const ldp::Params p = P(m, 20, 2.0);
    for (uint32_t v = 0; v < 20; ++v) {
      const std::vector<uint8_t> b = Build(metric, 77, p, v, rng);
      const std::vector<std::string> runs = PrintableRuns(b);
      REQUIRE(runs.size() == 1);
      CHECK(runs[0] == metric);
      // The table's only string is the metric id; everything else is numbers and random bytes.
      const fb::Report* r = fb::GetReport(b.data());
      CHECK(r->metric_id()->str() == metric);
      for (uint8_t x : *r->padding()) CHECK(x == 0);
    }
  }
  // The fields are exactly those of the schema: metric_id, period, mechanism, domain_size,
  // epsilon_effective, value, bits, olh_seed, report_id, padding (10 vtable slots).
  const std::vector<uint8_t> b = Build(metric, 1, P(Mechanism::kGRR, 20, 2.0), 3, rng);
  const fb::Report* r = fb::GetReport(b.data());
  const uint8_t* vtable = reinterpret_cast<const uint8_t*>(r) - flatbuffers::ReadScalar<int32_t>(r);
  CHECK(flatbuffers::ReadScalar<uint16_t>(vtable) == 4 + 2 * 10);
  // Report ids are random.
  const std::vector<uint8_t> b2 = Build(metric, 1, P(Mechanism::kGRR, 20, 2.0), 3, rng);
  CHECK(std::memcmp(r->report_id()->data(), fb::GetReport(b2.data())->report_id()->data(), 16) != 0);
}

TEST_CASE("BuildReport refuses payloads that do not fit the parameters") {
  ldp::SeededRng rng(9);
  const ldp::Params grr = P(Mechanism::kGRR, 5, 1.0);
  ldp::Randomised r;
  r.value = 5;
  CHECK_FALSE(BuildReport("m", 0, grr, r, rng).ok());
  r.value = 0;
  CHECK_FALSE(BuildReport("", 0, grr, r, rng).ok());
  CHECK_FALSE(BuildReport(std::string(kMaxMetricIdLen + 1, 'a'), 0, grr, r, rng).ok());
  CHECK_FALSE(BuildReport("bad\nid", 0, grr, r, rng).ok());
  const ldp::Params oue = P(Mechanism::kOUE, 5, 1.0);
  r.bits.assign(4, 0);
  CHECK_FALSE(BuildReport("m", 0, oue, r, rng).ok());
  r.bits.assign(5, 2);
  CHECK_FALSE(BuildReport("m", 0, oue, r, rng).ok());
  const ldp::Params olh = P(Mechanism::kOLH, 50, 1.0);
  r.value = olh.g;
  CHECK_FALSE(BuildReport("m", 0, olh, r, rng).ok());
  CHECK(PeriodIndex(7200000, 3600000).value() == 2);
  CHECK(PeriodIndex(7199999, 3600000).value() == 1);
  CHECK_FALSE(PeriodIndex(-1, 3600000).ok());
  CHECK_FALSE(PeriodIndex(5, 0).ok());
}

TEST_CASE("VerifyReport refuses each malformation with its reason") {
  // The hand builder makes a valid report (any padded size from the metric's smallest up is the format's;
  // a plan's one size is checked by the collector); without padding it is too short.
  CHECK(VerifyWhy(BuildRaw(Raw{})) == Reject::kNone);
  Raw r;
  r.padding = 0;
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kPadding);
  r = Raw{};
  r.has_metric_id = false;
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kMetricId);
  r = Raw{};
  r.metric_id = "bad\x01id";
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kMetricId);
  r.metric_id = std::string(kMaxMetricIdLen + 1, 'a');
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kMetricId);
  for (uint8_t m : {0, 5, 255}) {
    r = Raw{};
    r.mechanism = m;
    CHECK(VerifyWhy(BuildRaw(r)) == Reject::kMechanism);
  }
  for (double eps : {-1.0, 8.5, 1.0000001}) {
    r = Raw{};
    r.eps = eps;
    CHECK(VerifyWhy(BuildRaw(r)) == Reject::kEpsilon);
  }
  for (uint32_t d : {0u, 1u, ldp::kMaxDomain + 1}) {
    r = Raw{};
    r.d = d;
    CHECK(VerifyWhy(BuildRaw(r)) == Reject::kDomain);
  }
  r = Raw{};
  r.mechanism = 1;  // binary RR with d = 5
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kDomain);
  r = Raw{};
  r.value = 5;
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kValue);
  r = Raw{};
  r.mechanism = 3;  // OUE
  r.value = 0;
  r.has_bits = true;
  r.bits.assign(4, 0);
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kBits);
  r.bits.assign(5, 0);
  r.bits[2] = 2;
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kBits);
  r.has_bits = false;
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kBits);
  r.has_bits = true;
  r.bits.assign(5, 1);
  r.value = 1;
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kValue);
  r = Raw{};
  r.has_bits = true;  // bits on GRR
  r.bits.assign(5, 0);
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kBits);
  r = Raw{};
  r.mechanism = 4;  // OLH, eps = 1: g = 4
  r.d = 100;
  r.value = 4;
  r.has_seed = true;
  r.seed.assign(16, 1);
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kValue);
  r.value = 3;
  r.seed.assign(15, 1);
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kSeed);
  r.has_seed = false;
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kSeed);
  r = Raw{};
  r.has_seed = true;  // seed on GRR
  r.seed.assign(16, 1);
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kSeed);
  r = Raw{};
  r.report_id.assign(15, 1);
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kReportId);
  r.has_report_id = false;
  CHECK(VerifyWhy(BuildRaw(r)) == Reject::kReportId);

  // Size and structure.
  CHECK(VerifyWhy(std::vector<uint8_t>(10, 0)) == Reject::kSize);
  CHECK(VerifyWhy(std::vector<uint8_t>(kMaxReportBytes + 1, 0)) == Reject::kSize);
  CHECK(VerifyWhy(std::vector<uint8_t>(200, 0)) == Reject::kFormat);
  ldp::SeededRng rng(10);
  std::vector<uint8_t> good = Build("metric.x", 4, P(Mechanism::kGRR, 5, 1.0), 2, rng);
  CHECK(VerifyWhy(good) == Reject::kNone);
  std::vector<uint8_t> wrong_id = good;
  std::memcpy(wrong_id.data() + 4, "XXXX", 4);  // file identifier
  CHECK(VerifyWhy(wrong_id) == Reject::kFormat);
  std::vector<uint8_t> bad_root = good;
  bad_root[0] = 0xff;
  bad_root[1] = 0xff;
  CHECK(VerifyWhy(bad_root) == Reject::kFormat);
  // Non-zero padding; and a padded size that is not the metric's.
  std::vector<uint8_t> dirty = good;
  const fb::Report* rep = fb::GetReport(dirty.data());
  REQUIRE(rep->padding()->size() > 0);
  dirty[size_t(rep->padding()->data() - dirty.data())] = 1;
  CHECK(VerifyWhy(dirty) == Reject::kPadding);
  std::vector<uint8_t> longer = good;
  longer.resize(good.size() + 8, 0);
  CHECK(VerifyWhy(longer) == Reject::kPadding);
}

TEST_CASE("sealed reports open only untampered, whole, with the right key") {
  Keys keys, other;
  ldp::SeededRng rng(11);
  const std::vector<uint8_t> plain = Build("metric.sealed", 9, P(Mechanism::kOLH, 64, 2.0), 10, rng);
  Result<std::vector<uint8_t>> sealed = SealReport(plain, keys.pk, 32);
  REQUIRE(sealed.ok());
  CHECK(sealed->size() == plain.size() + kSealOverhead);
  Reject why = Reject::kSize;
  Result<ParsedReport> ok = OpenReport(sealed->data(), sealed->size(), keys.pk, 32, keys.sk, 32, &why);
  REQUIRE(ok.ok());
  CHECK(why == Reject::kNone);
  CHECK(ok->metric_id == "metric.sealed");

  for (size_t bit = 0; bit < sealed->size() * 8; ++bit) {
    std::vector<uint8_t> t = sealed.value();
    t[bit / 8] ^= uint8_t(1u << (bit % 8));
    why = Reject::kNone;
    CHECK_FALSE(OpenReport(t.data(), t.size(), keys.pk, 32, keys.sk, 32, &why).ok());
    CHECK(why == Reject::kDecrypt);
  }
  for (size_t len = 0; len < sealed->size(); ++len) {
    why = Reject::kNone;
    CHECK_FALSE(OpenReport(sealed->data(), len, keys.pk, 32, keys.sk, 32, &why).ok());
    CHECK(why == (len < kMinReportBytes + kSealOverhead ? Reject::kSize : Reject::kDecrypt));
  }
  std::vector<uint8_t> extended = sealed.value();
  extended.push_back(0);
  CHECK_FALSE(OpenReport(extended.data(), extended.size(), keys.pk, 32, keys.sk, 32, &why).ok());
  CHECK(why == Reject::kDecrypt);
  CHECK_FALSE(OpenReport(sealed->data(), sealed->size(), other.pk, 32, other.sk, 32, &why).ok());
  CHECK(why == Reject::kDecrypt);

  CHECK(OpenReport(sealed->data(), sealed->size(), keys.pk, 31, keys.sk, 32).status().code() ==
        TACIT_ERR_KEY_LENGTH);
  CHECK(SealReport(plain, keys.pk, 33).status().code() == TACIT_ERR_KEY_LENGTH);
  // A sealed payload that decrypts but is not a valid report keeps its verify reason.
  std::vector<uint8_t> junk(200, 0);
  Result<std::vector<uint8_t>> sealed_junk = SealReport(junk, keys.pk, 32);
  REQUIRE(sealed_junk.ok());
  CHECK_FALSE(OpenReport(sealed_junk->data(), sealed_junk->size(), keys.pk, 32, keys.sk, 32, &why).ok());
  CHECK(why == Reject::kFormat);
}

// libFuzzer target for report parsing. The first input byte picks the path:
//   0: the input is a sealed report: OpenReport with a fixed test key pair (almost always "decrypt");
//   1: the input is report plaintext: VerifyReport;
//   2: the input is plaintext that is sealed to the test key, then opened: the full brand-side path, which
//      must agree with VerifyReport.
// Every accepted report is also aggregated, so value/bits/seed checks guard the aggregator's indexing.
// With TACIT_FUZZ_WRITE_SEEDS=DIR set, writes valid seed inputs (mode 1) into DIR at start-up.
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "report/ldp.h"
#include "report/report.h"

using namespace tacit;

namespace {

uint8_t g_pk[32], g_sk[32];

void WriteSeeds(const char* dir) {
  ldp::SeededRng rng(1);
  const struct { ldp::Mechanism m; uint32_t d; } cases[] = {
      {ldp::Mechanism::kBinaryRR, 2}, {ldp::Mechanism::kGRR, 7}, {ldp::Mechanism::kOUE, 9}, {ldp::Mechanism::kOLH, 50}};
  int i = 0;
  for (const auto& c : cases) {
    Result<ldp::Params> p = ldp::MakeParams(c.m, c.d, 1.5);
    if (!p.ok()) abort();
    Result<std::vector<uint8_t>> b = report::BuildReport("metric.seed", 42, p.value(), ldp::Randomise(p.value(), 1, rng), rng);
    if (!b.ok()) abort();
    const std::string path = std::string(dir) + "/seed" + std::to_string(i++);
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) abort();
    const uint8_t mode = 1;
    std::fwrite(&mode, 1, 1, f);
    std::fwrite(b->data(), 1, b->size(), f);
    std::fclose(f);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (sodium_init() < 0) abort();
  for (int i = 0; i < 32; ++i) g_sk[i] = uint8_t(i + 1);  // fixed test key: fuzzing only
  crypto_scalarmult_base(g_pk, g_sk);
  if (const char* dir = std::getenv("TACIT_FUZZ_WRITE_SEEDS")) WriteSeeds(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0] % 3;
  const uint8_t* in = data + 1;
  const size_t n = size - 1;
  report::Reject why = report::Reject::kNone;
  Result<report::ParsedReport> r = Status::Internal("unset");
  if (mode == 0) {
    r = report::OpenReport(in, n, g_pk, 32, g_sk, 32, &why);
  } else if (mode == 1) {
    r = report::VerifyReport(in, n, &why);
  } else {
    report::Reject direct_why = report::Reject::kNone;
    Result<report::ParsedReport> direct = report::VerifyReport(in, n, &direct_why);
    Result<std::vector<uint8_t>> sealed = report::SealReport(std::vector<uint8_t>(in, in + n), g_pk, 32);
    if (!sealed.ok()) return 0;  // empty or oversized plaintext
    r = report::OpenReport(sealed->data(), sealed->size(), g_pk, 32, g_sk, 32, &why);
    // Sealing adds exactly the overhead, so opening must agree with the direct verification.
    if (r.ok() != direct.ok() || why != direct_why) abort();
  }
  if (r.ok() != (why == report::Reject::kNone)) abort();
  if (r.ok()) {
    ldp::Aggregator agg(r->params);
    agg.Add(r->randomised);
    if (agg.Estimates().size() != r->params.d) abort();
  }
  return 0;
}

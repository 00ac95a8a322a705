// The client's cost of one DAP-09 report: Prio3 shard (VDAF-08) plus the HPKE seals of both input shares
// (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM), as a device does at each period end.
//   BM_DapShardSeal/<vdaf>   shard + 2 seals; counters: report_bytes (the DAP-09 Report on the wire)
//   BM_DapShard/<vdaf>       shard alone
// scripts/bench-dap.sh (./run bench-dap) runs these and the same operations on @divviup/prio3 + @hpke/core
// in node, and prints the ratio.
#include <benchmark/benchmark.h>

#include <sodium.h>

#include <string>
#include <vector>

#include "dap/hpke.h"
#include "dap/prio3.h"

using namespace tacit::dap;

namespace {

struct Config {
  const char* name;
  Prio3Params params;
  std::vector<uint64_t> measurement;
};

const std::vector<Config>& Configs() {
  static const std::vector<Config> kConfigs = {
      {"Count", {VdafKind::kCount, 0, 0, 0}, {1}},
      {"Sum8", {VdafKind::kSum, 8, 0, 0}, {100}},
      {"SumVec10x8", {VdafKind::kSumVec, 8, 10, 9}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 255}},
      {"Histogram11", {VdafKind::kHistogram, 0, 11, 3}, {7}},
      {"Histogram100", {VdafKind::kHistogram, 0, 100, 10}, {42}},
      {"Histogram1000", {VdafKind::kHistogram, 0, 1000, 32}, {999}},
  };
  return kConfigs;
}

// DAP-09 Report: ReportMetadata (16 + 8), public_share<0..2^32-1>, two HpkeCiphertext {u8 config_id;
// enc<1..2^16-1>; payload<1..2^32-1>} whose plaintext is PlaintextInputShare {extensions<0..2^16-1> (empty);
// payload<0..2^32-1>}, AEAD tag 16.
size_t ReportBytes(const Prio3Sizes& s) {
  auto ct = [](size_t share) { return 1 + (2 + 32) + 4 + (2 + 4 + share) + 16; };
  return 16 + 8 + 4 + s.public_share + ct(s.leader_input_share) + ct(s.helper_input_share);
}

void Run(benchmark::State& state, const Config& c, bool seal) {
  if (sodium_init() < 0) {
    state.SkipWithError("libsodium");
    return;
  }
  auto kp = HpkeGenerateKeyPair();
  std::vector<uint8_t> nonce(16), rand(Prio3RandSize(Draft::kVdaf08, c.params)), aad(64, 0);
  const std::vector<uint8_t> info = {'d', 'a', 'p', '-', '0', '9', ' ', 'i', 'n', 'p', 'u', 't', ' ',
                                     's', 'h', 'a', 'r', 'e', 0x01, 0x02};
  HpkeSuite suite{kHpkeKemX25519HkdfSha256, kHpkeKdfHkdfSha256, kHpkeAeadAes128Gcm};
  size_t bytes = 0;
  for (auto _ : state) {
    randombytes_buf(nonce.data(), nonce.size());
    randombytes_buf(rand.data(), rand.size());
    auto sh = Prio3Shard(Draft::kVdaf08, c.params, c.measurement, nonce.data(), rand.data(), rand.size());
    if (!sh.ok()) {
      state.SkipWithError(sh.status().message().c_str());
      return;
    }
    if (seal) {
      auto l = HpkeSealBase(suite, kp->pk.data(), kp->pk.size(), info, aad, sh->leader_input_share);
      auto h = HpkeSealBase(suite, kp->pk.data(), kp->pk.size(), info, aad, sh->helper_input_share);
      if (!l.ok() || !h.ok()) {
        state.SkipWithError("seal failed");
        return;
      }
      benchmark::DoNotOptimize(l->ct.data());
      benchmark::DoNotOptimize(h->ct.data());
    }
    benchmark::DoNotOptimize(sh->leader_input_share.data());
  }
  auto sizes = Prio3ShareSizes(Draft::kVdaf08, c.params);
  if (sizes.ok()) bytes = ReportBytes(sizes.value());
  state.counters["report_bytes"] = static_cast<double>(bytes);
}

int Register() {
  for (const Config& c : Configs()) {
    benchmark::RegisterBenchmark((std::string("BM_DapShardSeal/") + c.name).c_str(),
                                 [&c](benchmark::State& s) { Run(s, c, true); })
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("BM_DapShard/") + c.name).c_str(),
                                 [&c](benchmark::State& s) { Run(s, c, false); })
        ->Unit(benchmark::kMicrosecond);
  }
  return 0;
}
const int kRegistered = Register();

}  // namespace

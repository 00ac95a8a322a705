// tacit's side of the interop tests against Divvi Up's TypeScript libraries (tests/dap/interop/peer.mjs).
//   dap_interop_tool shard-cases SEED N        JSON cases: params, measurement, nonce, rand and tacit's shares
//   dap_interop_tool hpke-seal SEED N          JSON cases: recipient key pair, info, aad, pt, tacit's enc and ct
//   dap_interop_tool hpke-open FILE            opens the peer's seals (JSON from `peer.mjs hpke-seal`); prints
//                                              the count, exits 1 on the first mismatch
// Randomness is randombytes_buf_deterministic(SEED): a run is reproducible.
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "dap/hpke.h"
#include "dap/prio3.h"
#include "dap/vectors.h"

using namespace tacit::dap;
using tacit_test::Hex;
using tacit_test::Json;
using tacit_test::ToHex;

namespace {

class Rng {
 public:
  explicit Rng(uint32_t seed) {
    uint8_t s[randombytes_SEEDBYTES] = {};
    std::memcpy(s, &seed, sizeof seed);
    std::memcpy(seed_, s, sizeof seed_);
  }
  std::vector<uint8_t> Bytes(size_t n) {
    std::vector<uint8_t> out(n);
    ++counter_;
    std::memcpy(seed_ + 24, &counter_, sizeof counter_);
    randombytes_buf_deterministic(out.data(), n, seed_);
    return out;
  }
  uint64_t Below(uint64_t n) {  // n >= 1
    std::vector<uint8_t> b = Bytes(8);
    uint64_t x = 0;
    for (uint8_t c : b) x = (x << 8) | c;
    return x % n;
  }

 private:
  uint8_t seed_[randombytes_SEEDBYTES] = {};
  uint64_t counter_ = 0;
};

const char* KindName(VdafKind k) {
  switch (k) {
    case VdafKind::kCount: return "count";
    case VdafKind::kSum: return "sum";
    case VdafKind::kSumVec: return "sumvec";
    case VdafKind::kHistogram: return "histogram";
  }
  return "?";
}

int ShardCases(uint32_t seed, size_t n) {
  // Several parameter sets per VDAF, including the ones DAP deployments use and edge cases.
  const Prio3Params sets[] = {
      {VdafKind::kCount, 0, 0, 0},       {VdafKind::kSum, 1, 0, 0},         {VdafKind::kSum, 8, 0, 0},
      {VdafKind::kSum, 32, 0, 0},        {VdafKind::kSum, 64, 0, 0},        {VdafKind::kSumVec, 1, 1, 1},
      {VdafKind::kSumVec, 8, 10, 9},     {VdafKind::kSumVec, 4, 20, 5},     {VdafKind::kSumVec, 16, 3, 48},
      {VdafKind::kHistogram, 0, 1, 1},   {VdafKind::kHistogram, 0, 4, 2},   {VdafKind::kHistogram, 0, 11, 3},
      {VdafKind::kHistogram, 0, 100, 10}, {VdafKind::kHistogram, 0, 1000, 32}, {VdafKind::kHistogram, 0, 7, 7},
  };
  const size_t nsets = sizeof sets / sizeof sets[0];
  Rng rng(seed);
  std::printf("[\n");
  for (size_t i = 0; i < n; ++i) {
    const Prio3Params& p = sets[i % nsets];
    std::vector<uint64_t> m;
    uint64_t max = p.bits >= 64 ? ~0ull : (p.bits ? (1ull << p.bits) : 0);
    switch (p.kind) {
      case VdafKind::kCount: m.push_back(rng.Below(2)); break;
      case VdafKind::kSum: m.push_back(p.bits >= 64 ? rng.Below(~0ull) + (rng.Below(2)) : rng.Below(max)); break;
      case VdafKind::kSumVec:
        for (uint32_t k = 0; k < p.length; ++k) m.push_back(rng.Below(max));
        break;
      case VdafKind::kHistogram: m.push_back(rng.Below(p.length)); break;
    }
    std::vector<uint8_t> nonce = rng.Bytes(16), rand = rng.Bytes(Prio3RandSize(Draft::kVdaf08, p));
    auto sh = Prio3Shard(Draft::kVdaf08, p, m, nonce.data(), rand.data(), rand.size());
    if (!sh.ok()) {
      std::fprintf(stderr, "shard failed: %s\n", sh.status().message().c_str());
      return 1;
    }
    std::string meas = "[";
    for (size_t k = 0; k < m.size(); ++k) meas += (k ? "," : "") + std::string("\"") + std::to_string(m[k]) + "\"";
    meas += "]";
    std::printf("%s{\"vdaf\":\"%s\",\"bits\":%u,\"length\":%u,\"chunk_length\":%u,\"measurement\":%s,"
                "\"nonce\":\"%s\",\"rand\":\"%s\",\"public_share\":\"%s\",\"leader\":\"%s\",\"helper\":\"%s\"}\n",
                i ? "," : "", KindName(p.kind), p.bits, p.length, p.chunk_length, meas.c_str(), ToHex(nonce).c_str(),
                ToHex(rand).c_str(), ToHex(sh->public_share).c_str(), ToHex(sh->leader_input_share).c_str(),
                ToHex(sh->helper_input_share).c_str());
  }
  std::printf("]\n");
  return 0;
}

int HpkeSeal(uint32_t seed, size_t n) {
  Rng rng(seed);
  std::printf("[\n");
  for (size_t i = 0; i < n; ++i) {
    uint16_t aead = i % 2 ? kHpkeAeadChaCha20Poly1305 : kHpkeAeadAes128Gcm;
    HpkeSuite suite{kHpkeKemX25519HkdfSha256, kHpkeKdfHkdfSha256, aead};
    std::vector<uint8_t> ikm = rng.Bytes(32);
    auto kp = HpkeDeriveKeyPair(ikm.data(), ikm.size());
    if (!kp.ok()) return 1;
    std::vector<uint8_t> info = rng.Bytes(rng.Below(40)), aad = rng.Bytes(rng.Below(200)),
                         pt = rng.Bytes(rng.Below(2000));
    auto sealed = HpkeSealBase(suite, kp->pk.data(), kp->pk.size(), info, aad, pt);
    if (!sealed.ok()) {
      std::fprintf(stderr, "seal failed: %s\n", sealed.status().message().c_str());
      return 1;
    }
    std::vector<uint8_t> sk(kp->sk.data(), kp->sk.data() + 32);
    std::printf("%s{\"aead\":%u,\"ikm\":\"%s\",\"sk\":\"%s\",\"pk\":\"%s\",\"info\":\"%s\",\"aad\":\"%s\",\"pt\":\"%s\","
                "\"enc\":\"%s\",\"ct\":\"%s\"}\n",
                i ? "," : "", aead, ToHex(ikm).c_str(), ToHex(sk).c_str(), ToHex(kp->pk).c_str(), ToHex(info).c_str(),
                ToHex(aad).c_str(), ToHex(pt).c_str(), ToHex(sealed->enc).c_str(), ToHex(sealed->ct).c_str());
    sodium_memzero(sk.data(), sk.size());
  }
  std::printf("]\n");
  return 0;
}

int HpkeOpen(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (!f) {
    std::fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  std::string text;
  char buf[65536];
  size_t r;
  while ((r = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, r);
  std::fclose(f);
  Json all = Json::Parse(text);
  size_t opened[4] = {};
  for (const Json& c : all.arr) {
    HpkeSuite suite{kHpkeKemX25519HkdfSha256, kHpkeKdfHkdfSha256, static_cast<uint16_t>(c["aead"].n())};
    std::vector<uint8_t> sk = Hex(c["sk"].s());
    auto pt = HpkeOpenBase(suite, sk.data(), sk.size(), Hex(c["enc"].s()), Hex(c["info"].s()), Hex(c["aad"].s()),
                           Hex(c["ct"].s()));
    if (!pt.ok() || ToHex(pt.value()) != c["pt"].s()) {
      std::fprintf(stderr, "tacit could not open a seal made by @hpke/core (aead %u): %s\n", suite.aead,
                   pt.ok() ? "plaintext differs" : pt.status().message().c_str());
      return 1;
    }
    // A flipped ciphertext bit must not open.
    std::vector<uint8_t> ct = Hex(c["ct"].s());
    ct[ct.size() / 2] ^= 0x04;
    if (HpkeOpenBase(suite, sk.data(), sk.size(), Hex(c["enc"].s()), Hex(c["info"].s()), Hex(c["aad"].s()), ct)
            .ok()) {
      std::fprintf(stderr, "a tampered ciphertext opened\n");
      return 1;
    }
    ++opened[suite.aead & 3];
  }
  std::printf("tacit opened %zu @hpke/core seals (AES-128-GCM %zu, ChaCha20Poly1305 %zu) and rejected as many "
              "tampered ones\n",
              opened[1] + opened[3], opened[1], opened[3]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "shard-cases" && argc == 4) return ShardCases(std::strtoul(argv[2], nullptr, 10), std::strtoul(argv[3], nullptr, 10));
  if (cmd == "hpke-seal" && argc == 4) return HpkeSeal(std::strtoul(argv[2], nullptr, 10), std::strtoul(argv[3], nullptr, 10));
  if (cmd == "hpke-open" && argc == 3) return HpkeOpen(argv[2]);
  std::fprintf(stderr, "usage: dap_interop_tool shard-cases SEED N | hpke-seal SEED N | hpke-open FILE\n");
  return 2;
}

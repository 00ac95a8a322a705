// Unit tests of the DAP primitives beyond the vectors: field laws, HPKE round trips and failures, Prio3
// parameter and measurement checks, sizes, and tampered shares that the proof rejects.
#include <catch2/catch.hpp>

#include <sodium.h>

#include "dap/field.h"
#include "dap/hpke.h"
#include "dap/prio3.h"

using namespace tacit::dap;

namespace {

template <class F>
F RandomElement(uint32_t* state) {
  uint8_t b[F::kEncodedSize];
  F x;
  do {
    for (auto& c : b) {
      *state = *state * 1664525u + 1013904223u;
      c = static_cast<uint8_t>(*state >> 24);
    }
  } while (!F::FromXofBytes(b, &x));
  return x;
}

template <class F>
void CheckFieldLaws() {
  uint32_t st = 12345;
  const F zero = F::Zero(), one = F::One();
  for (int i = 0; i < 200; ++i) {
    F a = RandomElement<F>(&st), b = RandomElement<F>(&st), c = RandomElement<F>(&st);
    CHECK(a + b == b + a);
    CHECK(a * b == b * a);
    CHECK((a + b) * c == a * c + b * c);
    CHECK(a - a == zero);
    CHECK(a + (-a) == zero);
    CHECK(a * one == a);
    if (a != zero) CHECK(a * a.Inv() == one);
    uint8_t enc[F::kEncodedSize];
    a.Encode(enc);
    F d;
    REQUIRE(F::Decode(enc, &d));
    CHECK(d == a);
  }
  // p - 1 + 1 wraps to 0; p itself does not decode.
  F minus_one = zero - one;
  CHECK(minus_one + one == zero);
  uint8_t enc[F::kEncodedSize];
  minus_one.Encode(enc);
  enc[0] = static_cast<uint8_t>(enc[0] + 1);  // p - 1 ends in ...00, so +1 gives p
  F bad;
  CHECK_FALSE(F::Decode(enc, &bad));
  // The 2^k-th roots of unity have exact order.
  F w = F::RootOfUnity(5);
  CHECK(w.Pow(32) == one);
  CHECK(w.Pow(16) != one);
}

}  // namespace

TEST_CASE("Field64 and Field128 obey the field laws and reject non-canonical encodings") {
  CheckFieldLaws<Field64>();
  CheckFieldLaws<Field128>();
  // Field64: (2^64 - 2^32) * 2 mod p = p - 1 - ... spot check against a known product.
  Field64 a = Field64::FromU64(0xffffffff00000000ull);  // = p - 1
  CHECK(a * a == Field64::One());
  Field128 big = Field128::Zero() - Field128::One();
  CHECK(big * big == Field128::One());
}

TEST_CASE("HPKE seals and opens with both AEADs, and rejects what it must") {
  auto kp = HpkeGenerateKeyPair();
  REQUIRE(kp.ok());
  std::vector<uint8_t> info = {'d', 'a', 'p'}, aad = {1, 2, 3}, pt(300, 0x5a);
  for (uint16_t aead : {kHpkeAeadAes128Gcm, kHpkeAeadChaCha20Poly1305}) {
    HpkeSuite suite{kHpkeKemX25519HkdfSha256, kHpkeKdfHkdfSha256, aead};
    INFO("aead " << aead);
    auto sealed = HpkeSealBase(suite, kp->pk.data(), kp->pk.size(), info, aad, pt);
    REQUIRE(sealed.ok());
    CHECK(sealed->enc.size() == 32);
    CHECK(sealed->ct.size() == pt.size() + 16);
    auto opened = HpkeOpenBase(suite, kp->sk.data(), kp->sk.size(), sealed->enc, info, aad, sealed->ct);
    REQUIRE(opened.ok());
    CHECK(opened.value() == pt);

    // Two seals of one message differ (fresh ephemeral keys).
    auto again = HpkeSealBase(suite, kp->pk.data(), kp->pk.size(), info, aad, pt);
    REQUIRE(again.ok());
    CHECK(again->enc != sealed->enc);

    std::vector<uint8_t> flipped = sealed->ct;
    flipped[7] ^= 0x01;
    auto bad = HpkeOpenBase(suite, kp->sk.data(), kp->sk.size(), sealed->enc, info, aad, flipped);
    CHECK(bad.status().code() == TACIT_ERR_CORRUPT);
    std::vector<uint8_t> other_aad = {1, 2, 4};
    CHECK(HpkeOpenBase(suite, kp->sk.data(), kp->sk.size(), sealed->enc, info, other_aad, sealed->ct).status().code() ==
          TACIT_ERR_CORRUPT);
    std::vector<uint8_t> other_info = {'d', 'a', 'q'};
    CHECK(HpkeOpenBase(suite, kp->sk.data(), kp->sk.size(), sealed->enc, other_info, aad, sealed->ct).status().code() ==
          TACIT_ERR_CORRUPT);
    auto other = HpkeGenerateKeyPair();
    REQUIRE(other.ok());
    CHECK(HpkeOpenBase(suite, other->sk.data(), 32, sealed->enc, info, aad, sealed->ct).status().code() ==
          TACIT_ERR_CORRUPT);
    std::vector<uint8_t> short_ct(10, 0);
    CHECK(HpkeOpenBase(suite, kp->sk.data(), 32, sealed->enc, info, aad, short_ct).status().code() == TACIT_ERR_CORRUPT);
  }
  HpkeSuite suite;
  CHECK(HpkeSealBase(suite, kp->pk.data(), 31, info, aad, pt).status().code() == TACIT_ERR_INVALID_ARGUMENT);
  std::vector<uint8_t> zero_pk(32, 0);  // a low-order point: the DH output would be all zero
  CHECK(HpkeSealBase(suite, zero_pk.data(), 32, info, aad, pt).status().code() == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(HpkeCheckSuite({0x0010, 1, 1}).code() == TACIT_ERR_DAP_UNSUPPORTED_HPKE);
  CHECK(HpkeCheckSuite({0x0020, 3, 1}).code() == TACIT_ERR_DAP_UNSUPPORTED_HPKE);
  CHECK(HpkeCheckSuite({0x0020, 1, 0xffff}).code() == TACIT_ERR_DAP_UNSUPPORTED_HPKE);
  CHECK(HpkeSealBase({0x0020, 1, 0x0009}, kp->pk.data(), 32, info, aad, pt).status().code() ==
        TACIT_ERR_DAP_UNSUPPORTED_HPKE);
}

TEST_CASE("HKDF-SHA256 matches RFC 5869 test case 1") {
  std::vector<uint8_t> ikm(22, 0x0b), salt, info;
  for (uint8_t i = 0; i <= 0x0c; ++i) salt.push_back(i);
  for (uint8_t i = 0xf0; i <= 0xf9; ++i) info.push_back(i);
  uint8_t prk[32];
  HkdfSha256Extract(salt.data(), salt.size(), ikm.data(), ikm.size(), prk);
  const uint8_t want_prk[32] = {0x07, 0x77, 0x09, 0x36, 0x2c, 0x2e, 0x32, 0xdf, 0x0d, 0xdc, 0x3f,
                                0x0d, 0xc4, 0x7b, 0xba, 0x63, 0x90, 0xb6, 0xc7, 0x3b, 0xb5, 0x0f,
                                0x9c, 0x31, 0x22, 0xec, 0x84, 0x4a, 0xd7, 0xc2, 0xb3, 0xe5};
  CHECK(std::equal(prk, prk + 32, want_prk));
  uint8_t okm[42];
  REQUIRE(HkdfSha256Expand(prk, 32, info.data(), info.size(), okm, sizeof okm).ok());
  const uint8_t want_okm[42] = {0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43, 0x4f, 0x64, 0xd0, 0x36,
                                0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90, 0xcf, 0x1a, 0x5a, 0x4c, 0x5d, 0xb0, 0x2d, 0x56,
                                0xec, 0xc4, 0xc5, 0xbf, 0x34, 0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18, 0x58, 0x65};
  CHECK(std::equal(okm, okm + 42, want_okm));
  uint8_t too_long[1];
  CHECK_FALSE(HkdfSha256Expand(prk, 32, nullptr, 0, too_long, 255 * 32 + 1).ok());
}

namespace {

struct Case {
  Prio3Params p;
  std::vector<uint64_t> meas;
};

// Shards, prepares on both aggregators and returns the status of the decision (OK = the proof verified).
tacit::Status RunPrep(const Prio3Params& p, const std::vector<uint64_t>& meas, bool tamper_leader_meas,
                      bool tamper_helper_seed, std::vector<uint8_t>* leader_out = nullptr) {
  std::vector<uint8_t> rand(Prio3RandSize(Draft::kVdaf08, p)), nonce(16), vk(16);
  randombytes_buf(rand.data(), rand.size());
  randombytes_buf(nonce.data(), 16);
  randombytes_buf(vk.data(), 16);
  auto sh = Prio3Shard(Draft::kVdaf08, p, meas, nonce.data(), rand.data(), rand.size());
  if (!sh.ok()) return sh.status();
  if (tamper_leader_meas) sh->leader_input_share[0] ^= 1;  // changes the leader's first measurement element
  if (tamper_helper_seed) sh->helper_input_share[3] ^= 0x80;
  auto l = Prio3PrepareInit(Draft::kVdaf08, p, 2, vk.data(), 0, nonce.data(), sh->public_share, sh->leader_input_share);
  if (!l.ok()) return l.status();
  auto h = Prio3PrepareInit(Draft::kVdaf08, p, 2, vk.data(), 1, nonce.data(), sh->public_share, sh->helper_input_share);
  if (!h.ok()) return h.status();
  auto msg = Prio3PrepSharesToPrep(Draft::kVdaf08, p, 2, {l->prep_share, h->prep_share});
  if (!msg.ok()) return msg.status();
  auto lo = Prio3PrepareNext(l->state, msg.value());
  if (!lo.ok()) return lo.status();
  auto ho = Prio3PrepareNext(h->state, msg.value());
  if (!ho.ok()) return ho.status();
  if (leader_out) *leader_out = lo.value();
  return tacit::Status::OK();
}

}  // namespace

TEST_CASE("Prio3 proofs verify for valid measurements and fail for tampered shares") {
  const Case cases[] = {
      {{VdafKind::kCount, 0, 0, 0}, {1}},
      {{VdafKind::kCount, 0, 0, 0}, {0}},
      {{VdafKind::kSum, 8, 0, 0}, {255}},
      {{VdafKind::kSum, 64, 0, 0}, {~0ull}},
      {{VdafKind::kSumVec, 4, 5, 3}, {1, 15, 0, 7, 9}},
      {{VdafKind::kHistogram, 0, 11, 4}, {10}},
      {{VdafKind::kHistogram, 0, 100, 10}, {0}},
  };
  for (const Case& c : cases) {
    INFO("kind " << static_cast<int>(c.p.kind) << " meas " << c.meas[0]);
    CHECK(RunPrep(c.p, c.meas, false, false).ok());
    // A leader share altered before sealing: the measurement is no longer well formed (or the joint
    // randomness no longer matches): the aggregators reject it.
    CHECK(RunPrep(c.p, c.meas, true, false).code() == TACIT_ERR_CORRUPT);
    CHECK(RunPrep(c.p, c.meas, false, true).code() == TACIT_ERR_CORRUPT);
  }
}

TEST_CASE("Prio3 checks parameters and measurements and states its sizes") {
  std::vector<uint8_t> rand(80, 1), nonce(16, 2);
  auto shard = [&](Prio3Params p, std::vector<uint64_t> m) {
    rand.assign(Prio3RandSize(Draft::kVdaf08, p) ? Prio3RandSize(Draft::kVdaf08, p) : 80, 1);
    return Prio3Shard(Draft::kVdaf08, p, m, nonce.data(), rand.data(), rand.size()).status().code();
  };
  CHECK(shard({VdafKind::kCount, 0, 0, 0}, {2}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kCount, 0, 0, 0}, {}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kSum, 8, 0, 0}, {256}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kSum, 0, 0, 0}, {0}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kSum, 65, 0, 0}, {0}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kSumVec, 2, 3, 2}, {1, 2}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kSumVec, 2, 3, 2}, {1, 2, 4}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kSumVec, 2, 3, 7}, {1, 2, 3}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kHistogram, 0, 4, 2}, {4}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kHistogram, 0, 0, 1}, {0}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kHistogram, 0, 4, 0}, {0}) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(shard({VdafKind::kHistogram, 0, 4, 2}, {3}) == TACIT_OK);
  std::vector<uint8_t> short_rand(79);
  CHECK(Prio3Shard(Draft::kVdaf08, {VdafKind::kHistogram, 0, 4, 2}, {3}, nonce.data(), short_rand.data(), 79)
            .status()
            .code() == TACIT_ERR_INVALID_ARGUMENT);

  CHECK(Prio3RandSize(Draft::kVdaf08, {VdafKind::kCount, 0, 0, 0}) == 48);
  CHECK(Prio3RandSize(Draft::kVdaf08, {VdafKind::kSum, 8, 0, 0}) == 80);
  CHECK(Prio3AlgorithmId(Draft::kVdaf08, {VdafKind::kHistogram, 0, 4, 2}) == 3);
  CHECK(Prio3AlgorithmId(Draft::kVdaf08, {VdafKind::kSumVec, 1, 1, 1}) == 2);
  // The sizes of the report DAP-09 carries (the shares inside the HPKE ciphertexts and the public share).
  auto count = Prio3ShareSizes(Draft::kVdaf08, {VdafKind::kCount, 0, 0, 0});
  REQUIRE(count.ok());
  CHECK(count->public_share == 0);
  CHECK(count->leader_input_share == 48);
  CHECK(count->helper_input_share == 32);
  auto hist = Prio3ShareSizes(Draft::kVdaf08, {VdafKind::kHistogram, 0, 4, 2});
  REQUIRE(hist.ok());
  CHECK(hist->public_share == 32);
  CHECK(hist->leader_input_share == 256);
  CHECK(hist->helper_input_share == 48);
}

TEST_CASE("Prio3 output shares add up to the measurement") {
  // Sum: the leader's and helper's output shares sum to the value.
  Prio3Params p{VdafKind::kSumVec, 8, 3, 2};
  std::vector<uint64_t> m = {200, 0, 17};
  std::vector<uint8_t> rand(Prio3RandSize(Draft::kVdaf08, p)), nonce(16), vk(16, 7);
  randombytes_buf(rand.data(), rand.size());
  randombytes_buf(nonce.data(), 16);
  auto sh = Prio3Shard(Draft::kVdaf08, p, m, nonce.data(), rand.data(), rand.size());
  REQUIRE(sh.ok());
  auto l = Prio3PrepareInit(Draft::kVdaf08, p, 2, vk.data(), 0, nonce.data(), sh->public_share, sh->leader_input_share);
  auto h = Prio3PrepareInit(Draft::kVdaf08, p, 2, vk.data(), 1, nonce.data(), sh->public_share, sh->helper_input_share);
  REQUIRE(l.ok());
  REQUIRE(h.ok());
  for (size_t k = 0; k < 3; ++k) {
    Field128 a, b;
    REQUIRE(Field128::Decode(l->state.out_share.data() + 16 * k, &a));
    REQUIRE(Field128::Decode(h->state.out_share.data() + 16 * k, &b));
    CHECK(a + b == Field128::FromU64(m[k]));
  }
}

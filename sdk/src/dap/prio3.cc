#include "dap/prio3.h"

#include <sodium.h>

#include <array>
#include <cstring>

#include "dap/field.h"
#include "dap/flp.h"
#include "dap/xof.h"

namespace tacit {
namespace dap {

Result<Circuit> MakeCircuit(VdafKind kind, uint32_t bits, uint32_t length, uint32_t chunk_length) {
  constexpr size_t kMaxMeasLen = size_t{1} << 20;
  Circuit c;
  c.kind = kind;
  c.bits = bits;
  c.length = length;
  c.chunk_length = chunk_length;
  switch (kind) {
    case VdafKind::kCount:
      c.meas_len = 1;
      c.output_len = 1;
      c.joint_rand_len = 0;
      c.gadget = GadgetKind::kMul;
      c.arity = 2;
      c.calls = 1;
      break;
    case VdafKind::kSum:
      if (bits < 1 || bits > 64) return Status::Invalid("Prio3Sum: bits must be in [1, 64]");
      c.meas_len = bits;
      c.output_len = 1;
      c.joint_rand_len = 1;
      c.gadget = GadgetKind::kRange2;
      c.arity = 1;
      c.calls = bits;
      break;
    case VdafKind::kSumVec:
    case VdafKind::kHistogram: {
      bool vec = kind == VdafKind::kSumVec;
      const char* name = vec ? "Prio3SumVec" : "Prio3Histogram";
      if (vec && (bits < 1 || bits > 64)) return Status::Invalid("Prio3SumVec: bits must be in [1, 64]");
      if (length < 1) return Status::Invalid(std::string(name) + ": length must be at least 1");
      uint64_t meas_len = vec ? uint64_t{length} * bits : length;
      if (meas_len > kMaxMeasLen) return Status::Invalid(std::string(name) + ": measurement longer than 2^20");
      if (chunk_length < 1 || chunk_length > meas_len)
        return Status::Invalid(std::string(name) + ": chunk_length must be in [1, measurement length]");
      c.meas_len = static_cast<size_t>(meas_len);
      c.output_len = length;
      c.joint_rand_len = vec ? 1 : 2;
      c.gadget = GadgetKind::kParallelSumMul;
      c.arity = 2 * size_t{chunk_length};
      c.calls = (c.meas_len + chunk_length - 1) / chunk_length;
      break;
    }
    default:
      return Status::Invalid("unknown VDAF");
  }
  c.wire_len = 1;
  c.wire_log2 = 0;
  while (c.wire_len < c.calls + 1) {
    c.wire_len <<= 1;
    ++c.wire_log2;
  }
  c.degree = 2;
  c.gadget_poly_len = c.degree * (c.wire_len - 1) + 1;
  c.proof_len = c.arity + c.gadget_poly_len;
  c.verifier_len = c.arity + 2;
  c.prove_rand_len = c.arity;
  c.query_rand_len = 1;
  return c;
}

namespace {

enum Usage : uint16_t {
  kUsageMeasShare = 1,
  kUsageProofShare = 2,
  kUsageJointRandomness = 3,
  kUsageProveRandomness = 4,
  kUsageQueryRandomness = 5,
  kUsageJointRandSeed = 6,
  kUsageJointRandPart = 7,
};

struct Ctx {
  const DraftProfile* d;
  uint32_t algo;
  Circuit c;
  size_t shares;
  size_t seed;
  bool jr;
};

Result<Ctx> MakeCtx(Draft draft, const Prio3Params& p, size_t shares) {
  if (shares < 2 || shares > 255) return Status::Invalid("Prio3: the number of shares must be in [2, 255]");
  TACIT_ASSIGN_OR_RETURN(Circuit c, MakeCircuit(p.kind, p.bits, p.length, p.chunk_length));
  Ctx x;
  x.d = &GetDraftProfile(draft);
  x.algo = x.d->prio3_algorithm_id[static_cast<int>(p.kind)];
  x.c = c;
  x.shares = shares;
  x.seed = x.d->xof_seed_size;
  x.jr = c.joint_rand_len > 0;
  return x;
}

size_t RandSize(const Ctx& x) { return x.seed * (1 + 2 * (x.shares - 1) + (x.jr ? x.shares : 0)); }

struct Part {
  const uint8_t* p;
  size_t n;
};

Xof MakeXof(const Ctx& x, const uint8_t* seed, uint16_t usage, std::initializer_list<Part> binder) {
  uint8_t dst[kDstSize];
  FormatDst(*x.d, x.d->algo_class_vdaf, x.algo, usage, dst);
  Xof xof(*x.d, seed, dst, sizeof dst);
  for (const Part& b : binder) xof.AbsorbBinder(b.p, b.n);
  return xof;
}

template <class F>
std::vector<F> Expand(const Ctx& x, const uint8_t* seed, uint16_t usage, std::initializer_list<Part> binder, size_t n) {
  Xof xof = MakeXof(x, seed, usage, binder);
  std::vector<F> out(n);
  xof.NextVec(out.data(), n);
  return out;
}

std::vector<uint8_t> DeriveSeed(const Ctx& x, const uint8_t* seed, uint16_t usage, std::initializer_list<Part> binder) {
  Xof xof = MakeXof(x, seed, usage, binder);
  std::vector<uint8_t> out(x.seed);
  xof.Next(out.data(), out.size());
  return out;
}

template <class F>
void AppendVec(const std::vector<F>& v, std::vector<uint8_t>* out) {
  size_t at = out->size();
  out->resize(at + v.size() * F::kEncodedSize);
  for (size_t i = 0; i < v.size(); ++i) v[i].Encode(out->data() + at + i * F::kEncodedSize);
}

template <class F>
std::vector<uint8_t> EncodeVec(const std::vector<F>& v) {
  std::vector<uint8_t> out;
  AppendVec(v, &out);
  return out;
}

template <class F>
bool DecodeVec(const uint8_t* p, size_t n, std::vector<F>* out) {
  out->resize(n);
  for (size_t i = 0; i < n; ++i)
    if (!F::Decode(p + i * F::kEncodedSize, &(*out)[i])) return false;
  return true;
}

// Overwrites field elements that held secrets.
template <class F>
void Wipe(std::vector<F>* v) {
  if (!v->empty()) sodium_memzero(v->data(), v->size() * sizeof(F));
}
void Wipe(std::vector<uint8_t>* v) {
  if (!v->empty()) sodium_memzero(v->data(), v->size());
}

template <class F>
Status EncodeMeasurement(const Circuit& c, const std::vector<uint64_t>& m, std::vector<F>* out) {
  out->assign(c.meas_len, F::Zero());
  switch (c.kind) {
    case VdafKind::kCount:
      if (m.size() != 1 || m[0] > 1) return Status::Invalid("Prio3Count: the measurement must be one value, 0 or 1");
      (*out)[0] = F::FromU64(m[0]);
      return Status::OK();
    case VdafKind::kSum:
      if (m.size() != 1 || (c.bits < 64 && (m[0] >> c.bits) != 0))
        return Status::Invalid("Prio3Sum: the measurement must be one value below 2^bits");
      for (size_t i = 0; i < c.bits; ++i) (*out)[i] = F::FromU64((m[0] >> i) & 1);
      return Status::OK();
    case VdafKind::kSumVec:
      if (m.size() != c.length) return Status::Invalid("Prio3SumVec: the measurement must have `length` values");
      for (size_t k = 0; k < c.length; ++k) {
        if (c.bits < 64 && (m[k] >> c.bits) != 0)
          return Status::Invalid("Prio3SumVec: every value must be below 2^bits");
        for (size_t i = 0; i < c.bits; ++i) (*out)[k * c.bits + i] = F::FromU64((m[k] >> i) & 1);
      }
      return Status::OK();
    case VdafKind::kHistogram:
      if (m.size() != 1 || m[0] >= c.length)
        return Status::Invalid("Prio3Histogram: the measurement must be one bucket index below length");
      for (size_t i = 0; i < c.length; ++i) (*out)[i] = F::FromU64(static_cast<uint64_t>(i == m[0]));
      return Status::OK();
  }
  return Status::Invalid("unknown VDAF");
}

template <class F>
std::vector<F> Truncate(const Circuit& c, const std::vector<F>& meas) {
  switch (c.kind) {
    case VdafKind::kCount:
    case VdafKind::kHistogram:
      return meas;
    case VdafKind::kSum:
    case VdafKind::kSumVec: {
      size_t n = c.kind == VdafKind::kSum ? 1 : c.length;
      std::vector<F> out(n, F::Zero());
      for (size_t k = 0; k < n; ++k) {
        F pow2 = F::One(), two = F::FromU64(2);
        for (size_t i = 0; i < c.bits; ++i) {
          out[k] += pow2 * meas[k * c.bits + i];
          pow2 *= two;
        }
      }
      return out;
    }
  }
  return {};
}


template <class F>
Result<Prio3MultiShares> ShardT(const Ctx& x, const std::vector<uint64_t>& measurement, const uint8_t* nonce,
                                const uint8_t* rand) {
  const Circuit& c = x.c;
  const size_t S = x.shares, L = x.seed, N = x.d->nonce_size;
  const uint8_t proofs = x.d->num_proofs;
  std::vector<F> meas;
  TACIT_RETURN_IF_ERROR(EncodeMeasurement(c, measurement, &meas));

  Prio3MultiShares out;
  out.input_shares.resize(S);
  std::vector<F> leader_meas = meas, leader_proof;
  std::vector<std::vector<F>> helper_proofs(S);
  std::vector<std::vector<uint8_t>> parts(S);
  for (size_t j = 1; j < S; ++j) {
    const uint8_t* k_meas = rand + (j - 1) * (x.jr ? 3 : 2) * L;
    const uint8_t* k_proof = k_meas + L;
    const uint8_t id = static_cast<uint8_t>(j);
    const uint8_t proof_binder[2] = {proofs, id};
    std::vector<F> ms = Expand<F>(x, k_meas, kUsageMeasShare, {{&id, 1}}, c.meas_len);
    helper_proofs[j] = Expand<F>(x, k_proof, kUsageProofShare, {{proof_binder, 2}}, c.proof_len * proofs);
    for (size_t i = 0; i < c.meas_len; ++i) leader_meas[i] -= ms[i];
    std::vector<uint8_t>& share = out.input_shares[j];
    share.insert(share.end(), k_meas, k_meas + 2 * L);
    if (x.jr) {
      const uint8_t* k_blind = k_proof + L;
      std::vector<uint8_t> enc = EncodeVec(ms);
      parts[j] = DeriveSeed(x, k_blind, kUsageJointRandPart, {{&id, 1}, {nonce, N}, {enc.data(), enc.size()}});
      share.insert(share.end(), k_blind, k_blind + L);
      Wipe(&enc);
    }
    Wipe(&ms);
  }

  std::vector<F> joint_rand;
  const uint8_t* k_leader_blind = rand + (S - 1) * 3 * L;
  if (x.jr) {
    const uint8_t id = 0;
    std::vector<uint8_t> enc = EncodeVec(leader_meas);
    parts[0] = DeriveSeed(x, k_leader_blind, kUsageJointRandPart, {{&id, 1}, {nonce, N}, {enc.data(), enc.size()}});
    Wipe(&enc);
    std::vector<uint8_t> all;
    for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
    std::vector<uint8_t> zeros(L, 0);
    std::vector<uint8_t> seed = DeriveSeed(x, zeros.data(), kUsageJointRandSeed, {{all.data(), all.size()}});
    joint_rand = Expand<F>(x, seed.data(), kUsageJointRandomness, {{&proofs, 1}}, c.joint_rand_len * proofs);
    out.public_share = std::move(all);
  }
  const uint8_t* k_prove = rand + (x.jr ? ((S - 1) * 3 + 1) : (S - 1) * 2) * L;
  std::vector<F> prove_rand = Expand<F>(x, k_prove, kUsageProveRandomness, {{&proofs, 1}}, c.prove_rand_len * proofs);

  flp::Ntt<F> ntt(c.wire_log2 + 1);
  for (size_t k = 0; k < proofs; ++k) {
    std::vector<F> proof = flp::Prove(c, meas.data(), prove_rand.data() + k * c.prove_rand_len,
                                      joint_rand.data() + k * c.joint_rand_len, ntt);
    leader_proof.insert(leader_proof.end(), proof.begin(), proof.end());
    Wipe(&proof);
  }
  for (size_t j = 1; j < S; ++j)
    for (size_t i = 0; i < leader_proof.size(); ++i) leader_proof[i] -= helper_proofs[j][i];

  std::vector<uint8_t>& leader = out.input_shares[0];
  AppendVec(leader_meas, &leader);
  AppendVec(leader_proof, &leader);
  if (x.jr) leader.insert(leader.end(), k_leader_blind, k_leader_blind + L);

  Wipe(&meas);
  Wipe(&leader_meas);
  Wipe(&leader_proof);
  Wipe(&prove_rand);
  for (auto& hp : helper_proofs) Wipe(&hp);
  return out;
}

template <class F>
Result<Prio3PrepInit> PrepInitT(const Ctx& x, const uint8_t* verify_key, size_t agg_id, const uint8_t* nonce,
                                const std::vector<uint8_t>& public_share, const std::vector<uint8_t>& input_share) {
  const Circuit& c = x.c;
  const size_t S = x.shares, L = x.seed, N = x.d->nonce_size, E = F::kEncodedSize;
  const uint8_t proofs = x.d->num_proofs;
  if (agg_id >= S) return Status::Invalid("Prio3: aggregator id out of range");
  if (public_share.size() != (x.jr ? S * L : 0))
    return Status(TACIT_ERR_REPORT_MALFORMED, "Prio3: public share has the wrong length");
  std::vector<F> meas, proof;
  const uint8_t* blind = nullptr;
  const uint8_t id = static_cast<uint8_t>(agg_id);
  if (agg_id == 0) {
    size_t want = (c.meas_len + c.proof_len * proofs) * E + (x.jr ? L : 0);
    if (input_share.size() != want)
      return Status(TACIT_ERR_REPORT_MALFORMED, "Prio3: leader input share has the wrong length");
    if (!DecodeVec(input_share.data(), c.meas_len, &meas) ||
        !DecodeVec(input_share.data() + c.meas_len * E, c.proof_len * proofs, &proof))
      return Status(TACIT_ERR_REPORT_MALFORMED, "Prio3: leader input share holds a value out of the field");
    if (x.jr) blind = input_share.data() + (c.meas_len + c.proof_len * proofs) * E;
  } else {
    if (input_share.size() != (x.jr ? 3 : 2) * L)
      return Status(TACIT_ERR_REPORT_MALFORMED, "Prio3: helper input share has the wrong length");
    const uint8_t proof_binder[2] = {proofs, id};
    meas = Expand<F>(x, input_share.data(), kUsageMeasShare, {{&id, 1}}, c.meas_len);
    proof = Expand<F>(x, input_share.data() + L, kUsageProofShare, {{proof_binder, 2}}, c.proof_len * proofs);
    if (x.jr) blind = input_share.data() + 2 * L;
  }
  Prio3PrepInit r;
  std::vector<F> joint_rand;
  std::vector<uint8_t> part;
  if (x.jr) {
    std::vector<uint8_t> enc = EncodeVec(meas);
    part = DeriveSeed(x, blind, kUsageJointRandPart, {{&id, 1}, {nonce, N}, {enc.data(), enc.size()}});
    std::vector<uint8_t> all = public_share;
    std::memcpy(all.data() + agg_id * L, part.data(), L);
    std::vector<uint8_t> zeros(L, 0);
    r.state.corrected_joint_rand_seed = DeriveSeed(x, zeros.data(), kUsageJointRandSeed, {{all.data(), all.size()}});
    joint_rand = Expand<F>(x, r.state.corrected_joint_rand_seed.data(), kUsageJointRandomness, {{&proofs, 1}},
                           c.joint_rand_len * proofs);
  }
  uint8_t query_binder[1 + 64];
  query_binder[0] = proofs;
  std::memcpy(query_binder + 1, nonce, N);
  std::vector<F> query_rand =
      Expand<F>(x, verify_key, kUsageQueryRandomness, {{query_binder, 1 + N}}, c.query_rand_len * proofs);
  flp::Ntt<F> ntt(c.wire_log2 + 1);
  std::vector<F> verifier;
  for (size_t k = 0; k < proofs; ++k) {
    TACIT_ASSIGN_OR_RETURN(std::vector<F> v,
                           flp::Query(c, meas.data(), proof.data() + k * c.proof_len,
                                      query_rand.data() + k * c.query_rand_len,
                                      joint_rand.data() + k * c.joint_rand_len, S, ntt));
    verifier.insert(verifier.end(), v.begin(), v.end());
  }
  r.state.out_share = EncodeVec(Truncate(c, meas));
  r.prep_share = EncodeVec(verifier);
  r.prep_share.insert(r.prep_share.end(), part.begin(), part.end());
  Wipe(&meas);
  Wipe(&proof);
  return r;
}

template <class F>
Result<std::vector<uint8_t>> PrepSharesToPrepT(const Ctx& x, const std::vector<std::vector<uint8_t>>& prep_shares) {
  const Circuit& c = x.c;
  const size_t L = x.seed, E = F::kEncodedSize;
  const uint8_t proofs = x.d->num_proofs;
  if (prep_shares.size() != x.shares) return Status::Invalid("Prio3: one prep share per aggregator is needed");
  const size_t vlen = c.verifier_len * proofs;
  std::vector<F> verifier(vlen, F::Zero()), v;
  std::vector<uint8_t> parts;
  for (const auto& ps : prep_shares) {
    if (ps.size() != vlen * E + (x.jr ? L : 0))
      return Status(TACIT_ERR_REPORT_MALFORMED, "Prio3: prep share has the wrong length");
    if (!DecodeVec(ps.data(), vlen, &v))
      return Status(TACIT_ERR_REPORT_MALFORMED, "Prio3: prep share holds a value out of the field");
    for (size_t i = 0; i < vlen; ++i) verifier[i] += v[i];
    parts.insert(parts.end(), ps.begin() + static_cast<std::ptrdiff_t>(vlen * E), ps.end());
  }
  for (size_t k = 0; k < proofs; ++k)
    if (!flp::Decide(c, verifier.data() + k * c.verifier_len))
      return Status::Corrupt("Prio3: the proof is not valid (the measurement is not well formed)");
  if (!x.jr) return std::vector<uint8_t>();
  std::vector<uint8_t> zeros(L, 0);
  return DeriveSeed(x, zeros.data(), kUsageJointRandSeed, {{parts.data(), parts.size()}});
}

}  // namespace

Status Prio3CheckParams(const Prio3Params& params) {
  return MakeCircuit(params.kind, params.bits, params.length, params.chunk_length).status();
}

uint32_t Prio3AlgorithmId(Draft draft, const Prio3Params& params) {
  return GetDraftProfile(draft).prio3_algorithm_id[static_cast<int>(params.kind)];
}

size_t Prio3RandSizeMulti(Draft draft, const Prio3Params& params, size_t num_shares) {
  auto x = MakeCtx(draft, params, num_shares);
  return x.ok() ? RandSize(x.value()) : 0;
}

size_t Prio3RandSize(Draft draft, const Prio3Params& params) { return Prio3RandSizeMulti(draft, params, 2); }

Result<Prio3Sizes> Prio3ShareSizes(Draft draft, const Prio3Params& params) {
  TACIT_ASSIGN_OR_RETURN(Ctx x, MakeCtx(draft, params, 2));
  size_t e = params.kind == VdafKind::kCount ? Field64::kEncodedSize : Field128::kEncodedSize;
  Prio3Sizes s;
  s.public_share = x.jr ? 2 * x.seed : 0;
  s.leader_input_share = (x.c.meas_len + x.c.proof_len * x.d->num_proofs) * e + (x.jr ? x.seed : 0);
  s.helper_input_share = (x.jr ? 3 : 2) * x.seed;
  return s;
}

Result<Prio3MultiShares> Prio3ShardMulti(Draft draft, const Prio3Params& params,
                                         const std::vector<uint64_t>& measurement, const uint8_t* nonce,
                                         const uint8_t* rand, size_t rand_len, size_t num_shares) {
  TACIT_ASSIGN_OR_RETURN(Ctx x, MakeCtx(draft, params, num_shares));
  if (nonce == nullptr || rand == nullptr) return Status::Invalid("Prio3: nonce and rand are required");
  if (rand_len != RandSize(x)) return Status::Invalid("Prio3: rand has the wrong length (see Prio3RandSize)");
  if (params.kind == VdafKind::kCount) return ShardT<Field64>(x, measurement, nonce, rand);
  return ShardT<Field128>(x, measurement, nonce, rand);
}

Result<Prio3Shares> Prio3Shard(Draft draft, const Prio3Params& params, const std::vector<uint64_t>& measurement,
                               const uint8_t nonce[16], const uint8_t* rand, size_t rand_len) {
  TACIT_ASSIGN_OR_RETURN(Prio3MultiShares m, Prio3ShardMulti(draft, params, measurement, nonce, rand, rand_len, 2));
  Prio3Shares s;
  s.public_share = std::move(m.public_share);
  s.leader_input_share = std::move(m.input_shares[0]);
  s.helper_input_share = std::move(m.input_shares[1]);
  return s;
}

Result<Prio3PrepInit> Prio3PrepareInit(Draft draft, const Prio3Params& params, size_t num_shares,
                                       const uint8_t* verify_key, size_t agg_id, const uint8_t* nonce,
                                       const std::vector<uint8_t>& public_share,
                                       const std::vector<uint8_t>& input_share) {
  TACIT_ASSIGN_OR_RETURN(Ctx x, MakeCtx(draft, params, num_shares));
  if (verify_key == nullptr || nonce == nullptr) return Status::Invalid("Prio3: verify key and nonce are required");
  if (params.kind == VdafKind::kCount)
    return PrepInitT<Field64>(x, verify_key, agg_id, nonce, public_share, input_share);
  return PrepInitT<Field128>(x, verify_key, agg_id, nonce, public_share, input_share);
}

Result<std::vector<uint8_t>> Prio3PrepSharesToPrep(Draft draft, const Prio3Params& params, size_t num_shares,
                                                   const std::vector<std::vector<uint8_t>>& prep_shares) {
  TACIT_ASSIGN_OR_RETURN(Ctx x, MakeCtx(draft, params, num_shares));
  if (params.kind == VdafKind::kCount) return PrepSharesToPrepT<Field64>(x, prep_shares);
  return PrepSharesToPrepT<Field128>(x, prep_shares);
}

Result<std::vector<uint8_t>> Prio3PrepareNext(const Prio3PrepState& state, const std::vector<uint8_t>& prep_msg) {
  if (prep_msg.size() != state.corrected_joint_rand_seed.size() ||
      (!prep_msg.empty() &&
       sodium_memcmp(prep_msg.data(), state.corrected_joint_rand_seed.data(), prep_msg.size()) != 0))
    return Status::Corrupt("Prio3: the joint randomness does not match (the report is not consistent)");
  return state.out_share;
}

}  // namespace dap
}  // namespace tacit

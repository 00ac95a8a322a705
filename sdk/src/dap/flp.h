// The fully linear proof system of draft-irtf-cfrg-vdaf-08 §7.3 ("FlpGeneric") for the validity circuits of
// Prio3Count, Prio3Sum, Prio3SumVec and Prio3Histogram (§7.4), each of which has exactly one gadget of degree 2:
//   Count: Mul; Sum: Range2 (x^2 - x); SumVec and Histogram: ParallelSum(Mul, chunk_length).
// Prove runs on the whole encoded measurement; Query runs on one aggregator's share of it and of the proof;
// Decide runs on the sum of the verifier shares. Wire polynomials are interpolated and the gadget polynomial
// is computed with radix-2 NTTs over the field's 2^k-th roots of unity.
#ifndef TACIT_DAP_FLP_H_
#define TACIT_DAP_FLP_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/status.h"
#include "dap/draft.h"

namespace tacit {
namespace dap {

enum class GadgetKind { kMul, kRange2, kParallelSumMul };

// Shape of a validity circuit (public parameters only).
struct Circuit {
  VdafKind kind = VdafKind::kCount;
  uint32_t bits = 0, length = 0, chunk_length = 0;
  size_t meas_len = 0, output_len = 0, joint_rand_len = 0;
  GadgetKind gadget = GadgetKind::kMul;
  size_t arity = 0, degree = 2, calls = 0;
  size_t wire_len = 0;      // P = next_power_of_2(calls + 1): the wire polynomials' evaluation points
  unsigned wire_log2 = 0;
  size_t gadget_poly_len = 0;  // degree * (P - 1) + 1
  size_t proof_len = 0, verifier_len = 0, prove_rand_len = 0, query_rand_len = 1;
};

// Builds the circuit for the parameters, or INVALID_ARGUMENT naming the bad one. Limits: Sum/SumVec bits in
// [1, 64]; lengths and chunk lengths >= 1; measurement length <= 2^20; chunk_length <= measurement length.
Result<Circuit> MakeCircuit(VdafKind kind, uint32_t bits, uint32_t length, uint32_t chunk_length);

namespace flp {

// Radix-2 NTT over n = 2^log2_n points: forward evaluates a coefficient vector at w^0..w^(n-1) (w the
// primitive n-th root RootOfUnity(log2_n)); inverse interpolates. Roots are precomputed per size.
template <class F>
class Ntt {
 public:
  explicit Ntt(unsigned max_log2) : root_(max_log2 + 1), inv_root_(max_log2 + 1), inv_n_(max_log2 + 1) {
    F top = F::RootOfUnity(max_log2), top_inv = top.Inv();
    for (unsigned l = max_log2 + 1; l-- > 0;) {
      root_[l] = top;
      inv_root_[l] = top_inv;
      top = top * top;
      top_inv = top_inv * top_inv;
    }
    F two_inv = F::FromU64(2).Inv(), acc = F::One();
    for (unsigned l = 0; l <= max_log2; ++l) {
      inv_n_[l] = acc;
      acc = acc * two_inv;
    }
  }
  void Transform(F* a, unsigned log2_n, bool inverse) const {
    size_t n = size_t{1} << log2_n;
    for (size_t i = 1, j = 0; i < n; ++i) {
      size_t bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) std::swap(a[i], a[j]);
    }
    for (unsigned l = 1; l <= log2_n; ++l) {
      size_t len = size_t{1} << l, half = len >> 1;
      F wl = inverse ? inv_root_[l] : root_[l];
      for (size_t i = 0; i < n; i += len) {
        F w = F::One();
        for (size_t j = 0; j < half; ++j) {
          F u = a[i + j], v = a[i + j + half] * w;
          a[i + j] = u + v;
          a[i + j + half] = u - v;
          w = w * wl;
        }
      }
    }
    if (inverse)
      for (size_t i = 0; i < n; ++i) a[i] = a[i] * inv_n_[log2_n];
  }

 private:
  std::vector<F> root_, inv_root_, inv_n_;
};

template <class F>
F EvalPoly(const F* c, size_t n, const F& x) {
  F r = F::Zero();
  for (size_t i = n; i-- > 0;) r = r * x + c[i];
  return r;
}

// The gadget G itself on `arity` inputs.
template <class F>
F GadgetEval(const Circuit& c, const F* x) {
  switch (c.gadget) {
    case GadgetKind::kMul:
      return x[0] * x[1];
    case GadgetKind::kRange2:
      return x[0] * x[0] - x[0];
    case GadgetKind::kParallelSumMul: {
      F s = F::Zero();
      for (size_t j = 0; j < c.chunk_length; ++j) s += x[2 * j] * x[2 * j + 1];
      return s;
    }
  }
  return F::Zero();
}

// The validity circuit. `gadget(inputs)` is called GADGET_CALLS times with `arity` inputs each; `shares`
// is the number of shares the measurement is split into (1 when proving).
template <class F, class Gadget>
F EvalCircuit(const Circuit& c, const F* meas, const F* joint_rand, size_t shares, Gadget&& gadget) {
  std::vector<F> in(c.arity);
  switch (c.kind) {
    case VdafKind::kCount:
      in[0] = meas[0];
      in[1] = meas[0];
      return gadget(in.data()) - meas[0];
    case VdafKind::kSum: {
      F out = F::Zero(), r = joint_rand[0];
      for (size_t i = 0; i < c.meas_len; ++i) {
        in[0] = meas[i];
        out += r * gadget(in.data());
        r *= joint_rand[0];
      }
      return out;
    }
    case VdafKind::kSumVec:
    case VdafKind::kHistogram: {
      F shares_inv = F::FromU64(shares).Inv();
      F r = joint_rand[0], r_power = r, range_check = F::Zero();
      for (size_t call = 0; call < c.calls; ++call) {
        for (size_t j = 0; j < c.chunk_length; ++j) {
          size_t index = call * c.chunk_length + j;
          F m = index < c.meas_len ? meas[index] : F::Zero();
          in[2 * j] = r_power * m;
          in[2 * j + 1] = m - shares_inv;
          r_power *= r;
        }
        range_check += gadget(in.data());
      }
      if (c.kind == VdafKind::kSumVec) return range_check;
      F sum_check = -shares_inv;
      for (size_t i = 0; i < c.meas_len; ++i) sum_check += meas[i];
      return joint_rand[1] * range_check + joint_rand[1] * joint_rand[1] * sum_check;
    }
  }
  return F::Zero();
}

// prove(meas, prove_rand, joint_rand) -> proof (c.proof_len elements).
template <class F>
std::vector<F> Prove(const Circuit& c, const F* meas, const F* prove_rand, const F* joint_rand, const Ntt<F>& ntt) {
  const size_t P = c.wire_len, P2 = 2 * P;
  std::vector<F> wires(c.arity * P, F::Zero());  // wire j, point k at wires[j * P + k]
  for (size_t j = 0; j < c.arity; ++j) wires[j * P] = prove_rand[j];
  size_t k = 0;
  EvalCircuit(c, meas, joint_rand, 1, [&](const F* x) {
    ++k;
    for (size_t j = 0; j < c.arity; ++j) wires[j * P + k] = x[j];
    return GadgetEval(c, x);
  });
  // Interpolate each wire, evaluate it on 2P points, apply G pointwise, interpolate the gadget polynomial.
  std::vector<F> evals(c.arity * P2, F::Zero());
  for (size_t j = 0; j < c.arity; ++j) {
    F* e = &evals[j * P2];
    for (size_t i = 0; i < P; ++i) e[i] = wires[j * P + i];
    ntt.Transform(e, c.wire_log2, /*inverse=*/true);
    ntt.Transform(e, c.wire_log2 + 1, /*inverse=*/false);
  }
  std::vector<F> gpoly(P2), x(c.arity);
  for (size_t m = 0; m < P2; ++m) {
    for (size_t j = 0; j < c.arity; ++j) x[j] = evals[j * P2 + m];
    gpoly[m] = GadgetEval(c, x.data());
  }
  ntt.Transform(gpoly.data(), c.wire_log2 + 1, /*inverse=*/true);
  std::vector<F> proof;
  proof.reserve(c.proof_len);
  for (size_t j = 0; j < c.arity; ++j) proof.push_back(prove_rand[j]);
  for (size_t i = 0; i < c.gadget_poly_len; ++i) proof.push_back(gpoly[i]);
  return proof;
}

// query(meas_share, proof_share, query_rand, joint_rand, shares) -> verifier share (c.verifier_len), or
// INVALID_ARGUMENT when the query point t is a P-th root of unity (t^P == 1), which the draft forbids.
template <class F>
Result<std::vector<F>> Query(const Circuit& c, const F* meas, const F* proof, const F* query_rand,
                             const F* joint_rand, size_t shares, const Ntt<F>& ntt) {
  const size_t P = c.wire_len;
  const F* seeds = proof;
  const F* gpoly = proof + c.arity;
  const F t = query_rand[0];
  if (t.Pow(P) == F::One()) return Status::Invalid("FLP query point is a root of unity");
  std::vector<F> wires(c.arity * P, F::Zero());
  for (size_t j = 0; j < c.arity; ++j) wires[j * P] = seeds[j];
  const F alpha = F::RootOfUnity(c.wire_log2);
  F alpha_k = F::One();
  size_t k = 0;
  F v = EvalCircuit(c, meas, joint_rand, shares, [&](const F* x) {
    ++k;
    alpha_k *= alpha;
    for (size_t j = 0; j < c.arity; ++j) wires[j * P + k] = x[j];
    return EvalPoly(gpoly, c.gadget_poly_len, alpha_k);
  });
  std::vector<F> verifier;
  verifier.reserve(c.verifier_len);
  verifier.push_back(v);
  for (size_t j = 0; j < c.arity; ++j) {
    F* w = &wires[j * P];
    ntt.Transform(w, c.wire_log2, /*inverse=*/true);
    verifier.push_back(EvalPoly(w, P, t));
  }
  verifier.push_back(EvalPoly(gpoly, c.gadget_poly_len, t));
  return verifier;
}

// decide(verifier): the circuit output is zero and the gadget polynomial agrees with G at t.
template <class F>
bool Decide(const Circuit& c, const F* verifier) {
  if (verifier[0] != F::Zero()) return false;
  return GadgetEval(c, verifier + 1) == verifier[1 + c.arity];
}

}  // namespace flp
}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_FLP_H_

// Local differential privacy over a domain {0..d-1}: binary randomised response, generalised RR (k-RR),
// optimised unary encoding (OUE) and optimised local hashing (OLH), after Wang et al., USENIX Security 2017.
//
// Sampling is exact. e^eps is quantised to a rational a/b with b = 2^20 and a = floor(e^eps * b) (rounded
// down, so the effective eps' = ln(a/b) <= eps). Every keep/flip probability is then a ratio of integers,
// and the sampler draws unbiased uniform integers and compares integers: no floating-point threshold.
// eps' (not eps) is what a report spends and records.
//
// Estimators are the unbiased debiasing ĉ = (C - n q) / (p - q) over the support count C, with
//   Var[ĉ] = n q (1 - q) / (p - q)^2 + c (1 - p - q) / (p - q)
// for the exact quantised p, q of each mechanism (c the true count; estimated from ĉ clamped to [0, n]).
#ifndef TACIT_REPORT_LDP_H_
#define TACIT_REPORT_LDP_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/status.h"

namespace tacit {
namespace ldp {

// Pinned values: stored in reports.
enum class Mechanism : uint8_t {
  kBinaryRR = 1,  // d == 2: keep with probability a / (a + b)
  kGRR = 2,       // keep with a / (a + (d-1) b), else a uniformly chosen other value
  kOUE = 3,       // d bits: true bit is 1 w.p. 1/2, every other bit is 1 w.p. b / (a + b)
  kOLH = 4,       // hash to [0, g) with a per-report seed, then GRR over g
};
constexpr uint8_t kMechanismMax = 4;
const char* MechanismName(Mechanism m);  // "binary_rr", "grr", "oue", "olh"; "unknown" otherwise

constexpr uint32_t kMaxDomain = 4096;       // d in [2, kMaxDomain]
constexpr double kMaxEpsilon = 8.0;         // eps in (0, kMaxEpsilon]
constexpr int kEpsilonDenominatorBits = 20;
constexpr uint64_t kEpsilonDenominator = uint64_t{1} << kEpsilonDenominatorBits;  // b
constexpr size_t kOlhSeedBytes = 16;

// Source of uniform randomness. Implementations: SodiumRng (libsodium's CSPRNG) for production,
// SeededRng (ChaCha20 keystream) for reproducible tests. Not thread-safe; one per thread.
class Rng {
 public:
  virtual ~Rng() = default;
  virtual void Fill(uint8_t* out, size_t n) = 0;
  // A uniform integer in [0, n), n >= 1, by 64-bit rejection sampling (no modulo bias).
  virtual uint64_t Uniform(uint64_t n);
};

class SodiumRng final : public Rng {
 public:
  void Fill(uint8_t* out, size_t n) override;
  uint64_t Uniform(uint64_t n) override;  // randombytes_uniform when n fits 32 bits
};

// Deterministic: the ChaCha20 keystream under a 32-byte seed, block counter as nonce. For tests only.
class SeededRng final : public Rng {
 public:
  explicit SeededRng(uint64_t seed);
  explicit SeededRng(const std::array<uint8_t, 32>& seed) : key_(seed) {}
  void Fill(uint8_t* out, size_t n) override;

 private:
  void Refill();
  std::array<uint8_t, 32> key_{};
  std::array<uint8_t, 4096> buf_{};
  size_t pos_ = sizeof(buf_);
  uint64_t block_ = 0;
};

// e^eps' = a / b, b = kEpsilonDenominator.
struct Quantised {
  uint64_t a = 0;
  uint64_t b = kEpsilonDenominator;
  double epsilon = 0;  // eps' = ln(a / b) <= the requested eps
};
// eps in (0, kMaxEpsilon] and large enough that a > b; else INVALID_ARGUMENT.
Result<Quantised> QuantiseEpsilon(double epsilon);
// The a recorded in a report, recovered from its eps' (the nearest grid point, which must be within 1e-12
// of eps'); INVALID_ARGUMENT if eps' is out of range or off the grid.
Result<Quantised> QuantisedFromEffective(double epsilon_effective);

// Mechanism choice, by the per-count variance factors Var/n of Wang et al.:
//   GRR: (e^eps + d - 2) / (e^eps - 1)^2       OLH/OUE: 4 e^eps / (e^eps - 1)^2
// GRR is better exactly when e^eps + d - 2 < 4 e^eps, i.e. d < 3 e^eps + 2. OLH is preferred to OUE for
// large d because its report is one value and a seed rather than d bits; the variances are equal.
// d == 2 is binary RR (GRR with two values).
Mechanism ChooseMechanism(uint32_t d, double epsilon);

// Everything needed to randomise and to estimate, derived from (mechanism, d, eps').
struct Params {
  Mechanism mechanism = Mechanism::kGRR;
  uint32_t d = 0;
  Quantised q;
  uint32_t g = 0;  // OLH hash range: round(e^eps') + 1, at least 2; 0 for other mechanisms
  // Exact probabilities as integer ratios: a report "supports" value v with p_num/den if v is the truth,
  // q_num/den otherwise (GRR/RR: output == v; OUE: bit v set; OLH: output == h(v)).
  uint64_t p_num = 0, q_num = 0, den = 1;
  double p() const { return double(p_num) / double(den); }
  double q_prob() const { return double(q_num) / double(den); }
};
// INVALID_ARGUMENT for d outside [2, kMaxDomain], binary RR with d != 2, or a bad eps.
Result<Params> MakeParams(Mechanism m, uint32_t d, double epsilon);
Result<Params> MakeParamsFromQuantised(Mechanism m, uint32_t d, const Quantised& q);

// One randomised report's payload.
struct Randomised {
  uint32_t value = 0;                        // RR/GRR: a value in [0, d); OLH: in [0, g)
  std::vector<uint8_t> bits;                 // OUE: d bytes, each 0 or 1
  std::array<uint8_t, kOlhSeedBytes> seed{};  // OLH only
};

// REQUIRES: v < params.d.
Randomised Randomise(const Params& params, uint32_t v, Rng& rng);

// GRR over k values with e^eps = a/b: keep v w.p. a / (a + (k-1) b), else one of the other k-1 values,
// each w.p. b / (a + (k-1) b). One draw of u in [0, a + (k-1) b): u < a keeps. REQUIRES v < k.
uint32_t SampleGrr(uint32_t v, uint32_t k, uint64_t a, uint64_t b, Rng& rng);

// OLH's hash: the first 8 bytes (little-endian u64) of BLAKE2b-128 keyed with the 16-byte seed over v as a
// little-endian u32, reduced to [0, g) without bias; if the u64 is rejected (probability < g / 2^64) the
// message becomes v || retry counter k (both LE u32), k = 1, 2, ...
uint32_t OlhHash(const std::array<uint8_t, kOlhSeedBytes>& seed, uint32_t v, uint32_t g);
// x reduced to [0, g) without bias (x mod g): false if x < 2^64 mod g, the head that must be rejected so
// that every residue keeps the same number of preimages. Exposed for tests.
bool ReduceUnbiased(uint64_t x, uint32_t g, uint32_t* out);

struct Estimate {
  double count = 0;     // unbiased estimate of the number of reports whose true value is v
  double variance = 0;  // of the estimate, with the true count taken from clamp(count, 0, n)
  double ci_low = 0;    // count -/+ 1.96 sd (95%, normal approximation)
  double ci_high = 0;
};

// Variance of ĉ for n reports when the true count is c.
double EstimateVariance(const Params& params, uint64_t n, double c);

// Accumulates support counts for one (mechanism, d, eps') and debiases them.
class Aggregator {
 public:
  explicit Aggregator(const Params& params) : params_(params), support_(params.d, 0) {}
  // REQUIRES: r was validated for params (value range, bits length).
  void Add(const Randomised& r);
  uint64_t n() const { return n_; }
  const std::vector<uint64_t>& support() const { return support_; }
  const Params& params() const { return params_; }
  std::vector<Estimate> Estimates() const;

 private:
  Params params_;
  std::vector<uint64_t> support_;
  uint64_t n_ = 0;
};

}  // namespace ldp
}  // namespace tacit

#endif  // TACIT_REPORT_LDP_H_

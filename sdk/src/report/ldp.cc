#include "report/ldp.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tacit {
namespace ldp {

namespace {

uint64_t Load64LE(const uint8_t* p) {
  uint64_t x = 0;
  for (int i = 7; i >= 0; --i) x = (x << 8) | p[i];
  return x;
}

void Store32LE(uint8_t* p, uint32_t x) {
  for (int i = 0; i < 4; ++i) p[i] = uint8_t(x >> (8 * i));
}

}  // namespace

const char* MechanismName(Mechanism m) {
  switch (m) {
    case Mechanism::kBinaryRR: return "binary_rr";
    case Mechanism::kGRR: return "grr";
    case Mechanism::kOUE: return "oue";
    case Mechanism::kOLH: return "olh";
  }
  return "unknown";
}

// ---- randomness ------------------------------------------------------------------------------------

uint64_t Rng::Uniform(uint64_t n) {
  if (n <= 1) return 0;
  // Accept x >= 2^64 mod n: the accepted range holds a whole number of copies of [0, n).
  const uint64_t reject_below = (uint64_t{0} - n) % n;
  for (;;) {
    uint8_t b[8];
    Fill(b, sizeof(b));
    uint64_t x = Load64LE(b);
    if (x >= reject_below) return x % n;
  }
}

void SodiumRng::Fill(uint8_t* out, size_t n) { randombytes_buf(out, n); }

uint64_t SodiumRng::Uniform(uint64_t n) {
  if (n <= 1) return 0;
  if (n <= UINT32_MAX) return randombytes_uniform(uint32_t(n));  // unbiased by libsodium's contract
  return Rng::Uniform(n);
}

SeededRng::SeededRng(uint64_t seed) {
  for (int i = 0; i < 8; ++i) key_[i] = uint8_t(seed >> (8 * i));
}

void SeededRng::Refill() {
  uint8_t nonce[crypto_stream_chacha20_NONCEBYTES];
  for (int i = 0; i < 8; ++i) nonce[i] = uint8_t(block_ >> (8 * i));
  crypto_stream_chacha20(buf_.data(), buf_.size(), nonce, key_.data());
  ++block_;
  pos_ = 0;
}

void SeededRng::Fill(uint8_t* out, size_t n) {
  while (n > 0) {
    if (pos_ == buf_.size()) Refill();
    size_t take = std::min(n, buf_.size() - pos_);
    std::memcpy(out, buf_.data() + pos_, take);
    pos_ += take;
    out += take;
    n -= take;
  }
}

// ---- epsilon quantisation ----------------------------------------------------------------------------

Result<Quantised> QuantiseEpsilon(double epsilon) {
  if (!(epsilon > 0 && epsilon <= kMaxEpsilon)) return Status::Invalid("ldp: epsilon must be in (0, 8]");
  // exp() is within ~1 ulp; scaling down by 2^-49 makes the double strictly below the true e^eps * b, so
  // floor() never rounds up past it: a/b <= e^eps. The loss is < 1e-5 of one grid step.
  const double x = std::exp(epsilon) * double(kEpsilonDenominator) * (1.0 - std::ldexp(1.0, -49));
  Quantised q;
  q.a = uint64_t(std::floor(x));
  q.b = kEpsilonDenominator;
  if (q.a <= q.b) return Status::Invalid("ldp: epsilon too small for the 2^-20 grid");
  q.epsilon = std::log(double(q.a) / double(q.b));
  return q;
}

Result<Quantised> QuantisedFromEffective(double e) {
  if (!(e > 0 && e <= kMaxEpsilon)) return Status::Invalid("ldp: effective epsilon must be in (0, 8]");
  const double x = std::exp(e) * double(kEpsilonDenominator);
  Quantised q;
  q.a = uint64_t(std::llround(x));
  q.b = kEpsilonDenominator;
  if (q.a <= q.b) return Status::Invalid("ldp: effective epsilon too small");
  if (std::fabs(std::log(double(q.a) / double(q.b)) - e) > 1e-12)
    return Status::Invalid("ldp: effective epsilon is not on the 2^-20 grid");
  q.epsilon = e;
  return q;
}

// ---- mechanisms --------------------------------------------------------------------------------------

Mechanism ChooseMechanism(uint32_t d, double epsilon) {
  if (d == 2) return Mechanism::kBinaryRR;
  // GRR's Var/n (e^eps + d - 2)/(e^eps - 1)^2 beats OLH's 4 e^eps/(e^eps - 1)^2 iff d < 3 e^eps + 2.
  if (double(d) < 3.0 * std::exp(epsilon) + 2.0) return Mechanism::kGRR;
  return Mechanism::kOLH;
}

Result<Params> MakeParamsFromQuantised(Mechanism m, uint32_t d, const Quantised& q) {
  if (d < 2 || d > kMaxDomain) return Status::Invalid("ldp: domain size must be in [2, 4096]");
  if (q.b != kEpsilonDenominator || q.a <= q.b || q.a > (uint64_t{1} << 32))
    return Status::Invalid("ldp: bad quantised epsilon");
  Params p;
  p.mechanism = m;
  p.d = d;
  p.q = q;
  const uint64_t a = q.a, b = q.b;
  switch (m) {
    case Mechanism::kBinaryRR:
      if (d != 2) return Status::Invalid("ldp: binary RR needs d == 2");
      p.den = a + b;
      p.p_num = a;
      p.q_num = b;
      break;
    case Mechanism::kGRR:
      p.den = a + uint64_t(d - 1) * b;
      p.p_num = a;
      p.q_num = b;
      break;
    case Mechanism::kOUE:  // p = 1/2, q = b / (a + b), over a common denominator 2 (a + b)
      p.den = 2 * (a + b);
      p.p_num = a + b;
      p.q_num = 2 * b;
      break;
    case Mechanism::kOLH: {
      // g = round(e^eps') + 1 in integers; p = a / (a + (g-1) b), q = 1/g, over g (a + (g-1) b).
      p.g = uint32_t((a + b / 2) / b) + 1;
      if (p.g < 2) p.g = 2;
      const uint64_t grr_den = a + uint64_t(p.g - 1) * b;
      p.den = uint64_t(p.g) * grr_den;
      p.p_num = a * p.g;
      p.q_num = grr_den;
      break;
    }
    default:
      return Status::Invalid("ldp: unknown mechanism");
  }
  return p;
}

Result<Params> MakeParams(Mechanism m, uint32_t d, double epsilon) {
  TACIT_ASSIGN_OR_RETURN(Quantised q, QuantiseEpsilon(epsilon));
  return MakeParamsFromQuantised(m, d, q);
}

uint32_t SampleGrr(uint32_t v, uint32_t k, uint64_t a, uint64_t b, Rng& rng) {
  const uint64_t u = rng.Uniform(a + uint64_t(k - 1) * b);
  if (u < a) return v;
  // u - a is uniform over (k-1) blocks of b integers: block j is the j-th value other than v.
  const uint32_t j = uint32_t((u - a) / b);
  return j < v ? j : j + 1;
}

bool ReduceUnbiased(uint64_t x, uint32_t g, uint32_t* out) {
  const uint64_t reject_below = (uint64_t{0} - g) % g;  // 2^64 mod g
  if (x < reject_below) return false;
  *out = uint32_t(x % g);
  return true;
}

uint32_t OlhHash(const std::array<uint8_t, kOlhSeedBytes>& seed, uint32_t v, uint32_t g) {
  uint8_t msg[8];
  Store32LE(msg, v);
  for (uint32_t k = 0;; ++k) {
    size_t len = 4;
    if (k > 0) {
      Store32LE(msg + 4, k);
      len = 8;
    }
    uint8_t h[crypto_generichash_BYTES_MIN];
    crypto_generichash(h, sizeof(h), msg, len, seed.data(), seed.size());
    uint32_t r;
    if (ReduceUnbiased(Load64LE(h), g, &r)) return r;
  }
}

Randomised Randomise(const Params& params, uint32_t v, Rng& rng) {
  Randomised r;
  const uint64_t a = params.q.a, b = params.q.b;
  switch (params.mechanism) {
    case Mechanism::kBinaryRR:
    case Mechanism::kGRR:
      r.value = SampleGrr(v, params.d, a, b, rng);
      break;
    case Mechanism::kOUE:
      r.bits.resize(params.d);
      for (uint32_t i = 0; i < params.d; ++i) {
        if (i == v) {
          r.bits[i] = uint8_t(rng.Uniform(2));  // 1 w.p. 1/2
        } else {
          r.bits[i] = rng.Uniform(a + b) < b ? 1 : 0;  // 1 w.p. b / (a + b)
        }
      }
      break;
    case Mechanism::kOLH:
      rng.Fill(r.seed.data(), r.seed.size());
      r.value = SampleGrr(OlhHash(r.seed, v, params.g), params.g, a, b, rng);
      break;
  }
  return r;
}

// ---- estimation ----------------------------------------------------------------------------------

double EstimateVariance(const Params& params, uint64_t n, double c) {
  const double p = params.p(), q = params.q_prob();
  return double(n) * q * (1 - q) / ((p - q) * (p - q)) + c * (1 - p - q) / (p - q);
}

void Aggregator::Add(const Randomised& r) {
  ++n_;
  switch (params_.mechanism) {
    case Mechanism::kBinaryRR:
    case Mechanism::kGRR:
      ++support_[r.value];
      break;
    case Mechanism::kOUE:
      for (uint32_t i = 0; i < params_.d; ++i) support_[i] += r.bits[i];
      break;
    case Mechanism::kOLH:
      for (uint32_t i = 0; i < params_.d; ++i) {
        if (OlhHash(r.seed, i, params_.g) == r.value) ++support_[i];
      }
      break;
  }
}

std::vector<Estimate> Aggregator::Estimates() const {
  const double p = params_.p(), q = params_.q_prob();
  std::vector<Estimate> out(params_.d);
  for (uint32_t v = 0; v < params_.d; ++v) {
    Estimate& e = out[v];
    e.count = (double(support_[v]) - double(n_) * q) / (p - q);
    const double c = std::min(std::max(e.count, 0.0), double(n_));
    e.variance = EstimateVariance(params_, n_, c);
    const double half = 1.96 * std::sqrt(std::max(e.variance, 0.0));
    e.ci_low = e.count - half;
    e.ci_high = e.count + half;
  }
  return out;
}

}  // namespace ldp
}  // namespace tacit

// Local DP mechanisms: exact quantised sampling, unbiased estimators, the variance formula and CI coverage.
// Statistical tolerances come from the variance formulas (never tuned); every RNG is seeded.
#include <catch2/catch.hpp>

#include <cmath>
#include <deque>
#include <limits>
#include <vector>

#include "crypto/secret.h"
#include "report/ldp.h"

using namespace tacit;
using namespace tacit::ldp;

namespace {

// Returns scripted values from Uniform and records the ranges it was asked for.
class ScriptedRng : public Rng {
 public:
  std::deque<uint64_t> uniforms;
  std::vector<uint64_t> asked;
  void Fill(uint8_t* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) out[i] = 0;
  }
  uint64_t Uniform(uint64_t n) override {
    asked.push_back(n);
    uint64_t u = uniforms.front();
    uniforms.pop_front();
    return u;
  }
};

// Feeds fixed 64-bit words through Fill, so the base-class Uniform's rejection can be observed.
class WordRng : public Rng {
 public:
  std::deque<uint64_t> words;
  void Fill(uint8_t* out, size_t n) override {
    REQUIRE(n == 8);
    uint64_t w = words.front();
    words.pop_front();
    for (int i = 0; i < 8; ++i) out[i] = uint8_t(w >> (8 * i));
  }
};

Params P(Mechanism m, uint32_t d, double eps) {
  Result<Params> p = MakeParams(m, d, eps);
  REQUIRE(p.ok());
  return p.value();
}

}  // namespace

TEST_CASE("epsilon is quantised down to a/2^20 within one grid step") {
  REQUIRE(EnsureSodium().ok());
  const double eps_list[] = {1e-3, 0.1, 0.5, 0.6931471805599453, 1.0, 1.5, 2.0, 3.0, 4.0, 5.5, 7.99, 8.0};
  SeededRng rng(7);
  std::vector<double> all(std::begin(eps_list), std::end(eps_list));
  for (int i = 0; i < 200; ++i) all.push_back(1e-3 + 7.999 * double(rng.Uniform(1u << 30)) / double(1u << 30));
  for (double eps : all) {
    INFO("eps = " << eps);
    Result<Quantised> q = QuantiseEpsilon(eps);
    REQUIRE(q.ok());
    CHECK(q->b == kEpsilonDenominator);
    const long double exact = std::exp(static_cast<long double>(eps));
    const long double ratio = static_cast<long double>(q->a) / static_cast<long double>(q->b);
    CHECK(ratio <= exact);                                    // never more privacy loss than requested
    CHECK(exact - ratio < std::ldexp(1.0L, -20) * 1.0001L);   // within one grid step (plus the guard)
    CHECK(q->epsilon <= eps);
    CHECK(q->epsilon > eps - 1e-6);
    // The effective eps' recorded in a report maps back to the same a.
    Result<Quantised> back = QuantisedFromEffective(q->epsilon);
    REQUIRE(back.ok());
    CHECK(back->a == q->a);
  }
  for (double bad : {0.0, -1.0, 8.0001, 1e-9, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    CHECK_FALSE(QuantiseEpsilon(bad).ok());
  }
  // Off the grid: half a step away from a grid point, even at eps = 8 where steps are finest.
  Result<Quantised> q8 = QuantiseEpsilon(8.0);
  REQUIRE(q8.ok());
  CHECK_FALSE(QuantisedFromEffective(q8->epsilon + 0.5 / double(q8->a)).ok());
  CHECK_FALSE(QuantisedFromEffective(0.0).ok());
  CHECK_FALSE(QuantisedFromEffective(8.5).ok());
}

TEST_CASE("ChooseMechanism follows the variance comparison d < 3e^eps + 2") {
  CHECK(ChooseMechanism(2, 1.0) == Mechanism::kBinaryRR);
  CHECK(ChooseMechanism(2, 8.0) == Mechanism::kBinaryRR);
  CHECK(ChooseMechanism(10, 1.0) == Mechanism::kGRR);   // 3e + 2 = 10.15
  CHECK(ChooseMechanism(11, 1.0) == Mechanism::kOLH);
  CHECK(ChooseMechanism(165, 4.0) == Mechanism::kGRR);  // 3e^4 + 2 = 165.8
  CHECK(ChooseMechanism(166, 4.0) == Mechanism::kOLH);
  CHECK(ChooseMechanism(1000, 2.0) == Mechanism::kOLH);
  // The choice has the smaller Var/n by Wang et al.'s factors.
  for (uint32_t d : {3u, 5u, 10u, 30u, 100u, 1000u}) {
    for (double eps : {0.5, 1.0, 2.0, 3.0, 4.0, 6.0}) {
      const double e = std::exp(eps);
      const double grr = (e + d - 2) / ((e - 1) * (e - 1));
      const double olh = 4 * e / ((e - 1) * (e - 1));
      const Mechanism m = ChooseMechanism(d, eps);
      if (m == Mechanism::kGRR) CHECK(grr <= olh);
      else CHECK(olh <= grr);
    }
  }
}

TEST_CASE("probabilities are exact integer ratios with ratio e^eps'") {
  for (double eps : {0.5, 1.0, 2.5, 8.0}) {
    const Params rr = P(Mechanism::kBinaryRR, 2, eps);
    const uint64_t a = rr.q.a, b = rr.q.b;
    CHECK(rr.den == a + b);
    CHECK(rr.p_num == a);
    CHECK(rr.q_num == b);

    const Params grr = P(Mechanism::kGRR, 7, eps);
    CHECK(grr.den == a + 6 * b);
    CHECK(grr.p_num * b == grr.q_num * a);  // p/q = a/b exactly

    const Params oue = P(Mechanism::kOUE, 7, eps);
    // p(1-q) / (q(1-p)) = a/b exactly, with p = 1/2, q = b / (a + b).
    CHECK(oue.p_num * 2 == oue.den);
    // With 1 - p = p (checked above) the ratio is (1 - q) / q = (den - q_num) / q_num.
    CHECK((oue.den - oue.q_num) * b == oue.q_num * a);

    const Params olh = P(Mechanism::kOLH, 100, eps);
    CHECK(olh.g == uint32_t((a + b / 2) / b) + 1);
    CHECK(olh.g >= 2);
    CHECK(olh.g == uint32_t(std::lround(std::exp(olh.q.epsilon))) + 1);
    CHECK(olh.den == uint64_t(olh.g) * (a + uint64_t(olh.g - 1) * b));
    CHECK(olh.q_num * olh.g == olh.den);  // q = 1/g
  }
  CHECK_FALSE(MakeParams(Mechanism::kBinaryRR, 3, 1.0).ok());
  CHECK_FALSE(MakeParams(Mechanism::kGRR, 1, 1.0).ok());
  CHECK_FALSE(MakeParams(Mechanism::kGRR, kMaxDomain + 1, 1.0).ok());
  CHECK_FALSE(MakeParams(static_cast<Mechanism>(9), 5, 1.0).ok());
}

TEST_CASE("GRR sampler compares integers at the exact boundaries") {
  const Params p = P(Mechanism::kGRR, 5, 1.0);
  const uint64_t a = p.q.a, b = p.q.b;
  struct Case { uint64_t u; uint32_t out; };
  // true value 3; other values in order 0, 1, 2, 4.
  const Case cases[] = {{0, 3}, {a - 1, 3}, {a, 0}, {a + b - 1, 0}, {a + b, 1}, {a + 2 * b, 2},
                        {a + 3 * b - 1, 2}, {a + 3 * b, 4}, {a + 4 * b - 1, 4}};
  for (const Case& c : cases) {
    ScriptedRng rng;
    rng.uniforms.push_back(c.u);
    CHECK(Randomise(p, 3, rng).value == c.out);
    REQUIRE(rng.asked.size() == 1);
    CHECK(rng.asked[0] == a + 4 * b);  // one draw over the exact integer range
  }
  // OUE: the true bit draws from [0, 2), every other bit from [0, a + b) and is set iff u < b.
  const Params oue = P(Mechanism::kOUE, 3, 1.0);
  ScriptedRng rng;
  rng.uniforms = {oue.q.b - 1, 1, oue.q.b};
  Randomised r = Randomise(oue, 1, rng);
  CHECK(r.bits == std::vector<uint8_t>{1, 1, 0});
  CHECK(rng.asked == std::vector<uint64_t>{oue.q.a + oue.q.b, 2, oue.q.a + oue.q.b});
}

TEST_CASE("uniform integers are unbiased by rejection") {
  // n = 2^63 + 1: 2^64 mod n = 2^63 - 1, so x < 2^63 - 1 is rejected and the next word is used.
  const uint64_t n = (uint64_t{1} << 63) + 1;
  WordRng rng;
  rng.words = {0, (uint64_t{1} << 63) - 2, (uint64_t{1} << 63) - 1};
  CHECK(rng.Uniform(n) == (uint64_t{1} << 63) - 1);
  CHECK(rng.words.empty());
  WordRng rng2;
  rng2.words = {UINT64_MAX};
  CHECK(rng2.Uniform(n) == UINT64_MAX % n);

  uint32_t out = 99;
  CHECK_FALSE(ReduceUnbiased(0, 3, &out));  // 2^64 mod 3 = 1
  CHECK(ReduceUnbiased(1, 3, &out));
  CHECK(out == 1);
  CHECK(ReduceUnbiased(UINT64_MAX, 3, &out));
  CHECK(out == 0);
  CHECK(ReduceUnbiased(0, 4, &out));  // 4 divides 2^64: nothing is rejected
  CHECK(out == 0);
}

TEST_CASE("seeded RNG is deterministic and OLH hashing is keyed") {
  SeededRng a(42), b(42), c(43);
  std::vector<uint8_t> x(10000), y(10000), z(10000);
  a.Fill(x.data(), 3);
  a.Fill(x.data() + 3, x.size() - 3);  // split reads give the same stream
  b.Fill(y.data(), y.size());
  c.Fill(z.data(), z.size());
  CHECK(x == y);
  CHECK(x != z);

  std::array<uint8_t, kOlhSeedBytes> s1{}, s2{};
  s2[0] = 1;
  int same = 0;
  for (uint32_t v = 0; v < 200; ++v) {
    const uint32_t h = OlhHash(s1, v, 1000);
    CHECK(h < 1000);
    CHECK(h == OlhHash(s1, v, 1000));
    same += h == OlhHash(s2, v, 1000);
  }
  CHECK(same < 10);  // expected 0.2 collisions for independent keys
}

TEST_CASE("empirical keep rates match the integer probabilities (binomial bounds)") {
  SeededRng rng(1);
  const int N = 200000;
  auto within = [](double count, double n, double p) {
    const double sd = std::sqrt(n * p * (1 - p));
    INFO("count " << count << " expected " << n * p << " sd " << sd);
    CHECK(std::fabs(count - n * p) <= 4 * sd);
  };
  for (double eps : {0.5, 2.0}) {
    const Params grr = P(Mechanism::kGRR, 10, eps);
    std::vector<double> hits(10, 0);
    for (int i = 0; i < N; ++i) hits[Randomise(grr, 4, rng).value] += 1;
    for (uint32_t v = 0; v < 10; ++v) within(hits[v], N, v == 4 ? grr.p() : grr.q_prob());
    CHECK(grr.p() == double(grr.q.a) / double(grr.q.a + 9 * grr.q.b));

    const Params oue = P(Mechanism::kOUE, 4, eps);
    std::vector<double> ones(4, 0);
    for (int i = 0; i < N / 4; ++i) {
      Randomised r = Randomise(oue, 2, rng);
      for (int j = 0; j < 4; ++j) ones[j] += r.bits[j];
    }
    for (uint32_t v = 0; v < 4; ++v) within(ones[v], N / 4, v == 2 ? 0.5 : oue.q_prob());

    const Params olh = P(Mechanism::kOLH, 50, eps);
    double support_true = 0, support_other = 0;
    for (int i = 0; i < N / 4; ++i) {
      Randomised r = Randomise(olh, 7, rng);
      support_true += OlhHash(r.seed, 7, olh.g) == r.value;
      support_other += OlhHash(r.seed, 8, olh.g) == r.value;
    }
    within(support_true, N / 4, olh.p());
    within(support_other, N / 4, olh.q_prob());
  }
}

namespace {

struct Config {
  Mechanism m;
  uint32_t d;
  double eps;
  int n;       // reports per trial
  int trials;
};

// Runs `trials` independent aggregations of a fixed skewed population and checks, per value:
// unbiasedness (|mean - truth| <= 4 sd/sqrt(T)), the variance formula (|s^2 - Var| <= 5 Var sqrt(2/(T-1)),
// the normal approximation to the sd of a sample variance) and 95% CI coverage (|cov - 0.95| <= 4
// sqrt(0.95 * 0.05 / T)).
void CheckEstimator(const Config& cfg, uint64_t seed) {
  const Params params = P(cfg.m, cfg.d, cfg.eps);
  // Value v has weight v + 1 (value 0 rarest); counts sum to n.
  std::vector<uint32_t> truth;
  const double wsum = double(cfg.d) * (cfg.d + 1) / 2;
  std::vector<double> counts(cfg.d, 0);
  for (uint32_t v = 0; v < cfg.d; ++v) {
    const int c = int(std::floor(cfg.n * (v + 1) / wsum));
    for (int i = 0; i < c; ++i) truth.push_back(v);
    counts[v] = c;
  }
  const uint64_t n = truth.size();
  std::vector<double> sum(cfg.d, 0), sumsq(cfg.d, 0), covered(cfg.d, 0);
  SeededRng rng(seed);
  for (int t = 0; t < cfg.trials; ++t) {
    Aggregator agg(params);
    for (uint32_t v : truth) agg.Add(Randomise(params, v, rng));
    REQUIRE(agg.n() == n);
    const std::vector<Estimate> est = agg.Estimates();
    for (uint32_t v = 0; v < cfg.d; ++v) {
      sum[v] += est[v].count;
      sumsq[v] += est[v].count * est[v].count;
      covered[v] += (est[v].ci_low <= counts[v] && counts[v] <= est[v].ci_high) ? 1 : 0;
    }
  }
  const double T = cfg.trials;
  for (uint32_t v = 0; v < cfg.d; ++v) {
    const double var = EstimateVariance(params, n, counts[v]);
    const double mean = sum[v] / T;
    const double s2 = (sumsq[v] - T * mean * mean) / (T - 1);
    const double cov = covered[v] / T;
    INFO(MechanismName(cfg.m) << " d=" << cfg.d << " eps=" << cfg.eps << " v=" << v << " truth=" << counts[v]
                              << " mean=" << mean << " var=" << var << " s2=" << s2 << " coverage=" << cov);
    CHECK(std::fabs(mean - counts[v]) <= 4 * std::sqrt(var / T));
    CHECK(std::fabs(s2 - var) <= 5 * var * std::sqrt(2 / (T - 1)));
    CHECK(std::fabs(cov - 0.95) <= 4 * std::sqrt(0.95 * 0.05 / T));
  }
}

}  // namespace

TEST_CASE("binary RR estimator: unbiased, variance as derived, CI coverage") {
  CheckEstimator({Mechanism::kBinaryRR, 2, 0.5, 2000, 400}, 11);
  CheckEstimator({Mechanism::kBinaryRR, 2, 2.0, 2000, 400}, 12);
}

TEST_CASE("GRR estimator: unbiased, variance as derived, CI coverage") {
  CheckEstimator({Mechanism::kGRR, 4, 1.0, 2000, 400}, 21);
  CheckEstimator({Mechanism::kGRR, 8, 2.0, 2000, 400}, 22);
}

TEST_CASE("OUE estimator: unbiased, variance as derived, CI coverage") {
  CheckEstimator({Mechanism::kOUE, 8, 1.0, 2000, 300}, 31);
  CheckEstimator({Mechanism::kOUE, 16, 3.0, 2000, 300}, 32);
}

TEST_CASE("OLH estimator: unbiased, variance as derived, CI coverage") {
  CheckEstimator({Mechanism::kOLH, 8, 1.0, 2000, 300}, 41);
  CheckEstimator({Mechanism::kOLH, 24, 2.0, 2000, 300}, 42);
}

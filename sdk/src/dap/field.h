// The prime fields of draft-irtf-cfrg-vdaf: Field64 (p = 2^32 * 4294967295 + 1) and Field128
// (p = 2^66 * 4611686018427387897 + 1), each with a multiplicative subgroup of order 2^32 / 2^66 for NTTs.
//
// Elements are kept in Montgomery form in 64-bit limbs. Add, Sub, Neg, Mul and equality run in constant time
// (no secret-dependent branches or indices); Pow's exponent and Inv's timing depend only on public values.
// Encoding is little-endian, ENCODED_SIZE bytes; decoding rejects values >= p.
#ifndef TACIT_DAP_FIELD_H_
#define TACIT_DAP_FIELD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tacit {
namespace dap {
namespace internal {

// lo(a * b + c + d), with the high word in *hi. Never overflows: (2^64-1)^2 + 2(2^64-1) < 2^128.
inline uint64_t MulAdd2(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t* hi) {
#if defined(__SIZEOF_INT128__)
  unsigned __int128 r = static_cast<unsigned __int128>(a) * b + c + d;
  *hi = static_cast<uint64_t>(r >> 64);
  return static_cast<uint64_t>(r);
#else
  uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  uint64_t lo = (p00 & 0xffffffffu) | (mid << 32);
  uint64_t h = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  lo += c;
  h += lo < c;
  lo += d;
  h += lo < d;
  *hi = h;
  return lo;
#endif
}

inline uint64_t AddCarry(uint64_t a, uint64_t b, uint64_t carry_in, uint64_t* carry_out) {
  uint64_t s = a + b;
  uint64_t c1 = s < a;
  uint64_t r = s + carry_in;
  uint64_t c2 = r < s;
  *carry_out = c1 | c2;
  return r;
}

inline uint64_t SubBorrow(uint64_t a, uint64_t b, uint64_t borrow_in, uint64_t* borrow_out) {
  uint64_t d = a - b;
  uint64_t b1 = a < b;
  uint64_t r = d - borrow_in;
  uint64_t b2 = d < borrow_in;
  *borrow_out = b1 | b2;
  return r;
}

}  // namespace internal

// Params: kLimbs, kModulus[kLimbs], kR2[kLimbs] (R^2 mod p, R = 2^(64 kLimbs)), kNegInv (-p^-1 mod 2^64),
// kGenerator[kLimbs] (canonical), kGenOrderLog2, kMaskTopBits (bits of next_power_of_2(p) - 1 in the top limb).
template <class Params>
class PrimeField {
 public:
  static constexpr size_t kLimbs = Params::kLimbs;
  static constexpr size_t kEncodedSize = 8 * kLimbs;
  static constexpr unsigned kGenOrderLog2 = Params::kGenOrderLog2;
  using Limbs = std::array<uint64_t, kLimbs>;

  PrimeField() : v_{} {}

  static PrimeField Zero() { return PrimeField(); }
  static PrimeField One() { return FromU64(1); }
  static PrimeField FromU64(uint64_t x) {
    Limbs l{};
    l[0] = x;
    return FromCanonical(l);  // x < p for both fields only when reduced: see FromCanonical
  }
  // `l` must be < p (callers: decoding and constants). Converted into Montgomery form.
  static PrimeField FromCanonical(const Limbs& l) {
    PrimeField a;
    a.v_ = l;
    PrimeField r2;
    for (size_t i = 0; i < kLimbs; ++i) r2.v_[i] = Params::kR2[i];
    return MontMul(a, r2);
  }
  Limbs ToCanonical() const {
    PrimeField one_raw;
    one_raw.v_[0] = 1;
    return MontMul(*this, one_raw).v_;
  }

  // Little-endian; false (and *out unchanged) if the value is >= p.
  static bool Decode(const uint8_t* in, PrimeField* out) {
    Limbs l{};
    for (size_t i = 0; i < kLimbs; ++i)
      for (int k = 7; k >= 0; --k) l[i] = (l[i] << 8) | in[8 * i + static_cast<size_t>(k)];
    if (!LessThanModulus(l)) return false;
    *out = FromCanonical(l);
    return true;
  }
  void Encode(uint8_t* out) const {
    Limbs l = ToCanonical();
    for (size_t i = 0; i < kLimbs; ++i)
      for (size_t k = 0; k < 8; ++k) out[8 * i + k] = static_cast<uint8_t>(l[i] >> (8 * k));
  }
  // XOF sampling (draft-irtf-cfrg-vdaf-08 §6.2.1): mask to next_power_of_2(p) - 1, accept if < p.
  static bool FromXofBytes(const uint8_t* in, PrimeField* out) {
    Limbs l{};
    for (size_t i = 0; i < kLimbs; ++i)
      for (int k = 7; k >= 0; --k) l[i] = (l[i] << 8) | in[8 * i + static_cast<size_t>(k)];
    l[kLimbs - 1] &= Params::kMaskTopBits;
    if (!LessThanModulus(l)) return false;
    *out = FromCanonical(l);
    return true;
  }

  friend PrimeField operator+(const PrimeField& a, const PrimeField& b) {
    PrimeField s;
    uint64_t c = 0;
    for (size_t i = 0; i < kLimbs; ++i) s.v_[i] = internal::AddCarry(a.v_[i], b.v_[i], c, &c);
    return ReduceOnce(s.v_, c);
  }
  friend PrimeField operator-(const PrimeField& a, const PrimeField& b) {
    PrimeField d;
    uint64_t bw = 0;
    for (size_t i = 0; i < kLimbs; ++i) d.v_[i] = internal::SubBorrow(a.v_[i], b.v_[i], bw, &bw);
    uint64_t mask = 0 - bw;  // add p back when the subtraction borrowed
    uint64_t c = 0;
    for (size_t i = 0; i < kLimbs; ++i) d.v_[i] = internal::AddCarry(d.v_[i], Params::kModulus[i] & mask, c, &c);
    return d;
  }
  PrimeField operator-() const { return Zero() - *this; }
  friend PrimeField operator*(const PrimeField& a, const PrimeField& b) { return MontMul(a, b); }
  PrimeField& operator+=(const PrimeField& b) { return *this = *this + b; }
  PrimeField& operator-=(const PrimeField& b) { return *this = *this - b; }
  PrimeField& operator*=(const PrimeField& b) { return *this = *this * b; }
  // Constant-time equality.
  friend bool operator==(const PrimeField& a, const PrimeField& b) {
    uint64_t d = 0;
    for (size_t i = 0; i < kLimbs; ++i) d |= a.v_[i] ^ b.v_[i];
    return d == 0;
  }
  friend bool operator!=(const PrimeField& a, const PrimeField& b) { return !(a == b); }

  // a^e for a public exponent given as little-endian limbs.
  PrimeField Pow(const uint64_t* e, size_t e_limbs) const {
    PrimeField r = One();
    for (size_t i = e_limbs; i-- > 0;)
      for (int bit = 63; bit >= 0; --bit) {
        r = r * r;
        if ((e[i] >> bit) & 1) r = r * *this;
      }
    return r;
  }
  PrimeField Pow(uint64_t e) const { return Pow(&e, 1); }
  // Multiplicative inverse by Fermat (a^(p-2)); Inv(0) = 0. Square-and-multiply over the public p-2.
  PrimeField Inv() const {
    Limbs e;
    uint64_t bw = 0;
    for (size_t i = 0; i < kLimbs; ++i) e[i] = internal::SubBorrow(Params::kModulus[i], i == 0 ? 2 : 0, bw, &bw);
    return Pow(e.data(), kLimbs);
  }

  static PrimeField Generator() {
    Limbs g;
    for (size_t i = 0; i < kLimbs; ++i) g[i] = Params::kGenerator[i];
    return FromCanonical(g);
  }
  // A primitive 2^log2_n-th root of unity: g^(2^(kGenOrderLog2 - log2_n)). log2_n <= kGenOrderLog2.
  static PrimeField RootOfUnity(unsigned log2_n) {
    PrimeField r = Generator();
    for (unsigned i = log2_n; i < kGenOrderLog2; ++i) r = r * r;
    return r;
  }

 private:
  static bool LessThanModulus(const Limbs& l) {
    uint64_t bw = 0;
    for (size_t i = 0; i < kLimbs; ++i) internal::SubBorrow(l[i], Params::kModulus[i], bw, &bw);
    return bw != 0;
  }
  // Returns (hi:t) - p if that is non-negative, else t; branch-free. (hi:t) < 2p.
  static PrimeField ReduceOnce(const Limbs& t, uint64_t hi) {
    PrimeField s;
    uint64_t bw = 0;
    for (size_t i = 0; i < kLimbs; ++i) s.v_[i] = internal::SubBorrow(t[i], Params::kModulus[i], bw, &bw);
    // keep t only when the subtraction borrowed past the top word: bw == 1 and hi == 0.
    uint64_t keep_t = 0 - (bw & (hi ^ 1));
    for (size_t i = 0; i < kLimbs; ++i) s.v_[i] = (t[i] & keep_t) | (s.v_[i] & ~keep_t);
    return s;
  }
  // CIOS Montgomery multiplication: a * b * R^-1 mod p.
  static PrimeField MontMul(const PrimeField& a, const PrimeField& b) {
    uint64_t t[kLimbs + 2] = {};
    for (size_t i = 0; i < kLimbs; ++i) {
      uint64_t c = 0;
      for (size_t j = 0; j < kLimbs; ++j) t[j] = internal::MulAdd2(a.v_[j], b.v_[i], t[j], c, &c);
      uint64_t c2;
      t[kLimbs] = internal::AddCarry(t[kLimbs], c, 0, &c2);
      t[kLimbs + 1] = c2;
      uint64_t m = t[0] * Params::kNegInv;
      internal::MulAdd2(m, Params::kModulus[0], t[0], 0, &c);
      for (size_t j = 1; j < kLimbs; ++j) t[j - 1] = internal::MulAdd2(m, Params::kModulus[j], t[j], c, &c);
      t[kLimbs - 1] = internal::AddCarry(t[kLimbs], c, 0, &c2);
      t[kLimbs] = t[kLimbs + 1] + c2;
    }
    Limbs r;
    for (size_t i = 0; i < kLimbs; ++i) r[i] = t[i];
    return ReduceOnce(r, t[kLimbs]);
  }

  Limbs v_;
};

struct Field64Params {
  static constexpr size_t kLimbs = 1;
  static constexpr uint64_t kModulus[1] = {0xffffffff00000001ull};
  static constexpr uint64_t kR2[1] = {0xfffffffe00000001ull};
  static constexpr uint64_t kNegInv = 0xfffffffeffffffffull;
  static constexpr uint64_t kGenerator[1] = {0x185629dcda58878cull};  // 7^4294967295
  static constexpr unsigned kGenOrderLog2 = 32;
  static constexpr uint64_t kMaskTopBits = ~0ull;
};

struct Field128Params {
  static constexpr size_t kLimbs = 2;
  static constexpr uint64_t kModulus[2] = {0x1ull, 0xffffffffffffffe4ull};
  static constexpr uint64_t kR2[2] = {0xfffffffffffffcf1ull, 0x5587ull};
  static constexpr uint64_t kNegInv = 0xffffffffffffffffull;
  static constexpr uint64_t kGenerator[2] = {0x1f9b2759c5109f06ull, 0x6d278fbf4f60228bull};  // 7^4611686018427387897
  static constexpr unsigned kGenOrderLog2 = 66;
  static constexpr uint64_t kMaskTopBits = ~0ull;
};

using Field64 = PrimeField<Field64Params>;
using Field128 = PrimeField<Field128Params>;

}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_FIELD_H_

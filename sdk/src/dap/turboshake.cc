#include "dap/turboshake.h"

#include <sodium.h>

#include <cstring>

namespace tacit {
namespace dap {
namespace {

// The last 12 of Keccak-f[1600]'s 24 round constants (rounds 12..23).
constexpr uint64_t kRoundConstants[12] = {
    0x000000008000808Bull, 0x800000000000008Bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800Aull, 0x800000008000000Aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull};

constexpr unsigned kRho[25] = {0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14};

inline uint64_t Rotl(uint64_t x, unsigned n) { return n == 0 ? x : (x << n) | (x >> (64 - n)); }

inline uint8_t LaneByte(const uint64_t* s, size_t i) { return static_cast<uint8_t>(s[i / 8] >> (8 * (i % 8))); }
inline void XorLaneByte(uint64_t* s, size_t i, uint8_t b) { s[i / 8] ^= static_cast<uint64_t>(b) << (8 * (i % 8)); }

}  // namespace

void KeccakP1600x12(uint64_t a[25]) {
  for (int round = 0; round < 12; ++round) {
    uint64_t c[5], d[5], b[25];
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) d[x] = c[(x + 4) % 5] ^ Rotl(c[(x + 1) % 5], 1);
    for (int i = 0; i < 25; ++i) a[i] ^= d[i % 5];
    // rho and pi: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
    for (int x = 0; x < 5; ++x)
      for (int y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = Rotl(a[x + 5 * y], kRho[x + 5 * y]);
    // chi
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 5; ++x)
        a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
    a[0] ^= kRoundConstants[round];  // iota
  }
}

TurboShake128::TurboShake128(uint8_t domain) : domain_(domain) { std::memset(state_, 0, sizeof state_); }

TurboShake128::~TurboShake128() { sodium_memzero(state_, sizeof state_); }

void TurboShake128::Absorb(const uint8_t* data, size_t len) {
  if (squeezing_) return;
  while (len > 0) {
    if (pos_ == 0 && len >= kRate) {
      for (size_t i = 0; i < kRate / 8; ++i) {
        uint64_t lane = 0;
        for (int k = 7; k >= 0; --k) lane = (lane << 8) | data[8 * i + static_cast<size_t>(k)];
        state_[i] ^= lane;
      }
      KeccakP1600x12(state_);
      data += kRate;
      len -= kRate;
      continue;
    }
    size_t n = kRate - pos_ < len ? kRate - pos_ : len;
    for (size_t i = 0; i < n; ++i) XorLaneByte(state_, pos_ + i, data[i]);
    pos_ += n;
    data += n;
    len -= n;
    if (pos_ == kRate) {
      KeccakP1600x12(state_);
      pos_ = 0;
    }
  }
}

void TurboShake128::Pad() {
  XorLaneByte(state_, pos_, domain_);
  XorLaneByte(state_, kRate - 1, 0x80);
  KeccakP1600x12(state_);
  pos_ = 0;
  squeezing_ = true;
}

void TurboShake128::Squeeze(uint8_t* out, size_t len) {
  if (!squeezing_) Pad();
  while (len > 0) {
    if (pos_ == kRate) {
      KeccakP1600x12(state_);
      pos_ = 0;
    }
    size_t n = kRate - pos_ < len ? kRate - pos_ : len;
    for (size_t i = 0; i < n; ++i) out[i] = LaneByte(state_, pos_ + i);
    pos_ += n;
    out += n;
    len -= n;
  }
}

void TurboShake128Hash(const uint8_t* msg, size_t msg_len, uint8_t domain, uint8_t* out, size_t out_len) {
  TurboShake128 t(domain);
  t.Absorb(msg, msg_len);
  t.Squeeze(out, out_len);
}

}  // namespace dap
}  // namespace tacit

// TurboSHAKE128 (RFC 9861): the Keccak-p[1600, n_r = 12] sponge with a 168-byte rate and a caller-chosen
// domain-separation byte. Incremental: Absorb any number of times, then Squeeze any number of times.
#ifndef TACIT_DAP_TURBOSHAKE_H_
#define TACIT_DAP_TURBOSHAKE_H_

#include <cstddef>
#include <cstdint>

namespace tacit {
namespace dap {

// Keccak-p[1600, 12] on a 25-lane state (lanes little-endian, as in FIPS 202).
void KeccakP1600x12(uint64_t state[25]);

class TurboShake128 {
 public:
  static constexpr size_t kRate = 168;

  // domain: the separation byte D, 0x01..0x7F (RFC 9861 §2.2). Other values are the caller's bug.
  explicit TurboShake128(uint8_t domain);
  ~TurboShake128();  // wipes the state
  TurboShake128(const TurboShake128&) = default;
  TurboShake128& operator=(const TurboShake128&) = default;

  // Absorb after the first Squeeze is ignored (the sponge has switched to squeezing).
  void Absorb(const uint8_t* data, size_t len);
  void Squeeze(uint8_t* out, size_t len);

 private:
  void Pad();
  uint64_t state_[25];
  size_t pos_ = 0;  // byte offset into the rate part
  uint8_t domain_;
  bool squeezing_ = false;
};

// One-shot TurboSHAKE128(M, D, out_len).
void TurboShake128Hash(const uint8_t* msg, size_t msg_len, uint8_t domain, uint8_t* out, size_t out_len);

}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_TURBOSHAKE_H_

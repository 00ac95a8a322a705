// XofTurboShake128 (draft-irtf-cfrg-vdaf-08 §6.2.2) and the domain-separation tags of §6.2.3.
// For VDAF-08: TurboSHAKE128(len(dst) as 1 byte || dst || seed || binder, D = 1). Binder parts are absorbed
// in order; the first Next() ends absorption.
#ifndef TACIT_DAP_XOF_H_
#define TACIT_DAP_XOF_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dap/draft.h"
#include "dap/turboshake.h"

namespace tacit {
namespace dap {

// format_dst(algo_class, algo, usage): version (1) || class (1) || algo (4, BE) || usage (2, BE).
constexpr size_t kDstSize = 8;
void FormatDst(const DraftProfile& d, uint8_t algo_class, uint32_t algo, uint16_t usage, uint8_t out[kDstSize]);

class Xof {
 public:
  // seed: d.xof_seed_size bytes. dst_len < 256 for VDAF-08.
  Xof(const DraftProfile& d, const uint8_t* seed, const uint8_t* dst, size_t dst_len);
  void AbsorbBinder(const uint8_t* p, size_t n) { ts_.Absorb(p, n); }
  void Next(uint8_t* out, size_t n) { ts_.Squeeze(out, n); }
  // next_vec: rejection-samples n field elements.
  template <class F>
  void NextVec(F* out, size_t n) {
    uint8_t buf[F::kEncodedSize];
    for (size_t i = 0; i < n; ++i) {
      do {
        Next(buf, sizeof buf);
      } while (!F::FromXofBytes(buf, &out[i]));
    }
  }

 private:
  TurboShake128 ts_;
};

}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_XOF_H_

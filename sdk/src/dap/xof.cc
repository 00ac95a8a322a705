#include "dap/xof.h"

namespace tacit {
namespace dap {

const DraftProfile& GetDraftProfile(Draft draft) {
  static const DraftProfile kVdaf08 = {
      /*vdaf_version=*/8,
      /*xof_seed_size=*/16,
      /*nonce_size=*/16,
      /*xof_dst_length_bytes=*/1,
      /*xof_turboshake_domain=*/1,
      /*xof_has_context=*/false,
      /*algo_class_vdaf=*/0,
      /*prio3_algorithm_id=*/{0x00000000, 0x00000001, 0x00000002, 0x00000003},
      /*num_proofs=*/1,
  };
  switch (draft) {
    case Draft::kVdaf08:
      return kVdaf08;
  }
  return kVdaf08;
}

void FormatDst(const DraftProfile& d, uint8_t algo_class, uint32_t algo, uint16_t usage, uint8_t out[kDstSize]) {
  out[0] = d.vdaf_version;
  out[1] = algo_class;
  out[2] = static_cast<uint8_t>(algo >> 24);
  out[3] = static_cast<uint8_t>(algo >> 16);
  out[4] = static_cast<uint8_t>(algo >> 8);
  out[5] = static_cast<uint8_t>(algo);
  out[6] = static_cast<uint8_t>(usage >> 8);
  out[7] = static_cast<uint8_t>(usage);
}

Xof::Xof(const DraftProfile& d, const uint8_t* seed, const uint8_t* dst, size_t dst_len)
    : ts_(d.xof_turboshake_domain) {
  uint8_t len_le[2] = {static_cast<uint8_t>(dst_len), static_cast<uint8_t>(dst_len >> 8)};
  ts_.Absorb(len_le, d.xof_dst_length_bytes);
  ts_.Absorb(dst, dst_len);
  ts_.Absorb(seed, d.xof_seed_size);
}

}  // namespace dap
}  // namespace tacit

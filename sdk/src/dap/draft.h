// The draft a DAP upload speaks. Everything that differs between drafts of draft-irtf-cfrg-vdaf (and the
// DAP draft that carries them) is a field of DraftProfile, looked up once from the Draft enum, so a later
// profile (DAP-18 / VDAF-20: 32-byte seeds, an application context in every XOF, a two-byte dst length,
// new algorithm ids) is a new row, not a fork of the code.
#ifndef TACIT_DAP_DRAFT_H_
#define TACIT_DAP_DRAFT_H_

#include <cstddef>
#include <cstdint>

namespace tacit {
namespace dap {

enum class Draft {
  kVdaf08,  // draft-irtf-cfrg-vdaf-08, carried by draft-ietf-ppm-dap-09 (Divvi Up, Janus 0.7, Daphne "v09")
};

enum class VdafKind { kCount, kSum, kSumVec, kHistogram };

struct DraftProfile {
  uint8_t vdaf_version;          // first byte of every domain-separation tag (format_dst)
  size_t xof_seed_size;          // XofTurboShake128.SEED_SIZE; also the verify key size
  size_t nonce_size;             // Prio3 NONCE_SIZE (= the DAP report id size)
  size_t xof_dst_length_bytes;   // the XOF message starts with len(dst) in this many little-endian bytes
  uint8_t xof_turboshake_domain; // TurboSHAKE128 domain byte D used by the XOF
  bool xof_has_context;          // whether the application context string is absorbed (VDAF-08: no)
  uint8_t algo_class_vdaf;       // format_dst's algo_class for a VDAF (0)
  uint32_t prio3_algorithm_id[4];  // indexed by VdafKind
  uint8_t num_proofs;            // PROOFS: the proof count absorbed into the binders
};

const DraftProfile& GetDraftProfile(Draft draft);

}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_DRAFT_H_

// Prio3 (draft-irtf-cfrg-vdaf §7) for Count, Sum, SumVec and Histogram, the two-aggregator case DAP uses,
// byte for byte as the draft's test vectors and Divvi Up's @divviup/prio3 (checked by tests/dap/).
//
// Contract for a DAP client:
//   * `rand` must be Prio3RandSize(draft, params) bytes from a CSPRNG (randombytes_buf) and `nonce` the 16-byte
//     report id; both are used once. Given the same (params, measurement, nonce, rand) the output is identical.
//   * Measurements, by kind: Count {0 | 1}; Sum {v}, v < 2^bits; SumVec `length` values, each < 2^bits;
//     Histogram {bucket index}, index < length. Anything else is INVALID_ARGUMENT (the message names the rule,
//     never the value).
//   * Parameters: bits in [1, 64] (Sum, SumVec); length >= 1 (SumVec, Histogram); chunk_length in
//     [1, measurement length] (SumVec: length * bits; Histogram: length); measurement length <= 2^20.
//   * public_share, leader_input_share and helper_input_share are the draft's encodings (the helper's is seeds
//     only), ready to be put into a DAP PlaintextInputShare and sealed. The input shares are secret: seal them
//     and drop them. Their sizes depend only on the parameters (Prio3ShareSizes).
//   * Shard runs in time independent of the measurement's value (fields are constant time; the circuit only
//     branches on public parameters).
// Thread-safe: no shared state.
#ifndef TACIT_DAP_PRIO3_H_
#define TACIT_DAP_PRIO3_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/status.h"
#include "dap/draft.h"

namespace tacit {
namespace dap {

struct Prio3Params {
  VdafKind kind = VdafKind::kCount;
  uint32_t bits = 0;          // Sum, SumVec
  uint32_t length = 0;        // SumVec, Histogram
  uint32_t chunk_length = 0;  // SumVec, Histogram
};

struct Prio3Shares {
  std::vector<uint8_t> public_share;
  std::vector<uint8_t> leader_input_share;
  std::vector<uint8_t> helper_input_share;
};

struct Prio3Sizes {
  size_t public_share = 0, leader_input_share = 0, helper_input_share = 0;
};

// OK, or INVALID_ARGUMENT naming the parameter out of range.
Status Prio3CheckParams(const Prio3Params& params);
// The DAP/VDAF algorithm id: Count 0x00000000, Sum 0x00000001, SumVec 0x00000002, Histogram 0x00000003.
uint32_t Prio3AlgorithmId(Draft draft, const Prio3Params& params);
// Bytes of randomness one Prio3Shard consumes (VDAF-08: 48 for Count, 80 for the others). 0 if params invalid.
size_t Prio3RandSize(Draft draft, const Prio3Params& params);
Result<Prio3Sizes> Prio3ShareSizes(Draft draft, const Prio3Params& params);

// Shards `measurement` for a Leader (aggregator 0) and a Helper (aggregator 1).
Result<Prio3Shares> Prio3Shard(Draft draft, const Prio3Params& params, const std::vector<uint64_t>& measurement,
                               const uint8_t nonce[16], const uint8_t* rand, size_t rand_len);

// ---- The aggregators' side and any number of shares: for tests, tools and the test aggregators. ----

struct Prio3MultiShares {
  std::vector<uint8_t> public_share;
  std::vector<std::vector<uint8_t>> input_shares;  // [0] the leader's, then helpers 1..num_shares-1
};
size_t Prio3RandSizeMulti(Draft draft, const Prio3Params& params, size_t num_shares);
// num_shares in [2, 255].
Result<Prio3MultiShares> Prio3ShardMulti(Draft draft, const Prio3Params& params,
                                         const std::vector<uint64_t>& measurement, const uint8_t* nonce,
                                         const uint8_t* rand, size_t rand_len, size_t num_shares);

struct Prio3PrepState {
  std::vector<uint8_t> out_share;                  // encoded output share (truncated measurement share)
  std::vector<uint8_t> corrected_joint_rand_seed;  // empty for Count
};
struct Prio3PrepInit {
  Prio3PrepState state;
  std::vector<uint8_t> prep_share;  // encoded verifier share || joint rand part
};
// prep_init for aggregator `agg_id` (0 = leader). verify_key: xof_seed_size bytes. Malformed shares are
// TACIT_ERR_REPORT_MALFORMED.
Result<Prio3PrepInit> Prio3PrepareInit(Draft draft, const Prio3Params& params, size_t num_shares,
                                       const uint8_t* verify_key, size_t agg_id, const uint8_t* nonce,
                                       const std::vector<uint8_t>& public_share,
                                       const std::vector<uint8_t>& input_share);
// prep_shares_to_prep: combines every aggregator's prep share, decides the proof, returns the prep message
// (the joint rand seed, empty for Count). A rejected proof is TACIT_ERR_CORRUPT.
Result<std::vector<uint8_t>> Prio3PrepSharesToPrep(Draft draft, const Prio3Params& params, size_t num_shares,
                                                   const std::vector<std::vector<uint8_t>>& prep_shares);
// prep_next: the output share, or TACIT_ERR_CORRUPT when the joint randomness does not match.
Result<std::vector<uint8_t>> Prio3PrepareNext(const Prio3PrepState& state, const std::vector<uint8_t>& prep_msg);

}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_PRIO3_H_

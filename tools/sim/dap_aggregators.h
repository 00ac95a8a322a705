// A Leader and a Helper in one process, for tacit-sim only: each opens its input share of a DAP-09 report
// with its HPKE key, the two run Prio3 preparation (the proof is checked jointly), and the collector adds the
// two aggregate shares. It follows draft-ietf-ppm-dap-09 and draft-irtf-cfrg-vdaf-08 on tacit's own
// primitives; the independent check of tacit's reports is the end-to-end test on @divviup/prio3.
#ifndef TACIT_TOOLS_SIM_DAP_AGGREGATORS_H_
#define TACIT_TOOLS_SIM_DAP_AGGREGATORS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "crypto/secret.h"
#include "dap/dap09.h"
#include "dap/prio3.h"

namespace sim {

class DapAggregators {
 public:
  DapAggregators() = default;  // empty; use Create
  // Count or Histogram; fresh HPKE keys and a fresh VDAF verify key.
  static tacit::Result<DapAggregators> Create(const tacit::dap::TaskId& task, const tacit::dap::Prio3Params& vdaf);

  // The HpkeConfigList bodies each aggregator serves (X25519, HKDF-SHA256; AES-128-GCM and ChaCha20Poly1305).
  const std::vector<uint8_t>& leader_config_list() const { return leader_list_; }
  const std::vector<uint8_t>& helper_config_list() const { return helper_list_; }

  // Opens, prepares and aggregates one report; an error names why it was rejected.
  tacit::Status Add(const uint8_t* report, size_t len);
  // The histogram (Count: {count of 1s}) over every report added. Exact: the sum of the measurements.
  tacit::Result<std::vector<uint64_t>> Collect() const;
  size_t reports() const { return accepted_; }
  const std::map<std::string, size_t>& rejected() const { return rejected_; }

 private:
  tacit::Result<std::vector<uint8_t>> Open(const tacit::dap::Report& r, tacit::dap::Role role) const;

  tacit::dap::TaskId task_{};
  tacit::dap::Prio3Params vdaf_;
  std::array<uint8_t, 16> verify_key_{};
  tacit::SecretBytes leader_sk_, helper_sk_;
  uint8_t leader_id_ = 1, helper_id_ = 2;
  std::vector<uint8_t> leader_list_, helper_list_;
  std::vector<std::vector<uint8_t>> aggregate_;  // per aggregator: encoded field elements, summed
  size_t accepted_ = 0;
  std::map<std::string, size_t> rejected_;
};

}  // namespace sim

#endif  // TACIT_TOOLS_SIM_DAP_AGGREGATORS_H_

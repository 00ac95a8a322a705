// One DAP report from one measurement, on the client: shard it with Prio3 for the Leader and the Helper
// (the report id is the VDAF nonce), wrap each input share in a PlaintextInputShare, seal each with HPKE base
// mode to its aggregator's config (info "dap-09 input share" || 0x01 || role, aad InputShareAad), and encode
// the Report. The measurement and the input shares exist only in wiped memory, and only inside BuildReport.
#ifndef TACIT_DAP_CLIENT_REPORT_H_
#define TACIT_DAP_CLIENT_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "dap/dap09.h"
#include "dap/draft.h"
#include "dap/prio3.h"

namespace tacit {
namespace dap {

// What a plan metric says about its DAP task.
struct TaskSpec {
  WireDraft wire = WireDraft::kDap09;
  Draft vdaf_draft = Draft::kVdaf08;
  TaskId task_id{};
  std::string leader_url;   // the Leader's endpoint (uploads go to {leader}/tasks/{task-id}/reports)
  std::string helper_url;
  Prio3Params vdaf;
  uint64_t time_precision_s = 0;
  uint64_t min_batch_size = 0;  // what the brand promises the aggregators enforce
};

struct BuiltReport {
  ReportId report_id{};
  uint64_t time = 0;
  std::vector<uint8_t> bytes;  // the encoded Report: the upload body
  uint8_t leader_config_id = 0;
  uint8_t helper_config_id = 0;
};

// The exact Report size for a task and configs with X25519 (32-byte enc) and a 16-byte AEAD tag: it depends
// only on the VDAF parameters, never on the measurement.
Result<size_t> ReportSize(const TaskSpec& task);

// A fresh report id and sharding randomness from libsodium; time_s rounded down to the task's precision.
Result<BuiltReport> BuildReport(const TaskSpec& task, const std::vector<uint64_t>& measurement,
                                const HpkeConfig& leader, const HpkeConfig& helper, uint64_t time_s);

// The steps after sharding, for BuildReport and for tests that alter a share before sealing.
Result<BuiltReport> SealShares(const TaskSpec& task, const ReportId& report_id, uint64_t time_s,
                               const Prio3Shares& shares, const HpkeConfig& leader, const HpkeConfig& helper);

}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_CLIENT_REPORT_H_

// Session: DAP state (the aggregators' HPKE configs).
#include "session/session.h"

namespace tacit {

Status Session::DapSetHpkeConfigs(const dap::TaskId& task, dap::Role role, const uint8_t* list, size_t len,
                                  int64_t expires_at_ms) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return dap_configs_.Set(task, role, list, len, expires_at_ms, clock_.Now());
}

Result<dap::ActiveConfig> Session::DapConfig(const dap::TaskId& task, dap::Role role) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return dap_configs_.Get(task, role, clock_.Now());
}

}  // namespace tacit

// The C API for DAP: aggregators' HPKE configs in.
#include <cstring>
#include <string>

#include "api/boundary.h"
#include "api/handle.h"
#include "dap/dap09.h"

using tacit::Guard;
using tacit::Session;
using tacit::Status;

namespace {

tacit::Result<tacit::dap::TaskId> TaskIdArg(const char* task_id) {
  if (!task_id) return Status::Invalid("task_id is NULL");
  return tacit::dap::ParseTaskId(task_id);
}

tacit::Result<tacit::dap::Role> RoleArg(int32_t role) {
  if (role == TACIT_DAP_ROLE_LEADER) return tacit::dap::Role::kLeader;
  if (role == TACIT_DAP_ROLE_HELPER) return tacit::dap::Role::kHelper;
  return Status::Invalid("role must be TACIT_DAP_ROLE_LEADER or TACIT_DAP_ROLE_HELPER");
}

}  // namespace

extern "C" {

tacit_status tacit_dap_set_hpke_configs(tacit_t* h, const char* task_id, int32_t role, const uint8_t* list,
                                        size_t len, int64_t expires_at_ms) {
  return Guard([&] {
    TACIT_ASSIGN_OR_RETURN(tacit::dap::TaskId task, TaskIdArg(task_id));
    TACIT_ASSIGN_OR_RETURN(tacit::dap::Role r, RoleArg(role));
    if (!list && len) return Status::Invalid("list is NULL");
    if (expires_at_ms < 0) return Status::Invalid("expires_at_ms must be 0 (never) or a Unix time in ms");
    return tacit::WithSession(h, [&](Session& s) { return s.DapSetHpkeConfigs(task, r, list, len, expires_at_ms); });
  });
}

tacit_status tacit_dap_config_info(tacit_t* h, const char* task_id, int32_t role, tacit_dap_config_info_t* out) {
  return Guard([&] {
    TACIT_ASSIGN_OR_RETURN(tacit::dap::TaskId task, TaskIdArg(task_id));
    TACIT_ASSIGN_OR_RETURN(tacit::dap::Role r, RoleArg(role));
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithSession(h, [&](Session& s) -> Status {
      TACIT_ASSIGN_OR_RETURN(tacit::dap::ActiveConfig a, s.DapConfig(task, r));
      tacit_dap_config_info_t info;
      tacit_dap_config_info_init(&info);
      info.config_id = a.config.id;
      info.kem_id = a.config.kem_id;
      info.kdf_id = a.config.kdf_id;
      info.aead_id = a.config.aead_id;
      info.expires_at_ms = a.expires_at_ms;
      return tacit::WriteSized(info, TACIT_V1_SIZE(tacit_dap_config_info_t, expires_at_ms), "out", out);
    });
  });
}

}  // extern "C"

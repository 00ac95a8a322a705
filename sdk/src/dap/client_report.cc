#include "dap/client_report.h"

#include <sodium.h>

#include "crypto/secret.h"
#include "dap/hpke.h"

namespace tacit {
namespace dap {
namespace {

// Wipes a vector's bytes when it goes out of scope.
struct Wiped {
  std::vector<uint8_t>* v;
  ~Wiped() {
    if (v && !v->empty()) sodium_memzero(v->data(), v->size());
  }
};

Result<HpkeCiphertext> Seal(const TaskSpec& task, Role role, const HpkeConfig& cfg, const std::vector<uint8_t>& aad,
                            const std::vector<uint8_t>& input_share) {
  HpkeSuite suite{cfg.kem_id, cfg.kdf_id, cfg.aead_id};
  TACIT_RETURN_IF_ERROR(HpkeCheckSuite(suite));
  TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> plain, EncodePlaintextInputShare(input_share));
  Wiped wipe{&plain};
  TACIT_ASSIGN_OR_RETURN(HpkeSealed sealed, HpkeSealBase(suite, cfg.public_key.data(), cfg.public_key.size(),
                                                         InputShareInfo(task.wire, role), aad, plain));
  HpkeCiphertext ct;
  ct.config_id = cfg.id;
  ct.enc = std::move(sealed.enc);
  ct.payload = std::move(sealed.ct);
  return ct;
}

}  // namespace

Result<size_t> ReportSize(const TaskSpec& task) {
  TACIT_ASSIGN_OR_RETURN(Prio3Sizes s, Prio3ShareSizes(task.vdaf_draft, task.vdaf));
  constexpr size_t kEnc = 32, kTag = 16, kPlainHeader = 2 + 4;
  return kReportIdBytes + 8 + 4 + s.public_share + 2 * (1 + 2 + kEnc + 4 + kPlainHeader + kTag) +
         s.leader_input_share + s.helper_input_share;
}

Result<BuiltReport> SealShares(const TaskSpec& task, const ReportId& report_id, uint64_t time_s,
                               const Prio3Shares& shares, const HpkeConfig& leader, const HpkeConfig& helper) {
  TACIT_ASSIGN_OR_RETURN(uint64_t time, RoundTime(time_s, task.time_precision_s));
  Report r;
  r.metadata.report_id = report_id;
  r.metadata.time = time;
  r.public_share = shares.public_share;
  TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> aad, EncodeInputShareAad(task.task_id, r.metadata, r.public_share));
  TACIT_ASSIGN_OR_RETURN(r.leader_share, Seal(task, Role::kLeader, leader, aad, shares.leader_input_share));
  TACIT_ASSIGN_OR_RETURN(r.helper_share, Seal(task, Role::kHelper, helper, aad, shares.helper_input_share));
  BuiltReport out;
  out.report_id = report_id;
  out.time = time;
  out.leader_config_id = leader.id;
  out.helper_config_id = helper.id;
  TACIT_ASSIGN_OR_RETURN(out.bytes, EncodeReport(r));
  return out;
}

Result<BuiltReport> BuildReport(const TaskSpec& task, const std::vector<uint64_t>& measurement,
                                const HpkeConfig& leader, const HpkeConfig& helper, uint64_t time_s) {
  TACIT_RETURN_IF_ERROR(Prio3CheckParams(task.vdaf));
  ReportId id{};
  randombytes_buf(id.data(), id.size());
  const size_t rand_len = Prio3RandSize(task.vdaf_draft, task.vdaf);
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  TACIT_ASSIGN_OR_RETURN(SecretBytes rand, SecretBytes::Allocate(rand_len));
  randombytes_buf(rand.data(), rand_len);
  TACIT_ASSIGN_OR_RETURN(Prio3Shares shares, Prio3Shard(task.vdaf_draft, task.vdaf, measurement, id.data(),
                                                        rand.data(), rand_len));
  Wiped w1{&shares.leader_input_share}, w2{&shares.helper_input_share};
  return SealShares(task, id, time_s, shares, leader, helper);
}

}  // namespace dap
}  // namespace tacit

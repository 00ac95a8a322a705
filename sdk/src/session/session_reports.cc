// Session: report preparation and the outbox.
#include "session/session.h"

namespace tacit {

BudgetBounds Session::Bounds() const {
  return plan_ ? EffectiveBounds(*plan_, host_epsilon_24h_, host_epsilon_365d_) : BudgetBounds{};
}

Result<PrepareOutcome> Session::PrepareLocked() {
  if (!plan_) {
    PrepareOutcome none;
    none.blocked.push_back("no measurement plan: nothing is reported");
    return none;
  }
  if (plan_rolled_back_from_) {
    PrepareOutcome none;
    none.blocked.push_back("the measurement plan (version " + std::to_string(plan_->version) +
                           ") is older than version " + std::to_string(plan_rolled_back_from_) +
                           ", already used on this device: nothing is reported");
    return none;
  }
  ldp::SodiumRng rng;
  TACIT_ASSIGN_OR_RETURN(Evidence evidence, BuildEvidence(Evidence::Purpose::kMeasurement));
  return tacit::PrepareReports(*store_, *plan_, Bounds(), index_.get(), clock_.Now(), half_life_ms_, evidence, dap_configs_, rng);
}

Result<PrepareOutcome> Session::PrepareReports() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  if (!plan_) return Status(TACIT_ERR_NO_PLAN, "no measurement plan was given at open: nothing is reported");
  if (!index_) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active: metric buckets name its topics");
  return PrepareLocked();
}

Result<QueuedReport> Session::OutboxNext() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_ASSIGN_OR_RETURN(auto reports, store_->Reports().ReadOutbox(1));
  if (reports.empty()) return Status::NotFound("the outbox is empty");
  return std::move(reports.front());
}

Status Session::OutboxAck(const uint8_t* report_id) {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return store_->Reports().AckReport(report_id, clock_.Now());
}

Result<uint64_t> Session::OutboxSize() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return store_->Reports().OutboxSize();
}

}  // namespace tacit

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
  // Like the model build, a preparation that reads many events lets the calls queued behind it run between
  // its pages (ReportPreparation). If one of them changed what the decisions or values depend on, the
  // preparation writes nothing and starts again once, holding the lock to the end.
  for (bool may_yield : {true, false}) {
    TACIT_ASSIGN_OR_RETURN(Evidence evidence, BuildEvidence(Evidence::Purpose::kMeasurement));
    TACIT_ASSIGN_OR_RETURN(std::unique_ptr<ReportPreparation> prep,
                           ReportPreparation::Start(*store_, *plan_, Bounds(), index_, clock_.Now(), half_life_ms_,
                                                    std::move(evidence), dap_configs_));
    bool yielded = false;
    while (!prep->values_done()) {
      TACIT_RETURN_IF_ERROR(prep->ReadPage(*store_));
      if (may_yield && !prep->values_done() && mu_.contended()) {
        mu_.yield();
        yielded = true;
        TACIT_RETURN_IF_ERROR(CheckOpen());  // the profile may have been erased while the lock was yielded
      }
    }
    ldp::SodiumRng rng;
    PrepareOutcome outcome;
    TACIT_ASSIGN_OR_RETURN(bool written, prep->Finish(*store_, rng, yielded, &outcome));
    if (written) return outcome;
  }
  return Status(TACIT_ERR_INTERNAL, "report preparation: the profile changed while the lock was held");
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

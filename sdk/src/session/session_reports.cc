// Session: report preparation and the outbox.
#include "session/session.h"

namespace tacit {

Result<PrepareOutcome> Session::PrepareLocked() {
  if (!index_) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active: metrics come from the catalog");
  ldp::SodiumRng rng;
  TACIT_ASSIGN_OR_RETURN(Evidence evidence, BuildEvidence(Evidence::Purpose::kMeasurement));
  return tacit::PrepareReports(*store_, *index_, clock_.Now(), half_life_ms_, evidence, rng);
}

Result<PrepareOutcome> Session::PrepareReports() {
  std::lock_guard<std::mutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return PrepareLocked();
}

Result<QueuedReport> Session::OutboxNext() {
  std::lock_guard<std::mutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  TACIT_ASSIGN_OR_RETURN(auto reports, ReadOutbox(store_->db(), 1));
  if (reports.empty()) return Status::NotFound("the outbox is empty");
  return std::move(reports.front());
}

Status Session::OutboxAck(const uint8_t* report_id) {
  std::lock_guard<std::mutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return AckReport(store_->db(), report_id, clock_.Now());
}

Result<uint64_t> Session::OutboxSize() {
  std::lock_guard<std::mutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  return tacit::OutboxSize(store_->db());
}

}  // namespace tacit

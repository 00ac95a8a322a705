// The C API for consent, reports and the outbox.
#include <cstdlib>
#include <cstring>
#include <string>

#include "api/boundary.h"
#include "api/handle.h"
#include "consent/consent.h"
#include "consent/tcf.h"
#include "report/reporter.h"

using tacit::Guard;
using tacit::Status;

namespace tacit {

Status RefreshControls(tacit_handle* h) {
  TACIT_ASSIGN_OR_RETURN(ConsentRecord p, GetConsent(h->store->db(), TACIT_PURPOSE_PERSONALIZATION));
  h->personalization_consent = p.state == TACIT_CONSENT_GIVEN;
  Result<std::string> paused = h->store->GetSetting("paused");
  if (!paused.ok() && paused.status().code() != TACIT_ERR_NOT_FOUND) return paused.status();
  h->paused = paused.ok() && paused.value() == "1";
  return Status::OK();
}

}  // namespace tacit

namespace {

Status ValidPurpose(int32_t purpose) {
  if (purpose != TACIT_PURPOSE_PERSONALIZATION && purpose != TACIT_PURPOSE_MEASUREMENT)
    return Status::Invalid("purpose is not a tacit_purpose");
  return Status::OK();
}

Status ValidPolicyVersion(const char* v) {
  if (!v) return Status::Invalid("policy_version is NULL");
  const size_t n = std::strlen(v);
  if (n == 0 || n > 64) return Status::Invalid("policy_version must be 1..64 bytes");
  for (size_t i = 0; i < n; ++i)
    if (static_cast<unsigned char>(v[i]) < 0x20 || v[i] == 0x7f) return Status::Invalid("policy_version has a control character");
  return Status::OK();
}

}  // namespace

extern "C" {

tacit_status tacit_consent_set(tacit_t* h, int32_t purpose, int32_t state, const char* policy_version) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(ValidPurpose(purpose));
    if (state != TACIT_CONSENT_GIVEN && state != TACIT_CONSENT_REVOKED)
      return Status::Invalid("state must be TACIT_CONSENT_GIVEN or TACIT_CONSENT_REVOKED");
    TACIT_RETURN_IF_ERROR(ValidPolicyVersion(policy_version));
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_RETURN_IF_ERROR(tacit::SetConsents(s.db(), {{purpose, state}}, policy_version, h->clock.Now(), "api"));
      return tacit::RefreshControls(h);
    });
  });
}

tacit_status tacit_consent_get(tacit_t* h, int32_t purpose, int32_t* state) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(ValidPurpose(purpose));
    if (!state) return Status::Invalid("state is NULL");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_ASSIGN_OR_RETURN(tacit::ConsentRecord r, tacit::GetConsent(s.db(), purpose));
      *state = r.state;
      return Status::OK();
    });
  });
}

tacit_status tacit_consent_set_tcf(tacit_t* h, const char* tc_string, uint16_t vendor_id) {
  return Guard([&] {
    if (!tc_string) return Status(TACIT_ERR_TCF_MALFORMED, "TC string is NULL");
    if (vendor_id == 0) return Status::Invalid("vendor_id must be the brand's GVL id (1..65535)");
    TACIT_ASSIGN_OR_RETURN(tacit::TcfCore core, tacit::ParseTcString(tc_string));
    const tacit::TcfPurposeMapping m = tacit::MapTcfToPurposes(core, vendor_id);
    auto state = [](tacit::TcfConsent c) { return c == tacit::TcfConsent::kGiven ? TACIT_CONSENT_GIVEN : TACIT_CONSENT_REVOKED; };
    const std::string version = "tcf-policy-" + std::to_string(core.policy_version) + "/gvl-" +
                                std::to_string(core.vendor_list_version);
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_RETURN_IF_ERROR(tacit::SetConsents(s.db(),
                                               {{TACIT_PURPOSE_PERSONALIZATION, state(m.personalization)},
                                                {TACIT_PURPOSE_MEASUREMENT, state(m.measurement)}},
                                               version, h->clock.Now(), "tcf"));
      return tacit::RefreshControls(h);
    });
  });
}

tacit_status tacit_reports_prepare(tacit_t* h, size_t* made) {
  return Guard([&] {
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      if (!h->index) return Status(TACIT_ERR_NO_CATALOG, "no catalog is active: metrics come from the catalog");
      tacit::ldp::SodiumRng rng;
      TACIT_ASSIGN_OR_RETURN(tacit::PrepareOutcome o,
                             tacit::PrepareReports(s, *h->index, h->clock.Now(), h->half_life_ms, rng));
      if (made) *made = o.made;
      return Status::OK();
    });
  });
}

tacit_status tacit_outbox_next(tacit_t* h, tacit_outgoing_report_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_ASSIGN_OR_RETURN(auto reports, tacit::ReadOutbox(s.db(), 1));
      if (reports.empty()) return Status::NotFound("the outbox is empty");
      // One allocation: the struct, then the sealed bytes, then the metric id. Freed with free().
      const tacit::QueuedReport& r = reports.front();
      const size_t total = sizeof(tacit_outgoing_report_t) + r.sealed.size() + r.metric_id.size() + 1;
      auto* view = static_cast<tacit_outgoing_report_t*>(std::malloc(total));
      if (!view) return Status(TACIT_ERR_NO_MEMORY, "out of memory");
      uint8_t* bytes = reinterpret_cast<uint8_t*>(view + 1);
      char* metric = reinterpret_cast<char*>(bytes + r.sealed.size());
      std::memcpy(bytes, r.sealed.data(), r.sealed.size());
      std::memcpy(metric, r.metric_id.c_str(), r.metric_id.size() + 1);
      view->bytes = bytes;
      view->len = r.sealed.size();
      std::memcpy(view->report_id, r.report_id.data(), sizeof view->report_id);
      view->metric_id = metric;
      view->period = r.period;
      view->epsilon = r.epsilon;
      *out = view;
      return Status::OK();
    });
  });
}

void tacit_outgoing_report_free(tacit_outgoing_report_t* r) { std::free(r); }

tacit_status tacit_outbox_ack(tacit_t* h, const uint8_t* report_id, size_t len) {
  return Guard([&] {
    if (!report_id || len != tacit::report::kReportIdBytes) return Status::Invalid("a report id is 16 bytes");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) { return tacit::AckReport(s.db(), report_id, h->clock.Now()); });
  });
}

tacit_status tacit_outbox_size(tacit_t* h, size_t* out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_ASSIGN_OR_RETURN(uint64_t n, tacit::OutboxSize(s.db()));
      *out = size_t(n);
      return Status::OK();
    });
  });
}

}  // extern "C"

// The C API for consent, reports and the outbox.
#include <cstdlib>
#include <cstring>
#include <string>

#include "api/boundary.h"
#include "api/handle.h"
#include "dap/dap09.h"
#include "consent/tcf.h"
#include "core/validate.h"

using tacit::Guard;
using tacit::Session;
using tacit::Status;

namespace {

Status ValidPurpose(int32_t purpose) {
  if (purpose != TACIT_PURPOSE_PERSONALIZATION && purpose != TACIT_PURPOSE_MEASUREMENT)
    return Status::Invalid("purpose is not a tacit_purpose");
  return Status::OK();
}

}  // namespace

extern "C" {

tacit_status tacit_consent_set(tacit_t* h, int32_t purpose, int32_t state, const char* policy_version) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(ValidPurpose(purpose));
    if (state != TACIT_CONSENT_GIVEN && state != TACIT_CONSENT_REVOKED)
      return Status::Invalid("state must be TACIT_CONSENT_GIVEN or TACIT_CONSENT_REVOKED");
    TACIT_RETURN_IF_ERROR(tacit::ValidateText(policy_version, 1, 64, "policy_version"));
    return tacit::WithSession(h, [&](Session& s) { return s.SetConsents({{purpose, state}}, policy_version, "api"); });
  });
}

tacit_status tacit_consent_get(tacit_t* h, int32_t purpose, int32_t* state) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(ValidPurpose(purpose));
    if (!state) return Status::Invalid("state is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(*state, s.GetConsent(purpose));
      return Status::OK();
    });
  });
}

tacit_status tacit_consent_set_tcf(tacit_t* h, const char* tc_string, uint16_t vendor_id) {
  return Guard([&] {
    if (!tc_string) return Status::Invalid("tc_string is NULL");
    if (vendor_id == 0) return Status::Invalid("vendor_id must be the brand's GVL id (1..65535)");
    TACIT_ASSIGN_OR_RETURN(tacit::TcfCore core, tacit::ParseTcString(tc_string));
    const tacit::TcfPurposeMapping m = tacit::MapTcfToPurposes(core, vendor_id);
    auto state = [](tacit::TcfConsent c) { return c == tacit::TcfConsent::kGiven ? TACIT_CONSENT_GIVEN : TACIT_CONSENT_REVOKED; };
    const std::string version = "tcf-policy-" + std::to_string(core.policy_version) + "/gvl-" +
                                std::to_string(core.vendor_list_version);
    return tacit::WithSession(h, [&](Session& s) {
      return s.SetConsents({{TACIT_PURPOSE_PERSONALIZATION, state(m.personalization)},
                            {TACIT_PURPOSE_MEASUREMENT, state(m.measurement)}},
                           version, "tcf");
    });
  });
}

tacit_status tacit_reports_prepare(tacit_t* h, size_t* made) {
  return Guard([&] {
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(tacit::PrepareOutcome o, s.PrepareReports());
      if (made) *made = o.made;
      return Status::OK();
    });
  });
}

tacit_status tacit_outbox_next(tacit_t* h, tacit_outgoing_report_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(tacit::QueuedReport r, s.OutboxNext());
      // One allocation: the struct, the sealed bytes, the metric id, then for DAP the URL and media type.
      // Freed with free().
      const bool dap = r.transport == TACIT_TRANSPORT_DAP;
      const std::string media = dap ? tacit::dap::kMediaReport : "";
      const size_t extra = dap ? r.upload_url.size() + 1 + media.size() + 1 : 0;
      const size_t total = sizeof(tacit_outgoing_report_t) + r.sealed.size() + r.metric_id.size() + 1 + extra;
      auto* view = static_cast<tacit_outgoing_report_t*>(std::malloc(total));
      if (!view) return Status(TACIT_ERR_NO_MEMORY, "out of memory");
      uint8_t* bytes = reinterpret_cast<uint8_t*>(view + 1);
      char* metric = reinterpret_cast<char*>(bytes + r.sealed.size());
      std::memcpy(bytes, r.sealed.data(), r.sealed.size());
      std::memcpy(metric, r.metric_id.c_str(), r.metric_id.size() + 1);
      view->struct_size = sizeof(tacit_outgoing_report_t);
      view->bytes = bytes;
      view->len = r.sealed.size();
      std::memcpy(view->report_id, r.report_id.data(), sizeof view->report_id);
      view->metric_id = metric;
      view->period = r.period;
      view->epsilon = r.epsilon;
      view->transport = dap ? TACIT_TRANSPORT_DAP : TACIT_TRANSPORT_LDP_REPORT;
      view->upload_url = nullptr;
      view->media_type = nullptr;
      if (dap) {
        char* url = metric + r.metric_id.size() + 1;
        std::memcpy(url, r.upload_url.c_str(), r.upload_url.size() + 1);
        char* type = url + r.upload_url.size() + 1;
        std::memcpy(type, media.c_str(), media.size() + 1);
        view->upload_url = url;
        view->media_type = type;
      }
      *out = view;
      return Status::OK();
    });
  });
}

void tacit_outgoing_report_free(tacit_outgoing_report_t* r) { std::free(r); }

tacit_status tacit_outbox_ack(tacit_t* h, const uint8_t* report_id, size_t len) {
  return Guard([&] {
    if (!report_id) return Status::Invalid("report_id is NULL");
    if (len != tacit::report::kReportIdBytes) return Status::Invalid("a report id is 16 bytes");
    return tacit::WithSession(h, [&](Session& s) { return s.OutboxAck(report_id); });
  });
}

tacit_status tacit_outbox_size(tacit_t* h, size_t* out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(uint64_t n, s.OutboxSize());
      *out = size_t(n);
      return Status::OK();
    });
  });
}

}  // extern "C"

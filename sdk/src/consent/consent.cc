#include "consent/consent.h"

namespace tacit {

const char* PurposeName(int32_t purpose) {
  switch (purpose) {
    case TACIT_PURPOSE_PERSONALIZATION: return "personalization";
    case TACIT_PURPOSE_MEASUREMENT: return "measurement";
    default: return "unknown";
  }
}

const char* ConsentStateName(int32_t state) {
  switch (state) {
    case TACIT_CONSENT_GIVEN: return "given";
    case TACIT_CONSENT_REVOKED: return "revoked";
    default: return "unknown";
  }
}

Result<ConsentRecord> GetConsent(ProfileStore& store, int32_t purpose) {
  TACIT_ASSIGN_OR_RETURN(std::vector<ConsentRecord> all, store.ReadConsents());
  for (ConsentRecord& r : all)
    if (r.purpose == purpose) return std::move(r);
  ConsentRecord r;
  r.purpose = purpose;
  return r;
}

Result<size_t> SetConsents(ProfileStore& store, const std::vector<ConsentChange>& changes,
                           const std::string& policy_version, int64_t now_ms, const char* source) {
  std::vector<ConsentRecord> records;
  for (const ConsentChange& c : changes) {
    TACIT_ASSIGN_OR_RETURN(ConsentRecord current, GetConsent(store, c.purpose));
    if (current.state == c.state && current.policy_version == policy_version) continue;
    records.push_back({c.purpose, c.state, policy_version, now_ms, source});
  }
  if (records.empty()) return size_t(0);
  TACIT_RETURN_IF_ERROR(store.WriteConsents(records));
  return records.size();
}

Result<std::vector<ConsentRecord>> ConsentHistory(ProfileStore& store) { return store.ReadConsentHistory(); }

std::vector<TimeWindow> GivenWindows(const std::vector<ConsentRecord>& history, int32_t purpose) {
  std::vector<TimeWindow> out;
  bool open = false;
  for (const ConsentRecord& r : history) {
    if (r.purpose != purpose) continue;
    if (r.state == TACIT_CONSENT_GIVEN && !open) {
      out.push_back({r.ts, INT64_MAX});
      open = true;
    } else if (r.state != TACIT_CONSENT_GIVEN && open) {
      out.back().end_ms = r.ts;
      open = false;
    }
  }
  return out;
}

}  // namespace tacit

// Consent per purpose, persisted in the encrypted profile with its history. Unknown means no.
#ifndef TACIT_CONSENT_CONSENT_H_
#define TACIT_CONSENT_CONSENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/profile_store.h"
#include "tacit/tacit.h"

namespace tacit {

using ConsentRecord = StoredConsent;

struct ConsentChange {
  int32_t purpose;
  int32_t state;
};

const char* PurposeName(int32_t purpose);     // "personalization", "measurement"
const char* ConsentStateName(int32_t state);  // "unknown", "given", "revoked"

// The current record; state UNKNOWN (ts 0) when the user was never asked.
Result<ConsentRecord> GetConsent(ProfileStore& store, int32_t purpose);
// Applies the changes that change something (a purpose's state or policy version) in one transaction,
// appends them to the history, and purges the outbox of every purpose revoked. Re-applying what is already
// recorded — a CMP that re-applies the same TC string at every launch — changes nothing, not even the
// time of consent. Returns how many purposes changed. REQUIRES: purposes and states validated.
Result<size_t> SetConsents(ProfileStore& store, const std::vector<ConsentChange>& changes,
                           const std::string& policy_version, int64_t now_ms, const char* source);
Result<std::vector<ConsentRecord>> ConsentHistory(ProfileStore& store);

// The windows [given, next change) in which `purpose` was given, from the history (oldest first); the last
// one ends at INT64_MAX while the purpose is still given. Only behaviour in these windows counts for it.
std::vector<TimeWindow> GivenWindows(const std::vector<ConsentRecord>& history, int32_t purpose);

}  // namespace tacit

#endif  // TACIT_CONSENT_CONSENT_H_

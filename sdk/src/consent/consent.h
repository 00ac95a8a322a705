// Consent per purpose, persisted in the encrypted profile with its history. Unknown means no.
#ifndef TACIT_CONSENT_CONSENT_H_
#define TACIT_CONSENT_CONSENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/sqlite.h"
#include "tacit/tacit.h"

namespace tacit {

struct ConsentRecord {
  int32_t purpose = 0;
  int32_t state = TACIT_CONSENT_UNKNOWN;
  std::string policy_version;
  int64_t ts = 0;
  std::string source;  // "api" or "tcf"
};

struct ConsentChange {
  int32_t purpose;
  int32_t state;
};

const char* PurposeName(int32_t purpose);     // "personalization", "measurement"
const char* ConsentStateName(int32_t state);  // "unknown", "given", "revoked"

// The current record; state UNKNOWN (ts 0) when the user was never asked.
Result<ConsentRecord> GetConsent(Db& db, int32_t purpose);
// Applies changes in one transaction, appends them to the history, and purges the outbox of every
// purpose revoked. REQUIRES: purposes and states validated.
Status SetConsents(Db& db, const std::vector<ConsentChange>& changes, const std::string& policy_version,
                   int64_t now_ms, const char* source);
Result<std::vector<ConsentRecord>> ConsentHistory(Db& db);

}  // namespace tacit

#endif  // TACIT_CONSENT_CONSENT_H_

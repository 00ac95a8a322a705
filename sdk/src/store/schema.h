// The profile's versioned schema. PRAGMA user_version holds the version; migrations only go forward and
// all of them run in one transaction at open.
#ifndef TACIT_STORE_SCHEMA_H_
#define TACIT_STORE_SCHEMA_H_

#include "core/status.h"
#include "store/sqlite.h"

namespace tacit {

// The version this build writes. A file with a higher version is refused and left untouched.
int CurrentSchemaVersion();

// Brings `db` from its version up to `target` (<= CurrentSchemaVersion()) in one transaction.
Status Migrate(Db& db, int target);

}  // namespace tacit

#endif  // TACIT_STORE_SCHEMA_H_

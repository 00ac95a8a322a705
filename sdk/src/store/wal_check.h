// A look at profile.db-wal before SQLite recovers it. SQLite's recovery keeps the frames up to the first one
// whose checksum fails and silently drops the rest, so one damaged byte can drop every later acknowledged
// transaction. Each frame's checksum chains from the previous frame's stored checksum, so a frame after a
// damaged one can still be verified on its own: a damaged frame of this WAL generation (its salts match the
// header) followed by a verifiable commit frame means acknowledged transactions would be lost, and the open
// fails with CORRUPT instead. A torn or never-written tail (a crash) is not damage: its frames carry old
// salts or do not chain. Cost: one sequential read of the WAL (kept near 1 MiB).
#ifndef TACIT_STORE_WAL_CHECK_H_
#define TACIT_STORE_WAL_CHECK_H_

#include <string>

#include "core/status.h"

namespace tacit {

// OK when the file is absent, empty or sound up to its last commit; CORRUPT as above; IO if unreadable.
Status CheckWal(const std::string& wal_path);

}  // namespace tacit

#endif  // TACIT_STORE_WAL_CHECK_H_

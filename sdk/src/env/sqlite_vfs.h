// The "tacit" SQLite VFS: SQLite's default VFS with every file operation first put to Env::Current()->Fault()
// (open, read, write, sync, truncate, delete). A fault becomes the code SQLite expects from a real failure:
// ENOSPC is SQLITE_FULL, anything else the matching SQLITE_IOERR_*. Every profile database is opened on it.
//
// Power-loss simulation (as SQLite's own crash VFS does): while Env::Current()->TrackUnsynced() is true, the
// VFS remembers what each write and truncate replaced since that file's last successful sync;
// DropUnsyncedWrites() puts it all back, leaving each file as a power cut would (only synced data remains).
// Directory entries (creations, renames, deletions) are not modelled.
#ifndef TACIT_ENV_SQLITE_VFS_H_
#define TACIT_ENV_SQLITE_VFS_H_

#include "core/status.h"

namespace tacit {

// Registers the VFS once (thread-safe) and returns its name for sqlite3_open_v2.
Result<const char*> TacitVfs();

// How many SQLite file operations have failed on this thread (injected or real; reads past the end of a file
// excepted). A caller compares it before and after a step to tell an I/O error SQLite reported as "not a
// database" or a failed page check from real damage.
uint64_t VfsIoErrors();

// Tests: reverts every recorded unsynced write. Call with every connection closed.
void DropUnsyncedWrites();
// Tests: forgets the records without reverting anything.
void ForgetUnsyncedWrites();

}  // namespace tacit

#endif  // TACIT_ENV_SQLITE_VFS_H_

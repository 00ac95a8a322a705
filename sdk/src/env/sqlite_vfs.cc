#include "env/sqlite_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "env/env.h"

namespace tacit {
namespace {

constexpr char kVfsName[] = "tacit";

struct TacitFile {
  sqlite3_file base;
  const char* path;  // SQLite keeps the name valid until xClose; null for temporary files
  bool track;        // a database, journal or WAL file whose unsynced writes a crash may drop
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(this) + kHeader); }
  static const size_t kHeader;
};
const size_t TacitFile::kHeader = (sizeof(TacitFile) + 15) & ~size_t(15);

sqlite3_vfs* RealVfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }
TacitFile* AsFile(sqlite3_file* f) { return reinterpret_cast<TacitFile*>(f); }

// --- Power-loss records (tests only; empty and unlocked in production, where TrackUnsynced() is false) ---
struct Undo {
  int64_t offset;
  std::string old_bytes;  // what the write replaced (shorter than the write where it extended the file)
};
struct FileUndo {
  int64_t synced_size = 0;
  std::vector<Undo> undos;
};
std::mutex g_undo_mu;
std::map<std::string, FileUndo>& UndoLog() {
  static std::map<std::string, FileUndo>* log = new std::map<std::string, FileUndo>();
  return *log;
}

// Records what [off, off + n) holds now, before a write or truncate replaces it. Allocation failures here
// only lose test records; nothing escapes into SQLite.
void Remember(TacitFile* f, int64_t off, int64_t n) {
  if (!f->track || !f->path || !Env::Current()->TrackUnsynced()) return;
#if defined(__cpp_exceptions)
  try {
#endif
    sqlite3_int64 size = 0;
    if (f->real()->pMethods->xFileSize(f->real(), &size) != SQLITE_OK) return;
    std::lock_guard<std::mutex> lock(g_undo_mu);
    auto it = UndoLog().find(f->path);
    if (it == UndoLog().end()) it = UndoLog().emplace(f->path, FileUndo{static_cast<int64_t>(size), {}}).first;
    Undo u{off, std::string()};
    if (off < size) {
      u.old_bytes.resize(static_cast<size_t>(std::min<int64_t>(n, size - off)));
      f->real()->pMethods->xRead(f->real(), &u.old_bytes[0], static_cast<int>(u.old_bytes.size()), off);
    }
    it->second.undos.push_back(std::move(u));
#if defined(__cpp_exceptions)
  } catch (...) {
  }
#endif
}

void Synced(TacitFile* f) {
  if (!f->track || !f->path || !Env::Current()->TrackUnsynced()) return;
  std::lock_guard<std::mutex> lock(g_undo_mu);
  UndoLog().erase(f->path);
}

thread_local uint64_t t_io_errors = 0;
// Counts a failed operation for VfsIoErrors(); returns rc.
int Counted(int rc) {
  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) ++t_io_errors;
  return rc;
}

int Fault(FileOp op, TacitFile* f, size_t* len = nullptr) {
  return Env::Current()->Fault(op, f->path ? f->path : "", len);
}

// --- io methods ---
int xClose(sqlite3_file* p) {
  TacitFile* f = AsFile(p);
  int rc = f->real()->pMethods ? f->real()->pMethods->xClose(f->real()) : SQLITE_OK;
  return rc;
}
int xRead(sqlite3_file* p, void* buf, int n, sqlite3_int64 off) {
  TacitFile* f = AsFile(p);
  if (Fault(FileOp::kRead, f)) return Counted(SQLITE_IOERR_READ);
  return Counted(f->real()->pMethods->xRead(f->real(), buf, n, off));
}
int xWrite(sqlite3_file* p, const void* buf, int n, sqlite3_int64 off) {
  TacitFile* f = AsFile(p);
  size_t len = static_cast<size_t>(n);
  int err = Fault(FileOp::kWrite, f, &len);
  int full = err == ENOSPC ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  if (err && len == 0) return Counted(full);
  int todo = err ? static_cast<int>(std::min<size_t>(len, static_cast<size_t>(n))) : n;
  Remember(f, off, todo);
  int rc = f->real()->pMethods->xWrite(f->real(), buf, todo, off);
  if (rc != SQLITE_OK) return Counted(rc);
  return Counted(err ? full : SQLITE_OK);
}
int xTruncate(sqlite3_file* p, sqlite3_int64 size) {
  TacitFile* f = AsFile(p);
  if (int err = Fault(FileOp::kTruncate, f)) return Counted(err == ENOSPC ? SQLITE_FULL : SQLITE_IOERR_TRUNCATE);
  sqlite3_int64 cur = 0;
  if (f->track && Env::Current()->TrackUnsynced() && f->real()->pMethods->xFileSize(f->real(), &cur) == SQLITE_OK &&
      cur > size)
    Remember(f, size, cur - size);
  return Counted(f->real()->pMethods->xTruncate(f->real(), size));
}
int xSync(sqlite3_file* p, int flags) {
  TacitFile* f = AsFile(p);
  if (Fault(FileOp::kSync, f)) return Counted(SQLITE_IOERR_FSYNC);
  int rc = Counted(f->real()->pMethods->xSync(f->real(), flags));
  if (rc == SQLITE_OK) Synced(f);
  return rc;
}
int xFileSize(sqlite3_file* p, sqlite3_int64* size) {
  TacitFile* f = AsFile(p);
  return f->real()->pMethods->xFileSize(f->real(), size);
}
int xLock(sqlite3_file* p, int level) { return AsFile(p)->real()->pMethods->xLock(AsFile(p)->real(), level); }
int xUnlock(sqlite3_file* p, int level) { return AsFile(p)->real()->pMethods->xUnlock(AsFile(p)->real(), level); }
int xCheckReservedLock(sqlite3_file* p, int* out) {
  return AsFile(p)->real()->pMethods->xCheckReservedLock(AsFile(p)->real(), out);
}
int xFileControl(sqlite3_file* p, int op, void* arg) {
  return AsFile(p)->real()->pMethods->xFileControl(AsFile(p)->real(), op, arg);
}
int xSectorSize(sqlite3_file* p) { return AsFile(p)->real()->pMethods->xSectorSize(AsFile(p)->real()); }
int xDeviceCharacteristics(sqlite3_file* p) {
  return AsFile(p)->real()->pMethods->xDeviceCharacteristics(AsFile(p)->real());
}
int xShmMap(sqlite3_file* p, int pg, int sz, int extend, void volatile** out) {
  sqlite3_file* r = AsFile(p)->real();
  if (r->pMethods->iVersion < 2) return SQLITE_IOERR_SHMMAP;
  return r->pMethods->xShmMap(r, pg, sz, extend, out);
}
int xShmLock(sqlite3_file* p, int off, int n, int flags) {
  sqlite3_file* r = AsFile(p)->real();
  return r->pMethods->xShmLock(r, off, n, flags);
}
void xShmBarrier(sqlite3_file* p) {
  sqlite3_file* r = AsFile(p)->real();
  r->pMethods->xShmBarrier(r);
}
int xShmUnmap(sqlite3_file* p, int del) {
  sqlite3_file* r = AsFile(p)->real();
  return r->pMethods->xShmUnmap(r, del);
}
int xFetch(sqlite3_file* p, sqlite3_int64 off, int n, void** out) {
  sqlite3_file* r = AsFile(p)->real();
  if (r->pMethods->iVersion < 3) {
    *out = nullptr;
    return SQLITE_OK;
  }
  return r->pMethods->xFetch(r, off, n, out);
}
int xUnfetch(sqlite3_file* p, sqlite3_int64 off, void* ptr) {
  sqlite3_file* r = AsFile(p)->real();
  if (r->pMethods->iVersion < 3) return SQLITE_OK;
  return r->pMethods->xUnfetch(r, off, ptr);
}

const sqlite3_io_methods kIoMethods = {
    3,           xClose,       xRead,       xWrite,      xTruncate, xSync,   xFileSize,
    xLock,       xUnlock,      xCheckReservedLock,       xFileControl,        xSectorSize,
    xDeviceCharacteristics,    xShmMap,     xShmLock,    xShmBarrier, xShmUnmap, xFetch, xUnfetch,
};

// --- vfs methods ---
int vOpen(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* p, int flags, int* out_flags) {
  TacitFile* f = AsFile(p);
  f->base.pMethods = nullptr;
  f->path = name;
  f->track = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL)) != 0;
  if (int err = Fault(FileOp::kOpen, f)) return Counted(err == ENOSPC ? SQLITE_FULL : SQLITE_CANTOPEN);
  int rc = RealVfs(vfs)->xOpen(RealVfs(vfs), name, f->real(), flags, out_flags);
  if (rc != SQLITE_OK && rc != SQLITE_CANTOPEN) Counted(rc);  // a missing file is not an I/O error
  if (f->real()->pMethods) f->base.pMethods = &kIoMethods;
  return rc;
}
int vDelete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  if (Env::Current()->Fault(FileOp::kUnlink, name, nullptr)) return Counted(SQLITE_IOERR_DELETE);
  if (Env::Current()->TrackUnsynced()) {
    std::lock_guard<std::mutex> lock(g_undo_mu);
    UndoLog().erase(name);
  }
  return RealVfs(vfs)->xDelete(RealVfs(vfs), name, sync_dir);
}
int vAccess(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return RealVfs(vfs)->xAccess(RealVfs(vfs), name, flags, out);
}
int vFullPathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return RealVfs(vfs)->xFullPathname(RealVfs(vfs), name, n, out);
}
void* vDlOpen(sqlite3_vfs* vfs, const char* name) { return RealVfs(vfs)->xDlOpen(RealVfs(vfs), name); }
void vDlError(sqlite3_vfs* vfs, int n, char* msg) { RealVfs(vfs)->xDlError(RealVfs(vfs), n, msg); }
void (*vDlSym(sqlite3_vfs* vfs, void* h, const char* sym))(void) { return RealVfs(vfs)->xDlSym(RealVfs(vfs), h, sym); }
void vDlClose(sqlite3_vfs* vfs, void* h) { RealVfs(vfs)->xDlClose(RealVfs(vfs), h); }
int vRandomness(sqlite3_vfs* vfs, int n, char* out) { return RealVfs(vfs)->xRandomness(RealVfs(vfs), n, out); }
int vSleep(sqlite3_vfs* vfs, int us) { return RealVfs(vfs)->xSleep(RealVfs(vfs), us); }
int vCurrentTime(sqlite3_vfs* vfs, double* out) { return RealVfs(vfs)->xCurrentTime(RealVfs(vfs), out); }
int vGetLastError(sqlite3_vfs* vfs, int n, char* out) {
  return RealVfs(vfs)->xGetLastError ? RealVfs(vfs)->xGetLastError(RealVfs(vfs), n, out) : 0;
}
int vCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return RealVfs(vfs)->xCurrentTimeInt64(RealVfs(vfs), out);
}
int vSetSystemCall(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr ptr) {
  return RealVfs(vfs)->xSetSystemCall(RealVfs(vfs), name, ptr);
}
sqlite3_syscall_ptr vGetSystemCall(sqlite3_vfs* vfs, const char* name) {
  return RealVfs(vfs)->xGetSystemCall(RealVfs(vfs), name);
}
const char* vNextSystemCall(sqlite3_vfs* vfs, const char* name) {
  return RealVfs(vfs)->xNextSystemCall(RealVfs(vfs), name);
}

sqlite3_vfs g_vfs;
int g_register_rc = SQLITE_ERROR;
std::once_flag g_once;

// Fills g_vfs from SQLite's default VFS (needs sqlite3_initialize).
void Fill() {
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (!real || real->iVersion < 3) return;
  g_vfs.iVersion = 3;
  g_vfs.szOsFile = static_cast<int>(TacitFile::kHeader) + real->szOsFile;
  g_vfs.mxPathname = real->mxPathname;
  g_vfs.zName = kVfsName;
  g_vfs.pAppData = real;
  g_vfs.xOpen = vOpen;
  g_vfs.xDelete = vDelete;
  g_vfs.xAccess = vAccess;
  g_vfs.xFullPathname = vFullPathname;
  g_vfs.xDlOpen = vDlOpen;
  g_vfs.xDlError = vDlError;
  g_vfs.xDlSym = vDlSym;
  g_vfs.xDlClose = vDlClose;
  g_vfs.xRandomness = vRandomness;
  g_vfs.xSleep = vSleep;
  g_vfs.xCurrentTime = vCurrentTime;
  g_vfs.xGetLastError = vGetLastError;
  g_vfs.xCurrentTimeInt64 = vCurrentTimeInt64;
  g_vfs.xSetSystemCall = vSetSystemCall;
  g_vfs.xGetSystemCall = vGetSystemCall;
  g_vfs.xNextSystemCall = vNextSystemCall;
}

void Register() {
  if (sqlite3_initialize() != SQLITE_OK) return;
  Fill();
  if (g_vfs.xOpen) g_register_rc = sqlite3_vfs_register(&g_vfs, 0);
}

Status SqliteVfsError(int rc) {
  if (rc == SQLITE_NOMEM) return Status(TACIT_ERR_NO_MEMORY, "could not register the tacit SQLite VFS: out of memory");
  return Status::Internal("could not register the tacit SQLite VFS");
}

}  // namespace

Result<const char*> TacitVfs() {
  std::call_once(g_once, Register);
  // Registered again after a failed first attempt or an sqlite3_shutdown() (tests reconfigure SQLite).
  if (g_register_rc != SQLITE_OK || sqlite3_vfs_find(kVfsName) == nullptr) {
    if (sqlite3_initialize() != SQLITE_OK) return Status(TACIT_ERR_NO_MEMORY, "SQLite could not be initialised");
    if (!g_vfs.xOpen) Fill();
    if (!g_vfs.xOpen) return Status::Internal("the default SQLite VFS is too old for tacit");
    g_register_rc = sqlite3_vfs_register(&g_vfs, 0);
    if (g_register_rc != SQLITE_OK) return SqliteVfsError(g_register_rc);
  }
  return kVfsName;
}

uint64_t VfsIoErrors() { return t_io_errors; }

void DropUnsyncedWrites() {
  std::lock_guard<std::mutex> lock(g_undo_mu);
  for (auto& [path, file] : UndoLog()) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) continue;  // deleted since
    for (auto it = file.undos.rbegin(); it != file.undos.rend(); ++it)
      if (!it->old_bytes.empty()) (void)!::pwrite(fd, it->old_bytes.data(), it->old_bytes.size(), it->offset);
    (void)!::ftruncate(fd, file.synced_size);
    ::close(fd);
  }
  UndoLog().clear();
}

void ForgetUnsyncedWrites() {
  std::lock_guard<std::mutex> lock(g_undo_mu);
  UndoLog().clear();
}

}  // namespace tacit

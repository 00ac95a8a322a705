// Env: the one seam under every file operation tacit makes (leveldb's sense). tacit's own files (key.meta,
// LOCK, the erase tombstone, the rekey file) go through Env's methods; SQLite's files go through the "tacit"
// VFS (env/sqlite_vfs.h), which asks the same Env, through Fault(), before each operation it forwards to
// SQLite's default VFS. Tests install an Env that fails chosen operations (ENOSPC, EIO, short writes, failed
// fsync) or simulates a crash.
//
// Thread safety: the installed Env is process-wide and must be safe to call from any thread. Installing one
// is for tests only and must happen while no profile is open.
#ifndef TACIT_ENV_ENV_H_
#define TACIT_ENV_ENV_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/status.h"

namespace tacit {

enum class FileOp : uint8_t {
  kOpen,      // open or create a file
  kRead,
  kWrite,
  kSync,      // fsync/fdatasync of a file
  kTruncate,
  kRename,
  kUnlink,
  kMkdir,
  kRmdir,
  kSyncDir,   // fsync of a directory (makes renames and unlinks durable)
  kLock,
  kStat,
};
const char* FileOpName(FileOp op);

struct FileInfo {
  uint64_t size = 0;
  uint64_t dev = 0;
  uint64_t ino = 0;
  bool is_dir = false;
};

class Env {
 public:
  virtual ~Env() = default;

  // The Env tacit uses now (POSIX unless a test installed another).
  static Env* Current();
  // POSIX, forwarding straight to the system.
  static Env* Posix();
  // Installs `env` (nullptr restores POSIX). Tests only; no profile may be open.
  static void SetCurrentForTesting(Env* env);

  // Asked before each operation: 0 lets it run; an errno value fails it with that error. For kWrite,
  // lowering *len makes a short write: that many bytes are written, then the operation fails with the
  // returned errno. PosixEnv never fails anything here.
  virtual int Fault(FileOp op, const char* path, size_t* len) {
    (void)op, (void)path, (void)len;
    return 0;
  }
  // True while a test records unsynced SQLite writes so that a crash can drop them (sqlite_vfs.h).
  virtual bool TrackUnsynced() const { return false; }

  // File descriptors, POSIX semantics. Every error is TACIT_ERR_IO with the errno text (ENOSPC reads
  // "No space left on device"); Open of a missing file without O_CREAT is TACIT_ERR_NOT_FOUND.
  virtual Result<int> Open(const std::string& path, int flags, int mode);
  virtual void Close(int fd);
  // Reads up to n bytes at `off`; fewer only at end of file.
  virtual Result<size_t> ReadAt(int fd, const std::string& path, void* buf, size_t n, uint64_t off);
  // Writes all n bytes at `off` or fails.
  virtual Status WriteAt(int fd, const std::string& path, const void* buf, size_t n, uint64_t off);
  virtual Status Sync(int fd, const std::string& path);
  virtual Status Rename(const std::string& from, const std::string& to);
  // A missing file is fine.
  virtual Status Unlink(const std::string& path);
  // An existing directory is fine.
  virtual Status CreateDir(const std::string& path, int mode);
  // Fails (quietly, with a Status) when the directory is not empty.
  virtual Status RemoveDir(const std::string& path);
  virtual Status SyncDir(const std::string& path);
  // NOT_FOUND when absent.
  virtual Result<FileInfo> Stat(const std::string& path);
  virtual Result<FileInfo> StatFd(int fd, const std::string& path);
  // An exclusive POSIX record lock on the whole file (fcntl F_SETLK), held by this process until it closes any
  // descriptor of the file; never inherited by a fork()ed child. BUSY when another process holds it.
  virtual Status LockFile(int fd, const std::string& path);
};

// A file descriptor that closes itself through the current Env.
class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() { Reset(); }
  ScopedFd(ScopedFd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  ScopedFd& operator=(ScopedFd&& o) noexcept {
    if (this != &o) {
      Reset();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void Reset() {
    if (fd_ >= 0) Env::Current()->Close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Whole-file helpers over the current Env.
// Writes `data` to path.tmp, syncs it, renames it over `path` and syncs the directory.
Status WriteFileAtomic(const std::string& path, const void* data, size_t n);
// Reads at most max_len bytes; NOT_FOUND when absent. Sets *truncated when the file is longer.
Result<std::string> ReadSmallFile(const std::string& path, size_t max_len, bool* truncated = nullptr);
std::string DirName(const std::string& path);

}  // namespace tacit

#endif  // TACIT_ENV_ENV_H_

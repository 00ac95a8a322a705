#include "env/env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace tacit {
namespace {

Env g_posix;
std::atomic<Env*> g_current{&g_posix};

Status ErrnoStatus(int err, const char* what, const std::string& path) {
  return Status::IO(std::string(what) + " " + path + ": " + std::strerror(err));
}

}  // namespace

const char* FileOpName(FileOp op) {
  switch (op) {
    case FileOp::kOpen: return "open";
    case FileOp::kRead: return "read";
    case FileOp::kWrite: return "write";
    case FileOp::kSync: return "sync";
    case FileOp::kTruncate: return "truncate";
    case FileOp::kRename: return "rename";
    case FileOp::kUnlink: return "unlink";
    case FileOp::kMkdir: return "mkdir";
    case FileOp::kRmdir: return "rmdir";
    case FileOp::kSyncDir: return "sync directory";
    case FileOp::kLock: return "lock";
    case FileOp::kStat: return "stat";
  }
  return "file operation";
}

Env* Env::Current() { return g_current.load(std::memory_order_acquire); }
Env* Env::Posix() { return &g_posix; }
void Env::SetCurrentForTesting(Env* env) { g_current.store(env ? env : &g_posix, std::memory_order_release); }

Result<int> Env::Open(const std::string& path, int flags, int mode) {
  if (int err = Fault(FileOp::kOpen, path.c_str(), nullptr)) return ErrnoStatus(err, "open", path);
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == ENOENT && !(flags & O_CREAT)) return Status::NotFound("no file " + path);
    return ErrnoStatus(errno, "open", path);
  }
  return fd;
}

void Env::Close(int fd) { ::close(fd); }

Result<size_t> Env::ReadAt(int fd, const std::string& path, void* buf, size_t n, uint64_t off) {
  if (int err = Fault(FileOp::kRead, path.c_str(), nullptr)) return ErrnoStatus(err, "read", path);
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, static_cast<char*>(buf) + done, n - done, static_cast<off_t>(off + done));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return ErrnoStatus(errno, "read", path);
    if (r == 0) break;
    done += static_cast<size_t>(r);
  }
  return done;
}

Status Env::WriteAt(int fd, const std::string& path, const void* buf, size_t n, uint64_t off) {
  size_t len = n;
  int err = Fault(FileOp::kWrite, path.c_str(), &len);
  if (len > n) len = n;
  size_t done = 0;
  while (done < (err ? len : n)) {
    ssize_t w = ::pwrite(fd, static_cast<const char*>(buf) + done, (err ? len : n) - done,
                         static_cast<off_t>(off + done));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return ErrnoStatus(w < 0 ? errno : ENOSPC, "write", path);
    done += static_cast<size_t>(w);
  }
  if (err) return ErrnoStatus(err, "write", path);
  return Status::OK();
}

Status Env::Sync(int fd, const std::string& path) {
  if (int err = Fault(FileOp::kSync, path.c_str(), nullptr)) return ErrnoStatus(err, "sync", path);
  if (::fsync(fd) != 0) return ErrnoStatus(errno, "sync", path);
  return Status::OK();
}

Status Env::Rename(const std::string& from, const std::string& to) {
  if (int err = Fault(FileOp::kRename, from.c_str(), nullptr)) return ErrnoStatus(err, "rename", from);
  if (::rename(from.c_str(), to.c_str()) != 0) return ErrnoStatus(errno, "rename", from);
  return Status::OK();
}

Status Env::Unlink(const std::string& path) {
  if (int err = Fault(FileOp::kUnlink, path.c_str(), nullptr)) return ErrnoStatus(err, "unlink", path);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus(errno, "unlink", path);
  return Status::OK();
}

Status Env::CreateDir(const std::string& path, int mode) {
  if (int err = Fault(FileOp::kMkdir, path.c_str(), nullptr)) return ErrnoStatus(err, "create directory", path);
  if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST)
    return ErrnoStatus(errno, "create directory", path);
  return Status::OK();
}

Status Env::RemoveDir(const std::string& path) {
  if (int err = Fault(FileOp::kRmdir, path.c_str(), nullptr)) return ErrnoStatus(err, "remove directory", path);
  if (::rmdir(path.c_str()) != 0) return ErrnoStatus(errno, "remove directory", path);
  return Status::OK();
}

Status Env::SyncDir(const std::string& path) {
  if (int err = Fault(FileOp::kSyncDir, path.c_str(), nullptr)) return ErrnoStatus(err, "sync directory", path);
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "open directory", path);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  // Some file systems refuse fsync on directories (EINVAL); their renames are durable by other means.
  if (rc != 0 && err != EINVAL) return ErrnoStatus(err, "sync directory", path);
  return Status::OK();
}

namespace {
FileInfo InfoOf(const struct stat& st) {
  FileInfo info;
  info.size = static_cast<uint64_t>(st.st_size);
  info.dev = static_cast<uint64_t>(st.st_dev);
  info.ino = static_cast<uint64_t>(st.st_ino);
  info.is_dir = S_ISDIR(st.st_mode);
  return info;
}
}  // namespace

Result<FileInfo> Env::Stat(const std::string& path) {
  if (int err = Fault(FileOp::kStat, path.c_str(), nullptr)) return ErrnoStatus(err, "stat", path);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("no file " + path);
    return ErrnoStatus(errno, "stat", path);
  }
  return InfoOf(st);
}

Result<FileInfo> Env::StatFd(int fd, const std::string& path) {
  if (int err = Fault(FileOp::kStat, path.c_str(), nullptr)) return ErrnoStatus(err, "stat", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) return ErrnoStatus(errno, "stat", path);
  return InfoOf(st);
}

Status Env::LockFile(int fd, const std::string& path) {
  if (int err = Fault(FileOp::kLock, path.c_str(), nullptr)) return ErrnoStatus(err, "lock", path);
  struct flock lk;
  std::memset(&lk, 0, sizeof lk);
  lk.l_type = F_WRLCK;
  lk.l_whence = SEEK_SET;
  if (::fcntl(fd, F_SETLK, &lk) != 0) {
    if (errno == EACCES || errno == EAGAIN) return Status(TACIT_ERR_BUSY, "locked: " + path);
    return ErrnoStatus(errno, "lock", path);
  }
  return Status::OK();
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

Status WriteFileAtomic(const std::string& path, const void* data, size_t n) {
  Env* env = Env::Current();
  const std::string tmp = path + ".tmp";
  Status s;
  {
    Result<int> fd = env->Open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    if (!fd.ok()) return fd.status();
    ScopedFd file(fd.value());
    s = env->WriteAt(file.get(), tmp, data, n, 0);
    if (s.ok()) s = env->Sync(file.get(), tmp);
  }
  if (s.ok()) s = env->Rename(tmp, path);
  if (!s.ok()) {
    (void)env->Unlink(tmp);
    return s;
  }
  return env->SyncDir(DirName(path));
}

Result<std::string> ReadSmallFile(const std::string& path, size_t max_len, bool* truncated) {
  Env* env = Env::Current();
  Result<int> fd = env->Open(path, O_RDONLY | O_NOFOLLOW, 0);
  if (!fd.ok()) return fd.status();
  ScopedFd file(fd.value());
  std::string out(max_len + 1, '\0');
  TACIT_ASSIGN_OR_RETURN(size_t n, env->ReadAt(file.get(), path, &out[0], out.size(), 0));
  if (truncated) *truncated = n > max_len;
  out.resize(n > max_len ? max_len : n);
  return out;
}

}  // namespace tacit

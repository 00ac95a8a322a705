#include "common/tool_io.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace tacit {
namespace tools {

Result<std::vector<uint8_t>> ReadKeyFile(const std::string& path, size_t n) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::IO("cannot read " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> bytes;
  char c;
  while (bytes.size() <= 4 * n + 64 && f.get(c)) bytes.push_back(uint8_t(c));
  if (f.bad()) return Status::IO("cannot read " + path);
  const std::string expected = path + ": expected a " + std::to_string(n) + "-byte key (" + std::to_string(n) +
                               " raw bytes, or " + std::to_string(2 * n) + " hex digits)";
  std::string hex;
  bool all_hex = true;
  for (uint8_t b : bytes) {
    if (std::isspace(b)) continue;
    all_hex &= std::isxdigit(b) != 0;
    hex.push_back(char(b));
  }
  if (bytes.size() == n) {
    // n hex digits are half a key in hex, not a key: a raw key is never all hex digits.
    if (all_hex && hex.size() == n)
      return Status(TACIT_ERR_KEY_LENGTH, expected + "; it holds " + std::to_string(n) + " hex digits, a " +
                                              std::to_string(n / 2) + "-byte key");
    return bytes;
  }
  std::vector<uint8_t> key(n);
  size_t got = 0;
  if (!all_hex || hex.size() != 2 * n ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &got, nullptr) != 0 || got != n)
    return Status(TACIT_ERR_KEY_LENGTH, expected + "; it holds " + std::to_string(bytes.size()) + " bytes");
  return key;
}

Status WriteFileAtomic(const std::string& path, const uint8_t* data, size_t n, mode_t mode, bool exclusive) {
  if (exclusive && ::access(path.c_str(), F_OK) == 0)
    return Status::IO(path + " exists; refusing to overwrite a key (move it away first)");
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Status::IO("cannot create " + tmp + ": " + std::strerror(errno));
  ::fchmod(fd, mode);
  size_t off = 0;
  while (off < n) {
    const ssize_t w = ::write(fd, data + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      const int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::IO("cannot write " + tmp + ": " + std::strerror(e));
    }
    off += size_t(w);
  }
  bool ok = ::fsync(fd) == 0;
  int e = errno;
  if (::close(fd) != 0 && ok) ok = false, e = errno;
  if (!ok) {
    ::unlink(tmp.c_str());
    return Status::IO("cannot write " + tmp + ": " + std::strerror(e));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    e = errno;
    ::unlink(tmp.c_str());
    return Status::IO("cannot rename " + tmp + " to " + path + ": " + std::strerror(e));
  }
  return Status::OK();
}

Status WriteKeyFile(const std::string& path, const uint8_t* key, size_t n, bool secret) {
  return WriteFileAtomic(path, key, n, secret ? 0600 : 0644, secret);
}

}  // namespace tools
}  // namespace tacit

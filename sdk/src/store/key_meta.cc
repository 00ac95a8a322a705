#include "store/key_meta.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tacit {
namespace {

constexpr char kMagic[8] = {'T', 'A', 'C', 'I', 'T', 'K', 'M', '1'};
constexpr size_t kBodySize = 112;
constexpr size_t kFileSize = 128;
constexpr char kCheckContext[] = "tacit key check v1";

void PutU64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint64_t GetU64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t(p[i]) << (8 * i);
  return v;
}

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

Status Errno(const char* what, const std::string& path) {
  return Status::IO(std::string(what) + " " + path + ": " + std::strerror(errno));
}

}  // namespace

KeyCheck ComputeKeyCheck(const SecretBytes& key) {
  KeyCheck out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const uint8_t*>(kCheckContext),
                     sizeof(kCheckContext) - 1, key.data(), key.size());
  return out;
}

Result<KeyMeta> ReadKeyMeta(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no key metadata at " + path);
    return Errno("open", path);
  }
  uint8_t buf[kFileSize + 1];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n != static_cast<ssize_t>(kFileSize) || std::memcmp(buf, kMagic, sizeof kMagic) != 0)
    return Status::Corrupt("key metadata is damaged (size or magic): " + path);
  uint8_t mac[16];
  crypto_generichash(mac, sizeof mac, buf, kBodySize, nullptr, 0);
  if (sodium_memcmp(mac, buf + kBodySize, sizeof mac) != 0)
    return Status::Corrupt("key metadata is damaged (checksum): " + path);
  KeyMeta m;
  if (buf[8] > 1) return Status::Corrupt("key metadata names an unknown key kind");
  m.kind = static_cast<KeyKind>(buf[8]);
  m.opslimit = GetU64(buf + 16);
  m.memlimit = GetU64(buf + 24);
  std::memcpy(m.salt.data(), buf + 32, 16);
  std::memcpy(m.check.data(), buf + 48, 32);
  std::memcpy(m.pending_check.data(), buf + 80, 32);
  return m;
}

Status WriteKeyMeta(const std::string& path, const KeyMeta& m) {
  uint8_t buf[kFileSize] = {0};
  std::memcpy(buf, kMagic, sizeof kMagic);
  buf[8] = static_cast<uint8_t>(m.kind);
  PutU64(buf + 16, m.opslimit);
  PutU64(buf + 24, m.memlimit);
  std::memcpy(buf + 32, m.salt.data(), 16);
  std::memcpy(buf + 48, m.check.data(), 32);
  std::memcpy(buf + 80, m.pending_check.data(), 32);
  crypto_generichash(buf + kBodySize, 16, buf, kBodySize, nullptr, 0);

  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("create", tmp);
  bool ok = ::write(fd, buf, sizeof buf) == static_cast<ssize_t>(sizeof buf) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = Errno("write", path);
    ::unlink(tmp.c_str());
    return s;
  }
  int dfd = ::open(DirOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::OK();
}

Result<SecretBytes> DeriveKey(const SecretBytes& passphrase, const KeyMeta& meta) {
  TACIT_ASSIGN_OR_RETURN(SecretBytes key, SecretBytes::Allocate(32));
  if (meta.opslimit < crypto_pwhash_OPSLIMIT_MIN || meta.opslimit > crypto_pwhash_OPSLIMIT_MAX ||
      meta.memlimit < crypto_pwhash_MEMLIMIT_MIN || meta.memlimit > (uint64_t(1) << 32))
    return Status::Corrupt("key metadata holds out-of-range Argon2id cost");
  if (crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char*>(passphrase.data()), passphrase.size(),
                    meta.salt.data(), meta.opslimit, static_cast<size_t>(meta.memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status(TACIT_ERR_NO_MEMORY, "Argon2id key derivation failed (out of memory)");
  return key;
}

}  // namespace tacit

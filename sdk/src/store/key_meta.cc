#include "store/key_meta.h"

#include <sodium.h>

#include <cstring>

#include "env/env.h"

namespace tacit {
namespace {

constexpr char kMagicV1[8] = {'T', 'A', 'C', 'I', 'T', 'K', 'M', '1'};
constexpr char kMagicV2[8] = {'T', 'A', 'C', 'I', 'T', 'K', 'M', '2'};
constexpr size_t kV1Body = 112, kV1Size = 128;
constexpr size_t kDescSize = 72;
constexpr size_t kV2Body = 16 + 2 * kDescSize + 16, kV2Size = kV2Body + 16;
constexpr char kCheckContext[] = "tacit key check v1";

void PutU64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint64_t GetU64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t(p[i]) << (8 * i);
  return v;
}

void PutDesc(uint8_t* p, const KeyDesc& d) {
  p[0] = static_cast<uint8_t>(d.kind);
  PutU64(p + 8, d.opslimit);
  PutU64(p + 16, d.memlimit);
  std::memcpy(p + 24, d.salt.data(), 16);
  std::memcpy(p + 40, d.check.data(), 32);
}
bool GetDesc(const uint8_t* p, KeyDesc* d) {
  if (p[0] > 1) return false;
  d->kind = static_cast<KeyKind>(p[0]);
  d->opslimit = GetU64(p + 8);
  d->memlimit = GetU64(p + 16);
  std::memcpy(d->salt.data(), p + 24, 16);
  std::memcpy(d->check.data(), p + 40, 32);
  return true;
}

bool MacOk(const uint8_t* buf, size_t body) {
  uint8_t mac[16];
  crypto_generichash(mac, sizeof mac, buf, body, nullptr, 0);
  return sodium_memcmp(mac, buf + body, sizeof mac) == 0;
}

}  // namespace

KeyCheck ComputeKeyCheck(const SecretBytes& key) {
  KeyCheck out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const uint8_t*>(kCheckContext),
                     sizeof(kCheckContext) - 1, key.data(), key.size());
  return out;
}

Result<KeyMeta> ReadKeyMeta(const std::string& path) {
  bool longer = false;
  TACIT_ASSIGN_OR_RETURN(std::string raw, ReadSmallFile(path, kV2Size, &longer));
  const uint8_t* buf = reinterpret_cast<const uint8_t*>(raw.data());
  KeyMeta m;
  if (!longer && raw.size() == kV2Size && std::memcmp(buf, kMagicV2, 8) == 0) {
    if (!MacOk(buf, kV2Body)) return Status::Corrupt("key metadata is damaged (checksum): " + path);
    if (buf[8] > 3 || !GetDesc(buf + 16, &m.current) || !GetDesc(buf + 16 + kDescSize, &m.next))
      return Status::Corrupt("key metadata names an unknown key kind: " + path);
    m.rekey_pending = buf[8] & 1;
    m.has_previous = !m.rekey_pending && (buf[8] & 2);
    if (m.has_previous) {
      m.previous = m.next;
      m.next = KeyDesc();
    }
    std::memcpy(m.next_file_salt.data(), buf + 16 + 2 * kDescSize, 16);
    return m;
  }
  if (!longer && raw.size() == kV1Size && std::memcmp(buf, kMagicV1, 8) == 0) {
    if (!MacOk(buf, kV1Body)) return Status::Corrupt("key metadata is damaged (checksum): " + path);
    if (buf[8] > 1) return Status::Corrupt("key metadata names an unknown key kind: " + path);
    m.current.kind = static_cast<KeyKind>(buf[8]);
    m.current.opslimit = GetU64(buf + 16);
    m.current.memlimit = GetU64(buf + 24);
    std::memcpy(m.current.salt.data(), buf + 32, 16);
    std::memcpy(m.current.check.data(), buf + 48, 32);
    std::memcpy(m.legacy_pending_check.data(), buf + 80, 32);
    return m;
  }
  return Status::Corrupt("key metadata is damaged (size or magic): " + path);
}

Status WriteKeyMeta(const std::string& path, const KeyMeta& m) {
  uint8_t buf[kV2Size] = {0};
  std::memcpy(buf, kMagicV2, 8);
  buf[8] = m.rekey_pending ? 1 : m.has_previous ? 2 : 0;
  PutDesc(buf + 16, m.current);
  if (m.rekey_pending) {
    PutDesc(buf + 16 + kDescSize, m.next);
    std::memcpy(buf + 16 + 2 * kDescSize, m.next_file_salt.data(), 16);
  } else if (m.has_previous) {
    PutDesc(buf + 16 + kDescSize, m.previous);
  }
  crypto_generichash(buf + kV2Body, 16, buf, kV2Body, nullptr, 0);
  return WriteFileAtomic(path, buf, sizeof buf);
}

Result<SecretBytes> DeriveKey(const SecretBytes& passphrase, const KeyDesc& d) {
  if (d.opslimit < crypto_pwhash_OPSLIMIT_MIN || d.opslimit > crypto_pwhash_OPSLIMIT_MAX ||
      d.memlimit < crypto_pwhash_MEMLIMIT_MIN || d.memlimit > (uint64_t(1) << 32) ||
      d.memlimit > uint64_t(SIZE_MAX))
    return Status::Corrupt("key metadata holds out-of-range Argon2id cost");
  TACIT_ASSIGN_OR_RETURN(SecretBytes key, SecretBytes::Allocate(32));
  if (crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char*>(passphrase.data()), passphrase.size(),
                    d.salt.data(), d.opslimit, static_cast<size_t>(d.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status(TACIT_ERR_NO_MEMORY, "Argon2id key derivation failed (out of memory)");
  return key;
}

}  // namespace tacit

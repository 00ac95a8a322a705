// key.meta: the small, non-secret file beside the database that says how the key is made and lets a
// wrong key be told apart from a damaged database before SQLCipher touches the file.
//
// Layout (little-endian, 128 bytes):
//   magic "TACITKM1" | kind u8 (0 raw key, 1 passphrase) | 7 zero bytes | opslimit u64 | memlimit u64 |
//   salt[16] | check[32] | pending_check[32] | BLAKE2b-128 of the preceding 112 bytes[16]
// check = BLAKE2b-256(key = db key, "tacit key check v1"): a PRF output, so it reveals nothing of the key.
// pending_check is set while tacit_rekey runs, so a crash mid-rekey leaves either key usable.
#ifndef TACIT_STORE_KEY_META_H_
#define TACIT_STORE_KEY_META_H_

#include <array>
#include <cstdint>
#include <string>

#include "core/status.h"
#include "crypto/secret.h"

namespace tacit {

enum class KeyKind : uint8_t { kRaw = 0, kPassphrase = 1 };

struct KeyMeta {
  KeyKind kind = KeyKind::kRaw;
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;
  std::array<uint8_t, 16> salt{};
  std::array<uint8_t, 32> check{};
  std::array<uint8_t, 32> pending_check{};  // all zero when no rekey is in flight
};

using KeyCheck = std::array<uint8_t, 32>;
KeyCheck ComputeKeyCheck(const SecretBytes& key);

// NOT_FOUND if absent; CORRUPT if damaged.
Result<KeyMeta> ReadKeyMeta(const std::string& path);
// Atomic: write a temporary file, fsync, rename over, fsync the directory.
Status WriteKeyMeta(const std::string& path, const KeyMeta& meta);

// Derives the database key from a passphrase with Argon2id (crypto_pwhash).
Result<SecretBytes> DeriveKey(const SecretBytes& passphrase, const KeyMeta& meta);

}  // namespace tacit

#endif  // TACIT_STORE_KEY_META_H_

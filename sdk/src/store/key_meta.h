// key.meta: the small, non-secret file beside the database that says how the key is made, lets a wrong key
// be told apart from a damaged database before SQLCipher touches the file, and carries a rekey in flight.
//
// Layout v2 (little-endian, 192 bytes):
//   magic "TACITKM2" | flags u8 (bit 0: rekey pending, bit 1: previous key kept) | 7 zero bytes |
//   current key[72] | next (or previous) key[72] | next_file_salt[16] | BLAKE2b-128 of the preceding 176 bytes[16]
// where a key is: kind u8 (0 raw key, 1 passphrase) | 7 zero bytes | opslimit u64 | memlimit u64 |
//   salt[16] | check[32]
// check = BLAKE2b-256(key = db key, "tacit key check v1"): a PRF output, so it reveals nothing of the key.
//
// A rekey writes the re-encrypted database to a new file, then records it here as pending with the new
// file's first 16 bytes (SQLCipher's random per-file salt), then renames the new file over profile.db (the
// commit point). At open, profile.db's first 16 bytes say which of the two keys is live.
// Version 1 files (128 bytes, "TACITKM1") are read and rewritten as version 2 at the next open.
#ifndef TACIT_STORE_KEY_META_H_
#define TACIT_STORE_KEY_META_H_

#include <array>
#include <cstdint>
#include <string>

#include "core/status.h"
#include "crypto/secret.h"

namespace tacit {

enum class KeyKind : uint8_t { kRaw = 0, kPassphrase = 1 };

using KeyCheck = std::array<uint8_t, 32>;
using FileSalt = std::array<uint8_t, 16>;

struct KeyDesc {
  KeyKind kind = KeyKind::kRaw;
  uint64_t opslimit = 0;  // Argon2id cost and salt: passphrase keys only
  uint64_t memlimit = 0;
  std::array<uint8_t, 16> salt{};
  KeyCheck check{};
};

struct KeyMeta {
  KeyDesc current;
  bool rekey_pending = false;
  KeyDesc next;              // valid when rekey_pending
  FileSalt next_file_salt{};  // the re-encrypted file's first 16 bytes
  bool has_previous = false;  // after a rekey: the replaced key, so that it is told why it no longer opens
  KeyDesc previous;           // (shares the "next" slot; never with rekey_pending)
  KeyCheck legacy_pending_check{};  // version 1 only: an in-place rekey that may have been interrupted
};

KeyCheck ComputeKeyCheck(const SecretBytes& key);

// NOT_FOUND if absent; CORRUPT if damaged (size, magic, checksum, unknown kind).
Result<KeyMeta> ReadKeyMeta(const std::string& path);
// Atomic: write a temporary file, fsync, rename over, fsync the directory.
Status WriteKeyMeta(const std::string& path, const KeyMeta& meta);

// Derives the database key from a passphrase with Argon2id (crypto_pwhash).
Result<SecretBytes> DeriveKey(const SecretBytes& passphrase, const KeyDesc& desc);

}  // namespace tacit

#endif  // TACIT_STORE_KEY_META_H_

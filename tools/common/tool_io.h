// What the brand tools share: times as people read them (common/time_text.h), key files, and atomic writes.
#ifndef TACIT_TOOLS_COMMON_TOOL_IO_H_
#define TACIT_TOOLS_COMMON_TOOL_IO_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/time_text.h"
#include "core/status.h"

namespace tacit {
namespace tools {

// Key files hold the key's raw bytes (the format every tool writes). Reading also accepts the key as hex
// (2n hex digits, whitespace ignored). `n` is the key's length: 32 for public keys and X25519 secret keys,
// 64 for the Ed25519 signing key. TACIT_ERR_KEY_LENGTH on any other content.
Result<std::vector<uint8_t>> ReadKeyFile(const std::string& path, size_t n);

// Writes to path.tmp, syncs, then renames, so a failed write never leaves half a file. `mode` applies to the
// file; `exclusive` refuses to replace an existing file (secret keys).
Status WriteFileAtomic(const std::string& path, const uint8_t* data, size_t n, mode_t mode, bool exclusive);
// A key file: raw bytes; a secret key gets mode 0600 and never replaces an existing file.
Status WriteKeyFile(const std::string& path, const uint8_t* key, size_t n, bool secret);

}  // namespace tools
}  // namespace tacit

#endif  // TACIT_TOOLS_COMMON_TOOL_IO_H_

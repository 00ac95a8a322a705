#include "store/wal_check.h"

#include <fcntl.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "env/env.h"

namespace tacit {
namespace {

constexpr uint32_t kMagic = 0x377f0682;  // | 1 when checksums use big-endian words
constexpr size_t kHeader = 32, kFrameHeader = 24;

uint32_t Be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
uint32_t Le32(const uint8_t* p) {
  return (uint32_t(p[3]) << 24) | (uint32_t(p[2]) << 16) | (uint32_t(p[1]) << 8) | uint32_t(p[0]);
}

// SQLite's WAL checksum (wal.c walChecksumBytes): n is a multiple of 8.
void Checksum(bool big_endian, const uint8_t* p, size_t n, uint32_t s[2]) {
  uint32_t s1 = s[0], s2 = s[1];
  for (size_t i = 0; i < n; i += 8) {
    const uint32_t x0 = big_endian ? Be32(p + i) : Le32(p + i);
    const uint32_t x1 = big_endian ? Be32(p + i + 4) : Le32(p + i + 4);
    s1 += x0 + s2;
    s2 += x1 + s1;
  }
  s[0] = s1;
  s[1] = s2;
}

}  // namespace

Status CheckWal(const std::string& wal_path) {
  Env* env = Env::Current();
  Result<int> fd = env->Open(wal_path, O_RDONLY | O_NOFOLLOW, 0);
  if (!fd.ok()) return fd.status().code() == TACIT_ERR_NOT_FOUND ? Status::OK() : fd.status();
  ScopedFd file(fd.value());
  TACIT_ASSIGN_OR_RETURN(FileInfo info, env->StatFd(file.get(), wal_path));
  if (info.size < kHeader) return Status::OK();
  uint8_t hdr[kHeader];
  TACIT_ASSIGN_OR_RETURN(size_t got, env->ReadAt(file.get(), wal_path, hdr, kHeader, 0));
  if (got != kHeader) return Status::OK();
  const uint32_t magic = Be32(hdr);
  const bool big_endian = (magic & 1) != 0;
  uint32_t page_size = Be32(hdr + 8);
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1))) page_size = 4096;
  uint32_t sum[2] = {0, 0};
  Checksum(big_endian, hdr, 24, sum);
  bool intact = (magic & ~1u) == kMagic && sum[0] == Be32(hdr + 24) && sum[1] == Be32(hdr + 28);
  const uint32_t salt1 = Be32(hdr + 16), salt2 = Be32(hdr + 20);

  // The chain: frame i verifies against the checksum stored in frame i - 1 (the header for frame 1).
  uint32_t prev[2] = {Be32(hdr + 24), Be32(hdr + 28)};
  const size_t frame_size = kFrameHeader + page_size;
  std::vector<uint8_t> frame(frame_size);
  uint64_t first_bad = 0;  // 1-based frame number; 0 while the prefix is sound
  bool bad_is_ours = !intact && (magic & ~1u) == kMagic;  // a damaged header still names its salts
  for (uint64_t i = 1, off = kHeader; off + frame_size <= info.size; ++i, off += frame_size) {
    TACIT_ASSIGN_OR_RETURN(size_t n, env->ReadAt(file.get(), wal_path, frame.data(), frame_size, off));
    if (n != frame_size) break;
    const uint8_t* h = frame.data();
    uint32_t s[2] = {prev[0], prev[1]};
    Checksum(big_endian, h, 8, s);
    Checksum(big_endian, h + kFrameHeader, page_size, s);
    const bool salts = Be32(h + 8) == salt1 && Be32(h + 12) == salt2;
    const bool ok = salts && Be32(h) != 0 && s[0] == Be32(h + 16) && s[1] == Be32(h + 20);
    const bool commit = Be32(h + 4) != 0;
    if (intact && !ok) {
      intact = false;
      first_bad = i;
      bad_is_ours = salts;
    } else if (!intact && ok && commit && bad_is_ours) {
      return Status::Corrupt("the write-ahead log is damaged" +
                             (first_bad ? " at frame " + std::to_string(first_bad) : std::string(" in its header")) +
                             ": acknowledged transactions after it would be lost");
    }
    prev[0] = Be32(h + 16);
    prev[1] = Be32(h + 20);
  }
  return Status::OK();
}

}  // namespace tacit

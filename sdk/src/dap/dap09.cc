#include "dap/dap09.h"

#include "dap/hpke.h"

#include <cstdio>
#include <cstring>
#include <set>

namespace tacit {
namespace dap {

const char kMediaHpkeConfigList[] = "application/dap-hpke-config-list";
const char kMediaReport[] = "application/dap-report";

namespace {

Status Malformed(const std::string& why) { return Status(TACIT_ERR_DAP_CONFIG_MALFORMED, "HPKE config list: " + why); }

// Bounds-checked big-endian reader over untrusted bytes.
class Reader {
 public:
  Reader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  size_t left() const { return n_ - off_; }
  size_t offset() const { return off_; }
  bool U8(uint8_t* v) { return Uint(1, v); }
  bool U16(uint16_t* v) { return Uint(2, v); }
  bool U32(uint32_t* v) { return Uint(4, v); }
  bool U64(uint64_t* v) { return Uint(8, v); }
  bool Bytes(size_t k, const uint8_t** out) {
    if (left() < k) return false;
    *out = p_ + off_;
    off_ += k;
    return true;
  }
  bool Copy(size_t k, uint8_t* out) {
    const uint8_t* src = nullptr;
    if (!Bytes(k, &src)) return false;
    if (k) std::memcpy(out, src, k);
    return true;
  }
  // A vector with a `prefix`-byte length in [min, max].
  bool Vec(int prefix, uint64_t min, uint64_t max, std::vector<uint8_t>* out) {
    uint64_t k = 0;
    if (!Uint(prefix, &k) || k < min || k > max || k > left()) return false;
    out->assign(p_ + off_, p_ + off_ + k);
    off_ += size_t(k);
    return true;
  }

 private:
  template <typename T>
  bool Uint(int k, T* v) {
    if (left() < size_t(k)) return false;
    uint64_t x = 0;
    for (int i = 0; i < k; ++i) x = (x << 8) | p_[off_ + size_t(i)];
    off_ += size_t(k);
    *v = T(x);
    return true;
  }
  const uint8_t* p_;
  size_t n_;
  size_t off_ = 0;
};

void PutUint(std::vector<uint8_t>* out, uint64_t v, int k) {
  for (int i = k - 1; i >= 0; --i) out->push_back(uint8_t(v >> (8 * i)));
}

// Appends `bytes` with a `prefix`-byte length; INVALID_ARGUMENT outside [min, max].
Status PutVec(std::vector<uint8_t>* out, const std::vector<uint8_t>& bytes, int prefix, uint64_t min, uint64_t max,
              const char* what) {
  if (bytes.size() < min || uint64_t(bytes.size()) > max)
    return Status::Invalid(std::string(what) + " has " + std::to_string(bytes.size()) + " bytes, outside [" +
                           std::to_string(min) + ", " + std::to_string(max) + "]");
  PutUint(out, bytes.size(), prefix);
  out->insert(out->end(), bytes.begin(), bytes.end());
  return Status::OK();
}

constexpr uint64_t kU16Max = 0xFFFF;
constexpr uint64_t kU32Max = 0xFFFFFFFFull;

const char* KemName(uint16_t id) {
  switch (id) {
    case 0x0010: return "DHKEM(P-256, HKDF-SHA256)";
    case 0x0011: return "DHKEM(P-384, HKDF-SHA384)";
    case 0x0012: return "DHKEM(P-521, HKDF-SHA512)";
    case 0x0020: return "DHKEM(X25519, HKDF-SHA256)";
    case 0x0021: return "DHKEM(X448, HKDF-SHA512)";
    default: return nullptr;
  }
}
const char* KdfName(uint16_t id) {
  switch (id) {
    case 0x0001: return "HKDF-SHA256";
    case 0x0002: return "HKDF-SHA384";
    case 0x0003: return "HKDF-SHA512";
    default: return nullptr;
  }
}
const char* AeadName(uint16_t id) {
  switch (id) {
    case 0x0001: return "AES-128-GCM";
    case 0x0002: return "AES-256-GCM";
    case 0x0003: return "ChaCha20Poly1305";
    case 0xFFFF: return "export-only";
    default: return nullptr;
  }
}

std::string NameOr(const char* name, const char* kind, uint16_t id) {
  if (name) return name;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s 0x%04x", kind, id);
  return buf;
}

}  // namespace

bool HpkeSuiteSupported(uint16_t kem_id, uint16_t kdf_id, uint16_t aead_id) {
  return HpkeCheckSuite(HpkeSuite{kem_id, kdf_id, aead_id}).ok();
}

std::string HpkeSuiteName(uint16_t kem_id, uint16_t kdf_id, uint16_t aead_id) {
  return NameOr(KemName(kem_id), "KEM", kem_id) + "/" + NameOr(KdfName(kdf_id), "KDF", kdf_id) + "/" +
         NameOr(AeadName(aead_id), "AEAD", aead_id);
}

Result<std::vector<HpkeConfig>> ParseHpkeConfigList(const uint8_t* bytes, size_t len) {
  if (!bytes && len) return Status::Invalid("HPKE config list: NULL bytes");
  if (len > kMaxHpkeConfigListBytes)
    return Malformed(std::to_string(len) + " bytes, more than the limit of " + std::to_string(kMaxHpkeConfigListBytes));
  Reader r(bytes, len);
  uint16_t total = 0;
  if (!r.U16(&total)) return Malformed("shorter than its 2-byte length");
  if (total == 0) return Malformed("the list is empty");
  if (total != r.left())
    return Malformed("its length says " + std::to_string(total) + " bytes but " + std::to_string(r.left()) +
                     " follow");
  std::vector<HpkeConfig> out;
  std::set<uint8_t> ids;
  while (r.left()) {
    const size_t at = r.offset();
    HpkeConfig c;
    if (!r.U8(&c.id) || !r.U16(&c.kem_id) || !r.U16(&c.kdf_id) || !r.U16(&c.aead_id))
      return Malformed("config at byte " + std::to_string(at) + " is truncated");
    if (!r.Vec(2, 0, kU16Max, &c.public_key))
      return Malformed("config " + std::to_string(c.id) + ": public key runs past the end");
    if (c.public_key.empty()) return Malformed("config " + std::to_string(c.id) + " has an empty public key");
    if (c.kem_id == kKemX25519HkdfSha256 && c.public_key.size() != kX25519PublicKeyBytes)
      return Malformed("config " + std::to_string(c.id) + ": an X25519 public key of " +
                       std::to_string(c.public_key.size()) + " bytes (must be 32)");
    if (!ids.insert(c.id).second) return Malformed("two configs share the id " + std::to_string(c.id));
    if (out.size() == kMaxHpkeConfigs) return Malformed("more than " + std::to_string(kMaxHpkeConfigs) + " configs");
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<uint8_t> EncodeHpkeConfigList(const std::vector<HpkeConfig>& configs) {
  std::vector<uint8_t> body;
  for (const HpkeConfig& c : configs) {
    PutUint(&body, c.id, 1);
    PutUint(&body, c.kem_id, 2);
    PutUint(&body, c.kdf_id, 2);
    PutUint(&body, c.aead_id, 2);
    PutUint(&body, c.public_key.size(), 2);
    body.insert(body.end(), c.public_key.begin(), c.public_key.end());
  }
  std::vector<uint8_t> out;
  PutUint(&out, body.size(), 2);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Result<HpkeConfig> SelectHpkeConfig(const std::vector<HpkeConfig>& configs) {
  std::string offered;
  for (const HpkeConfig& c : configs) {
    if (HpkeSuiteSupported(c.kem_id, c.kdf_id, c.aead_id)) return c;
    if (!offered.empty()) offered += ", ";
    offered += "id " + std::to_string(c.id) + " " + HpkeSuiteName(c.kem_id, c.kdf_id, c.aead_id);
  }
  return Status(TACIT_ERR_DAP_UNSUPPORTED_HPKE,
                "no HPKE config uses a suite this build implements (DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256 with "
                "AES-128-GCM, AES-256-GCM or ChaCha20Poly1305; only ChaCha20Poly1305 without libcrypto); "
                "offered: " + (offered.empty() ? std::string("none") : offered));
}

Result<uint64_t> RoundTime(uint64_t time_s, uint64_t precision_s) {
  if (precision_s == 0) return Status::Invalid("time precision must be at least 1 second");
  return time_s - time_s % precision_s;
}

void EncodeReportMetadata(const ReportMetadata& m, std::vector<uint8_t>* out) {
  out->insert(out->end(), m.report_id.begin(), m.report_id.end());
  PutUint(out, m.time, 8);
}

Status EncodeHpkeCiphertext(const HpkeCiphertext& c, std::vector<uint8_t>* out) {
  out->push_back(c.config_id);
  TACIT_RETURN_IF_ERROR(PutVec(out, c.enc, 2, 1, kU16Max, "HPKE enc"));
  return PutVec(out, c.payload, 4, 1, kU32Max, "HPKE payload");
}

Result<std::vector<uint8_t>> EncodeReport(const Report& r) {
  std::vector<uint8_t> out;
  out.reserve(kReportIdBytes + 8 + 4 + r.public_share.size() + 2 * 7 + r.leader_share.enc.size() +
              r.leader_share.payload.size() + r.helper_share.enc.size() + r.helper_share.payload.size());
  EncodeReportMetadata(r.metadata, &out);
  TACIT_RETURN_IF_ERROR(PutVec(&out, r.public_share, 4, 0, kU32Max, "public share"));
  TACIT_RETURN_IF_ERROR(EncodeHpkeCiphertext(r.leader_share, &out));
  TACIT_RETURN_IF_ERROR(EncodeHpkeCiphertext(r.helper_share, &out));
  return out;
}

Result<std::vector<uint8_t>> EncodePlaintextInputShare(const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> out;
  out.reserve(6 + payload.size());
  PutUint(&out, 0, 2);  // no extensions
  TACIT_RETURN_IF_ERROR(PutVec(&out, payload, 4, 0, kU32Max, "input share"));
  return out;
}

Result<std::vector<uint8_t>> EncodeInputShareAad(const TaskId& task_id, const ReportMetadata& m,
                                                 const std::vector<uint8_t>& public_share) {
  std::vector<uint8_t> out(task_id.begin(), task_id.end());
  EncodeReportMetadata(m, &out);
  TACIT_RETURN_IF_ERROR(PutVec(&out, public_share, 4, 0, kU32Max, "public share"));
  return out;
}

std::vector<uint8_t> InputShareInfo(WireDraft draft, Role recipient) {
  static const char kLabel09[] = "dap-09 input share";
  const char* label = kLabel09;
  switch (draft) {
    case WireDraft::kDap09: label = kLabel09; break;
  }
  std::vector<uint8_t> out(label, label + std::strlen(label));
  out.push_back(uint8_t(Role::kClient));
  out.push_back(uint8_t(recipient));
  return out;
}

Result<Report> DecodeReport(const uint8_t* bytes, size_t len) {
  auto bad = [](const std::string& why) { return Status(TACIT_ERR_REPORT_MALFORMED, "DAP report: " + why); };
  if (!bytes && len) return Status::Invalid("DAP report: NULL bytes");
  Reader r(bytes, len);
  Report out;
  if (!r.Copy(kReportIdBytes, out.metadata.report_id.data()) || !r.U64(&out.metadata.time))
    return bad("truncated metadata");
  if (!r.Vec(4, 0, kU32Max, &out.public_share)) return bad("public share runs past the end");
  for (HpkeCiphertext* c : {&out.leader_share, &out.helper_share}) {
    const char* who = c == &out.leader_share ? "Leader" : "Helper";
    if (!r.U8(&c->config_id) || !r.Vec(2, 1, kU16Max, &c->enc) || !r.Vec(4, 1, kU32Max, &c->payload))
      return bad(std::string(who) + " ciphertext is truncated or empty");
  }
  if (r.left()) return bad(std::to_string(r.left()) + " trailing bytes");
  return out;
}

std::string Base64Url(const uint8_t* bytes, size_t len) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((len * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= len; i += 3) {
    uint32_t v = uint32_t(bytes[i]) << 16 | uint32_t(bytes[i + 1]) << 8 | bytes[i + 2];
    for (int k = 3; k >= 0; --k) out.push_back(kAlphabet[(v >> (6 * k)) & 63]);
  }
  if (len - i == 1) {
    uint32_t v = uint32_t(bytes[i]) << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
  } else if (len - i == 2) {
    uint32_t v = uint32_t(bytes[i]) << 16 | uint32_t(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

Result<TaskId> ParseTaskId(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  if (text.size() != 43)
    return Status::Invalid("a DAP task id is 43 characters of unpadded base64url, got " +
                           std::to_string(text.size()));
  TaskId out{};
  uint32_t acc = 0;
  int bits = 0;
  size_t n = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) return Status::Invalid("a DAP task id holds only A-Z a-z 0-9 - _ (no padding)");
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = uint8_t(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  if (acc != 0) return Status::Invalid("a DAP task id's last character has stray bits (not canonical base64url)");
  return out;
}

UploadRequest MakeUploadRequest(WireDraft draft, const TaskId& task_id) {
  (void)draft;  // the same path and media type in every draft built so far
  return UploadRequest{"PUT", "/tasks/" + Base64Url(task_id.data(), task_id.size()) + "/reports", kMediaReport};
}

std::string HpkeConfigPath(WireDraft draft, const TaskId& task_id) {
  (void)draft;
  return "/hpke_config?task_id=" + Base64Url(task_id.data(), task_id.size());
}

Status ConfigSet::Set(const TaskId& task, Role role, const uint8_t* list, size_t len, int64_t expires_at_ms,
                      int64_t now_ms) {
  if (role != Role::kLeader && role != Role::kHelper) return Status::Invalid("role must be the Leader or the Helper");
  TACIT_ASSIGN_OR_RETURN(std::vector<HpkeConfig> configs, ParseHpkeConfigList(list, len));
  TACIT_ASSIGN_OR_RETURN(HpkeConfig chosen, SelectHpkeConfig(configs));
  ActiveConfig a{std::move(chosen), expires_at_ms, now_ms};
  for (Entry& e : entries_) {
    if (e.task == task && e.role == role) {
      e.active = std::move(a);
      return Status::OK();
    }
  }
  entries_.push_back(Entry{task, role, std::move(a)});
  return Status::OK();
}

Result<ActiveConfig> ConfigSet::Get(const TaskId& task, Role role, int64_t now_ms) const {
  const char* who = role == Role::kLeader ? "Leader" : "Helper";
  for (const Entry& e : entries_) {
    if (e.task != task || e.role != role) continue;
    if (e.active.expires_at_ms != 0 && now_ms >= e.active.expires_at_ms)
      return Status::NotFound(std::string("the ") + who + "'s HPKE config for task " +
                              Base64Url(task.data(), task.size()) + " has expired; fetch it again");
    return e.active;
  }
  return Status::NotFound(std::string("no HPKE config from the ") + who + " for task " +
                          Base64Url(task.data(), task.size()) + " (the host fetches it: docs/dap.md)");
}

}  // namespace dap
}  // namespace tacit

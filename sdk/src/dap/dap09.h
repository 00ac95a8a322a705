// DAP wire messages on the client's side (draft-ietf-ppm-dap-09, "Uploading Reports"): the HpkeConfigList an
// aggregator serves (parsed as untrusted input), and the messages a client builds: ReportMetadata,
// HpkeCiphertext, PlaintextInputShare, InputShareAad, Report, the HPKE info string, and the upload request.
// TLS presentation language: big-endian integers, vectors prefixed by their byte length in the smallest
// integer that holds the upper bound. The draft is a parameter of everything whose bytes depend on it.
#ifndef TACIT_DAP_DAP09_H_
#define TACIT_DAP_DAP09_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace tacit {
namespace dap {

// The DAP wire profile. Only draft-09 (with VDAF-08) is built; a later profile adds its own value.
enum class WireDraft : uint8_t { kDap09 = 9 };

constexpr size_t kTaskIdBytes = 32;
constexpr size_t kReportIdBytes = 16;
using TaskId = std::array<uint8_t, kTaskIdBytes>;
using ReportId = std::array<uint8_t, kReportIdBytes>;

// DAP Role (one byte on the wire).
enum class Role : uint8_t { kCollector = 0, kClient = 1, kLeader = 2, kHelper = 3 };

// HPKE algorithm ids (RFC 9180, section 7).
constexpr uint16_t kKemX25519HkdfSha256 = 0x0020;
constexpr uint16_t kKdfHkdfSha256 = 0x0001;
constexpr uint16_t kAeadAes128Gcm = 0x0001;
constexpr uint16_t kAeadChaCha20Poly1305 = 0x0003;
constexpr size_t kX25519PublicKeyBytes = 32;

// Media types (draft-09, section 8.1).
extern const char kMediaHpkeConfigList[];  // "application/dap-hpke-config-list"
extern const char kMediaReport[];          // "application/dap-report"

// Limits on untrusted HPKE config lists: a real list holds a handful of configs of ~40 bytes each.
constexpr size_t kMaxHpkeConfigListBytes = 16 * 1024;
constexpr size_t kMaxHpkeConfigs = 32;

// Status codes used here (values in tacit.h).
//   TACIT_ERR_DAP_CONFIG_MALFORMED  the bytes are not a well-formed HpkeConfigList
//   TACIT_ERR_DAP_UNSUPPORTED_HPKE  well formed, but no config names a KEM/KDF/AEAD tacit implements

struct HpkeConfig {
  uint8_t id = 0;
  uint16_t kem_id = 0;
  uint16_t kdf_id = 0;
  uint16_t aead_id = 0;
  std::vector<uint8_t> public_key;
};

// True when this build can seal to the suite (dap/hpke.h HpkeCheckSuite): DHKEM(X25519, HKDF-SHA256),
// HKDF-SHA256, and AES-128-GCM or AES-256-GCM (where libcrypto is linked) or ChaCha20Poly1305.
bool HpkeSuiteSupported(uint16_t kem_id, uint16_t kdf_id, uint16_t aead_id);
// "DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-128-GCM", or the numeric ids for unknown algorithms.
std::string HpkeSuiteName(uint16_t kem_id, uint16_t kdf_id, uint16_t aead_id);

// Parses an HpkeConfigList: `HpkeConfig HpkeConfigList<1..2^16-1>`, each
// `{u8 id; u16 kem_id; u16 kdf_id; u16 aead_id; opaque public_key<1..2^16-1>}`. Refused with
// TACIT_ERR_DAP_CONFIG_MALFORMED (the message says why): longer than kMaxHpkeConfigListBytes, truncated,
// trailing bytes, an empty list, more than kMaxHpkeConfigs, two configs with one id, an empty public key, or
// an X25519 key that is not 32 bytes. Configs with algorithms tacit does not know are kept (the aggregator
// may list them first); SelectHpkeConfig skips them.
Result<std::vector<HpkeConfig>> ParseHpkeConfigList(const uint8_t* bytes, size_t len);
std::vector<uint8_t> EncodeHpkeConfigList(const std::vector<HpkeConfig>& configs);  // for tests and peers

// The aggregator's most preferred config that tacit supports (the list is in decreasing preference).
// TACIT_ERR_DAP_UNSUPPORTED_HPKE, naming what was offered, when there is none.
Result<HpkeConfig> SelectHpkeConfig(const std::vector<HpkeConfig>& configs);

// ------------------------------------------------------------------------------------------------
// Client messages.

struct ReportMetadata {
  ReportId report_id{};
  uint64_t time = 0;  // seconds since the epoch, a multiple of the task's time precision
};

struct HpkeCiphertext {
  uint8_t config_id = 0;
  std::vector<uint8_t> enc;      // 1..2^16-1 bytes
  std::vector<uint8_t> payload;  // 1..2^32-1 bytes
};

struct Report {
  ReportMetadata metadata;
  std::vector<uint8_t> public_share;
  HpkeCiphertext leader_share;
  HpkeCiphertext helper_share;
};

// `time` rounded down to a multiple of `precision_s` (so the timestamp does not single out a client).
// INVALID_ARGUMENT for a precision of 0.
Result<uint64_t> RoundTime(uint64_t time_s, uint64_t precision_s);

void EncodeReportMetadata(const ReportMetadata& m, std::vector<uint8_t>* out);
// INVALID_ARGUMENT if enc or payload is empty or too long for its length prefix.
Status EncodeHpkeCiphertext(const HpkeCiphertext& c, std::vector<uint8_t>* out);
Result<std::vector<uint8_t>> EncodeReport(const Report& r);
// PlaintextInputShare with no extensions: 00 00 || u32 length || payload.
Result<std::vector<uint8_t>> EncodePlaintextInputShare(const std::vector<uint8_t>& payload);
// InputShareAad: task id || ReportMetadata || opaque public_share<0..2^32-1>.
Result<std::vector<uint8_t>> EncodeInputShareAad(const TaskId& task_id, const ReportMetadata& m,
                                                 const std::vector<uint8_t>& public_share);
// The HPKE info for an input share: "dap-09 input share" || 0x01 (client) || role (leader or helper).
std::vector<uint8_t> InputShareInfo(WireDraft draft, Role recipient);

// Decodes a Report (for previews, exports and tests): exact length, every prefix in bounds.
// TACIT_ERR_REPORT_MALFORMED otherwise.
Result<Report> DecodeReport(const uint8_t* bytes, size_t len);

// ------------------------------------------------------------------------------------------------
// Ids and requests.

// Unpadded base64url (RFC 4648, sections 5 and 3.2): a task id is 43 characters.
std::string Base64Url(const uint8_t* bytes, size_t len);
// Strict: only the URL-safe alphabet, no padding, no stray bits; exactly 32 bytes.
// INVALID_ARGUMENT otherwise.
Result<TaskId> ParseTaskId(const std::string& text);

// The upload request for one report: PUT {leader}{path}, Content-Type media_type, the Report as body.
struct UploadRequest {
  std::string method;      // "PUT"
  std::string path;        // "/tasks/{task-id}/reports", relative to the Leader's endpoint
  std::string media_type;  // kMediaReport
};
UploadRequest MakeUploadRequest(WireDraft draft, const TaskId& task_id);
// "/hpke_config?task_id={task-id}", relative to an aggregator's endpoint; answered with kMediaHpkeConfigList.
std::string HpkeConfigPath(WireDraft draft, const TaskId& task_id);

// The HPKE config in use per (task, aggregator), as the host handed it over. A new list replaces the old
// (rotation); the config is usable until its expiry (0 = none).
struct ActiveConfig {
  HpkeConfig config;
  int64_t expires_at_ms = 0;
  int64_t set_at_ms = 0;
};
class ConfigSet {
 public:
  // Parses and selects (ParseHpkeConfigList, SelectHpkeConfig); on any error the previous config stays.
  Status Set(const TaskId& task, Role role, const uint8_t* list, size_t len, int64_t expires_at_ms, int64_t now_ms);
  // The config for (task, role) if set and not expired at now_ms; NOT_FOUND (saying which) otherwise.
  Result<ActiveConfig> Get(const TaskId& task, Role role, int64_t now_ms) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    TaskId task{};
    Role role = Role::kLeader;
    ActiveConfig active;
  };
  std::vector<Entry> entries_;
};

}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_DAP09_H_

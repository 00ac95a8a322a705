// Privacy reports: build (FlatBuffers, schemas/report.fbs, padded to a size fixed per metric), seal to the
// brand's X25519 key (crypto_box_seal), and open + verify on the brand's side. See docs/report-format.md.
#ifndef TACIT_REPORT_REPORT_H_
#define TACIT_REPORT_REPORT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "report/ldp.h"

namespace tacit {
namespace report {

constexpr size_t kReportIdBytes = 16;
constexpr size_t kMaxMetricIdLen = 128;  // TACIT_MAX_ID_LEN
constexpr size_t kMaxReportBytes = 8192;  // plaintext; ReportSize(128, kMaxDomain) fits
constexpr size_t kMinReportBytes = 64;    // below any valid report
constexpr size_t kSealOverhead = 48;      // crypto_box_SEALBYTES
constexpr size_t kKeyBytes = 32;          // X25519 public and secret keys

// Why a report was refused. Pinned: the collector prints and counts them by name.
enum class Reject : uint8_t {
  kNone = 0,
  kSize = 1,        // sealed or plaintext length outside [min, max]
  kDecrypt = 2,     // crypto_box_seal_open failed: tampered, truncated past the header, or the wrong key
  kFormat = 3,      // not a FlatBuffer "TRPT" Report (the Verifier refused it)
  kMetricId = 4,    // missing, empty, too long, or with control characters
  kMechanism = 5,   // unknown mechanism
  kEpsilon = 6,     // eps' outside (0, 8] or off the 2^-20 grid
  kDomain = 7,      // d outside [2, 4096], or binary RR with d != 2
  kValue = 8,       // value outside [0, d) (RR/GRR) or [0, g) (OLH), or non-zero for OUE
  kBits = 9,        // OUE: not exactly d bytes of 0/1; other mechanisms: present
  kSeed = 10,       // OLH: not exactly 16 bytes; other mechanisms: present
  kReportId = 11,   // not exactly 16 bytes
  kPadding = 12,    // shorter than the metric's smallest size, not a multiple of 8, or padding bytes not zero
  kDuplicate = 13,  // (collector) a report_id seen before
  kPlanMetric = 14,  // (collector) the metric id is not a metric of the plan
  kPlanParams = 15,  // (collector) mechanism, d or eps' differ from the plan's metric
  kPlanPeriod = 16,  // (collector) the period is outside the plan's validity or not yet over
  kPlanSize = 17,    // (collector) not the plan's report size
  kUnreadable = 18,  // (collector) the input file could not be read
};
constexpr uint8_t kRejectMax = 18;
const char* RejectName(Reject r);  // "size", "decrypt", ...; "none" for kNone

// The period index of time t (Unix ms): floor(t / period_ms). INVALID_ARGUMENT if t < 0 or period_ms <= 0.
Result<uint64_t> PeriodIndex(int64_t t_ms, int64_t period_ms);

// The smallest plaintext size of a report of a metric whose id has `metric_id_len` bytes and whose domain
// has d values, whatever its mechanism, value, seed, period or report id: 8 * ceil((192 + len + d) / 8).
// A measurement plan pads every one of its reports to the largest of these over its metrics.
size_t ReportSize(size_t metric_id_len, uint32_t d);

// A verified report.
struct ParsedReport {
  std::string metric_id;
  uint64_t period = 0;
  ldp::Params params;  // mechanism, d and eps' as recorded
  ldp::Randomised randomised;
  std::array<uint8_t, kReportIdBytes> report_id{};
};

// The FlatBuffer bytes of one report, exactly ReportSize(metric_id.size(), params.d) long. The report id is
// 16 bytes from rng. INVALID_ARGUMENT for a bad metric id or a payload that does not fit params.
Result<std::vector<uint8_t>> BuildReport(const std::string& metric_id, uint64_t period,
                                         const ldp::Params& params, const ldp::Randomised& randomised,
                                         ldp::Rng& rng);
// The same, padded to exactly `size` bytes: a multiple of 8, at least ReportSize(metric_id.size(), params.d)
// and at most kMaxReportBytes (INVALID_ARGUMENT otherwise).
Result<std::vector<uint8_t>> BuildReport(const std::string& metric_id, uint64_t period,
                                         const ldp::Params& params, const ldp::Randomised& randomised,
                                         size_t size, ldp::Rng& rng);

// crypto_box_seal to the brand's X25519 public key: the result is bytes.size() + kSealOverhead long.
Result<std::vector<uint8_t>> SealReport(const std::vector<uint8_t>& bytes, const uint8_t* pk, size_t pk_len);

// Verifies unsealed report bytes: FlatBuffers Verifier with tight limits, then semantic checks. On failure
// the status is TACIT_ERR_REPORT_MALFORMED and *why (if given) the reason.
Result<ParsedReport> VerifyReport(const uint8_t* bytes, size_t len, Reject* why = nullptr);

// crypto_box_seal_open with the brand's key pair, then VerifyReport. Keys must be kKeyBytes long
// (TACIT_ERR_KEY_LENGTH otherwise).
Result<ParsedReport> OpenReport(const uint8_t* sealed, size_t len, const uint8_t* pk, size_t pk_len,
                                const uint8_t* sk, size_t sk_len, Reject* why = nullptr);

}  // namespace report
}  // namespace tacit

#endif  // TACIT_REPORT_REPORT_H_

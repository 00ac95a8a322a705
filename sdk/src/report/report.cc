#include "report/report.h"

#include <sodium.h>

#include <cstring>

#include "report_generated.h"

namespace tacit {
namespace report {

namespace {

static_assert(kSealOverhead == crypto_box_SEALBYTES, "seal overhead");
static_assert(kKeyBytes == crypto_box_PUBLICKEYBYTES && kKeyBytes == crypto_box_SECRETKEYBYTES, "keys");
static_assert(uint8_t(ldp::Mechanism::kOLH) == uint8_t(fb::Mechanism::OLH), "pinned mechanism values");
static_assert(uint8_t(ldp::Mechanism::kOUE) == uint8_t(fb::Mechanism::OUE), "pinned mechanism values");
static_assert(uint8_t(ldp::Mechanism::kGRR) == uint8_t(fb::Mechanism::GRR), "pinned mechanism values");
static_assert(uint8_t(ldp::Mechanism::kBinaryRR) == uint8_t(fb::Mechanism::BinaryRR), "pinned mechanism values");

bool ValidMetricId(const char* s, size_t n) {
  if (n == 0 || n > kMaxMetricIdLen) return false;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

Status Refuse(Reject r, const char* what, Reject* why) {
  if (why) *why = r;
  return Status(TACIT_ERR_REPORT_MALFORMED, std::string("report: ") + RejectName(r) + ": " + what);
}

// One build with `pad` padding bytes.
std::vector<uint8_t> Build(const std::string& metric_id, uint64_t period, const ldp::Params& params,
                           const ldp::Randomised& r, const uint8_t* report_id, size_t pad) {
  flatbuffers::FlatBufferBuilder fbb(kMaxReportBytes);
  fbb.ForceDefaults(true);  // every scalar is written, so the layout never depends on the values
  const std::vector<uint8_t> zeros(pad, 0);
  auto padding = fbb.CreateVector(zeros);
  auto rid = fbb.CreateVector(report_id, kReportIdBytes);
  flatbuffers::Offset<flatbuffers::Vector<uint8_t>> seed, bits;
  if (params.mechanism == ldp::Mechanism::kOLH) seed = fbb.CreateVector(r.seed.data(), r.seed.size());
  if (params.mechanism == ldp::Mechanism::kOUE) bits = fbb.CreateVector(r.bits);
  auto mid = fbb.CreateString(metric_id);
  fb::ReportBuilder rb(fbb);
  rb.add_metric_id(mid);
  rb.add_period(period);
  rb.add_mechanism(static_cast<fb::Mechanism>(params.mechanism));
  rb.add_domain_size(params.d);
  rb.add_epsilon_effective(params.q.epsilon);
  rb.add_value(params.mechanism == ldp::Mechanism::kOUE ? 0 : r.value);
  if (!bits.IsNull()) rb.add_bits(bits);
  if (!seed.IsNull()) rb.add_olh_seed(seed);
  rb.add_report_id(rid);
  rb.add_padding(padding);
  fb::FinishReportBuffer(fbb, rb.Finish());
  return std::vector<uint8_t>(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

}  // namespace

const char* RejectName(Reject r) {
  switch (r) {
    case Reject::kNone: return "none";
    case Reject::kSize: return "size";
    case Reject::kDecrypt: return "decrypt";
    case Reject::kFormat: return "format";
    case Reject::kMetricId: return "metric_id";
    case Reject::kMechanism: return "mechanism";
    case Reject::kEpsilon: return "epsilon";
    case Reject::kDomain: return "domain";
    case Reject::kValue: return "value";
    case Reject::kBits: return "bits";
    case Reject::kSeed: return "seed";
    case Reject::kReportId: return "report_id";
    case Reject::kPadding: return "padding";
    case Reject::kDuplicate: return "duplicate";
    case Reject::kPlanMetric: return "not_in_plan";
    case Reject::kPlanParams: return "plan_parameters";
    case Reject::kPlanPeriod: return "plan_period";
    case Reject::kPlanSize: return "plan_size";
    case Reject::kUnreadable: return "unreadable";
  }
  return "unknown";
}

Result<uint64_t> PeriodIndex(int64_t t_ms, int64_t period_ms) {
  if (t_ms < 0 || period_ms <= 0) return Status::Invalid("report: bad time or period");
  return uint64_t(t_ms / period_ms);
}

size_t ReportSize(size_t metric_id_len, uint32_t d) { return (192 + metric_id_len + d + 7) / 8 * 8; }

Result<std::vector<uint8_t>> BuildReport(const std::string& metric_id, uint64_t period,
                                         const ldp::Params& params, const ldp::Randomised& r,
                                         ldp::Rng& rng) {
  return BuildReport(metric_id, period, params, r, ReportSize(metric_id.size(), params.d), rng);
}

Result<std::vector<uint8_t>> BuildReport(const std::string& metric_id, uint64_t period,
                                         const ldp::Params& params, const ldp::Randomised& r, size_t target,
                                         ldp::Rng& rng) {
  if (!ValidMetricId(metric_id.data(), metric_id.size())) return Status::Invalid("report: bad metric id");
  if (params.d < 2 || params.d > ldp::kMaxDomain) return Status::Invalid("report: bad domain size");
  switch (params.mechanism) {
    case ldp::Mechanism::kBinaryRR:
    case ldp::Mechanism::kGRR:
      if (r.value >= params.d) return Status::Invalid("report: value out of range");
      break;
    case ldp::Mechanism::kOUE:
      if (r.bits.size() != params.d) return Status::Invalid("report: OUE needs d bits");
      for (uint8_t b : r.bits)
        if (b > 1) return Status::Invalid("report: OUE bits must be 0 or 1");
      break;
    case ldp::Mechanism::kOLH:
      if (r.value >= params.g) return Status::Invalid("report: value out of range");
      break;
    default:
      return Status::Invalid("report: unknown mechanism");
  }
  if (target % 8 != 0 || target < ReportSize(metric_id.size(), params.d) || target > kMaxReportBytes)
    return Status::Invalid("report: the padded size must be a multiple of 8 between the metric's smallest size and 8 KiB");
  uint8_t report_id[kReportIdBytes];
  rng.Fill(report_id, sizeof(report_id));

  // The size grows with the padding in alignment steps; converge on the target exactly.
  size_t pad = 0;
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::vector<uint8_t> out = Build(metric_id, period, params, r, report_id, pad);
    if (out.size() == target) return out;
    if (out.size() < target) {
      pad += target - out.size();
    } else {
      const size_t over = out.size() - target;
      if (pad == 0) break;
      pad = pad > over ? pad - over : pad - 1;
    }
  }
  return Status::Internal("report: cannot pad to the target size");
}

Result<std::vector<uint8_t>> SealReport(const std::vector<uint8_t>& bytes, const uint8_t* pk, size_t pk_len) {
  if (pk == nullptr || pk_len != kKeyBytes) return Status(TACIT_ERR_KEY_LENGTH, "report: public key must be 32 bytes");
  if (bytes.empty() || bytes.size() > kMaxReportBytes) return Status::Invalid("report: bad report size");
  std::vector<uint8_t> out(bytes.size() + crypto_box_SEALBYTES);
  if (crypto_box_seal(out.data(), bytes.data(), bytes.size(), pk) != 0)
    return Status::Internal("report: crypto_box_seal failed");
  return out;
}

Result<ParsedReport> VerifyReport(const uint8_t* bytes, size_t len, Reject* why) {
  if (why) *why = Reject::kNone;
  if (bytes == nullptr || len < kMinReportBytes || len > kMaxReportBytes)
    return Refuse(Reject::kSize, "plaintext length out of range", why);
  // An owned copy: heap storage is aligned for the Verifier's alignment checks.
  const std::vector<uint8_t> buf(bytes, bytes + len);
  flatbuffers::Verifier::Options opts;
  opts.max_depth = 3;   // root table -> vector / string
  opts.max_tables = 1;  // exactly the root
  flatbuffers::Verifier verifier(buf.data(), buf.size(), opts);
  if (!fb::VerifyReportBuffer(verifier)) return Refuse(Reject::kFormat, "not a valid TRPT buffer", why);
  const fb::Report* r = fb::GetReport(buf.data());

  ParsedReport out;
  const flatbuffers::String* mid = r->metric_id();
  if (mid == nullptr || !ValidMetricId(mid->c_str(), mid->size()))
    return Refuse(Reject::kMetricId, "bad metric id", why);
  out.metric_id.assign(mid->c_str(), mid->size());
  out.period = r->period();

  const uint8_t mech = uint8_t(r->mechanism());
  if (mech < 1 || mech > ldp::kMechanismMax) return Refuse(Reject::kMechanism, "unknown mechanism", why);
  const auto m = static_cast<ldp::Mechanism>(mech);

  Result<ldp::Quantised> q = ldp::QuantisedFromEffective(r->epsilon_effective());
  if (!q.ok()) return Refuse(Reject::kEpsilon, "epsilon out of range or off grid", why);
  Result<ldp::Params> params = ldp::MakeParamsFromQuantised(m, r->domain_size(), q.value());
  if (!params.ok()) return Refuse(Reject::kDomain, "bad domain size for the mechanism", why);
  out.params = params.value();
  const uint32_t d = out.params.d;

  const uint32_t value = r->value();
  const auto* bits = r->bits();
  const auto* seed = r->olh_seed();
  switch (m) {
    case ldp::Mechanism::kBinaryRR:
    case ldp::Mechanism::kGRR:
      if (value >= d) return Refuse(Reject::kValue, "value >= d", why);
      break;
    case ldp::Mechanism::kOUE:
      if (value != 0) return Refuse(Reject::kValue, "OUE value must be 0", why);
      break;
    case ldp::Mechanism::kOLH:
      if (value >= out.params.g) return Refuse(Reject::kValue, "value >= g", why);
      break;
  }
  out.randomised.value = value;
  if (m == ldp::Mechanism::kOUE) {
    if (bits == nullptr || bits->size() != d) return Refuse(Reject::kBits, "OUE needs d bits", why);
    out.randomised.bits.assign(bits->begin(), bits->end());
    for (uint8_t b : out.randomised.bits)
      if (b > 1) return Refuse(Reject::kBits, "OUE bits must be 0 or 1", why);
  } else if (bits != nullptr) {
    return Refuse(Reject::kBits, "bits present for a non-OUE mechanism", why);
  }
  if (m == ldp::Mechanism::kOLH) {
    if (seed == nullptr || seed->size() != ldp::kOlhSeedBytes) return Refuse(Reject::kSeed, "OLH needs a 16-byte seed", why);
    std::memcpy(out.randomised.seed.data(), seed->data(), ldp::kOlhSeedBytes);
  } else if (seed != nullptr) {
    return Refuse(Reject::kSeed, "seed present for a non-OLH mechanism", why);
  }
  const auto* rid = r->report_id();
  if (rid == nullptr || rid->size() != kReportIdBytes) return Refuse(Reject::kReportId, "report id must be 16 bytes", why);
  std::memcpy(out.report_id.data(), rid->data(), kReportIdBytes);

  if (len % 8 != 0 || len < ReportSize(out.metric_id.size(), d))
    return Refuse(Reject::kPadding, "shorter than the metric's smallest size or not a multiple of 8", why);
  const auto* padding = r->padding();
  if (padding == nullptr) return Refuse(Reject::kPadding, "padding missing", why);
  for (uint8_t b : *padding)
    if (b != 0) return Refuse(Reject::kPadding, "padding bytes must be zero", why);
  // The padding vector is the buffer's tail: after it only alignment (< 8 zero bytes), so that no byte of
  // the report is outside a checked field.
  const size_t tail = size_t(padding->data() - buf.data()) + padding->size();
  if (tail > len || len - tail >= 8) return Refuse(Reject::kPadding, "bytes after the padding", why);
  for (size_t i = tail; i < len; ++i)
    if (buf[i] != 0) return Refuse(Reject::kPadding, "bytes after the padding must be zero", why);
  return out;
}

Result<ParsedReport> OpenReport(const uint8_t* sealed, size_t len, const uint8_t* pk, size_t pk_len,
                                const uint8_t* sk, size_t sk_len, Reject* why) {
  if (why) *why = Reject::kNone;
  if (pk == nullptr || sk == nullptr || pk_len != kKeyBytes || sk_len != kKeyBytes)
    return Status(TACIT_ERR_KEY_LENGTH, "report: keys must be 32 bytes");
  if (sealed == nullptr || len < kMinReportBytes + crypto_box_SEALBYTES || len > kMaxReportBytes + crypto_box_SEALBYTES)
    return Refuse(Reject::kSize, "sealed length out of range", why);
  std::vector<uint8_t> plain(len - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(plain.data(), sealed, len, pk, sk) != 0)
    return Refuse(Reject::kDecrypt, "cannot open (tampered, truncated or wrong key)", why);
  Result<ParsedReport> r = VerifyReport(plain.data(), plain.size(), why);
  sodium_memzero(plain.data(), plain.size());
  return r;
}

}  // namespace report
}  // namespace tacit

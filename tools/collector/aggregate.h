// The brand's collector, as a library: open and verify sealed reports, refuse malformed and duplicate ones
// with a reason, aggregate per (metric, period, mechanism, d, eps'), debias, and write the estimates as
// JSON, CSV and SVG. tacit-collector is a thin CLI over it; tacit-sim calls it in-process.
#ifndef TACIT_TOOLS_COLLECTOR_AGGREGATE_H_
#define TACIT_TOOLS_COLLECTOR_AGGREGATE_H_

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/status.h"
#include "model/plan.h"
#include "report/ldp.h"
#include "report/report.h"

namespace tacit {
namespace collector {

// Reports are aggregated together only when all of these agree.
struct GroupKey {
  std::string metric_id;
  uint64_t period = 0;
  ldp::Mechanism mechanism = ldp::Mechanism::kGRR;
  uint32_t d = 0;
  uint64_t eps_a = 0;  // e^eps' = eps_a / 2^20
  bool operator<(const GroupKey& o) const {
    return std::tie(metric_id, period, mechanism, d, eps_a) < std::tie(o.metric_id, o.period, o.mechanism, o.d, o.eps_a);
  }
};

struct GroupEstimate {
  GroupKey key;
  ldp::Params params;
  uint64_t n = 0;
  std::vector<ldp::Estimate> estimates;  // one per value 0..d-1
};

struct Rejection {
  std::string source;  // file name or caller's label
  report::Reject reason = report::Reject::kNone;
  std::string message;
};

// metric id -> bucket labels (index i labels value i); missing labels print as the index.
using Labels = std::map<std::string, std::vector<std::string>>;

class Collector {
 public:
  // pk, sk: the brand's X25519 report key pair (32 bytes each).
  Collector(const std::array<uint8_t, 32>& pk, const std::array<uint8_t, 32>& sk) : pk_(pk), sk_(sk) {}

  // Checks every report against the plan: its metric id, mechanism, d and eps' must be the plan metric's,
  // its period inside the plan's validity and over by `now_ms`, its plaintext the plan's one size. The
  // outputs then show each period's dates. `plan` must outlive the collector.
  void UsePlan(const Plan* plan, int64_t now_ms) {
    plan_ = plan;
    now_ms_ = now_ms;
  }
  const Plan* plan() const { return plan_; }
  int64_t now_ms() const { return now_ms_; }  // as given to UsePlan
  // Report ids seen in earlier runs, refused as duplicates.
  void RememberSeen(const std::array<uint8_t, report::kReportIdBytes>& id) { seen_.insert(id); }
  const std::set<std::array<uint8_t, report::kReportIdBytes>>& seen() const { return seen_; }
  // Records an input that could not be read as one rejection.
  void RejectUnreadable(const std::string& source, const std::string& why);

  // Opens, verifies and aggregates one sealed report; kNone when accepted, else the reason (recorded).
  report::Reject AddSealed(const uint8_t* sealed, size_t len, const std::string& source);
  // Aggregates an already-verified report (the simulator's unsealed path); refuses duplicates.
  report::Reject AddParsed(const report::ParsedReport& r, const std::string& source);

  uint64_t accepted() const { return accepted_; }
  const std::vector<Rejection>& rejections() const { return rejections_; }
  std::map<std::string, uint64_t> RejectionCounts() const;  // reason name -> count
  std::vector<GroupEstimate> Estimates() const;              // ordered by GroupKey

 private:
  struct Group {
    explicit Group(const ldp::Params& p) : agg(p) {}
    ldp::Aggregator agg;
  };
  report::Reject CheckPlan(const report::ParsedReport& r, size_t plaintext_len, std::string* why) const;
  std::array<uint8_t, 32> pk_, sk_;
  const Plan* plan_ = nullptr;
  int64_t now_ms_ = 0;
  std::set<std::array<uint8_t, report::kReportIdBytes>> seen_;
  std::map<GroupKey, Group> groups_;
  std::vector<Rejection> rejections_;
  uint64_t accepted_ = 0;
};

// {"metric id": ["label 0", "label 1", ...], ...}. INVALID_ARGUMENT on anything else.
Result<Labels> ParseLabels(const std::string& json);

// Outputs name periods by their dates (ISO 8601, UTC) when the collector has a plan, else by index; the JSON
// then also carries "as_of", the collector's now (ISO 8601). Numbers that are not finite are written as null:
// the JSON is always valid.
std::string EstimatesJson(const Collector& c, const Labels& labels);
std::string EstimatesCsv(const std::vector<GroupEstimate>& groups, const Labels& labels, const Plan* plan = nullptr);
// One bar chart per group (estimate bars, 95% CI whiskers), stacked vertically in one SVG document.
std::string EstimatesSvg(const std::vector<GroupEstimate>& groups, const Labels& labels, const Plan* plan = nullptr);

struct RunOptions {
  std::string sk_path, pk_path;  // 32 raw bytes, or 64 hex digits (whitespace ignored)
  std::string in_dir, out_dir;
  std::string labels_path;       // optional
  std::string plan_path;         // the signed measurement plan (required)
  std::string brand_pk_path;     // the brand's Ed25519 key that signed it (32 raw bytes, or 64 hex digits)
  std::string state_path;        // optional: report ids accepted in earlier runs, one hex id per line
  int64_t now_ms = 0;            // reports count when their period is over by then; 0 = the system clock
  uint64_t min_n = 100;          // report.html marks groups with fewer reports
};
// Verifies the plan, reads the state file, reads every regular file in in_dir (sorted by name) as one
// sealed report (an unreadable file is one rejection), then writes out_dir/estimates.{json,csv,svg} the
// dashboard out_dir/report.html and the state file (atomically). *summary (if given) gets a one-line human summary.
Status Run(const RunOptions& opts, std::string* summary);

// Reads a 32-byte key file: 32 raw bytes, or 64 hex digits (common/tool_io.h).
Result<std::array<uint8_t, 32>> ReadKeyFile(const std::string& path);
// Writes a fresh X25519 key pair as raw 32-byte files, the format of tacit-brand keygen: the secret key with
// mode 0600, never over an existing file.
Status WriteKeyPair(const std::string& sk_path, const std::string& pk_path);

}  // namespace collector
}  // namespace tacit

#endif  // TACIT_TOOLS_COLLECTOR_AGGREGATE_H_

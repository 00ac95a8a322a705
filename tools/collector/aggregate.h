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
  std::array<uint8_t, 32> pk_, sk_;
  std::set<std::array<uint8_t, report::kReportIdBytes>> seen_;
  std::map<GroupKey, Group> groups_;
  std::vector<Rejection> rejections_;
  uint64_t accepted_ = 0;
};

// {"metric id": ["label 0", "label 1", ...], ...}. INVALID_ARGUMENT on anything else.
Result<Labels> ParseLabels(const std::string& json);

std::string EstimatesJson(const Collector& c, const Labels& labels);
std::string EstimatesCsv(const std::vector<GroupEstimate>& groups, const Labels& labels);
// One bar chart per group (estimate bars, 95% CI whiskers), stacked vertically in one SVG document.
std::string EstimatesSvg(const std::vector<GroupEstimate>& groups, const Labels& labels);

struct RunOptions {
  std::string sk_path, pk_path;  // 32 raw bytes or 64 hex characters (whitespace ignored)
  std::string in_dir, out_dir;
  std::string labels_path;       // optional
  int64_t period_ms = 0;         // the metrics' period length, for dates in report.html; 0 = unknown
  uint64_t min_n = 100;          // report.html marks groups with fewer reports
};
// Reads every regular file in in_dir (sorted by name) as one sealed report, then writes
// out_dir/estimates.{json,csv,svg} and the dashboard out_dir/report.html. *summary (if given) gets a one-line human summary.
Status Run(const RunOptions& opts, std::string* summary);

// Reads a 32-byte key file (raw or hex).
Result<std::array<uint8_t, 32>> ReadKeyFile(const std::string& path);
// Writes a fresh X25519 key pair as 64-char hex files (sk with mode 0600).
Status WriteKeyPair(const std::string& sk_path, const std::string& pk_path);

}  // namespace collector
}  // namespace tacit

#endif  // TACIT_TOOLS_COLLECTOR_AGGREGATE_H_

// The brand's dashboard: one self-contained HTML page (report.html) with every group's debiased estimates
// as a bar chart with 95% intervals, periods as dates, and groups below a minimum number of reports marked.
#ifndef TACIT_TOOLS_COLLECTOR_REPORT_HTML_H_
#define TACIT_TOOLS_COLLECTOR_REPORT_HTML_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "collector/aggregate.h"

namespace tacit {
namespace collector {

struct ReportHtmlOptions {
  std::string title = "Privacy-protected measurement";
  uint64_t min_n = 100;  // groups with fewer reports are marked "too few reports"
  // The period's dates for a group ("2026-06-01", or "2026-06-01 – 2026-06-07"); "" when unknown, and
  // the page then says "period N".
  std::function<std::string(const GroupKey&)> period_label;
  std::string generated_at;  // ISO 8601, shown in the footer; "" for none
};

std::string ReportHtml(const std::vector<GroupEstimate>& groups, const Labels& labels, uint64_t accepted,
                       uint64_t rejected, const ReportHtmlOptions& options);

// "2026-06-01" for a period index of a metric whose periods are period_ms long (Unix epoch aligned), and
// "2026-06-01 – 2026-06-07" when a period spans several days.
std::string PeriodDates(uint64_t period, int64_t period_ms);

}  // namespace collector
}  // namespace tacit

#endif  // TACIT_TOOLS_COLLECTOR_REPORT_HTML_H_

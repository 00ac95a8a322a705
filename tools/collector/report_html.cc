#include "collector/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace tacit {
namespace collector {
namespace {

std::string Esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o.push_back(c);
    }
  }
  return o;
}

std::string Num(double v, const char* fmt = "%.1f") {
  if (std::fabs(v) < 0.05) v = 0;  // no "-0"
  char b[64];
  std::snprintf(b, sizeof b, fmt, v);
  return b;
}

std::string Date(int64_t ms) {
  std::time_t t = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char b[16];
  std::strftime(b, sizeof b, "%Y-%m-%d", &tm);
  return b;
}

std::string LabelOf(const Labels& labels, const std::string& metric, uint32_t v) {
  auto it = labels.find(metric);
  if (it != labels.end() && v < it->second.size()) return it->second[v];
  return std::to_string(v);
}

// One group's chart: horizontal bars (labels stay readable at any count), the 95% interval as a line.
void Chart(std::ostringstream& o, const GroupEstimate& g, const Labels& labels, bool small) {
  const double row = 26, left = 190, right = 70, width = 760;
  const double plot = width - left - right;
  double hi = 1, lo = 0;
  for (const ldp::Estimate& e : g.estimates) {
    hi = std::max(hi, e.ci_high);
    lo = std::min(lo, e.ci_low);
  }
  auto X = [&](double v) { return left + plot * (v - lo) / (hi - lo); };
  const double height = row * g.key.d + 30;
  o << "<svg viewBox=\"0 0 " << width << ' ' << height << "\" role=\"img\" aria-labelledby=\"t-" << Esc(g.key.metric_id)
    << '-' << g.key.period << "\">\n";
  // Ticks at round numbers: a step of 1, 2 or 5 times a power of ten, about four of them.
  const double raw = (hi - lo) / 4, mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    o << "<line class=\"grid\" x1=\"" << Num(X(v)) << "\" y1=\"0\" x2=\"" << Num(X(v)) << "\" y2=\"" << row * g.key.d
      << "\"/><text class=\"tick\" x=\"" << Num(X(v)) << "\" y=\"" << row * g.key.d + 16 << "\">" << Num(v, "%g")
      << "</text>\n";
  }
  for (uint32_t v = 0; v < g.key.d; ++v) {
    const ldp::Estimate& e = g.estimates[v];
    const double y = row * v;
    const std::string label = LabelOf(labels, g.key.metric_id, v);
    const double x0 = X(std::min(0.0, e.count)), x1 = X(std::max(0.0, e.count));
    o << "<g data-estimate=\"" << Num(e.count, "%.3f") << "\" data-ci-low=\"" << Num(e.ci_low, "%.3f")
      << "\" data-ci-high=\"" << Num(e.ci_high, "%.3f") << "\"><title>" << Esc(label) << ": " << Num(e.count)
      << " (95% interval " << Num(e.ci_low) << " to " << Num(e.ci_high) << ")</title>"
      << "<text class=\"label\" x=\"" << left - 8 << "\" y=\"" << y + 17 << "\">" << Esc(label) << "</text>"
      << "<rect class=\"bar" << (small ? " small" : "") << (e.count < 0 ? " negative" : "") << "\" x=\"" << Num(x0)
      << "\" y=\"" << y + 5 << "\" width=\"" << Num(std::max(1.0, x1 - x0)) << "\" height=\"" << row - 10 << "\"/>"
      << "<path class=\"ci\" d=\"M" << Num(X(e.ci_low)) << ' ' << y + 13 << "H" << Num(X(e.ci_high)) << "M"
      << Num(X(e.ci_low)) << ' ' << y + 8 << "V" << y + 18 << "M" << Num(X(e.ci_high)) << ' ' << y + 8 << "V" << y + 18
      << "\"/><text class=\"value\" x=\"" << width - 4 << "\" y=\"" << y + 17 << "\">" << Num(e.count, "%.0f")
      << "</text></g>\n";
  }
  o << "</svg>\n";
}

}  // namespace

std::string PeriodDates(uint64_t period, int64_t period_ms) {
  if (period_ms <= 0) return "";
  const int64_t start = int64_t(period) * period_ms;
  const int64_t last = start + period_ms - 1;
  const std::string a = Date(start), b = Date(last);
  return a == b ? a : a + " – " + b;
}

std::string ReportHtml(const std::vector<GroupEstimate>& groups, const Labels& labels, uint64_t accepted,
                       uint64_t rejected, const ReportHtmlOptions& opt) {
  std::ostringstream o;
  o << "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
    << Esc(opt.title)
    << "</title>\n<style>\n"
       "body{font-family:system-ui,sans-serif;color:#1a1a1a;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.45}\n"
       "h1{font-size:1.5rem}h2{font-size:1.15rem;margin:0 0 .25rem}.meta{color:#4a4a4a;font-size:.9rem;margin:.1rem 0}\n"
       "section{border:1px solid #c9ccd1;border-radius:.5rem;padding:1rem;margin:1rem 0}\n"
       "section.small{border-style:dashed;background:#f7f7f7}.flag{display:inline-block;background:#fde8e8;"
       "color:#a4161a;border-radius:.25rem;padding:.1rem .4rem;font-size:.85rem;font-weight:600}\n"
       "svg{width:100%;height:auto;font-size:12px}.bar{fill:#0b5cad}.bar.small{fill:#9aa5b1}.bar.negative{fill:#b8860b}\n"
       ".ci{stroke:#1a1a1a;stroke-width:1.5;fill:none}.grid{stroke:#e1e4e8}.tick{text-anchor:middle;fill:#4a4a4a}\n"
       ".label{text-anchor:end}.value{text-anchor:end;fill:#4a4a4a}\n"
       "table{border-collapse:collapse;font-size:.85rem;margin-top:.5rem}td,th{padding:.2rem .5rem;text-align:right;"
       "border-bottom:1px solid #e1e4e8}th:first-child,td:first-child{text-align:left}\n"
       "details{margin-top:.5rem}\n</style>\n</head>\n<body>\n<h1>"
    << Esc(opt.title) << "</h1>\n<p class=\"meta\">" << accepted << " reports accepted, " << rejected
    << " refused. Each estimate is debiased from locally randomised answers; the line across each bar is its 95% "
       "interval. Groups with fewer than "
    << opt.min_n << " reports are marked: their intervals are too wide to act on.</p>\n";
  if (groups.empty()) o << "<p>No accepted reports.</p>\n";
  for (const GroupEstimate& g : groups) {
    const bool small = g.n < opt.min_n;
    const std::string dates = opt.period_label ? opt.period_label(g.key) : "";
    const std::string when = dates.empty() ? "period " + std::to_string(g.key.period) : dates;
    o << "<section" << (small ? " class=\"small\" data-small=\"true\"" : "") << " aria-labelledby=\"t-"
      << Esc(g.key.metric_id) << '-' << g.key.period << "\">\n<h2 id=\"t-" << Esc(g.key.metric_id) << '-'
      << g.key.period << "\">" << Esc(g.key.metric_id) << " — <time>" << Esc(when) << "</time></h2>\n"
      << "<p class=\"meta\">n = " << g.n << " reports · " << ldp::MechanismName(g.key.mechanism) << ", "
      << g.key.d << " values, ε′ = " << Num(g.params.q.epsilon, "%.2f") << "</p>\n";
    if (small)
      o << "<p><span class=\"flag\">Too few reports</span> n = " << g.n << " is below the minimum of " << opt.min_n
        << "; shown for completeness only.</p>\n";
    Chart(o, g, labels, small);
    o << "<details><summary>Numbers</summary><table><thead><tr><th scope=\"col\">value</th><th scope=\"col\">"
         "estimate</th><th scope=\"col\">95% low</th><th scope=\"col\">95% high</th></tr></thead><tbody>\n";
    for (uint32_t v = 0; v < g.key.d; ++v) {
      const ldp::Estimate& e = g.estimates[v];
      o << "<tr><td>" << Esc(LabelOf(labels, g.key.metric_id, v)) << "</td><td>" << Num(e.count) << "</td><td>"
        << Num(e.ci_low) << "</td><td>" << Num(e.ci_high) << "</td></tr>\n";
    }
    o << "</tbody></table></details>\n</section>\n";
  }
  if (!opt.generated_at.empty()) o << "<p class=\"meta\">Generated " << Esc(opt.generated_at) << ".</p>\n";
  o << "</body>\n</html>\n";
  return o.str();
}

}  // namespace collector
}  // namespace tacit

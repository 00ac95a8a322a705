#include "collector/aggregate.h"
#include "collector/report_html.h"
#include "common/tool_io.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "core/json.h"
#include "plan/loader.h"
#include "flatbuffers/flexbuffers.h"
#include "flatbuffers/idl.h"

namespace tacit {
namespace collector {

namespace fs = std::filesystem;

namespace {

// YYYY-MM-DD (UTC) of a Unix time in ms.
std::string DateOf(int64_t ms) { return tools::IsoDate(ms); }

// The period of a group, as dates when a plan defines its length: "2026-06-01/2026-06-02" (ISO 8601 interval,
// end exclusive) and the first and last day.
const MetricDef* PlanMetric(const Plan* plan, const std::string& id) {
  if (!plan) return nullptr;
  for (const MetricDef& m : plan->metrics)
    if (m.id == id) return &m;
  return nullptr;
}
}  // namespace

// ---- collecting ------------------------------------------------------------------------------------

report::Reject Collector::AddSealed(const uint8_t* sealed, size_t len, const std::string& source) {
  report::Reject why = report::Reject::kNone;
  Result<report::ParsedReport> r = report::OpenReport(sealed, len, pk_.data(), pk_.size(), sk_.data(), sk_.size(), &why);
  if (!r.ok()) {
    if (why == report::Reject::kNone) why = report::Reject::kDecrypt;  // key errors: nothing opens
    rejections_.push_back({source, why, r.status().message()});
    return why;
  }
  if (plan_) {
    std::string message;
    why = CheckPlan(r.value(), len - report::kSealOverhead, &message);
    if (why != report::Reject::kNone) {
      rejections_.push_back({source, why, "report: " + std::string(report::RejectName(why)) + ": " + message});
      return why;
    }
  }
  return AddParsed(r.value(), source);
}

void Collector::RejectUnreadable(const std::string& source, const std::string& why) {
  rejections_.push_back({source, report::Reject::kUnreadable, "cannot read: " + why});
}

report::Reject Collector::CheckPlan(const report::ParsedReport& r, size_t plaintext_len, std::string* why) const {
  const MetricDef* m = nullptr;
  for (const MetricDef& def : plan_->metrics)
    if (def.id == r.metric_id) m = &def;
  if (!m || m->transport != MetricTransport::kLdpReport) {
    *why = "metric \"" + r.metric_id + "\" is not an LDP metric of the plan";
    return report::Reject::kPlanMetric;
  }
  const uint32_t d = MetricDomain(*m);
  Result<ldp::Params> want = ldp::MakeParams(ldp::ChooseMechanism(d, m->epsilon), d, m->epsilon);
  if (!want.ok() || want.value().mechanism != r.params.mechanism || want.value().d != r.params.d ||
      want.value().q.a != r.params.q.a) {
    *why = "mechanism, d or epsilon differ from the plan's metric \"" + m->id + "\"";
    return report::Reject::kPlanParams;
  }
  // The period must overlap the plan's validity and be over; computed without overflow (period_ms <= 366 d).
  const uint64_t max_period = uint64_t(INT64_MAX / m->period_ms) - 1;
  if (r.period > max_period) {
    *why = "period index out of range";
    return report::Reject::kPlanPeriod;
  }
  const int64_t start = int64_t(r.period) * m->period_ms, end = start + m->period_ms;
  if (end <= plan_->issued_at_ms || start >= plan_->expires_at_ms || end > now_ms_) {
    *why = "the period starting " + DateOf(start) + " is outside the plan's validity or not over yet";
    return report::Reject::kPlanPeriod;
  }
  if (plaintext_len != plan_->report_bytes) {
    *why = std::to_string(plaintext_len) + " bytes; every report of the plan is " + std::to_string(plan_->report_bytes);
    return report::Reject::kPlanSize;
  }
  return report::Reject::kNone;
}

report::Reject Collector::AddParsed(const report::ParsedReport& r, const std::string& source) {
  if (!seen_.insert(r.report_id).second) {
    rejections_.push_back({source, report::Reject::kDuplicate, "report: duplicate: report id seen before"});
    return report::Reject::kDuplicate;
  }
  GroupKey key{r.metric_id, r.period, r.params.mechanism, r.params.d, r.params.q.a};
  auto it = groups_.find(key);
  if (it == groups_.end()) it = groups_.emplace(key, Group(r.params)).first;
  it->second.agg.Add(r.randomised);
  ++accepted_;
  return report::Reject::kNone;
}

std::map<std::string, uint64_t> Collector::RejectionCounts() const {
  std::map<std::string, uint64_t> counts;
  for (const Rejection& r : rejections_) ++counts[report::RejectName(r.reason)];
  return counts;
}

std::vector<GroupEstimate> Collector::Estimates() const {
  std::vector<GroupEstimate> out;
  for (const auto& kv : groups_) {
    GroupEstimate g;
    g.key = kv.first;
    g.params = kv.second.agg.params();
    g.n = kv.second.agg.n();
    g.estimates = kv.second.agg.Estimates();
    out.push_back(std::move(g));
  }
  return out;
}

// ---- labels ------------------------------------------------------------------------------------------

Result<Labels> ParseLabels(const std::string& json) {
  flatbuffers::Parser parser;
  flexbuffers::Builder fbb;
  if (!parser.ParseFlexBuffer(json.c_str(), nullptr, &fbb))
    return Status::Invalid("labels: not JSON: " + parser.error_);
  flexbuffers::Reference root = flexbuffers::GetRoot(fbb.GetBuffer());
  if (!root.IsMap()) return Status::Invalid("labels: expected an object of metric id -> [labels]");
  flexbuffers::Map map = root.AsMap();
  flexbuffers::TypedVector keys = map.Keys();
  flexbuffers::Vector values = map.Values();
  Labels out;
  for (size_t i = 0; i < keys.size(); ++i) {
    flexbuffers::Reference v = values[i];
    if (!v.IsVector() || v.IsMap()) return Status::Invalid("labels: each value must be an array of strings");
    std::vector<std::string> labels;
    flexbuffers::Vector vec = v.AsVector();
    for (size_t j = 0; j < vec.size(); ++j) {
      if (!vec[j].IsString()) return Status::Invalid("labels: each label must be a string");
      labels.push_back(vec[j].AsString().str());
    }
    out[keys[i].AsKey()] = std::move(labels);
  }
  return out;
}

namespace {

std::string Label(const Labels& labels, const std::string& metric, uint32_t v) {
  auto it = labels.find(metric);
  if (it != labels.end() && v < it->second.size()) return it->second[v];
  return std::to_string(v);
}

std::string Num(double x, const char* fmt = "%.3f") {
  if (!std::isfinite(x)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof(buf), fmt, x);
  return buf;
}

std::string JsonString(const std::string& s) {
  std::string o;
  AppendJsonString(&o, s);
  return o;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) {
    if (c == '"') o += '"';
    o += c;
  }
  return o + "\"";
}

std::string Xml(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default: o += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
  }
  return o;
}

}  // namespace

// ---- outputs -----------------------------------------------------------------------------------------

std::string EstimatesJson(const Collector& c, const Labels& labels) {
  std::ostringstream o;
  o << "{\n";
  if (c.plan()) o << "  \"as_of\": " << JsonString(tools::Iso8601(c.now_ms())) << ",\n";
  o << "  \"accepted\": " << c.accepted() << ",\n  \"rejected\": " << c.rejections().size()
    << ",\n  \"rejections_by_reason\": {";
  bool first = true;
  for (const auto& kv : c.RejectionCounts()) {
    o << (first ? "" : ", ") << JsonString(kv.first) << ": " << kv.second;
    first = false;
  }
  o << "},\n  \"rejections\": [";
  first = true;
  for (const Rejection& r : c.rejections()) {
    o << (first ? "\n" : ",\n") << "    {\"source\": " << JsonString(r.source)
      << ", \"reason\": " << JsonString(report::RejectName(r.reason)) << ", \"message\": " << JsonString(r.message)
      << "}";
    first = false;
  }
  o << (first ? "" : "\n  ") << "],\n  \"estimates\": [";
  first = true;
  for (const GroupEstimate& g : c.Estimates()) {
    o << (first ? "\n" : ",\n") << "    {\"metric_id\": " << JsonString(g.key.metric_id);
    if (const MetricDef* m = PlanMetric(c.plan(), g.key.metric_id)) {
      const int64_t start = int64_t(g.key.period) * m->period_ms;
      o << ", \"period_start\": " << JsonString(DateOf(start))
        << ", \"period_end\": " << JsonString(DateOf(start + m->period_ms - kMsPerDay));
    } else {
      o << ", \"period\": " << g.key.period;
    }
    o << ", \"mechanism\": " << JsonString(ldp::MechanismName(g.key.mechanism))
      << ", \"d\": " << g.key.d << ", \"epsilon_effective\": " << Num(g.params.q.epsilon, "%.17g")
      << ", \"n\": " << g.n << ",\n     \"buckets\": [";
    for (uint32_t v = 0; v < g.key.d; ++v) {
      const ldp::Estimate& e = g.estimates[v];
      o << (v ? ",\n" : "\n") << "       {\"index\": " << v << ", \"label\": " << JsonString(Label(labels, g.key.metric_id, v))
        << ", \"estimate\": " << Num(e.count) << ", \"sd\": " << Num(std::sqrt(e.variance))
        << ", \"ci95_low\": " << Num(e.ci_low) << ", \"ci95_high\": " << Num(e.ci_high) << "}";
    }
    o << "]}";
    first = false;
  }
  o << (first ? "" : "\n  ") << "]\n}\n";
  return o.str();
}

// "2026-06-01" for a one-day period, "2026-06-01..2026-06-07" for longer ones; the index without a plan.
static std::string PeriodText(const Plan* plan, const GroupKey& key) {
  const MetricDef* m = PlanMetric(plan, key.metric_id);
  if (!m) return std::to_string(key.period);
  const int64_t start = int64_t(key.period) * m->period_ms;
  return m->period_days == 1 ? DateOf(start) : DateOf(start) + ".." + DateOf(start + m->period_ms - kMsPerDay);
}

std::string EstimatesCsv(const std::vector<GroupEstimate>& groups, const Labels& labels, const Plan* plan) {
  std::ostringstream o;
  o << "metric_id,period,mechanism,d,epsilon_effective,n,index,label,estimate,sd,ci95_low,ci95_high\n";
  for (const GroupEstimate& g : groups) {
    for (uint32_t v = 0; v < g.key.d; ++v) {
      const ldp::Estimate& e = g.estimates[v];
      o << CsvField(g.key.metric_id) << ',' << PeriodText(plan, g.key) << ',' << ldp::MechanismName(g.key.mechanism) << ','
        << g.key.d << ',' << Num(g.params.q.epsilon, "%.17g") << ',' << g.n << ',' << v << ','
        << CsvField(Label(labels, g.key.metric_id, v)) << ',' << Num(e.count) << ',' << Num(std::sqrt(e.variance))
        << ',' << Num(e.ci_low) << ',' << Num(e.ci_high) << '\n';
    }
  }
  return o.str();
}

std::string EstimatesSvg(const std::vector<GroupEstimate>& groups, const Labels& labels, const Plan* plan) {
  const double W = 960, H = 340, left = 80, right = 20, top = 50, bottom = 80;
  const double plot_w = W - left - right, plot_h = H - top - bottom;
  std::ostringstream o;
  const double total_h = std::max<double>(H, H * groups.size());
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << total_h
    << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  if (groups.empty()) o << "  <text x=\"20\" y=\"40\">no accepted reports</text>\n";
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    const GroupEstimate& g = groups[gi];
    const double y0 = H * gi;
    double lo = 0, hi = 1;
    for (const ldp::Estimate& e : g.estimates) {
      lo = std::min(lo, e.ci_low);
      hi = std::max(hi, e.ci_high);
    }
    auto Y = [&](double v) { return y0 + top + plot_h * (hi - v) / (hi - lo); };
    o << "  <g>\n    <text x=\"" << left << "\" y=\"" << y0 + 25 << "\" font-size=\"14\" font-weight=\"bold\">"
      << Xml(g.key.metric_id) << " — " << (plan ? "" : "period ") << PeriodText(plan, g.key) << "</text>\n";
    o << "    <text x=\"" << left << "\" y=\"" << y0 + 42 << "\">" << ldp::MechanismName(g.key.mechanism)
      << ", d = " << g.key.d << ", ε′ = " << Num(g.params.q.epsilon, "%.4f") << ", n = " << g.n
      << "; bars: debiased estimates, whiskers: 95% CI</text>\n";
    // Axes and ticks.
    o << "    <line x1=\"" << left << "\" y1=\"" << y0 + top << "\" x2=\"" << left << "\" y2=\"" << y0 + top + plot_h
      << "\" stroke=\"black\"/>\n";
    o << "    <line x1=\"" << left << "\" y1=\"" << Y(0) << "\" x2=\"" << left + plot_w << "\" y2=\"" << Y(0)
      << "\" stroke=\"black\"/>\n";
    for (int t = 0; t <= 4; ++t) {
      const double v = lo + (hi - lo) * t / 4;
      o << "    <line x1=\"" << left - 4 << "\" y1=\"" << Y(v) << "\" x2=\"" << left << "\" y2=\"" << Y(v)
        << "\" stroke=\"black\"/><text x=\"" << left - 6 << "\" y=\"" << Y(v) + 4 << "\" text-anchor=\"end\">"
        << Num(v, "%.0f") << "</text>\n";
    }
    const double slot = plot_w / g.key.d;
    const double bar = std::max(1.0, slot * 0.7);
    for (uint32_t v = 0; v < g.key.d; ++v) {
      const ldp::Estimate& e = g.estimates[v];
      const double cx = left + slot * (v + 0.5);
      const double ytop = std::min(Y(0), Y(e.count)), ybot = std::max(Y(0), Y(e.count));
      const std::string label = Label(labels, g.key.metric_id, v);
      o << "    <rect x=\"" << cx - bar / 2 << "\" y=\"" << ytop << "\" width=\"" << bar << "\" height=\""
        << ybot - ytop << "\" fill=\"" << (e.count >= 0 ? "#4e79a7" : "#e15759") << "\"><title>" << Xml(label)
        << ": " << Num(e.count) << " [" << Num(e.ci_low) << ", " << Num(e.ci_high) << "]</title></rect>\n";
      const double cap = std::max(1.0, bar / 3);
      o << "    <path d=\"M" << cx << ' ' << Y(e.ci_low) << "V" << Y(e.ci_high) << "M" << cx - cap << ' '
        << Y(e.ci_low) << "H" << cx + cap << "M" << cx - cap << ' ' << Y(e.ci_high) << "H" << cx + cap
        << "\" stroke=\"#333\" fill=\"none\"/>\n";
      if (g.key.d <= 40) {
        const double ly = y0 + top + plot_h + 12;
        o << "    <text x=\"" << cx << "\" y=\"" << ly << "\" text-anchor=\"end\" transform=\"rotate(-40 " << cx << ' '
          << ly << ")\">" << Xml(label) << "</text>\n";
      }
    }
    o << "  </g>\n";
  }
  o << "</svg>\n";
  return o.str();
}

// ---- files ---------------------------------------------------------------------------------------

namespace {

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IO("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteAll(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  out.close();
  if (!out) return Status::IO("cannot write " + path);
  return Status::OK();
}

std::string Hex(const uint8_t* p, size_t n) {
  std::string s(n * 2 + 1, '\0');
  sodium_bin2hex(&s[0], s.size(), p, n);
  s.pop_back();
  return s;
}

}  // namespace

Result<std::array<uint8_t, 32>> ReadKeyFile(const std::string& path) {
  TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, tools::ReadKeyFile(path, 32));
  std::array<uint8_t, 32> key{};
  std::copy(bytes.begin(), bytes.end(), key.begin());
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

Status WriteKeyPair(const std::string& sk_path, const std::string& pk_path) {
  if (sodium_init() < 0) return Status::Internal("sodium_init failed");
  uint8_t pk[32], sk[32];
  crypto_box_keypair(pk, sk);
  Status s = tools::WriteKeyFile(sk_path, sk, sizeof sk, true);
  sodium_memzero(sk, sizeof(sk));
  TACIT_RETURN_IF_ERROR(s);
  return tools::WriteKeyFile(pk_path, pk, sizeof pk, false);
}

namespace {

Status LoadState(const std::string& path, Collector* c) {
  std::ifstream in(path);
  if (!in) return Status::OK();  // no state yet: the first run
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    std::array<uint8_t, report::kReportIdBytes> id{};
    size_t got = 0;
    if (line.size() != 2 * id.size() ||
        sodium_hex2bin(id.data(), id.size(), line.data(), line.size(), nullptr, &got, nullptr) != 0 || got != id.size())
      return Status::Corrupt(path + ":" + std::to_string(n) + ": not a 32-hex-digit report id");
    c->RememberSeen(id);
  }
  return Status::OK();
}

// Temp file, then rename: a crash leaves the old state or the new, never half of one.
Status SaveState(const std::string& path, const Collector& c) {
  std::string text;
  for (const auto& id : c.seen()) text += Hex(id.data(), id.size()) + "\n";
  const std::string tmp = path + ".tmp";
  TACIT_RETURN_IF_ERROR(WriteAll(tmp, text));
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IO("cannot replace " + path + ": " + ec.message());
  return Status::OK();
}

}  // namespace

Status Run(const RunOptions& opts, std::string* summary) {
  if (sodium_init() < 0) return Status::Internal("sodium_init failed");
  TACIT_ASSIGN_OR_RETURN(auto sk, ReadKeyFile(opts.sk_path));
  TACIT_ASSIGN_OR_RETURN(auto pk, ReadKeyFile(opts.pk_path));
  uint8_t derived[32];
  crypto_scalarmult_base(derived, sk.data());
  if (sodium_memcmp(derived, pk.data(), 32) != 0) return Status(TACIT_ERR_KEY, "the public key does not match the secret key");
  if (opts.plan_path.empty() || opts.brand_pk_path.empty())
    return Status::Invalid("the signed measurement plan and the brand key that signed it are required");
  TACIT_ASSIGN_OR_RETURN(auto brand_pk, ReadKeyFile(opts.brand_pk_path));
  TACIT_ASSIGN_OR_RETURN(std::string plan_bytes, ReadAll(opts.plan_path));
  TACIT_ASSIGN_OR_RETURN(std::shared_ptr<const Plan> plan,
                         LoadSignedPlan(reinterpret_cast<const uint8_t*>(plan_bytes.data()), plan_bytes.size(),
                                        {brand_pk}, ""));
  if (sodium_memcmp(plan->report_public_key.data(), pk.data(), 32) != 0)
    return Status(TACIT_ERR_KEY, "the plan seals reports to another key than --pk");
  Labels labels;
  if (!opts.labels_path.empty()) {
    TACIT_ASSIGN_OR_RETURN(std::string json, ReadAll(opts.labels_path));
    TACIT_ASSIGN_OR_RETURN(labels, ParseLabels(json));
  }
  // Every metric the labels file does not name is labelled from the plan: its buckets, then "none".
  for (const MetricDef& m : plan->metrics) {
    if (labels.count(m.id)) continue;
    std::vector<std::string> names = m.buckets;
    if (m.kind == MetricKind::kAnyConversion) names = {"no", "yes"};
    else names.push_back("none");
    labels[m.id] = std::move(names);
  }
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(opts.in_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_directory(type_ec)) files.push_back(it->path());
  }
  if (ec) return Status::IO("cannot list " + opts.in_dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  Collector c(pk, sk);
  sodium_memzero(sk.data(), sk.size());
  c.UsePlan(plan.get(), opts.now_ms ? opts.now_ms : SystemNowMs());
  if (!opts.state_path.empty()) TACIT_RETURN_IF_ERROR(LoadState(opts.state_path, &c));
  for (const fs::path& f : files) {
    const std::string name = f.filename().string();
    const auto size = fs::file_size(f, ec);
    if (ec) {
      c.RejectUnreadable(name, ec.message());
      continue;
    }
    if (size > report::kMaxReportBytes + report::kSealOverhead) {
      // Too large to be a report: refused without reading it whole.
      uint8_t none = 0;
      c.AddSealed(&none, 0, name);
      continue;
    }
    Result<std::string> data = ReadAll(f.string());
    if (!data.ok()) {
      c.RejectUnreadable(name, data.status().message());
      continue;
    }
    c.AddSealed(reinterpret_cast<const uint8_t*>(data.value().data()), data.value().size(), name);
  }
  fs::create_directories(opts.out_dir, ec);
  if (ec) return Status::IO("cannot create " + opts.out_dir + ": " + ec.message());
  const std::vector<GroupEstimate> groups = c.Estimates();
  const fs::path out(opts.out_dir);
  TACIT_RETURN_IF_ERROR(WriteAll((out / "estimates.json").string(), EstimatesJson(c, labels)));
  TACIT_RETURN_IF_ERROR(WriteAll((out / "estimates.csv").string(), EstimatesCsv(groups, labels, plan.get())));
  TACIT_RETURN_IF_ERROR(WriteAll((out / "estimates.svg").string(), EstimatesSvg(groups, labels, plan.get())));
  if (!opts.state_path.empty()) TACIT_RETURN_IF_ERROR(SaveState(opts.state_path, c));
  ReportHtmlOptions html;
  html.min_n = opts.min_n;
  html.generated_at = tools::Iso8601(c.now_ms());  // --now, or the system clock
  const Plan* plan_for_dates = plan.get();
  html.period_label = [plan_for_dates](const GroupKey& k) { return PeriodText(plan_for_dates, k); };
  TACIT_RETURN_IF_ERROR(WriteAll((out / "report.html").string(),
                                 ReportHtml(groups, labels, c.accepted(), c.rejections().size(), html)));
  if (summary) {
    std::ostringstream s;
    s << files.size() << " files: " << c.accepted() << " accepted, " << c.rejections().size() << " rejected";
    for (const auto& kv : c.RejectionCounts()) s << " [" << kv.first << ": " << kv.second << "]";
    s << "; " << groups.size() << " group(s); plan " << plan->hash_hex.substr(0, 16) << "; as of "
      << tools::Iso8601(c.now_ms());
    *summary = s.str();
  }
  return Status::OK();
}

}  // namespace collector
}  // namespace tacit

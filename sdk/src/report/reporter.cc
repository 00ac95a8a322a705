#include "report/reporter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "consent/consent.h"
#include "core/clock.h"
#include "dap/client_report.h"
#include "plan/loader.h"
#include "report/metrics.h"

namespace tacit {
namespace {

constexpr int64_t kMsPer365Days = 365 * kMsPerDay;
constexpr double kSlack = 1e-12;  // sums of ε over many reports; never enough to admit one more report

std::string Fixed(double x, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

dap::TaskSpec DapTaskOf(const MetricDef& m) {
  dap::TaskSpec t;
  t.wire = dap::WireDraft::kDap09;
  t.vdaf_draft = dap::Draft::kVdaf08;
  t.task_id = m.dap.task_id;
  t.leader_url = m.dap.leader_url;
  t.helper_url = m.dap.helper_url;
  if (m.kind == MetricKind::kAnyConversion) {
    t.vdaf.kind = dap::VdafKind::kCount;
  } else {
    t.vdaf.kind = dap::VdafKind::kHistogram;
    t.vdaf.length = MetricDomain(m);
    t.vdaf.chunk_length = m.dap.chunk_length;
  }
  t.time_precision_s = m.dap.time_precision_s;
  t.min_batch_size = m.dap.min_batch_size;
  return t;
}

// What a DAP report carries, in words, for the preview, the export and the sent log (never the answer).
std::string DescribeDapReport(const MetricDef& m, const ldp::Params& params) {
  std::string vdaf = m.kind == MetricKind::kAnyConversion
                         ? std::string("Prio3Count (yes or no)")
                         : "Prio3Histogram over " + std::to_string(MetricDomain(m)) + " values (" +
                               std::to_string(m.buckets.size()) + " buckets and \"none\")";
  std::string s = "A DAP-09 report for task " + dap::Base64Url(m.dap.task_id.data(), m.dap.task_id.size()) + ": " +
                  vdaf + ". The answer is split into two secret shares, one sealed to the Leader (" +
                  m.dap.leader_url + "), one to the Helper (" + m.dap.helper_url +
                  "): neither can read it alone, and they release only sums over at least " +
                  std::to_string(m.dap.min_batch_size) + " reports.";
  if (m.dap.local_randomisation)
    s += " The answer was randomised on this device first (" + std::string(ldp::MechanismName(params.mechanism)) +
         ", epsilon " + Fixed(params.q.epsilon, 2) + "), so it stays private even if the two aggregators collude.";
  else
    s += " The answer itself is exact: its privacy rests on the two aggregators not colluding.";
  return s;
}

// Shards the answer (randomised first when the task says so), seals both shares and queues the Report.
Status QueueDapReport(ReportStore& reports, const MetricDef& m, uint64_t period, const ldp::Params& params,
                      const dap::ActiveConfig& leader, const dap::ActiveConfig& helper, uint32_t value,
                      const std::string& policy_version, int64_t now, ldp::Rng& rng) {
  const bool local = m.dap.local_randomisation;
  if (local) value = ldp::Randomise(params, value, rng).value;
  const dap::TaskSpec task = DapTaskOf(m);
  TACIT_ASSIGN_OR_RETURN(dap::BuiltReport built,
                         dap::BuildReport(task, {uint64_t(value)}, leader.config, helper.config, uint64_t(now / 1000)));
  QueuedReport q;
  std::memcpy(q.report_id.data(), built.report_id.data(), q.report_id.size());
  q.purpose = TACIT_PURPOSE_MEASUREMENT;
  q.metric_id = m.id;
  q.period = period;
  q.mechanism = local ? int32_t(params.mechanism) : 0;
  q.epsilon = params.q.epsilon;
  q.policy_version = policy_version;
  q.created_at = now;
  const std::string words = DescribeDapReport(m, params);
  q.plaintext.assign(words.begin(), words.end());
  q.sealed = std::move(built.bytes);
  q.transport = int32_t(MetricTransport::kDap);
  q.upload_url = m.dap.leader_url + dap::MakeUploadRequest(task.wire, task.task_id).path;
  return reports.QueueReport(q);
}

}  // namespace

struct ReportPreparation::Due {
  const MetricDef* metric;
  uint64_t period;
  int64_t start, end;
  ldp::Params params;
  dap::ActiveConfig leader, helper;  // DAP metrics: the aggregators' HPKE configs in use
  bool made = false;                  // decided: reported (else refused for budget)
  std::unique_ptr<MetricValue> value;  // made: the value, built in step 2
};

BudgetBounds EffectiveBounds(const Plan& plan, double host_per_24h, double host_per_365d) {
  BudgetBounds b{plan.epsilon_per_24h, plan.epsilon_per_365d};
  if (host_per_24h > 0) b.per_24h = std::min(b.per_24h, host_per_24h);
  if (host_per_365d > 0) b.per_365d = std::min(b.per_365d, host_per_365d);
  return b;
}

ReportPreparation::ReportPreparation(const Plan& plan, std::shared_ptr<const RankIndex> index, Evidence evidence,
                                     int64_t now_ms)
    : plan_(plan), index_(std::move(index)), evidence_(std::move(evidence)), now_(now_ms) {}

ReportPreparation::~ReportPreparation() = default;

Result<std::unique_ptr<ReportPreparation>> ReportPreparation::Start(ProfileStore& store, const Plan& plan,
                                                                    const BudgetBounds& bounds,
                                                                    std::shared_ptr<const RankIndex> index,
                                                                    int64_t now, int64_t half_life_ms,
                                                                    Evidence evidence,
                                                                    const dap::ConfigSet& dap_configs) {
  std::unique_ptr<ReportPreparation> p(new ReportPreparation(plan, std::move(index), std::move(evidence), now));
  PrepareOutcome& out = p->outcome_;
  ReportStore reports = store.Reports();
  if (plan.metrics.empty()) return p;
  Status valid = CheckPlanValidity(plan, now);
  if (!valid.ok()) {
    out.blocked.push_back(valid.code() == TACIT_ERR_PLAN_EXPIRED ? "the measurement plan has expired"
                                                                 : "the measurement plan is not valid yet");
    return p;
  }
  if (!p->index_) {
    out.blocked.push_back("no catalog is active: metric buckets name its topics");
    return p;
  }
  TACIT_ASSIGN_OR_RETURN(p->consent_, GetConsent(store, TACIT_PURPOSE_MEASUREMENT));
  const ConsentRecord& consent = p->consent_;
  if (consent.state != TACIT_CONSENT_GIVEN) {
    out.blocked.push_back(std::string("measurement consent is ") + ConsentStateName(consent.state));
    return p;
  }

  // 1. What is due: the last completed period of each metric, if consent was given before it ended and it
  //    was never decided. Cheap: no event is read.
  std::vector<Due>& due = p->due_;
  for (const MetricDef& m : plan.metrics) {
    const int64_t current = now / m.period_ms;  // now >= 0 and period_ms >= 1 day: no overflow
    if (current < 1) continue;
    const uint64_t period = uint64_t(current - 1);
    const int64_t start = (current - 1) * m.period_ms, end = current * m.period_ms;
    if (consent.ts > end) continue;
    TACIT_ASSIGN_OR_RETURN(bool decided, reports.PeriodDecided(m.id, period));
    if (decided) continue;
    const uint32_t d = MetricDomain(m);
    Due next{&m, period, start, end, {}, {}, {}, false, nullptr};
    ldp::Mechanism mechanism = ldp::ChooseMechanism(d, m.epsilon);
    if (m.transport == MetricTransport::kDap) {
      // Both aggregators' configs first: without them the period waits (undecided) for the next preparation.
      auto leader = dap_configs.Get(m.dap.task_id, dap::Role::kLeader, now);
      auto helper = dap_configs.Get(m.dap.task_id, dap::Role::kHelper, now);
      if (!leader.ok() || !helper.ok()) {
        out.blocked.push_back("metric \"" + m.id + "\": " +
                              (leader.ok() ? helper.status() : leader.status()).message() +
                              " (the host hands them over with tacit_dap_set_hpke_configs)");
        continue;
      }
      next.leader = leader.value();
      next.helper = helper.value();
      // Local randomisation before sharding keeps the answer a bucket: randomised response over d values.
      mechanism = d == 2 ? ldp::Mechanism::kBinaryRR : ldp::Mechanism::kGRR;
    }
    TACIT_ASSIGN_OR_RETURN(next.params, ldp::MakeParams(mechanism, d, m.epsilon));
    due.push_back(std::move(next));
  }
  if (due.empty()) return p;
  // What Finish's recheck compares (besides the ledger, read below).
  TACIT_ASSIGN_OR_RETURN(auto history, ConsentHistory(store));
  p->consent_history_ = history.size();
  p->events_deleted_ = store.events_deleted();

  // 2. Decide each, in plan order, before any value exists: reported when its ε fits both bounds (recorded
  //    by Finish, which charges it), else refused.
  TACIT_ASSIGN_OR_RETURN(p->spent_24h_, reports.EpsilonSpentSince(now - kMsPerDay));
  TACIT_ASSIGN_OR_RETURN(p->spent_365d_, reports.EpsilonSpentSince(now - kMsPer365Days));
  double spent_24h = p->spent_24h_, spent_365d = p->spent_365d_;
  std::vector<EventRange> need;
  for (Due& d : due) {
    const double eps = d.params.q.epsilon;
    d.made = spent_24h + eps <= bounds.per_24h + kSlack && spent_365d + eps <= bounds.per_365d + kSlack;
    if (!d.made) {
      out.refused_budget++;
      continue;
    }
    spent_24h += eps;
    spent_365d += eps;
    d.value = std::make_unique<MetricValue>(*p->index_, *d.metric, d.start, d.end, half_life_ms, p->evidence_);
    need.push_back({d.value->from_ms(), d.value->end_ms(), 0});
  }
  if (need.empty()) return p;

  // The events to read: those stored now, in the union of the made reports' windows (merged).
  TACIT_ASSIGN_OR_RETURN(const int64_t newest, store.NewestEventId());
  std::sort(need.begin(), need.end(), [](const EventRange& a, const EventRange& b) { return a.from_ms < b.from_ms; });
  for (EventRange w : need) {
    w.max_id = newest;
    if (!p->windows_.empty() && w.from_ms <= p->windows_.back().to_ms)
      p->windows_.back().to_ms = std::max(p->windows_.back().to_ms, w.to_ms);
    else
      p->windows_.push_back(w);
  }
  if (newest == 0) p->windows_.clear();  // no event at all: the values are those of an empty profile
  return p;
}

Status ReportPreparation::ReadPage(ProfileStore& store, size_t max_events) {
  if (values_done()) return Status::OK();
  const EventRange& w = windows_[window_];
  TACIT_ASSIGN_OR_RETURN(std::vector<StoredEvent> page,
                         store.ReadEventPage(w, position_ ? &*position_ : nullptr, max_events));
  for (const StoredEvent& e : page)
    for (Due& d : due_)
      if (d.value && e.ts >= d.value->from_ms() && e.ts < d.value->end_ms()) d.value->Add(e);
  events_read_ += page.size();
  if (max_events != 0 && page.size() >= max_events) {
    position_ = EventPosition{page.back().ts, page.back().id};
  } else {  // this window is read: the next one
    ++window_;
    position_.reset();
  }
  return Status::OK();
}

std::vector<ReportPreparation::Value> ReportPreparation::Values() const {
  std::vector<Value> out;
  for (const Due& d : due_)
    if (d.value) out.push_back({d.metric->id, d.period, d.value->Value()});
  return out;
}

Result<bool> ReportPreparation::Unchanged(ProfileStore& store) {
  ReportStore reports = store.Reports();
  TACIT_ASSIGN_OR_RETURN(ConsentRecord consent, GetConsent(store, TACIT_PURPOSE_MEASUREMENT));
  if (consent.state != consent_.state || consent.ts != consent_.ts || consent.policy_version != consent_.policy_version)
    return false;
  for (const Due& d : due_) {
    TACIT_ASSIGN_OR_RETURN(bool decided, reports.PeriodDecided(d.metric->id, d.period));
    if (decided) return false;
  }
  TACIT_ASSIGN_OR_RETURN(double spent_24h, reports.EpsilonSpentSince(now_ - kMsPerDay));
  TACIT_ASSIGN_OR_RETURN(double spent_365d, reports.EpsilonSpentSince(now_ - kMsPer365Days));
  if (spent_24h != spent_24h_ || spent_365d != spent_365d_) return false;
  TACIT_ASSIGN_OR_RETURN(auto history, ConsentHistory(store));
  return history.size() == consent_history_ && store.events_deleted() == events_deleted_;
}

Result<bool> ReportPreparation::Finish(ProfileStore& store, ldp::Rng& rng, bool recheck, PrepareOutcome* result) {
  PrepareOutcome out = outcome_;
  if (due_.empty()) {
    *result = std::move(out);
    return true;
  }
  if (!values_done()) return Status(TACIT_ERR_INTERNAL, "report values are not computed yet");
  ReportStore reports = store.Reports();
  Transaction tx = reports.NewTransaction();
  TACIT_RETURN_IF_ERROR(tx.Begin());
  if (recheck) {
    TACIT_ASSIGN_OR_RETURN(bool unchanged, Unchanged(store));
    if (!unchanged) return false;  // the transaction rolls back: nothing written
  }
  // The decisions, in plan order, as Start made them. The ε is charged for every report made.
  for (const Due& d : due_)
    TACIT_RETURN_IF_ERROR(reports.RecordDecision(now_, d.metric->id, d.period, d.params.q.epsilon,
                                                 d.made ? LedgerOutcome::kSpent : LedgerOutcome::kRefusedBudget));
  // 3. The reports made, from the values step 2 computed.
  for (const Due& d : due_) {
    if (!d.made) continue;
    const uint32_t value = d.value->Value();
    if (d.metric->transport == MetricTransport::kDap) {
      TACIT_RETURN_IF_ERROR(QueueDapReport(reports, *d.metric, d.period, d.params, d.leader, d.helper, value,
                                           consent_.policy_version, now_, rng));
      out.made++;
      continue;
    }
    // Fresh randomness for every report: answer, OLH seed, report id and sealing key are all new.
    const ldp::Randomised randomised = ldp::Randomise(d.params, value, rng);
    TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> plain,
                           report::BuildReport(d.metric->id, d.period, d.params, randomised, plan_.report_bytes, rng));
    TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed,
                           report::SealReport(plain, plan_.report_public_key.data(), plan_.report_public_key.size()));
    TACIT_ASSIGN_OR_RETURN(report::ParsedReport parsed, report::VerifyReport(plain.data(), plain.size()));
    QueuedReport q;
    q.report_id = parsed.report_id;
    q.purpose = TACIT_PURPOSE_MEASUREMENT;
    q.metric_id = d.metric->id;
    q.period = d.period;
    q.mechanism = int32_t(d.params.mechanism);
    q.epsilon = d.params.q.epsilon;
    q.policy_version = consent_.policy_version;
    q.created_at = now_;
    q.plaintext = std::move(plain);
    q.sealed = std::move(sealed);
    TACIT_RETURN_IF_ERROR(reports.QueueReport(q));
    out.made++;
  }
  TACIT_RETURN_IF_ERROR(tx.Commit());
  *result = std::move(out);
  return true;
}

Result<PrepareOutcome> PrepareReports(ProfileStore& store, const Plan& plan, const BudgetBounds& bounds,
                                      std::shared_ptr<const RankIndex> index, int64_t now_ms, int64_t half_life_ms,
                                      Evidence evidence, const dap::ConfigSet& dap_configs, ldp::Rng& rng) {
  TACIT_ASSIGN_OR_RETURN(std::unique_ptr<ReportPreparation> p,
                         ReportPreparation::Start(store, plan, bounds, std::move(index), now_ms, half_life_ms,
                                                  std::move(evidence), dap_configs));
  while (!p->values_done()) TACIT_RETURN_IF_ERROR(p->ReadPage(store));
  PrepareOutcome out;
  TACIT_RETURN_IF_ERROR(p->Finish(store, rng, false, &out).status());
  return out;
}

Result<BudgetState> ReadBudget(ReportStore reports, const BudgetBounds& bounds, int64_t now_ms) {
  BudgetState b;
  b.bounds = bounds;
  TACIT_ASSIGN_OR_RETURN(b.spent_24h, reports.EpsilonSpentSince(SaturatingSub(now_ms, kMsPerDay)));
  TACIT_ASSIGN_OR_RETURN(b.spent_365d, reports.EpsilonSpentSince(SaturatingSub(now_ms, kMsPer365Days)));
  TACIT_ASSIGN_OR_RETURN(b.refused, reports.ReportsRefusedForBudget());
  return b;
}

std::string BudgetMeaning(const BudgetState& b) {
  if (b.bounds.per_365d <= 0) return "No measurement plan is in force: nothing is reported.";
  // For a yes/no question answered with randomised response at ε, the truth is kept with e^ε / (1 + e^ε).
  const double e = b.spent_365d;
  const double odds = std::exp(std::min(e, 50.0));
  std::string s = "In the last 365 days this device spent ε = " + Fixed(e, 2) + " of at most " +
                  Fixed(b.bounds.per_365d, 2) + " (and ε = " + Fixed(b.spent_24h, 2) + " of at most " +
                  Fixed(b.bounds.per_24h, 2) + " in the last 24 hours). ";
  if (e <= 0) return s + "No report was made, so the brand has learned nothing about you.";
  s += "Whatever the brand does with all of these reports together, they can change its odds on any one fact "
       "about your behaviour by a factor of at most " +
       (odds < 1e6 ? Fixed(odds, odds < 10 ? 1 : 0) : std::string("a million or more")) +
       " (e^ε); a habit that stayed the same all year and a single change are covered alike.";
  return s;
}

}  // namespace tacit

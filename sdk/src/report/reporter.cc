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

struct Due {
  const MetricDef* metric;
  uint64_t period;
  int64_t start, end;
  ldp::Params params;
  dap::ActiveConfig leader, helper;  // DAP metrics: the aggregators' HPKE configs in use
};

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
Status QueueDapReport(ReportStore& reports, const Due& d, uint32_t value, const std::string& policy_version,
                      int64_t now, ldp::Rng& rng) {
  const MetricDef& m = *d.metric;
  const bool local = m.dap.local_randomisation;
  if (local) value = ldp::Randomise(d.params, value, rng).value;
  const dap::TaskSpec task = DapTaskOf(m);
  TACIT_ASSIGN_OR_RETURN(dap::BuiltReport built,
                         dap::BuildReport(task, {uint64_t(value)}, d.leader.config, d.helper.config,
                                          uint64_t(now / 1000)));
  QueuedReport q;
  std::memcpy(q.report_id.data(), built.report_id.data(), q.report_id.size());
  q.purpose = TACIT_PURPOSE_MEASUREMENT;
  q.metric_id = m.id;
  q.period = d.period;
  q.mechanism = local ? int32_t(d.params.mechanism) : 0;
  q.epsilon = d.params.q.epsilon;
  q.policy_version = policy_version;
  q.created_at = now;
  const std::string words = DescribeDapReport(m, d.params);
  q.plaintext.assign(words.begin(), words.end());
  q.sealed = std::move(built.bytes);
  q.transport = int32_t(MetricTransport::kDap);
  q.upload_url = m.dap.leader_url + dap::MakeUploadRequest(task.wire, task.task_id).path;
  return reports.QueueReport(q);
}

}  // namespace

BudgetBounds EffectiveBounds(const Plan& plan, double host_per_24h, double host_per_365d) {
  BudgetBounds b{plan.epsilon_per_24h, plan.epsilon_per_365d};
  if (host_per_24h > 0) b.per_24h = std::min(b.per_24h, host_per_24h);
  if (host_per_365d > 0) b.per_365d = std::min(b.per_365d, host_per_365d);
  return b;
}

Result<PrepareOutcome> PrepareReports(ProfileStore& store, const Plan& plan, const BudgetBounds& bounds,
                                      const RankIndex* index, int64_t now, int64_t half_life_ms,
                                      const Evidence& evidence, const dap::ConfigSet& dap_configs, ldp::Rng& rng) {
  PrepareOutcome out;
  ReportStore reports = store.Reports();
  if (plan.metrics.empty()) return out;
  Status valid = CheckPlanValidity(plan, now);
  if (!valid.ok()) {
    out.blocked.push_back(valid.code() == TACIT_ERR_PLAN_EXPIRED ? "the measurement plan has expired"
                                                                 : "the measurement plan is not valid yet");
    return out;
  }
  if (!index) {
    out.blocked.push_back("no catalog is active: metric buckets name its topics");
    return out;
  }
  TACIT_ASSIGN_OR_RETURN(ConsentRecord consent, GetConsent(store, TACIT_PURPOSE_MEASUREMENT));
  if (consent.state != TACIT_CONSENT_GIVEN) {
    out.blocked.push_back(std::string("measurement consent is ") + ConsentStateName(consent.state));
    return out;
  }

  // 1. What is due: the last completed period of each metric, if consent was given before it ended and it
  //    was never decided. Cheap: no event is read.
  std::vector<Due> due;
  for (const MetricDef& m : plan.metrics) {
    const int64_t current = now / m.period_ms;  // now >= 0 and period_ms >= 1 day: no overflow
    if (current < 1) continue;
    const uint64_t period = uint64_t(current - 1);
    const int64_t start = (current - 1) * m.period_ms, end = current * m.period_ms;
    if (consent.ts > end) continue;
    TACIT_ASSIGN_OR_RETURN(bool decided, reports.PeriodDecided(m.id, period));
    if (decided) continue;
    const uint32_t d = MetricDomain(m);
    Due next{&m, period, start, end, {}, {}, {}};
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
  if (due.empty()) return out;

  Transaction tx = reports.NewTransaction();
  TACIT_RETURN_IF_ERROR(tx.Begin());
  // 2. Decide each, in plan order, before any value exists. The ε is charged for every report made.
  TACIT_ASSIGN_OR_RETURN(double spent_24h, reports.EpsilonSpentSince(now - kMsPerDay));
  TACIT_ASSIGN_OR_RETURN(double spent_365d, reports.EpsilonSpentSince(now - kMsPer365Days));
  std::vector<const Due*> made;
  for (const Due& d : due) {
    const double eps = d.params.q.epsilon;
    const bool fits = spent_24h + eps <= bounds.per_24h + kSlack && spent_365d + eps <= bounds.per_365d + kSlack;
    TACIT_RETURN_IF_ERROR(reports.RecordDecision(now, d.metric->id, d.period, eps,
                                         fits ? LedgerOutcome::kSpent : LedgerOutcome::kRefusedBudget));
    if (!fits) {
      out.refused_budget++;
      continue;
    }
    spent_24h += eps;
    spent_365d += eps;
    made.push_back(&d);
  }

  // 3. Only now the values: the events of the windows the made reports need, nothing else.
  if (!made.empty()) {
    int64_t from = made.front()->start, to = made.front()->end;
    for (const Due* d : made) {
      const int64_t need = d->metric->kind == MetricKind::kStrongestSegment ? d->end - 12 * half_life_ms : d->start;
      from = std::min(from, need);
      to = std::max(to, d->end);
    }
    TACIT_ASSIGN_OR_RETURN(std::vector<StoredEvent> events, reports.ReadEventsBetween(from, to));
    for (const Due* d : made) {
      const uint32_t value = ComputeMetricValue(*index, *d->metric, events, d->start, d->end, half_life_ms, evidence);
      if (d->metric->transport == MetricTransport::kDap) {
        TACIT_RETURN_IF_ERROR(QueueDapReport(reports, *d, value, consent.policy_version, now, rng));
        out.made++;
        continue;
      }
      // Fresh randomness for every report: answer, OLH seed, report id and sealing key are all new.
      const ldp::Randomised randomised = ldp::Randomise(d->params, value, rng);
      TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> plain,
                             report::BuildReport(d->metric->id, d->period, d->params, randomised, plan.report_bytes, rng));
      TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed,
                             report::SealReport(plain, plan.report_public_key.data(), plan.report_public_key.size()));
      TACIT_ASSIGN_OR_RETURN(report::ParsedReport parsed, report::VerifyReport(plain.data(), plain.size()));
      QueuedReport q;
      q.report_id = parsed.report_id;
      q.purpose = TACIT_PURPOSE_MEASUREMENT;
      q.metric_id = d->metric->id;
      q.period = d->period;
      q.mechanism = int32_t(d->params.mechanism);
      q.epsilon = d->params.q.epsilon;
      q.policy_version = consent.policy_version;
      q.created_at = now;
      q.plaintext = std::move(plain);
      q.sealed = std::move(sealed);
      TACIT_RETURN_IF_ERROR(reports.QueueReport(q));
      out.made++;
    }
  }
  TACIT_RETURN_IF_ERROR(tx.Commit());
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

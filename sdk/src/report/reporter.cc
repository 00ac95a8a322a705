#include "report/reporter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "consent/consent.h"
#include "core/clock.h"
#include "plan/loader.h"
#include "report/metrics.h"

namespace tacit {
namespace {

constexpr int64_t kMsPer365Days = 365 * kMsPerDay;
constexpr double kSlack = 1e-12;  // sums of ε over many reports; never enough to admit one more report

struct Due {
  const MetricDef* metric;
  uint64_t period;
  int64_t start, end;
  ldp::Params params;
};

std::string Fixed(double x, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
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
                                      const Evidence& evidence, ldp::Rng& rng) {
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
    if (m.transport != MetricTransport::kLdpReport) continue;
    const int64_t current = now / m.period_ms;  // now >= 0 and period_ms >= 1 day: no overflow
    if (current < 1) continue;
    const uint64_t period = uint64_t(current - 1);
    const int64_t start = (current - 1) * m.period_ms, end = current * m.period_ms;
    if (consent.ts > end) continue;
    TACIT_ASSIGN_OR_RETURN(bool decided, reports.PeriodDecided(m.id, period));
    if (decided) continue;
    const uint32_t d = MetricDomain(m);
    TACIT_ASSIGN_OR_RETURN(ldp::Params params, ldp::MakeParams(ldp::ChooseMechanism(d, m.epsilon), d, m.epsilon));
    due.push_back({&m, period, start, end, params});
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

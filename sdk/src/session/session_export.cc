// Session: what the user sees: the export of everything held, and the preview of what will be sent.
#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <string>

#include "core/json.h"
#include "session/session.h"

#include "dap/dap09.h"

namespace tacit {
namespace {


std::string Hex(const uint8_t* p, size_t n) {
  std::string out(2 * n + 1, '\0');
  sodium_bin2hex(&out[0], out.size(), p, n);
  out.pop_back();
  return out;
}

std::string Date(int64_t ms) {
  std::time_t t = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// A report as the user sees it: what it says, decoded, and how big it is on the wire. sent_at < 0: not sent.
void WriteReport(JsonWriter& w, const std::string& metric, uint64_t period, int32_t purpose, double epsilon,
                 const std::string& policy, int64_t created_at, int64_t sent_at, const std::string_view plaintext,
                 size_t sealed_bytes, int32_t transport, const std::string& upload_url) {
  w.BeginObject();
  w.Key("metric").Value(metric).Key("period").Value(period).Key("purpose").Value(PurposeName(purpose));
  w.Key("epsilon_spent").Value(epsilon).Key("consent_policy_version").Value(policy);
  w.Key("created_at").Value(created_at);
  if (sent_at >= 0) w.Key("sent_at").Value(sent_at);
  w.Key("sealed_bytes").Value(uint64_t(sealed_bytes));
  if (transport == int32_t(MetricTransport::kDap)) {
    // A DAP report: the shares are sealed to the aggregators and never stored in the clear, not even here.
    w.Key("transport").Value("dap-09").Key("upload_url").Value(upload_url);
    w.Key("content").BeginObject().Key("description").Value(plaintext).EndObject();
    w.EndObject();
    return;
  }
  w.Key("transport").Value("ldp-report");
  w.Key("plaintext_bytes").Value(uint64_t(plaintext.size()));
  auto parsed = report::VerifyReport(reinterpret_cast<const uint8_t*>(plaintext.data()), plaintext.size());
  if (parsed.ok()) {
    const auto& r = parsed.value();
    w.Key("content").BeginObject();
    w.Key("mechanism").Value(ldp::MechanismName(r.params.mechanism));
    w.Key("domain").Value(uint64_t(r.params.d)).Key("epsilon").Value(r.params.q.epsilon);
    w.Key("report_id").Value(Hex(r.report_id.data(), r.report_id.size()));
    if (r.params.mechanism == ldp::Mechanism::kOUE) {
      std::string bits;
      for (uint8_t b : r.randomised.bits) bits.push_back(b ? '1' : '0');
      w.Key("randomised_bits").Value(bits);
    } else {
      w.Key("randomised_value").Value(uint64_t(r.randomised.value));
    }
    if (r.params.mechanism == ldp::Mechanism::kOLH)
      w.Key("hash_seed").Value(Hex(r.randomised.seed.data(), r.randomised.seed.size()));
    w.Key("contains").Value("a randomised answer only: no identifier, no event, no time finer than the period");
    w.EndObject();
  }
  w.Key("plaintext_hex").Value(Hex(reinterpret_cast<const uint8_t*>(plaintext.data()), plaintext.size()));
  w.EndObject();
}

// The measurement plan in force: what anyone can compare across devices.
void WritePlan(JsonWriter& w, const Plan* plan) {
  w.Key("measurement_plan");
  if (!plan) {
    w.Null();
    return;
  }
  const Plan& p = *plan;
  w.BeginObject().Key("sha256").Value(p.hash_hex).Key("brand").Value(p.brand_id).Key("version").Value(p.version);
  w.Key("expires_at").Value(p.expires_at_ms).Key("report_bytes").Value(uint64_t(p.report_bytes));
  w.Key("metrics").BeginArray();
  for (const auto& m : p.metrics) {
    w.BeginObject().Key("id").Value(m.id).Key("epsilon").Value(m.epsilon).Key("period_days").Value(int64_t(m.period_days));
    w.Key("buckets").BeginArray();
    for (const auto& b : m.buckets) w.Value(b);
    w.EndArray();
    if (m.transport == MetricTransport::kDap) {
      w.Key("transport").BeginObject().Key("type").Value("dap-09");
      w.Key("task_id").Value(dap::Base64Url(m.dap.task_id.data(), m.dap.task_id.size()));
      w.Key("leader").Value(m.dap.leader_url).Key("helper").Value(m.dap.helper_url);
      w.Key("vdaf").Value(m.kind == MetricKind::kAnyConversion ? "Prio3Count" : "Prio3Histogram");
      w.Key("min_batch_size").Value(m.dap.min_batch_size).Key("local_randomisation").Bool(m.dap.local_randomisation);
      w.EndObject();
    } else {
      w.Key("transport").BeginObject().Key("type").Value("ldp-report").EndObject();
    }
    w.EndObject();
  }
  w.EndArray().EndObject();
}

const std::string& TopicLabel(const Catalog& c, uint32_t t) {
  return c.topics[t].label.empty() ? c.topics[t].id : c.topics[t].label;
}

}  // namespace

Status Session::BuildExport(std::string* out) {
  // The model first: building it may yield the lock, and everything below must come from one state.
  ProfileModel* model = nullptr;
  if (index_) {
    TACIT_ASSIGN_OR_RETURN(model, CurrentModel());
  }
  ProfileStore& s = *store_;
  const int64_t now = clock_.Now();
  const Catalog* catalog = index_ ? index_->catalog.get() : nullptr;
  JsonWriter w;
  w.BeginObject();
  w.Key("schema").Value("tacit.export.v1").Key("generated_at").Value(now);
  TACIT_ASSIGN_OR_RETURN(uint64_t events, s.EventCount());
  w.Key("profile").BeginObject().Key("events_stored").Value(events).Key("paused").Bool(paused_);
  w.Key("catalog_version").Value(catalog ? int64_t(catalog->version) : int64_t(0));
  // A catalog past its expiry keeps serving ranking until a newer one is loaded; the user and host can see it.
  w.Key("catalog_stale").Bool(catalog && now >= catalog->expires_at_ms).EndObject();

  TACIT_ASSIGN_OR_RETURN(auto interests, s.ReadInterests());
  w.Key("declared_interests").BeginArray();
  for (const auto& i : interests) {
    w.BeginObject().Key("topic").Value(i.topic_id);
    if (catalog) {
      auto t = catalog->topic_index.find(i.topic_id);
      if (t != catalog->topic_index.end()) w.Key("label").Value(TopicLabel(*catalog, t->second));
    }
    w.Key("weight").Value(i.weight).Key("declared_at").Value(i.declared_at).EndObject();
  }
  w.EndArray();

  w.Key("inferred_interests").BeginArray();
  if (catalog) {
    std::vector<float> affinity;
    model->InferredAt(now, &affinity);
    std::vector<uint32_t> order;
    for (uint32_t t = 0; t < affinity.size(); ++t)
      if (affinity[t] > 0.01f) order.push_back(t);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return affinity[a] > affinity[b]; });
    for (uint32_t t : order) {
      const auto& times = model->Engagements(t);
      int64_t last = 0;
      for (const auto& e : times) last = std::max(last, e.ts);
      const uint32_t week = model->ItemsThisWeek(t, now);
      std::string evidence = std::to_string(times.size()) + (times.size() == 1 ? " engagement" : " engagements") +
                             " with " + TopicLabel(*catalog, t) + " (" + std::to_string(week) +
                             (week == 1 ? " item" : " items") + " this week)";
      if (last) evidence += ", last on " + Date(last);
      w.BeginObject().Key("topic").Value(catalog->topics[t].id).Key("label").Value(TopicLabel(*catalog, t));
      w.Key("affinity").Value(double(affinity[t])).Key("engagements").Value(uint64_t(times.size()));
      w.Key("items_this_week").Value(uint64_t(week)).Key("last_engaged_at").Value(last);
      w.Key("evidence").Value(evidence).Key("used_in_ranking").Bool(personalization()).EndObject();
    }
  }
  w.EndArray();

  TACIT_ASSIGN_OR_RETURN(auto feedback, s.ReadFeedback());
  for (int kind : {ProfileStore::kNotInterestedItem, ProfileStore::kNotInterestedTopic,
                   ProfileStore::kForgotInferred}) {
    w.Key(kind == ProfileStore::kNotInterestedItem    ? "not_interested_items"
          : kind == ProfileStore::kNotInterestedTopic ? "not_interested_topics"
                                                            : "forgotten_inferred_topics");
    w.BeginArray();
    for (const auto& f : feedback)
      if (f.kind == kind) w.BeginObject().Key("id").Value(f.target).Key("at").Value(f.ts).EndObject();
    w.EndArray();
  }

  w.Key("consents").BeginArray();
  for (int32_t p : {TACIT_PURPOSE_PERSONALIZATION, TACIT_PURPOSE_MEASUREMENT}) {
    TACIT_ASSIGN_OR_RETURN(ConsentRecord r, tacit::GetConsent(s, p));
    w.BeginObject().Key("purpose").Value(PurposeName(p)).Key("state").Value(ConsentStateName(r.state));
    w.Key("policy_version").Value(r.policy_version).Key("at").Value(r.ts).Key("source").Value(r.source).EndObject();
  }
  w.EndArray();
  TACIT_ASSIGN_OR_RETURN(auto history, ConsentHistory(s));
  w.Key("consent_history").BeginArray();
  for (const auto& r : history) {
    w.BeginObject().Key("purpose").Value(PurposeName(r.purpose)).Key("state").Value(ConsentStateName(r.state));
    w.Key("policy_version").Value(r.policy_version).Key("at").Value(r.ts).Key("source").Value(r.source).EndObject();
  }
  w.EndArray();

  WritePlan(w, plan_.get());
  TACIT_ASSIGN_OR_RETURN(auto sent, s.Reports().ReadSentLog());
  w.Key("sent_log").BeginArray();
  for (const auto& r : sent)
    WriteReport(w, r.metric_id, r.period, r.purpose, r.epsilon, r.policy_version, r.created_at, r.sent_at,
                std::string_view(reinterpret_cast<const char*>(r.plaintext.data()), r.plaintext.size()),
                size_t(r.sealed_bytes), r.transport, r.upload_url);
  w.EndArray();
  TACIT_ASSIGN_OR_RETURN(auto pending, s.Reports().ReadOutbox(0));
  w.Key("outbox").BeginArray();
  for (const auto& r : pending)
    WriteReport(w, r.metric_id, r.period, r.purpose, r.epsilon, r.policy_version, r.created_at, -1,
                std::string_view(reinterpret_cast<const char*>(r.plaintext.data()), r.plaintext.size()), r.sealed.size(),
                r.transport, r.upload_url);
  w.EndArray();

  TACIT_ASSIGN_OR_RETURN(BudgetState b, ReadBudget(s.Reports(), Bounds(), now));
  w.Key("privacy_budget").BeginObject();
  w.Key("last_24h").BeginObject().Key("epsilon_bound").Value(b.bounds.per_24h).Key("epsilon_spent").Value(b.spent_24h);
  w.Key("epsilon_left").Value(std::max(0.0, b.bounds.per_24h - b.spent_24h)).EndObject();
  w.Key("last_365_days").BeginObject().Key("epsilon_bound").Value(b.bounds.per_365d).Key("epsilon_spent").Value(b.spent_365d);
  w.Key("epsilon_left").Value(std::max(0.0, b.bounds.per_365d - b.spent_365d)).EndObject();
  w.Key("reports_refused_for_budget").Value(b.refused).Key("meaning").Value(BudgetMeaning(b));
  w.EndObject();
  w.EndObject();
  *out = w.str();
  return Status::OK();
}


Result<std::string> Session::ExportJson() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  std::string out;
  TACIT_RETURN_IF_ERROR(BuildExport(&out));
  return out;
}

Result<std::string> Session::PreviewJson() {
  std::lock_guard<FairMutex> lock(mu_);
  TACIT_RETURN_IF_ERROR(CheckOpen());
  JsonWriter w;
  w.BeginObject().Key("schema").Value("tacit.preview.v1");
  w.Key("plan_sha256");
  if (plan_) w.Value(plan_->hash_hex);
  else w.Null();
  w.Key("blocked").BeginArray();
  if (!plan_) {
    w.Value("no measurement plan: nothing is reported");
  } else if (!index_) {
    w.Value("no catalog is active");
  } else {
    TACIT_ASSIGN_OR_RETURN(PrepareOutcome o, PrepareLocked());
    for (const auto& why : o.blocked) w.Value(why);
    if (o.refused_budget) w.Value(std::to_string(o.refused_budget) + " report(s) not made: privacy budget reached");
  }
  w.EndArray();
  TACIT_ASSIGN_OR_RETURN(auto pending, store_->Reports().ReadOutbox(0));
  w.Key("reports").BeginArray();
  for (const auto& r : pending)
    WriteReport(w, r.metric_id, r.period, r.purpose, r.epsilon, r.policy_version, r.created_at, -1,
                std::string_view(reinterpret_cast<const char*>(r.plaintext.data()), r.plaintext.size()), r.sealed.size(),
                r.transport, r.upload_url);
  w.EndArray().EndObject();
  return w.str();
}

}  // namespace tacit

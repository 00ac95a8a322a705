// tacit-sim: a population of synthetic devices, each with its own encrypted profile, browsing, consenting
// (a share declines) and reporting through the public C API; the brand's collector then estimates the
// histogram, and the tool prints the estimates beside the ground truth.
//
//   tacit-sim --devices 10000 --epsilon 2 --buckets 100 --seed 7 [--decline 0.2] [--json] [--out DIR]
//   tacit-sim --linkage --devices 10000 --periods 30 --epsilon 1 --buckets 30 [--json]
//   tacit-sim --transport dap [--dap-local] --devices 10000 --epsilon 2 --buckets 10   (LDP and DAP, same devices)
//   tacit-sim --catalog SIGNED --plan SIGNED --brand-pk FILE --report-pk FILE --report-sk FILE [--day-of TIME]
//
// `tacit-sim --help` lists every flag; TIME is ISO 8601 (2026-11-01T00:00:00Z) or Unix ms.
//
// --linkage runs the linkage attack instead: every device keeps one stable habit for --periods daily
// periods and reports through the SDK each day; the brand, holding the report key, opens every report and
// links a report of one period to one of the next when they share a byte-identical field or payload whose
// value occurs exactly once in each of the two periods (a pseudonym). It prints the share of reporting
// devices with at least one consecutive pair linked correctly.
//
// The seed fixes the ground truth and the behaviour. The local-DP noise comes from libsodium, as on a real
// device, so estimates vary from run to run within their confidence intervals.
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "collector/aggregate.h"
#include "common/cli.h"
#include "common/tool_io.h"
#include "catalog/loader.h"
#include "catalog_generated.h"
#include "plan/loader.h"
#include "plan_generated.h"
#include "core/clock.h"
#include "core/json.h"
#include "report/report.h"
#include "tacit/tacit.h"
#include "dap_aggregators.h"
#include "dap/dap09.h"

namespace fs = std::filesystem;

namespace {

using tacit::tools::IsoDate;

struct Flags {
  size_t devices = 1000;
  double epsilon = 2.0;
  uint32_t buckets = 10;
  uint64_t seed = 1;
  double decline = 0.2;  // share of devices that decline measurement
  double idle = 0.1;     // share of devices that engage with nothing (the "none" bucket)
  bool json = false;
  std::string out;       // write sealed reports here for tacit-collector
  std::string work;      // where the device profiles live (erased as they finish)
  // A brand's own signed catalog and keys instead of a synthetic catalog (the demo uses these).
  std::string catalog, plan, brand_pk, report_pk, report_sk;
  int64_t day_of = 0;  // browse on the UTC day holding this time (Unix ms); 0 = a day the catalog is valid
  bool linkage = false;  // run the linkage attack
  int periods = 30;      // daily periods per device in the linkage attack
  std::string transport = "ldp";  // "dap": the same devices also report the metric through DAP
  bool dap_local = false;         // DAP with local randomisation before sharding
};

// Parses the command line into *f. Returns -1 to go on, else the exit status (0 after --help or --version,
// 2 after a usage error).
int Parse(int argc, char** argv, Flags* f) {
  CLI::App app{"tacit-sim: synthetic devices report through the real SDK; the brand's collector estimates, beside "
               "the ground truth",
               "tacit-sim"};
  app.set_version_flag("--version", std::string("tacit-sim ") + tacit_version(), "print the version and exit");
  app.footer(
      "The seed fixes the ground truth and the behaviour; the local-DP noise comes from libsodium, so estimates\n"
      "vary from run to run within their intervals. TIME is ISO 8601 (2026-11-01T00:00:00Z) or Unix ms; key files\n"
      "are raw bytes (hex accepted). Exit status: 0 success, 1 an error, 2 a usage error.");
  // Options with a default shown in the help; whole numbers in decimal digits.
  auto number = [&](const char* name, auto& v, const char* what, const char* type) {
    return app.add_option(name, v, what)->type_name(type)->capture_default_str();
  };
  number("--devices", f->devices, "devices in the population (1..1000000)", "N")->check(tacit::tools::WholeNumber());
  number("--epsilon", f->epsilon, "the metric's epsilon per report (0.1..2)", "E");
  number("--buckets", f->buckets, "topics of the synthetic catalog, one bucket each (1..1000)", "N")
      ->check(tacit::tools::WholeNumber());
  number("--seed", f->seed, "seed of the ground truth and the behaviour", "S")->check(tacit::tools::WholeNumber());
  number("--decline", f->decline, "share of devices that decline measurement, in [0, 1)", "F");
  app.add_flag("--json", f->json, "print the results as one JSON object");
  app.add_option("--out", f->out, "also write every sealed report here, for tacit-collector")->type_name("DIR");
  app.add_option("--work", f->work, "where the device profiles live (default a temporary directory)")->type_name("DIR");
  app.add_flag("--linkage", f->linkage, "run the linkage attack: one habit per device, a report every day");
  number("--periods", f->periods, "daily periods per device in the linkage attack (2..365)", "P")
      ->check(tacit::tools::WholeNumber());
  number("--transport", f->transport, "ldp, or dap: the same devices also report the metric through DAP", "ldp|dap")
      ->check(CLI::IsMember({"ldp", "dap"}).description(""));
  app.add_flag("--dap-local", f->dap_local, "DAP with local randomisation before sharding (needs --transport dap)");
  app.add_option("--catalog", f->catalog, "the brand's signed catalog instead of a synthetic one")->type_name("FILE");
  app.add_option("--plan", f->plan, "the brand's signed measurement plan (with --catalog)")->type_name("FILE");
  app.add_option("--brand-pk", f->brand_pk, "the brand's Ed25519 public key, sign.pk (with --catalog)")->type_name("FILE");
  app.add_option("--report-pk", f->report_pk, "the brand's X25519 report public key, report.pk (with --catalog)")
      ->type_name("FILE");
  app.add_option("--report-sk", f->report_sk, "the brand's X25519 report secret key, report.sk (with --catalog)")
      ->type_name("FILE");
  auto* day_of = tacit::tools::AddTimeOption(&app, "--day-of", f->day_of,
                                             "browse on the UTC day holding this time; default a day the catalog is valid");
  const int parsed = tacit::tools::Parse(app, argc, argv);
  if (parsed >= 0) return parsed;
  auto usage = [&](const char* why) { return tacit::tools::UsageError(app, why); };
  if (f->devices < 1 || f->devices > 1000000) return usage("--devices must be 1..1000000");
  if (!(f->epsilon >= tacit::kPlanMinEpsilon && f->epsilon <= tacit::kPlanMaxEpsilon))
    return usage("--epsilon must be in [0.1, 2]");
  if (f->buckets < 1 || f->buckets > 1000) return usage("--buckets must be 1..1000");
  if (!(f->decline >= 0 && f->decline < 1)) return usage("--decline must be in [0, 1)");
  if (f->periods < 2 || f->periods > 365) return usage("--periods must be 2..365");
  if (day_of->count() && f->day_of <= 0) return usage("--day-of must be after 1970-01-01T00:00:00Z");
  if (f->transport == "dap" && (!f->catalog.empty() || f->linkage))
    return usage("--transport dap runs on the synthetic catalog, without --linkage");
  if (f->dap_local && f->transport != "dap") return usage("--dap-local needs --transport dap");
  if (!f->catalog.empty() && (f->plan.empty() || f->brand_pk.empty() || f->report_pk.empty() || f->report_sk.empty()))
    return usage("--catalog needs --plan, --brand-pk, --report-pk and --report-sk");
  return -1;
}

void Die(const char* what, tacit_status s) {
  std::fprintf(stderr, "tacit-sim: %s: %s: %s\n", what, tacit_status_name(s), tacit_last_error());
  std::exit(1);
}

constexpr int64_t kDay = tacit::kMsPerDay;
constexpr int64_t kBase = 1793491200000LL;  // 2026-11-01T00:00:00Z: the synthetic catalog's browsing day
constexpr int kItemsPerTopic = 4;

// What the devices live in: a signed catalog and measurement plan, the brand's keys, and the histogram
// metric being measured.
struct World {
  std::vector<uint8_t> catalog;  // signed envelope
  std::vector<uint8_t> plan;     // signed envelope
  std::array<uint8_t, 32> sign_pk{}, report_pk{}, report_sk{};
  std::string metric_id;
  std::vector<std::string> buckets;                   // the metric's bucket topics
  std::vector<std::vector<std::string>> bucket_items;  // items that carry each bucket's topic
  int64_t day = 0;  // start (UTC) of the day the devices browse; reports follow the next day
  // --transport dap: a second metric, the same measurement, through a DAP task.
  std::string dap_metric_id;
  tacit::dap::TaskId dap_task{};
  tacit::dap::Prio3Params dap_vdaf;
};

std::string TopicId(uint32_t b) { return "topic-" + std::to_string(b); }
std::string ItemId(uint32_t b, int i) { return "item-" + std::to_string(b) + "-" + std::to_string(i); }

// A synthetic brand: one topic per bucket, a few items each; a plan with one daily topic-engagement metric.
World SyntheticWorld(const Flags& f, std::mt19937_64& rng) {
  World w;
  uint8_t seed32[32], sign_sk[64];
  for (auto& x : seed32) x = uint8_t(rng());
  crypto_sign_seed_keypair(w.sign_pk.data(), sign_sk, seed32);
  for (auto& x : seed32) x = uint8_t(rng());
  crypto_box_seed_keypair(w.report_pk.data(), w.report_sk.data(), seed32);

  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<tacit::fb::Topic>> topics;
  std::vector<flatbuffers::Offset<tacit::fb::Item>> items;
  std::vector<flatbuffers::Offset<flatbuffers::String>> buckets;
  for (uint32_t t = 0; t < f.buckets; ++t) {
    topics.push_back(tacit::fb::CreateTopicDirect(b, TopicId(t).c_str(), ("Topic " + std::to_string(t)).c_str()));
    buckets.push_back(b.CreateString(TopicId(t)));
    w.buckets.push_back(TopicId(t));
    w.bucket_items.emplace_back();
    for (int i = 0; i < kItemsPerTopic; ++i) {
      std::vector<flatbuffers::Offset<tacit::fb::ItemTopic>> it = {tacit::fb::CreateItemTopicDirect(b, TopicId(t).c_str(), 1.0f)};
      items.push_back(tacit::fb::CreateItemDirect(b, ItemId(t, i).c_str(), "", &it, nullptr, nullptr, 0, nullptr,
                                                  kBase - 2 * kDay, 0.5f));
      w.bucket_items.back().push_back(ItemId(t, i));
    }
  }
  auto root = tacit::fb::CreateCatalogDirect(b, "sim-brand", 1, kBase - kDay, kBase + 60 * kDay, 0, &topics, &items);
  b.Finish(root, "TCAT");
  auto signed_catalog = tacit::SignCatalog(b.GetBufferPointer(), b.GetSize(), sign_sk, 64);

  w.metric_id = "engaged-topic";
  flatbuffers::FlatBufferBuilder pb;
  std::vector<flatbuffers::Offset<flatbuffers::String>> plan_buckets;
  for (const std::string& id : w.buckets) plan_buckets.push_back(pb.CreateString(id));
  std::vector<flatbuffers::Offset<tacit::fb::plan::Metric>> metrics = {tacit::fb::plan::CreateMetricDirect(
      pb, w.metric_id.c_str(), tacit::fb::plan::MetricKind::topic_engagement, f.epsilon, 1, &plan_buckets)};
  if (f.transport == "dap") {
    w.dap_metric_id = "engaged-topic-dap";
    for (auto& x : w.dap_task) x = uint8_t(rng());
    const uint32_t d = f.buckets + 1;
    w.dap_vdaf.kind = tacit::dap::VdafKind::kHistogram;
    w.dap_vdaf.length = d;
    w.dap_vdaf.chunk_length = std::max<uint32_t>(1, uint32_t(std::lround(std::sqrt(double(d)))));
    std::vector<uint8_t> task(w.dap_task.begin(), w.dap_task.end());
    auto dap = tacit::fb::plan::CreateDapTaskDirect(pb, &task, "https://leader.sim.example", "https://helper.sim.example",
                                                    w.dap_vdaf.chunk_length, 3600, 100, f.dap_local);
    metrics.push_back(tacit::fb::plan::CreateMetricDirect(pb, w.dap_metric_id.c_str(),
                                                          tacit::fb::plan::MetricKind::topic_engagement, f.epsilon, 1,
                                                          &plan_buckets, tacit::fb::plan::Transport::DapTask,
                                                          dap.Union()));
  }
  std::vector<uint8_t> pk(w.report_pk.begin(), w.report_pk.end());
  pb.Finish(tacit::fb::plan::CreateMeasurementPlanDirect(pb, "sim-brand", 1, kBase - kDay, kBase + 60 * kDay, &pk,
                                                         &metrics, tacit::kPlanMaxEpsilonPer24h,
                                                         tacit::kPlanMaxEpsilonPer365d),
            "TPLN");
  auto signed_plan = tacit::SignPlan(pb.GetBufferPointer(), pb.GetSize(), sign_sk, 64);
  sodium_memzero(sign_sk, sizeof sign_sk);
  if (!signed_catalog.ok() || !signed_plan.ok()) {
    std::fprintf(stderr, "tacit-sim: sign: %s\n",
                 (signed_catalog.ok() ? signed_plan.status() : signed_catalog.status()).message().c_str());
    std::exit(1);
  }
  w.catalog = signed_catalog.value();
  w.plan = signed_plan.value();
  w.day = kBase;
  return w;
}

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "tacit-sim: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void ReadKey(const std::string& path, std::array<uint8_t, 32>* out) {
  auto key = tacit::tools::ReadKeyFile(path, 32);
  if (!key.ok()) {
    std::fprintf(stderr, "tacit-sim: %s\n", key.status().message().c_str());
    std::exit(1);
  }
  std::memcpy(out->data(), key.value().data(), 32);
  sodium_memzero(key.value().data(), key.value().size());
}

// The brand's own catalog and plan: the plan's first daily topic-engagement metric is measured, over the
// catalog's items of its buckets.
World BrandWorld(const Flags& f) {
  World w;
  w.catalog = ReadBytes(f.catalog);
  w.plan = ReadBytes(f.plan);
  ReadKey(f.brand_pk, &w.sign_pk);
  ReadKey(f.report_pk, &w.report_pk);
  ReadKey(f.report_sk, &w.report_sk);
  auto loaded = tacit::LoadSignedCatalog(w.catalog.data(), w.catalog.size(), {w.sign_pk}, tacit::LoadPolicy{});
  // The validity window is checked by each device against its own clock; here only the signature matters.
  const bool window_only = !loaded.ok() && (loaded.status().code() == TACIT_ERR_CATALOG_EXPIRED ||
                                            loaded.status().code() == TACIT_ERR_CATALOG_NOT_YET_VALID);
  if (!loaded.ok() && !window_only) {
    std::fprintf(stderr, "tacit-sim: catalog: %s: %s\n", tacit_status_name(loaded.status().code()),
                 loaded.status().message().c_str());
    std::exit(1);
  }
  auto c = loaded.ok() ? loaded.value() : tacit::DecodeCatalogPayload(w.catalog.data() + tacit::kCatalogHeaderBytes,
                                                                      w.catalog.size() - tacit::kCatalogHeaderBytes).value();
  auto plan = tacit::LoadSignedPlan(w.plan.data(), w.plan.size(), {w.sign_pk}, c->brand_id);
  if (!plan.ok()) {
    std::fprintf(stderr, "tacit-sim: plan: %s: %s\n", tacit_status_name(plan.status().code()),
                 plan.status().message().c_str());
    std::exit(1);
  }
  const tacit::MetricDef* metric = nullptr;
  for (const auto& m : plan.value()->metrics)
    if (m.kind == tacit::MetricKind::kTopicEngagement && m.period_days == 1) {
      metric = &m;
      break;
    }
  if (!metric) {
    std::fprintf(stderr, "tacit-sim: the plan has no daily topic-engagement metric\n");
    std::exit(1);
  }
  w.metric_id = metric->id;
  w.buckets = metric->buckets;
  for (const std::string& topic : w.buckets) {
    w.bucket_items.emplace_back();
    auto found = c->topic_index.find(topic);
    if (found == c->topic_index.end()) continue;
    const uint32_t t = found->second;
    for (const auto& item : c->items)
      for (const auto& it : item.topics)
        if (it.topic == t) w.bucket_items.back().push_back(item.id);
  }
  w.day = ((c->issued_at_ms + kDay) / kDay + 1) * kDay;  // a whole day inside the catalog's validity
  return w;
}

int64_t ClockFn(void* ctx) { return *static_cast<int64_t*>(ctx); }

// One device's profile, open on the simulated clock `*now`.
tacit_t* OpenDevice(const World& world, const std::string& dir, int64_t* now) {
  tacit_options_t* o = tacit_options_new();
  uint8_t key[32];
  randombytes_buf(key, sizeof key);
  tacit_status s = tacit_options_set_path(o, dir.c_str());
  if (s == TACIT_OK) s = tacit_options_set_key(o, key, sizeof key);
  if (s == TACIT_OK) s = tacit_options_add_brand_key(o, world.sign_pk.data(), 32);
  if (s == TACIT_OK) s = tacit_options_set_clock(o, ClockFn, now);
  if (s == TACIT_OK) s = tacit_options_set_measurement_plan(o, world.plan.data(), world.plan.size());
  tacit_t* t = nullptr;
  if (s == TACIT_OK) s = tacit_open(o, &t);
  tacit_options_free(o);
  sodium_memzero(key, sizeof key);
  if (s != TACIT_OK) Die("open", s);
  if ((s = tacit_load_catalog(t, world.catalog.data(), world.catalog.size())) != TACIT_OK) Die("load catalog", s);
  return t;
}

// 64-bit fingerprint of a field's bytes, tagged with the field's name so that equal bytes of different
// fields never collide.
uint64_t Fingerprint(const char* field, const uint8_t* p, size_t n) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 8);
  crypto_generichash_update(&st, reinterpret_cast<const uint8_t*>(field), std::strlen(field) + 1);
  crypto_generichash_update(&st, p, n);
  uint8_t out[8];
  crypto_generichash_final(&st, out, sizeof out);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t(out[i]) << (8 * i);
  return v;
}

// Every field of a sealed report the attacker can compare, as fingerprints: the sealed bytes, the
// ephemeral key that opens them, the report id, the OLH seed, the OUE bits and the whole randomised
// payload (everything but the period and the report id).
std::vector<uint64_t> ReportFields(const World& world, const uint8_t* sealed, size_t len) {
  std::vector<uint64_t> out;
  out.push_back(Fingerprint("sealed", sealed, len));
  out.push_back(Fingerprint("ephemeral_key", sealed, std::min<size_t>(len, 32)));
  auto r = tacit::report::OpenReport(sealed, len, world.report_pk.data(), 32, world.report_sk.data(), 32);
  if (!r.ok()) return out;
  const auto& p = r.value();
  out.push_back(Fingerprint("report_id", p.report_id.data(), p.report_id.size()));
  if (p.params.mechanism == tacit::ldp::Mechanism::kOLH)
    out.push_back(Fingerprint("olh_seed", p.randomised.seed.data(), p.randomised.seed.size()));
  if (p.params.mechanism == tacit::ldp::Mechanism::kOUE)
    out.push_back(Fingerprint("oue_bits", p.randomised.bits.data(), p.randomised.bits.size()));
  std::vector<uint8_t> payload(p.metric_id.begin(), p.metric_id.end());
  payload.push_back(0);
  payload.push_back(uint8_t(p.params.mechanism));
  for (int i = 0; i < 4; ++i) payload.push_back(uint8_t(p.params.d >> (8 * i)));
  for (int i = 0; i < 4; ++i) payload.push_back(uint8_t(p.randomised.value >> (8 * i)));
  if (p.params.mechanism == tacit::ldp::Mechanism::kOLH)
    payload.insert(payload.end(), p.randomised.seed.begin(), p.randomised.seed.end());
  payload.insert(payload.end(), p.randomised.bits.begin(), p.randomised.bits.end());
  out.push_back(Fingerprint("payload", payload.data(), payload.size()));
  return out;
}

// The linkage attack (see the top of this file). Returns the process exit status.
int RunLinkage(const Flags& f, const World& world, std::mt19937_64& rng, const std::string& work) {
  const uint32_t nb = uint32_t(world.buckets.size());
  std::vector<double> weights(nb);
  for (uint32_t b = 0; b < nb; ++b) weights[b] = world.bucket_items[b].empty() ? 0.0 : 1.0 / std::pow(double(b + 1), 1.1);
  std::discrete_distribution<uint32_t> favourite(weights.begin(), weights.end());
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  struct Seen {
    uint32_t device;
    std::vector<uint64_t> fields;
  };
  std::vector<std::vector<Seen>> by_period(size_t(f.periods));
  size_t reports = 0;
  for (size_t dev = 0; dev < f.devices; ++dev) {
    const bool declines = unit(rng) < f.decline;
    const bool idle = unit(rng) < f.idle;
    const uint32_t fav = favourite(rng);
    int64_t now = world.day + kDay / 24;
    const std::string dir = work + "/device-" + std::to_string(dev);
    tacit_t* t = OpenDevice(world, dir, &now);
    tacit_status s = tacit_consent_set(t, TACIT_PURPOSE_MEASUREMENT, declines ? TACIT_CONSENT_REVOKED : TACIT_CONSENT_GIVEN, "sim-1");
    if (s != TACIT_OK) Die("consent", s);
    const auto& mine = world.bucket_items[fav];
    for (int period = 0; period < f.periods; ++period) {
      const int64_t day_start = world.day + period * kDay;
      now = day_start + kDay / 24;
      if (!idle && !mine.empty()) {
        // A stable habit: the favourite topic read every day.
        const int reads = 3 + int(rng() % 4);
        std::vector<tacit_event_t> events;
        for (int r = 0; r < reads; ++r)
          events.push_back({sizeof(tacit_event_t), TACIT_EVENT_COMPLETE, mine[rng() % mine.size()].c_str(), nullptr, 0,
                            day_start + kDay / 12 + int64_t(rng() % uint64_t(kDay / 2)), 1.0});
        if ((s = tacit_record_events(t, events.data(), events.size())) != TACIT_OK) Die("record", s);
      }
      now = day_start + kDay + kDay / 24;  // the next day: this period is over
      size_t made = 0;
      if ((s = tacit_reports_prepare(t, &made)) != TACIT_OK) Die("prepare", s);
      for (;;) {
        tacit_outgoing_report_t* r = nullptr;
        s = tacit_outbox_next(t, &r);
        if (s == TACIT_ERR_NOT_FOUND) break;
        if (s != TACIT_OK) Die("outbox", s);
        by_period[size_t(period)].push_back({uint32_t(dev), ReportFields(world, r->bytes, r->len)});
        if ((s = tacit_outbox_ack(t, r->report_id, 16)) != TACIT_OK) Die("ack", s);
        tacit_outgoing_report_free(r);
        ++reports;
      }
    }
    if ((s = tacit_erase_all(t)) != TACIT_OK) Die("erase", s);
    tacit_close(t);
  }

  // The attacker: per period, how often each field value occurs; a value that occurs once in period p and
  // once in p + 1 links those two reports.
  std::vector<std::map<uint64_t, std::pair<uint32_t, uint32_t>>> counts(size_t(f.periods));  // value -> (count, device)
  std::vector<bool> reporting(f.devices, false), consecutive(f.devices, false), linked(f.devices, false);
  for (int p = 0; p < f.periods; ++p)
    for (const Seen& r : by_period[size_t(p)]) {
      reporting[r.device] = true;
      for (uint64_t v : r.fields) {
        auto& c = counts[size_t(p)][v];
        c.first++;
        c.second = r.device;
      }
    }
  size_t false_links = 0;
  for (int p = 0; p + 1 < f.periods; ++p) {
    std::set<uint32_t> here;
    for (const Seen& r : by_period[size_t(p)]) here.insert(r.device);
    for (const Seen& r : by_period[size_t(p) + 1])
      if (here.count(r.device)) consecutive[r.device] = true;
    for (const auto& kv : counts[size_t(p)]) {
      if (kv.second.first != 1) continue;
      auto next = counts[size_t(p) + 1].find(kv.first);
      if (next == counts[size_t(p) + 1].end() || next->second.first != 1) continue;
      if (next->second.second == kv.second.second) linked[kv.second.second] = true;
      else ++false_links;
    }
  }
  size_t n_consecutive = 0, n_linked = 0;
  for (size_t d = 0; d < f.devices; ++d) {
    n_consecutive += consecutive[d];
    n_linked += linked[d] && consecutive[d];
  }
  const double rate = n_consecutive ? double(n_linked) / double(n_consecutive) : 0.0;
  if (f.json) {
    tacit::JsonWriter w;
    w.BeginObject().Key("devices").Value(uint64_t(f.devices)).Key("periods").Value(uint64_t(f.periods));
    w.Key("reports").Value(uint64_t(reports)).Key("devices_with_consecutive_reports").Value(uint64_t(n_consecutive));
    w.Key("devices_linked").Value(uint64_t(n_linked)).Key("linkage_rate").Value(rate);
    w.Key("false_links").Value(uint64_t(false_links)).Key("seed").Value(f.seed);
    w.Key("first_period").Value(IsoDate(world.day)).Key("last_period").Value(IsoDate(world.day + (f.periods - 1) * kDay));
    w.EndObject();
    std::printf("%s\n", w.str().c_str());
  } else {
    std::printf("tacit-sim linkage attack: %zu devices x %d daily periods (%s .. %s), %zu reports\n", f.devices,
                f.periods, IsoDate(world.day).c_str(), IsoDate(world.day + (f.periods - 1) * kDay).c_str(), reports);
    std::printf("  devices with reports in consecutive periods: %zu\n", n_consecutive);
    std::printf("  linked by a byte-identical field or payload: %zu (linkage rate %.4f), false links %zu\n", n_linked,
                rate, false_links);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  const int parsed = Parse(argc, argv, &f);
  if (parsed >= 0) return parsed;
  if (sodium_init() < 0) return 1;
  std::mt19937_64 rng(f.seed);

  World world = f.catalog.empty() ? SyntheticWorld(f, rng) : BrandWorld(f);
  if (f.day_of > 0) world.day = (f.day_of / kDay) * kDay;
  const uint32_t nb = uint32_t(world.buckets.size());

  std::string work = f.work;
  if (work.empty()) {
    std::string root = fs::exists("/dev/shm") ? "/dev/shm" : fs::temp_directory_path().string();
    std::string tmpl = root + "/tacit-sim-XXXXXX";
    if (!mkdtemp(tmpl.data())) return 1;
    work = tmpl;
  }
  fs::create_directories(work);
  if (!f.out.empty()) fs::create_directories(f.out);
  if (f.linkage) {
    const int rc = RunLinkage(f, world, rng, work);
    if (f.work.empty()) fs::remove_all(work);
    return rc;
  }

  // Ground truth: a Zipf-like preference over buckets; some devices engage with nothing.
  std::vector<double> weights(nb);
  for (uint32_t b = 0; b < nb; ++b) weights[b] = world.bucket_items[b].empty() ? 0.0 : 1.0 / std::pow(double(b + 1), 1.1);
  std::discrete_distribution<uint32_t> favourite(weights.begin(), weights.end());
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  tacit::collector::Collector collector(world.report_pk, world.report_sk);
  // The brand's collector checks every report against the plan the devices were given.
  auto plan = tacit::LoadSignedPlan(world.plan.data(), world.plan.size(), {world.sign_pk}, "");
  if (!plan.ok()) {
    std::fprintf(stderr, "tacit-sim: plan: %s\n", plan.status().message().c_str());
    return 1;
  }
  collector.UsePlan(plan.value().get(), world.day + 3 * kDay);
  std::vector<uint64_t> truth(nb + 1, 0);  // reporting devices only; last = none
  size_t reports = 0, declined = 0;
  const bool dap = f.transport == "dap";
  std::unique_ptr<sim::DapAggregators> aggregators;
  std::string task_b64;
  if (dap) {
    auto a = sim::DapAggregators::Create(world.dap_task, world.dap_vdaf);
    if (!a.ok()) {
      std::fprintf(stderr, "tacit-sim: aggregators: %s\n", a.status().message().c_str());
      return 1;
    }
    aggregators = std::make_unique<sim::DapAggregators>(std::move(a.value()));
    task_b64 = tacit::dap::Base64Url(world.dap_task.data(), world.dap_task.size());
  }

  for (size_t dev = 0; dev < f.devices; ++dev) {
    const bool declines = unit(rng) < f.decline;
    const bool idle = unit(rng) < f.idle;
    const uint32_t fav = favourite(rng);
    int64_t now = world.day + kDay / 24;
    const std::string dir = work + "/device-" + std::to_string(dev);

    tacit_t* t = OpenDevice(world, dir, &now);
    if (dap) {
      // The host fetched both aggregators' HPKE configs and hands them over.
      const auto& l = aggregators->leader_config_list();
      const auto& h = aggregators->helper_config_list();
      tacit_status c = tacit_dap_set_hpke_configs(t, task_b64.c_str(), TACIT_DAP_ROLE_LEADER, l.data(), l.size(), 0);
      if (c == TACIT_OK) c = tacit_dap_set_hpke_configs(t, task_b64.c_str(), TACIT_DAP_ROLE_HELPER, h.data(), h.size(), 0);
      if (c != TACIT_OK) Die("dap configs", c);
    }
    tacit_status     s = tacit_consent_set(t, TACIT_PURPOSE_MEASUREMENT, declines ? TACIT_CONSENT_REVOKED : TACIT_CONSENT_GIVEN, "sim-1");
    if (s != TACIT_OK) Die("consent", s);

    // One day of browsing: the favourite topic read through, a little noise elsewhere.
    std::vector<tacit_event_t> events;
    std::vector<std::string> ids;
    const int64_t day_start = (now / kDay) * kDay;
    if (!idle) {
      const int reads = 3 + int(rng() % 4);
      const auto& mine = world.bucket_items[fav];
      for (int r = 0; r < reads; ++r) ids.push_back(mine[rng() % mine.size()]);
      // Noise: at most two opens elsewhere, never enough to outweigh the reads (weight 1 against 2 each).
      const int noise = int(rng() % 3);
      for (int n = 0; n < noise; ++n) {
        const auto& other = world.bucket_items[rng() % nb];
        if (!other.empty()) ids.push_back(other[rng() % other.size()]);
      }
      for (size_t i = 0; i < ids.size(); ++i) {
        const int32_t type = i < size_t(reads) ? TACIT_EVENT_COMPLETE : TACIT_EVENT_OPEN;
        events.push_back({sizeof(tacit_event_t), type, ids[i].c_str(), nullptr, 0, day_start + kDay / 12 + int64_t(rng() % uint64_t(kDay / 2)), 1.0});
      }
      if ((s = tacit_record_events(t, events.data(), events.size())) != TACIT_OK) Die("record", s);
    }
    // The next day: the period is over, reports are due.
    now = day_start + kDay + kDay / 24;
    size_t made = 0;
    if ((s = tacit_reports_prepare(t, &made)) != TACIT_OK) Die("prepare", s);
    for (;;) {
      tacit_outgoing_report_t* r = nullptr;
      s = tacit_outbox_next(t, &r);
      if (s == TACIT_ERR_NOT_FOUND) break;
      if (s != TACIT_OK) Die("outbox", s);
      if (TACIT_HAS_FIELD(r, tacit_outgoing_report_t, media_type) && r->transport == TACIT_TRANSPORT_DAP) {
        (void)aggregators->Add(r->bytes, r->len);  // a rejection is counted and shown
        if ((s = tacit_outbox_ack(t, r->report_id, 16)) != TACIT_OK) Die("ack", s);
        tacit_outgoing_report_free(r);
        continue;
      }
      collector.AddSealed(r->bytes, r->len, "device-" + std::to_string(dev));
      if (!f.out.empty()) {
        char hex[33];
        sodium_bin2hex(hex, sizeof hex, r->report_id, 16);
        std::ofstream(f.out + "/" + hex + ".bin", std::ios::binary).write(reinterpret_cast<const char*>(r->bytes), std::streamsize(r->len));
      }
      if ((s = tacit_outbox_ack(t, r->report_id, 16)) != TACIT_OK) Die("ack", s);
      tacit_outgoing_report_free(r);
      ++reports;
    }
    if (declines) {
      ++declined;
    } else {
      truth[idle ? nb : fav]++;
    }
    if ((s = tacit_erase_all(t)) != TACIT_OK) Die("erase", s);
    tacit_close(t);
  }
  if (f.work.empty()) fs::remove_all(work);

  const auto groups = collector.Estimates();
  const tacit::collector::GroupEstimate* found = nullptr;
  for (const auto& g : groups)
    if (g.key.metric_id == world.metric_id && (!found || g.n > found->n)) found = &g;
  if (!found) {
    std::fprintf(stderr, "tacit-sim: no report of metric %s was received\n", world.metric_id.c_str());
    return 1;
  }
  const auto& g = *found;
  size_t inside = 0;
  double max_abs = 0;
  for (uint32_t v = 0; v < g.estimates.size(); ++v) {
    const auto& e = g.estimates[v];
    inside += double(truth[v]) >= e.ci_low && double(truth[v]) <= e.ci_high;
    max_abs = std::max(max_abs, std::fabs(e.count - double(truth[v])));
  }
  const double coverage = double(inside) / double(g.estimates.size());

  // DAP: the aggregators' exact sum, or with local randomisation the sum of randomised answers, debiased.
  std::vector<double> dap_est, dap_half;
  double dap_max_abs = 0;
  size_t dap_inside = 0;
  tacit::ldp::Params dap_params{};
  if (dap) {
    auto sums = aggregators->Collect();
    if (!sums.ok() || sums.value().size() != truth.size()) {
      std::fprintf(stderr, "tacit-sim: DAP collect: %s\n", sums.ok() ? "wrong length" : sums.status().message().c_str());
      return 1;
    }
    const uint64_t n = aggregators->reports();
    const uint32_t d = uint32_t(truth.size());
    if (f.dap_local) {
      auto p = tacit::ldp::MakeParams(d == 2 ? tacit::ldp::Mechanism::kBinaryRR : tacit::ldp::Mechanism::kGRR, d, f.epsilon);
      if (!p.ok()) return 1;
      dap_params = p.value();
      const double e = std::exp(dap_params.q.epsilon), keep = e / (e + d - 1), other = 1.0 / (e + d - 1);
      for (uint32_t v = 0; v < d; ++v) {
        const double est = (double(sums.value()[v]) - double(n) * other) / (keep - other);
        dap_est.push_back(est);
        dap_half.push_back(1.96 * std::sqrt(tacit::ldp::EstimateVariance(dap_params, n, std::max(0.0, est))));
      }
    } else {
      for (uint64_t c : sums.value()) dap_est.push_back(double(c));
      dap_half.assign(d, 0.0);
    }
    for (uint32_t v = 0; v < d; ++v) {
      dap_max_abs = std::max(dap_max_abs, std::fabs(dap_est[v] - double(truth[v])));
      dap_inside += std::fabs(dap_est[v] - double(truth[v])) <= dap_half[v] + 1e-9;
    }
  }

  if (f.json) {
    tacit::JsonWriter w;
    w.BeginObject().Key("devices").Value(uint64_t(f.devices)).Key("reports").Value(uint64_t(reports));
    w.Key("coverage").Value(coverage).Key("max_abs_error").Value(max_abs);
    w.Key("declined").Value(uint64_t(declined)).Key("epsilon").Value(g.params.q.epsilon).Key("buckets").Value(uint64_t(nb));
    w.Key("metric").Value(world.metric_id).Key("period_start").Value(IsoDate(world.day)).Key("period_end").Value(IsoDate(world.day));
    w.Key("mechanism").Value(tacit::ldp::MechanismName(g.params.mechanism)).Key("epsilon_effective").Value(g.params.q.epsilon);
    w.Key("rejected").Value(uint64_t(collector.rejections().size())).Key("seed").Value(f.seed);
    if (dap) {
      w.Key("dap").BeginObject().Key("metric").Value(world.dap_metric_id);
      w.Key("local_randomisation").Bool(f.dap_local).Key("reports").Value(uint64_t(aggregators->reports()));
      w.Key("rejected").Value(uint64_t(aggregators->rejected().size()));
      w.Key("coverage").Value(double(dap_inside) / double(truth.size())).Key("max_abs_error").Value(dap_max_abs);
      w.Key("estimates").BeginArray();
      for (size_t v = 0; v < truth.size(); ++v)
        w.BeginObject().Key("truth").Value(truth[v]).Key("estimate").Value(dap_est[v]).Key("half_width").Value(dap_half[v]).EndObject();
      w.EndArray().EndObject();
    }
    w.Key("estimates").BeginArray();
    for (uint32_t v = 0; v < g.estimates.size(); ++v) {
      const auto& e = g.estimates[v];
      w.BeginObject().Key("bucket").Value(v < nb ? world.buckets[v] : std::string("none"));
      w.Key("truth").Value(truth[v]).Key("estimate").Value(e.count).Key("ci_low").Value(e.ci_low).Key("ci_high").Value(e.ci_high);
      w.EndObject();
    }
    w.EndArray().EndObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
  }
  std::printf("tacit-sim: %zu devices (%zu declined measurement), %zu reports of %s, effective epsilon %.4f, %s over %u values\n",
              f.devices, declined, size_t(g.n), world.metric_id.c_str(), g.params.q.epsilon, tacit::ldp::MechanismName(g.params.mechanism),
              g.params.d);
  std::printf("  period %s: the devices browsed that day (UTC) and reported from %s\n\n", IsoDate(world.day).c_str(),
              tacit::tools::Iso8601(world.day + kDay + kDay / 24).c_str());
  if (dap)
    std::printf("  %-14s %8s %10s %22s  %-8s %10s %10s\n", "bucket", "truth", "LDP", "95% interval", "", "DAP",
                f.dap_local ? "± 95%" : "");
  else
    std::printf("  %-14s %8s %10s %22s  %s\n", "bucket", "truth", "estimate", "95% interval", "");
  const uint32_t shown = std::min<uint32_t>(uint32_t(g.estimates.size()), 20);
  for (uint32_t v = 0; v < g.estimates.size(); ++v) {
    if (v >= shown - 1 && v != g.estimates.size() - 1) {
      if (v == shown - 1) std::printf("  %-14s\n", "...");
      continue;
    }
    const auto& e = g.estimates[v];
    const bool in = double(truth[v]) >= e.ci_low && double(truth[v]) <= e.ci_high;
    std::printf("  %-14s %8llu %10.1f   [%8.1f, %8.1f]  %-8s", v < nb ? world.buckets[v].c_str() : "none",
                (unsigned long long)truth[v], e.count, e.ci_low, e.ci_high, in ? "" : "outside");
    if (dap) std::printf(" %10.1f %10s", dap_est[v], f.dap_local ? ("± " + std::to_string(int(dap_half[v] + 0.5))).c_str() : "");
    std::printf("\n");
  }
  std::printf("\ncoverage %.3f (share of true counts inside their 95%% interval), largest error %.1f reports\n", coverage,
              max_abs);
  if (dap)
    std::printf("DAP (%s): %zu reports aggregated, %zu rejected, largest error %.1f reports%s\n",
                f.dap_local ? "randomised on the device, then aggregated" : "exact sum over the batch",
                aggregators->reports(), aggregators->rejected().size(), dap_max_abs,
                f.dap_local ? (", coverage " + std::to_string(double(dap_inside) / double(truth.size()))).c_str() : "");
  return 0;
}

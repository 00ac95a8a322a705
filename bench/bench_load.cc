// One handle under load, and a large profile. Figures, not pass/fail.
//   BM_FairUnderLoad     8 threads share one handle, each looping over a host-like mix (record a batch,
//                        rank, read, declare, export, prepare reports, and now and then forget an
//                        inferred topic, which makes the next rank rebuild the model). Between calls each
//                        thread probes with tacit_event_count, which does almost no work: its latency is
//                        the time it waited behind the other threads. Counters: wait_p50_ms, wait_p99_ms,
//                        wait_max_ms (the probes), call_max_ms (any call, its own work included).
//   BM_LargeProfile*     a 100,000-event profile: open, first rank (model build), report preparation when
//                        nothing is due, export, and the peak RSS of a process that does all four.
//   BM_LargeProfileCheckIntegrity  tacit_check_integrity on it: the whole-file pass open does not run.
//   BM_LargeProfilePeakRssDue  the same a day later with a plan whose periods are then due.
//   BM_PrepareDue        report preparation when a period is due (the clock moves a day per call), with a
//                        strongest-segment metric, which reads every event of the 12 half-lives before its
//                        period's end; with a second argument of 1, a thread probes with tacit_event_count
//                        meanwhile (wait_max_ms: the longest the handle was held away from it).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"
#include "support/test_plan.h"

namespace fs = std::filesystem;
using namespace tacit_test;
using Clock = std::chrono::steady_clock;

namespace {

int64_t g_now = kTestNowMs;
int64_t BenchClock(void*) { return g_now; }

constexpr int kTopics = 24;
constexpr int kItemsPerTopic = 40;

CatalogSpec BenchCatalog() {
  CatalogSpec spec;
  for (int t = 0; t < kTopics; ++t) spec.AddTopic("topic-" + std::to_string(t));
  for (int t = 0; t < kTopics; ++t)
    for (int i = 0; i < kItemsPerTopic; ++i) {
      spec.AddItem("item-" + std::to_string(t) + "-" + std::to_string(i),
                   {{"topic-" + std::to_string(t), 1.0f}, {"topic-" + std::to_string((t + 1) % kTopics), 0.3f}});
      spec.items.back().title = "Item " + std::to_string(t) + "/" + std::to_string(i);
    }
  return spec;
}

const std::vector<uint8_t>& BenchPlan() {
  static const std::vector<uint8_t> plan = [] {
    PlanSpec p;
    p.AddMetric("engagement", tacit::MetricKind::kTopicEngagement, {"topic-0", "topic-1", "topic-2"});
    return BuildSignedPlan(p);
  }();
  return plan;
}

tacit_t* Open(const std::string& dir, const std::vector<uint8_t>& plan = BenchPlan()) {
  tacit_options_t* o = tacit_options_new();
  auto key = TestKey(9);
  auto signer = TestSigner::FromSeed(1);
  tacit_t* h = nullptr;
  bool ok = tacit_options_set_path(o, dir.c_str()) == TACIT_OK &&
            tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK &&
            tacit_options_add_brand_key(o, signer.public_key.data(), 32) == TACIT_OK &&
            tacit_options_set_clock(o, BenchClock, nullptr) == TACIT_OK &&
            tacit_options_set_measurement_plan(o, plan.data(), plan.size()) == TACIT_OK &&
            tacit_open(o, &h) == TACIT_OK;
  tacit_options_free(o);
  return ok ? h : nullptr;
}

// Records `n` events spread over the last `span_ms`, in batches of 1,000, oldest first.
bool Fill(tacit_t* h, size_t n, int64_t span_ms) {
  std::vector<std::string> items;
  for (int t = 0; t < kTopics; ++t)
    for (int i = 0; i < kItemsPerTopic; ++i) items.push_back("item-" + std::to_string(t) + "-" + std::to_string(i));
  std::vector<tacit_event_t> batch;
  for (size_t done = 0; done < n;) {
    batch.clear();
    for (size_t k = 0; k < 1000 && done < n; ++k, ++done) {
      tacit_event_t e;
      tacit_event_init(&e);
      e.type = done % 7 == 0 ? TACIT_EVENT_COMPLETE : TACIT_EVENT_OPEN;
      e.item_id = items[(done * 7919) % items.size()].c_str();
      e.timestamp_ms = g_now - span_ms + int64_t(double(span_ms) * double(done) / double(n));
      batch.push_back(e);
    }
    if (tacit_record_events(h, batch.data(), batch.size()) != TACIT_OK) return false;
  }
  return true;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

void BM_FairUnderLoad(benchmark::State& state) {
  TempDir tmp;
  tacit_t* h = Open(tmp.Join("p"));
  if (!h) return state.SkipWithError(tacit_last_error());
  auto catalog = BuildSignedCatalog(BenchCatalog());
  if (tacit_load_catalog(h, catalog.data(), catalog.size()) != TACIT_OK ||
      tacit_consent_set(h, TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN, "bench") != TACIT_OK ||
      tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "bench") != TACIT_OK ||
      !Fill(h, size_t(state.range(0)), 10 * tacit::kMsPerDay))
    return state.SkipWithError(tacit_last_error());
  const int threads = 8;
  const auto run_for = std::chrono::seconds(4);
  std::vector<double> waits, calls;
  static const char* const kKinds[8] = {"record", "rank", "read", "declare", "rank", "export", "prepare", "forget"};
  std::map<std::string, double> kind_max;
  std::mutex stats_mu;
  std::atomic<int> failures{0};
  for (auto _ : state) {
    const auto stop = Clock::now() + run_for;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        std::vector<double> my_waits, my_calls;
        std::map<std::string, double> my_max;
        int kind = 0;
        const std::string item = "item-" + std::to_string(t) + "-1";
        const std::string topic = "topic-" + std::to_string(t);
        auto timed = [&](auto&& call) {
          const auto t0 = Clock::now();
          if (call() != TACIT_OK) failures++;
          my_calls.push_back(Ms(Clock::now() - t0));
          double& m = my_max[kKinds[kind]];
          m = std::max(m, my_calls.back());
        };
        for (int round = 0; Clock::now() < stop; ++round) {
          kind = (round + t) % 8;
          switch (kind) {
            case 0:
              timed([&] {
                std::vector<tacit_event_t> batch(100);
                for (auto& e : batch) {
                  tacit_event_init(&e);
                  e.type = TACIT_EVENT_OPEN;
                  e.item_id = item.c_str();
                  e.timestamp_ms = g_now - 1000;
                }
                return tacit_record_events(h, batch.data(), batch.size());
              });
              break;
            case 1:
            case 4:
              timed([&] {
                tacit_rank_request_t r;
                tacit_rank_request_init(&r);
                tacit_ranking_t* out = nullptr;
                tacit_status s = tacit_rank(h, &r, &out);
                tacit_ranking_free(out);
                return s;
              });
              break;
            case 2:
              timed([&] {
                tacit_event_list_t* l = nullptr;
                tacit_status s = tacit_events_read(h, g_now - tacit::kMsPerDay, 50, &l);
                tacit_event_list_free(l);
                return s;
              });
              break;
            case 3: timed([&] { return tacit_declare_interest(h, topic.c_str(), 0.5); }); break;
            case 5:
              timed([&] {
                char* json = nullptr;
                tacit_status s = tacit_export_json(h, &json, nullptr);
                tacit_free(json);
                return s;
              });
              break;
            case 6: timed([&] { return tacit_reports_prepare(h, nullptr); }); break;
            case 7:
              // Now and then a forget: the next rank, explain or export rebuilds the model from every event.
              if (round % 24 == 7) timed([&] { return tacit_forget_inferred(h, topic.c_str()); });
              break;
          }
          const auto t0 = Clock::now();
          uint64_t n = 0;
          if (tacit_event_count(h, &n) != TACIT_OK) failures++;
          my_waits.push_back(Ms(Clock::now() - t0));
        }
        std::lock_guard<std::mutex> l(stats_mu);
        waits.insert(waits.end(), my_waits.begin(), my_waits.end());
        calls.insert(calls.end(), my_calls.begin(), my_calls.end());
        for (const auto& [k, v] : my_max) kind_max[k] = std::max(kind_max[k], v);
      });
    for (auto& th : pool) th.join();
  }
  tacit_close(h);
  if (failures) state.SkipWithError("a call failed under load");
  state.counters["threads"] = threads;
  state.counters["probes"] = double(waits.size());
  state.counters["calls"] = double(calls.size());
  state.counters["wait_p50_ms"] = Percentile(waits, 0.50);
  state.counters["wait_p99_ms"] = Percentile(waits, 0.99);
  state.counters["wait_max_ms"] = waits.empty() ? 0 : *std::max_element(waits.begin(), waits.end());
  state.counters["call_p99_ms"] = Percentile(calls, 0.99);
  state.counters["call_max_ms"] = calls.empty() ? 0 : *std::max_element(calls.begin(), calls.end());
  for (const auto& [k, v] : kind_max) state.counters["max_" + k + "_ms"] = v;
}
BENCHMARK(BM_FairUnderLoad)->Arg(20000)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// ---- the large profile: built once, then reopened by every benchmark below

constexpr size_t kLargeEvents = 100000;

const std::string& LargeProfile() {
  static TempDir* tmp = new TempDir();
  static std::string dir;
  if (dir.empty()) {
    dir = tmp->Join("large");
    tacit_t* h = Open(dir);
    auto catalog = BuildSignedCatalog(BenchCatalog());
    if (!h || tacit_load_catalog(h, catalog.data(), catalog.size()) != TACIT_OK ||
        tacit_consent_set(h, TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN, "bench") != TACIT_OK ||
        tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "bench") != TACIT_OK ||
        !Fill(h, kLargeEvents, 30 * tacit::kMsPerDay) || tacit_reports_prepare(h, nullptr) != TACIT_OK)
      dir = "(failed)";
    tacit_close(h);
  }
  return dir;
}

uint64_t DbBytes(const std::string& dir) {
  uint64_t n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

void BM_LargeProfileOpen(benchmark::State& state) {
  const std::string& dir = LargeProfile();
  for (auto _ : state) {
    tacit_t* h = Open(dir);
    if (!h) return state.SkipWithError(tacit_last_error());
    tacit_close(h);
  }
  state.counters["profile_MB"] = double(DbBytes(dir)) / 1e6;
}
BENCHMARK(BM_LargeProfileOpen)->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_LargeProfileFirstRank(benchmark::State& state) {
  const std::string& dir = LargeProfile();
  for (auto _ : state) {
    state.PauseTiming();
    tacit_t* h = Open(dir);
    if (!h) return state.SkipWithError(tacit_last_error());
    state.ResumeTiming();
    tacit_rank_request_t r;
    tacit_rank_request_init(&r);
    tacit_ranking_t* out = nullptr;
    if (tacit_rank(h, &r, &out) != TACIT_OK) state.SkipWithError(tacit_last_error());
    tacit_ranking_free(out);
    state.PauseTiming();
    tacit_close(h);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_LargeProfileFirstRank)->Unit(benchmark::kMillisecond)->Iterations(10);

// The whole-file check open no longer runs: every page's HMAC, then quick_check of every b-tree.
void BM_LargeProfileCheckIntegrity(benchmark::State& state) {
  const std::string& dir = LargeProfile();
  tacit_t* h = Open(dir);
  if (!h) return state.SkipWithError(tacit_last_error());
  for (auto _ : state)
    if (tacit_check_integrity(h) != TACIT_OK) state.SkipWithError(tacit_last_error());
  tacit_close(h);
  state.counters["profile_MB"] = double(DbBytes(dir)) / 1e6;
}
BENCHMARK(BM_LargeProfileCheckIntegrity)->Unit(benchmark::kMillisecond)->Iterations(10);

// Report preparation when nothing is due (measurement consent was given after the last period ended).
void BM_PrepareNothingDue(benchmark::State& state) {
  TempDir tmp;
  tacit_t* h = Open(tmp.Join("p"));
  auto catalog = BuildSignedCatalog(BenchCatalog());
  if (!h || tacit_load_catalog(h, catalog.data(), catalog.size()) != TACIT_OK ||
      tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "bench") != TACIT_OK ||
      !Fill(h, size_t(state.range(0)), 30 * tacit::kMsPerDay) || tacit_reports_prepare(h, nullptr) != TACIT_OK)
    return state.SkipWithError(tacit_last_error());
  size_t made = 0;
  for (auto _ : state)
    if (tacit_reports_prepare(h, &made) != TACIT_OK) state.SkipWithError(tacit_last_error());
  state.counters["made"] = double(made);
  tacit_close(h);
}
BENCHMARK(BM_PrepareNothingDue)->Arg(40000)->Unit(benchmark::kMillisecond)->Iterations(20);

// A plan whose metrics are due every day: the strongest segment at period end and the day's engagement.
const std::vector<uint8_t>& DuePlan() {
  static const std::vector<uint8_t> plan = [] {
    PlanSpec p;
    p.AddMetric("segment", tacit::MetricKind::kStrongestSegment, {"topic-0", "topic-1", "topic-2"});
    p.AddMetric("engagement", tacit::MetricKind::kTopicEngagement, {"topic-0", "topic-1", "topic-2"});
    return BuildSignedPlan(p);
  }();
  return plan;
}

void BM_PrepareDue(benchmark::State& state) {
  const int64_t start = g_now;
  TempDir tmp;
  tacit_t* h = Open(tmp.Join("p"), DuePlan());
  auto catalog = BuildSignedCatalog(BenchCatalog());
  if (!h || tacit_load_catalog(h, catalog.data(), catalog.size()) != TACIT_OK ||
      tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "bench") != TACIT_OK ||
      !Fill(h, size_t(state.range(0)), 30 * tacit::kMsPerDay))
    return state.SkipWithError(tacit_last_error());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<double> waits;
  std::thread probe;
  if (state.range(1))
    probe = std::thread([&] {
      while (!stop) {
        const auto t0 = Clock::now();
        uint64_t n = 0;
        if (tacit_event_count(h, &n) != TACIT_OK) failures++;
        waits.push_back(Ms(Clock::now() - t0));
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
  size_t made = 0, total = 0;
  for (auto _ : state) {
    g_now += tacit::kMsPerDay;  // one more period of each metric is due
    if (tacit_reports_prepare(h, &made) != TACIT_OK) failures++;
    total += made;
  }
  stop = true;
  if (probe.joinable()) probe.join();
  tacit_close(h);
  g_now = start;
  if (failures) state.SkipWithError("a call failed");
  state.counters["made_per_call"] = double(total) / double(state.iterations());
  if (state.range(1)) {
    state.counters["probes"] = double(waits.size());
    state.counters["wait_max_ms"] = waits.empty() ? 0 : *std::max_element(waits.begin(), waits.end());
  }
}
BENCHMARK(BM_PrepareDue)->Args({100000, 0})->Args({100000, 1})->Unit(benchmark::kMillisecond)->Iterations(10);

void BM_LargeProfileExport(benchmark::State& state) {
  const std::string& dir = LargeProfile();
  tacit_t* h = Open(dir);
  if (!h) return state.SkipWithError(tacit_last_error());
  size_t len = 0;
  for (auto _ : state) {
    char* json = nullptr;
    if (tacit_export_json(h, &json, &len) != TACIT_OK) state.SkipWithError(tacit_last_error());
    tacit_free(json);
  }
  state.counters["json_KB"] = double(len) / 1e3;
  tacit_close(h);
}
BENCHMARK(BM_LargeProfileExport)->Unit(benchmark::kMillisecond)->Iterations(10);

// Peak RSS of a fresh process (bench_rss_probe) doing open + first rank + report preparation + export on the
// large profile, as a host app's process would on a cold start. The figure is in KiB; < 0 on failure.
double ProbePeakRssKb(const std::string& dir, const std::vector<uint8_t>& plan, int64_t now) {
  const std::string plan_path = dir + "-plan.bin";
  {
    std::ofstream out(plan_path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(plan.data()), std::streamsize(plan.size()));
    if (!out) return -1;
  }
  const std::string cmd = std::string(TACIT_RSS_PROBE) + " '" + dir + "' " + std::to_string(now) + " '" + plan_path + "'";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  double rss_kb = -1;
  if (std::fscanf(p, "%lf", &rss_kb) != 1) rss_kb = -1;
  if (pclose(p) != 0) return -1;
  return rss_kb;
}

// Nothing is due: the preparation reads no event.
void BM_LargeProfilePeakRss(benchmark::State& state) {
  const std::string& dir = LargeProfile();
  double rss_kb = -1;
  for (auto _ : state)
    if ((rss_kb = ProbePeakRssKb(dir, BenchPlan(), g_now)) < 0) return state.SkipWithError("bench_rss_probe failed");
  state.counters["peak_rss_MB"] = rss_kb / 1024.0;
}
BENCHMARK(BM_LargeProfilePeakRss)->Unit(benchmark::kMillisecond)->Iterations(1);

// A day later, on a copy of the large profile, with DuePlan: the strongest segment reads all 100,000 events.
void BM_LargeProfilePeakRssDue(benchmark::State& state) {
  const std::string& dir = LargeProfile();
  TempDir tmp;
  const std::string copy = tmp.Join("large");
  std::error_code ec;
  fs::copy(dir, copy, fs::copy_options::recursive, ec);
  if (ec) return state.SkipWithError("cannot copy the large profile");
  double rss_kb = -1;
  for (auto _ : state)
    if ((rss_kb = ProbePeakRssKb(copy, DuePlan(), g_now + tacit::kMsPerDay)) < 0)
      return state.SkipWithError("bench_rss_probe failed");
  state.counters["peak_rss_MB"] = rss_kb / 1024.0;
}
BENCHMARK(BM_LargeProfilePeakRssDue)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

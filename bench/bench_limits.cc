// The worst valid signed catalog and plan: every structural limit of catalog/loader.h and plan/loader.h at
// once, built, signed and loaded through the verified loaders, and what it costs the two calls that run under
// the handle's mutex.
//   BM_RankAtLimits/S     tacit_rank through the C API (k = 20, reasons, 10% exploration)
//   BM_PrepareAtLimits/S  tacit_reports_prepare with all 64 plan metrics due (1,024 buckets each), 2,000 events;
//                         the budget (4 per 24 h, 30 per 365 days at epsilon 0.1) admits up to 40 a day
//   BM_ScanAtLimits/S     the peer: one pass of dot products over the same catalog's embeddings, nothing else
// Every shape S holds 10,000 topics in chains 8 deep (the depth limit); the plan 64 metrics of 1,024 buckets;
// S = 0: the most items (200,000, one topic each); S = 1: the largest embedding table (8 Mi values: 102,400
// items x 80 dimensions, i8); S = 2: the most topics per item (16) in as many items as fit the 16 MiB payload.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"
#include "support/test_plan.h"
#include "tacit/tacit.h"

using namespace tacit_test;

namespace {

constexpr int64_t kDay = tacit::kMsPerDay;
int64_t g_now = kTestNowMs;
int64_t Clock(void*) { return g_now; }

CatalogSpec LimitSpec(int shape, size_t items) {
  CatalogSpec spec;
  spec.issued_at_ms = kTestNowMs - 60 * kDay;
  spec.expires_at_ms = kTestNowMs + 3650 * kDay;
  const size_t depth = tacit::kCatalogMaxTopicDepth;
  for (size_t t = 0; t < tacit::kCatalogMaxTopics; ++t) {
    TopicSpec ts;
    ts.id = "t" + std::to_string(t);
    ts.label = ts.id;
    if (t % depth) ts.parent = "t" + std::to_string(t - 1);
    if (t % 97 == 96) ts.sensitivity = tacit::Sensitivity::kHealth;
    spec.topics.push_back(std::move(ts));
  }
  std::mt19937_64 rng(42);
  const uint32_t dim = shape == 1 ? 80 : 0;
  spec.embedding_dim = dim;
  spec.i8_embeddings = true;
  const size_t per_item = shape == 2 ? tacit::kCatalogMaxItemTopics : 1;
  std::normal_distribution<float> normal;
  for (size_t i = 0; i < items; ++i) {
    ItemSpec it;
    it.id = "i" + std::to_string(i);
    for (size_t k = 0; k < per_item; ++k)
      it.topics.emplace_back("t" + std::to_string((i * 7919 + k * 613) % tacit::kCatalogMaxTopics), k ? 0.5f : 1.0f);
    if (dim) {
      it.embedding.resize(dim);
      for (float& v : it.embedding) v = normal(rng);
    }
    it.campaign_id = "c" + std::to_string(i % tacit::kPlanMaxBuckets);
    it.popularity = float(rng() % 1000) / 1000.0f;
    it.published_at_ms = kTestNowMs - int64_t(rng() % uint64_t(30 * kDay));
    spec.items.push_back(std::move(it));
  }
  return spec;
}

// The largest plan: every metric at the most buckets and the least epsilon.
std::vector<uint8_t> LimitPlan() {
  PlanSpec plan;
  for (size_t m = 0; m < tacit::kPlanMaxMetrics; ++m) {
    const tacit::MetricKind kind = m % 3 == 0   ? tacit::MetricKind::kStrongestSegment
                                   : m % 3 == 1 ? tacit::MetricKind::kTopicEngagement
                                                : tacit::MetricKind::kCampaignConversion;
    std::vector<std::string> buckets;
    for (size_t b = 0; b < tacit::kPlanMaxBuckets; ++b)
      buckets.push_back(kind == tacit::MetricKind::kCampaignConversion ? "c" + std::to_string(b)
                                                                        : "t" + std::to_string((m * 31 + b * 9) % tacit::kCatalogMaxTopics));
    plan.AddMetric("m" + std::to_string(m), kind, std::move(buckets), tacit::kPlanMinEpsilon);
  }
  plan.epsilon_per_24h = tacit::kPlanMaxEpsilonPer24h;
  plan.epsilon_per_365d = tacit::kPlanMaxEpsilonPer365d;
  return BuildSignedPlan(plan);
}

// The largest catalog of the shape whose payload fits the loader's limit.
std::vector<uint8_t> LimitCatalog(int shape, size_t* items_out) {
  size_t items = shape == 0 ? tacit::kCatalogMaxItems : shape == 1 ? tacit::kCatalogMaxEmbeddingValues / 80 : 80000;
  for (;;) {
    std::vector<uint8_t> payload = BuildCatalogPayload(LimitSpec(shape, items));
    if (payload.size() <= tacit::kCatalogMaxPayloadBytes) {
      *items_out = items;
      return TestSigner::FromSeed(1).Sign(payload);
    }
    items = size_t(double(items) * 0.97 * double(tacit::kCatalogMaxPayloadBytes) / double(payload.size()));
  }
}

struct Device {
  TempDir tmp;
  tacit_t* h = nullptr;
  size_t items = 0;
  std::vector<uint8_t> catalog;
  explicit Device(int shape) {
    catalog = LimitCatalog(shape, &items);
    g_now = kTestNowMs - 30 * kDay;
    tacit_options_t* o = tacit_options_new();
    auto key = TestKey(1);
    static const std::vector<uint8_t> plan = LimitPlan();
    if (tacit_options_set_path(o, tmp.Join("p").c_str()) != TACIT_OK ||
        tacit_options_set_measurement_plan(o, plan.data(), plan.size()) != TACIT_OK ||
        tacit_options_set_key(o, key.data(), key.size()) != TACIT_OK ||
        tacit_options_add_brand_key(o, TestSigner::FromSeed(1).public_key.data(), 32) != TACIT_OK ||
        tacit_options_set_clock(o, Clock, nullptr) != TACIT_OK || tacit_open(o, &h) != TACIT_OK)
      std::abort();
    tacit_options_free(o);
    if (tacit_load_catalog(h, catalog.data(), catalog.size()) != TACIT_OK) std::abort();
    if (tacit_consent_set(h, TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN, "bench") != TACIT_OK ||
        tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "bench") != TACIT_OK)
      std::abort();
    g_now = kTestNowMs;
    std::mt19937_64 rng(7);
    std::vector<std::string> ids;
    std::vector<tacit_event_t> events;
    for (int e = 0; e < 2000; ++e) ids.push_back("i" + std::to_string(rng() % items));
    for (int e = 0; e < 2000; ++e)
      events.push_back({sizeof(tacit_event_t), 1 + int32_t(rng() % 8), ids[size_t(e)].c_str(), nullptr, 0,
                        kTestNowMs - int64_t(rng() % uint64_t(14 * kDay)), 1.0});
    if (tacit_record_events(h, events.data(), events.size()) != TACIT_OK) std::abort();
    if (tacit_declare_interest(h, "t3", 1.0) != TACIT_OK || tacit_not_interested_topic(h, "t8") != TACIT_OK)
      std::abort();
  }
  ~Device() { tacit_close(h); }
};

Device& DeviceFor(int shape) {
  static std::unique_ptr<Device> devices[3];
  if (!devices[shape]) devices[shape].reset(new Device(shape));
  return *devices[shape];
}

void Label(benchmark::State& state, const Device& d) {
  state.counters["items"] = double(d.items);
  state.counters["payload_MiB"] = double(d.catalog.size()) / double(1 << 20);
}

void BM_RankAtLimits(benchmark::State& state) {
  Device& d = DeviceFor(int(state.range(0)));
  g_now = kTestNowMs;
  tacit_rank_request_t r;
  tacit_rank_request_init(&r);
  r.seed = 3;
  for (auto _ : state) {
    tacit_ranking_t* out = nullptr;
    if (tacit_rank(d.h, &r, &out) != TACIT_OK || tacit_ranking_size(out) != 20) state.SkipWithError("rank");
    tacit_ranking_free(out);
  }
  Label(state, d);
}
BENCHMARK(BM_RankAtLimits)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_PrepareAtLimits(benchmark::State& state) {
  Device& d = DeviceFor(int(state.range(0)));
  size_t made_total = 0;
  for (auto _ : state) {
    g_now += kDay;  // a new period: every metric is due
    size_t made = 0;
    if (tacit_reports_prepare(d.h, &made) != TACIT_OK) state.SkipWithError("prepare");
    made_total += made;
    state.PauseTiming();
    for (;;) {  // drain, untimed
      tacit_outgoing_report_t* out = nullptr;
      if (tacit_outbox_next(d.h, &out) != TACIT_OK) break;
      if (tacit_outbox_ack(d.h, out->report_id, sizeof out->report_id) != TACIT_OK) std::abort();
      tacit_outgoing_report_free(out);
    }
    state.ResumeTiming();
  }
  state.counters["reports_per_call"] = double(made_total) / double(state.iterations());
  Label(state, d);
}
BENCHMARK(BM_PrepareAtLimits)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

// The peer: the decoded catalog's embedding table scanned once (shape 1), or its item-topic weights summed
// once (other shapes): the least work any ranking of the whole catalog does.
void BM_ScanAtLimits(benchmark::State& state) {
  const int shape = int(state.range(0));
  Device& d = DeviceFor(shape);
  auto decoded = tacit::DecodeCatalogPayload(d.catalog.data() + tacit::kCatalogHeaderBytes,
                                             d.catalog.size() - tacit::kCatalogHeaderBytes);
  if (!decoded.ok()) std::abort();
  const tacit::Catalog& c = *decoded.value();
  std::vector<float> query(c.embedding_dim, 0.125f), scores(c.items.size());
  for (auto _ : state) {
    for (size_t i = 0; i < c.items.size(); ++i) {
      float acc = 0;
      if (c.embedding_dim) {
        const float* e = c.embedding(uint32_t(i));
#pragma omp simd reduction(+ : acc)
        for (uint32_t k = 0; k < c.embedding_dim; ++k) acc += e[k] * query[k];
      } else {
        for (const auto& t : c.items[i].topics) acc += t.weight;
      }
      scores[i] = acc;
    }
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  Label(state, d);
}
BENCHMARK(BM_ScanAtLimits)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace

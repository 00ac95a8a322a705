// Ranking cost against the physical floor.
//   BM_Rank/N          tacit's full ranking of N items (64-d embeddings, k = 20, reasons included)
//   BM_ScanBaseline/N  a vectorised dot-product scan of the same embeddings, and nothing else
//   BM_RankOverScan/N  both in every iteration, back to back: rank_over_scan is the ratio of their CPU times
#include <benchmark/benchmark.h>

#include <cmath>
#include <ctime>
#include <memory>
#include <random>
#include <string>

#include "rank/profile_model.h"
#include "core/clock.h"
#include "rank/ranker.h"

using namespace tacit;

namespace {

constexpr uint32_t kDim = 64;
constexpr int64_t kNow = 1700000000000LL;

std::shared_ptr<const Catalog> MakeCatalog(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> unit(0, 1);
  auto c = std::make_shared<Catalog>();
  c->brand_id = "bench";
  c->version = 1;
  c->issued_at_ms = kNow - 7 * kMsPerDay;
  c->expires_at_ms = kNow + 30 * kMsPerDay;
  c->embedding_dim = kDim;
  const size_t topics = 100;
  for (size_t t = 0; t < topics; ++t) {
    Topic topic{"topic-" + std::to_string(t), "topic " + std::to_string(t), t < 10 ? -1 : int32_t(t % 10),
                t % 25 == 24 ? Sensitivity::kHealth : Sensitivity::kNone, {}};
    c->topic_index[topic.id] = uint32_t(t);
    c->topics.push_back(topic);
  }
  c->embeddings.resize(n * kDim);
  for (size_t i = 0; i < n; ++i) {
    Item item;
    item.id = "item-" + std::to_string(i);
    item.title = "Item " + std::to_string(i);
    const uint32_t main = uint32_t(rng() % topics);
    item.topics.push_back({main, 1.0f});
    if (rng() % 2) item.topics.push_back({uint32_t((main + 1 + rng() % 5) % topics), 0.5f});
    item.published_at_ms = kNow - int64_t(rng() % (30 * kMsPerDay));
    item.popularity = unit(rng);
    item.has_embedding = true;
    float norm = 0;
    float* e = c->embeddings.data() + i * kDim;
    for (uint32_t d = 0; d < kDim; ++d) {
      e[d] = normal(rng);
      norm += e[d] * e[d];
    }
    for (uint32_t d = 0; d < kDim; ++d) e[d] /= std::sqrt(norm);
    c->item_index[item.id] = uint32_t(i);
    c->items.push_back(std::move(item));
  }
  return c;
}

// The profile and request every ranking benchmark uses.
struct RankSetup {
  explicit RankSetup(size_t n) : index(RankIndex::Build(MakeCatalog(n, 7))), model(index, 14 * kMsPerDay, kNow) {
    std::mt19937_64 rng(11);
    model.Declare("topic-3", 1.0);
    model.Declare("topic-17", 0.6);
    for (int e = 0; e < 300; ++e)
      model.Apply(1 + int32_t(rng() % 8), "item-" + std::to_string(rng() % n), {}, kNow - int64_t(rng() % (20 * kMsPerDay)),
                  1.0);
    model.BlockItem("item-5");
    model.SuppressTopic("topic-42");
    req.k = 20;
    req.now_ms = kNow;
    req.seed = 99;
  }
  std::shared_ptr<const RankIndex> index;
  ProfileModel model;
  RankRequest req;
  RankScratch scratch;
};

// The floor: a vectorised dot product of every embedding with one query, nothing else. Inlined where it is
// timed, as a loop written there would be.
__attribute__((always_inline)) inline void Scan(const float* emb, size_t n, const std::vector<float>& query,
                                                std::vector<float>& scores) {
  for (size_t i = 0; i < n; ++i) {
    const float* e = emb + i * kDim;
    float acc = 0;
#pragma omp simd reduction(+ : acc)
    for (uint32_t d = 0; d < kDim; ++d) acc += e[d] * query[d];
    scores[i] = acc;
  }
}

void BM_Rank(benchmark::State& state) {
  const size_t n = size_t(state.range(0));
  RankSetup setup(n);
  for (auto _ : state) {
    auto ranked = Rank(setup.model, setup.req, &setup.scratch);
    if (!ranked.ok() || ranked.value().size() != 20) state.SkipWithError("rank");
    benchmark::DoNotOptimize(ranked.value().data());
  }
  state.SetItemsProcessed(int64_t(state.iterations() * n));
}
BENCHMARK(BM_Rank)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_ScanBaseline(benchmark::State& state) {
  const size_t n = size_t(state.range(0));
  auto catalog = MakeCatalog(n, 7);
  std::vector<float> query(kDim, 0.125f), scores(n);
  for (auto _ : state) {
    Scan(catalog->embeddings.data(), n, query, scores);
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations() * n));
}
BENCHMARK(BM_ScanBaseline)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

// One rank and one scan of the same catalog back to back in every iteration, each timed on the thread's CPU
// clock: the ratio of their sums (counter rank_over_scan) compares the two under the same conditions, which a
// shared machine changes from one benchmark to the next. The reported time is the pair's.
void BM_RankOverScan(benchmark::State& state) {
  const size_t n = size_t(state.range(0));
  RankSetup setup(n);
  std::vector<float> query(kDim, 0.125f), scores(n);
  auto cpu_now = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
  };
  double rank_ns = 0, scan_ns = 0;
  for (auto _ : state) {
    const double t0 = cpu_now();
    auto ranked = Rank(setup.model, setup.req, &setup.scratch);
    const double t1 = cpu_now();
    Scan(setup.index->catalog->embeddings.data(), n, query, scores);
    const double t2 = cpu_now();
    if (!ranked.ok() || ranked.value().size() != 20) state.SkipWithError("rank");
    benchmark::DoNotOptimize(ranked.value().data());
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
    rank_ns += t1 - t0;
    scan_ns += t2 - t1;
  }
  state.counters["rank_us"] = rank_ns / 1e3 / double(state.iterations());
  state.counters["scan_us"] = scan_ns / 1e3 / double(state.iterations());
  state.counters["rank_over_scan"] = scan_ns > 0 ? rank_ns / scan_ns : 0;
}
BENCHMARK(BM_RankOverScan)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace

// Ingest and open costs of the encrypted profile. Figures, not pass/fail. The three ingest benchmarks run
// the same number of batches into a fresh database each, so they write databases of equal size; the
// median of five repetitions is the figure to read.
//   BM_IngestEncrypted    batched ingest through the SDK (C API, SQLCipher, raw key)
//   BM_IngestPlain        the same through the SDK's store with no key (plain SQLite)
//   BM_IngestRawBaseline  the same rows with bare sqlite3 calls on a keyed SQLCipher database, no SDK
//   BM_OpenRawKey / BM_OpenPassphrase   open and first read
#include <benchmark/benchmark.h>
#include <sodium.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/profile_store.h"
#include "support/profile.h"

namespace fs = std::filesystem;
using namespace tacit_test;

namespace {

constexpr size_t kBatch = 1000;

std::string FreshDir(const char* name) {
  std::string d = (fs::temp_directory_path() / ("tacit-bench-" + std::string(name))).string();
  fs::remove_all(d);
  return d;
}

std::vector<uint8_t> Key() { return std::vector<uint8_t>(32, 0x42); }

// The workload: kBatch events, two topics each, as a host would record them: timestamps move forward,
// one millisecond per event, from ten days ago.
struct Workload {
  std::vector<std::string> ids;
  const char* topics[2] = {"running", "outdoors"};
  std::vector<tacit_event_t> events;
  int64_t next_ts = NowMs() - 10LL * 24 * 3600 * 1000;
  Workload() {
    for (size_t i = 0; i < kBatch; ++i) ids.push_back("article-" + std::to_string(i));
    for (size_t i = 0; i < kBatch; ++i) events.push_back({sizeof(tacit_event_t), TACIT_EVENT_OPEN, ids[i].c_str(), topics, 2, 0, 1.0});
  }
  // The next batch (same items, later times).
  const std::vector<tacit_event_t>& Next() {
    for (auto& e : events) e.timestamp_ms = next_ts++;
    return events;
  }
};

void BM_IngestEncrypted(benchmark::State& state) {
  const std::string dir = FreshDir("enc");
  tacit_t* h = nullptr;
  if (OpenProfile(dir, Key(), &h) != TACIT_OK) return state.SkipWithError(tacit_last_error());
  Workload w;
  for (auto _ : state) {
    const auto& batch = w.Next();
    if (tacit_record_events(h, batch.data(), batch.size()) != TACIT_OK) state.SkipWithError(tacit_last_error());
  }
  state.SetItemsProcessed(int64_t(state.iterations() * kBatch));
  tacit_close(h);
  fs::remove_all(dir);
}
BENCHMARK(BM_IngestEncrypted)->Unit(benchmark::kMillisecond)->Iterations(200)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_IngestPlain(benchmark::State& state) {
  const std::string dir = FreshDir("plain");
  tacit::StoreConfig cfg;
  cfg.dir = dir;
  cfg.unencrypted = true;
  auto store = tacit::ProfileStore::Open(std::move(cfg));
  if (!store.ok()) return state.SkipWithError(store.status().message().c_str());
  Workload w;
  for (auto _ : state) {
    const auto& batch = w.Next();
    if (!store.value()->RecordEvents(batch.data(), batch.size()).ok()) state.SkipWithError("record");
  }
  state.SetItemsProcessed(int64_t(state.iterations() * kBatch));
  store.value().reset();
  fs::remove_all(dir);
}
BENCHMARK(BM_IngestPlain)->Unit(benchmark::kMillisecond)->Iterations(200)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_IngestRawBaseline(benchmark::State& state) {
  // Same schema, pragmas, rows and batch size; bare sqlite3 calls on a keyed SQLCipher database.
  const std::string dir = FreshDir("raw");
  fs::create_directories(dir);
  sqlite3* db = nullptr;
  sqlite3_open((dir + "/raw.db").c_str(), &db);
  const std::string key = "x'" + std::string(64, '4') + "'";
  sqlite3_key(db, key.data(), int(key.size()));
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
               "CREATE TABLE events(id INTEGER PRIMARY KEY, type INTEGER NOT NULL, item_id TEXT NOT NULL,"
               " topics TEXT NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL) STRICT;"
               "CREATE INDEX events_by_ts ON events(ts);",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO events(type, item_id, topics, ts, value) VALUES(?, ?, ?, ?, ?)", -1, &ins,
                     nullptr);
  Workload w;
  const std::string topics = std::string("running") + '\x1f' + "outdoors";
  for (auto _ : state) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (const auto& e : w.Next()) {
      sqlite3_bind_int64(ins, 1, e.type);
      sqlite3_bind_text(ins, 2, e.item_id, -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, 3, topics.data(), int(topics.size()), SQLITE_STATIC);
      sqlite3_bind_int64(ins, 4, e.timestamp_ms);
      sqlite3_bind_double(ins, 5, e.value);
      if (sqlite3_step(ins) != SQLITE_DONE) state.SkipWithError("insert");
      sqlite3_reset(ins);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  state.SetItemsProcessed(int64_t(state.iterations() * kBatch));
  sqlite3_finalize(ins);
  sqlite3_close(db);
  fs::remove_all(dir);
}
BENCHMARK(BM_IngestRawBaseline)->Unit(benchmark::kMillisecond)->Iterations(200)->Repetitions(5)->ReportAggregatesOnly(true);

// A small existing profile, opened and read once per iteration.
void OpenBench(benchmark::State& state, bool passphrase) {
  const std::string dir = FreshDir(passphrase ? "open-pass" : "open-raw");
  const std::string pass = "correct horse battery staple";
  auto open = [&](tacit_t** h) {
    tacit_options_t* o = tacit_options_new();
    tacit_status s = tacit_options_set_path(o, dir.c_str());
    if (s != TACIT_OK) {
    } else if (passphrase) {
      s = tacit_options_set_passphrase(o, reinterpret_cast<const uint8_t*>(pass.data()), pass.size());
    } else {
      auto k = Key();
      s = tacit_options_set_key(o, k.data(), k.size());
    }
    if (s == TACIT_OK) s = tacit_open(o, h);
    tacit_options_free(o);
    return s;
  };
  tacit_t* h = nullptr;
  if (open(&h) != TACIT_OK) return state.SkipWithError(tacit_last_error());
  Workload w;
  if (tacit_record_events(h, w.Next().data(), kBatch) != TACIT_OK ||
      tacit_declare_interest(h, "running", 1.0) != TACIT_OK)
    return state.SkipWithError(tacit_last_error());
  tacit_close(h);
  for (auto _ : state) {
    if (open(&h) != TACIT_OK) state.SkipWithError(tacit_last_error());
    uint64_t n = 0;
    if (tacit_event_count(h, &n) != TACIT_OK || n != kBatch) state.SkipWithError("first read");
    tacit_close(h);
  }
  fs::remove_all(dir);
}
void BM_OpenRawKey(benchmark::State& state) { OpenBench(state, false); }
void BM_OpenPassphrase(benchmark::State& state) { OpenBench(state, true); }
BENCHMARK(BM_OpenRawKey)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenPassphrase)->Unit(benchmark::kMillisecond);

}  // namespace

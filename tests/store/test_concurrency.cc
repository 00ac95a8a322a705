// One handle, four threads recording and reading at once: nothing lost, nothing torn.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/profile.h"
#include "support/temp_dir.h"

using namespace tacit_test;

TEST_CASE("concurrency: 4 threads share one handle without lost or torn events") {
  TempDir tmp;
  tacit_t* raw = nullptr;
  REQUIRE(OpenProfile(tmp.Join("p"), TestKey(1), &raw) == TACIT_OK);
  Handle h(raw);
  constexpr int kThreads = 4, kBatches = 40, kPerBatch = 25;
  const int64_t now = NowMs();
  std::atomic<int> failures{0};
  std::atomic<int> torn{0};

  auto worker = [&](int t) {
    const std::string ta = "t" + std::to_string(t) + "-a", tb = "t" + std::to_string(t) + "-b";
    const char* topics[] = {ta.c_str(), tb.c_str()};
    for (int b = 0; b < kBatches; ++b) {
      std::vector<std::string> ids;
      for (int i = 0; i < kPerBatch; ++i) ids.push_back("t" + std::to_string(t) + "-b" + std::to_string(b) + "-" + std::to_string(i));
      std::vector<tacit_event_t> batch;
      for (auto& id : ids) batch.push_back({sizeof(tacit_event_t), TACIT_EVENT_OPEN, id.c_str(), topics, 2, now - b, double(t)});
      if (tacit_record_events(h, batch.data(), batch.size()) != TACIT_OK) failures++;
      if (b % 8 == 0) {
        uint64_t n = 0;
        if (tacit_event_count(h, &n) != TACIT_OK || n % kPerBatch != 0) torn++;  // batches land whole
        tacit_event_list_t* l = nullptr;
        if (tacit_events_read(h, 0, 50, &l) != TACIT_OK) failures++;
        tacit_event_list_free(l);
        if (tacit_declare_interest(h, ta.c_str(), 0.5) != TACIT_OK) failures++;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(torn == 0);

  uint64_t n = 0;
  REQUIRE(tacit_event_count(h, &n) == TACIT_OK);
  CHECK(n == uint64_t(kThreads) * kBatches * kPerBatch);
  tacit_event_list_t* l = nullptr;
  REQUIRE(tacit_events_read(h, 0, 0, &l) == TACIT_OK);
  std::set<std::string> seen;
  size_t bad = 0;
  for (size_t i = 0; i < tacit_event_list_size(l); ++i) {
    const tacit_event_t* e = tacit_event_list_get(l, i);
    seen.insert(e->item_id);
    const std::string prefix = "t" + std::to_string(int(e->value)) + "-";
    // Each event's fields must all come from the same writer.
    if (e->topic_count != 2 || std::string(e->item_id).rfind(prefix, 0) != 0 ||
        std::string(e->topic_ids[0]) != prefix + "a" || std::string(e->topic_ids[1]) != prefix + "b")
      ++bad;
  }
  tacit_event_list_free(l);
  CHECK(bad == 0);
  CHECK(seen.size() == size_t(kThreads) * kBatches * kPerBatch);
}

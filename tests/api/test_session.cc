// The session under concurrency: a fair lock, and a model built in pages while other calls run between
// the pages. Also the JSON writer the export uses.
#include <catch2/catch.hpp>

#include <atomic>
#include <clocale>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "core/fair_mutex.h"
#include "core/json.h"
#include "core/validate.h"
#include "session/session.h"
#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"

using namespace tacit_test;

namespace {

int64_t g_now = kTestNowMs;
int64_t TestClock(void*) { return g_now; }

tacit_t* OpenAt(const std::string& dir) {
  tacit_options_t* o = tacit_options_new();
  auto key = TestKey(5);
  auto signer = TestSigner::FromSeed(1);
  tacit_t* h = nullptr;
  REQUIRE(tacit_options_set_path(o, dir.c_str()) == TACIT_OK);
  REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
  REQUIRE(tacit_options_add_brand_key(o, signer.public_key.data(), 32) == TACIT_OK);
  REQUIRE(tacit_options_set_clock(o, TestClock, nullptr) == TACIT_OK);
  REQUIRE(tacit_open(o, &h) == TACIT_OK);
  tacit_options_free(o);
  return h;
}

std::vector<std::pair<std::string, double>> RankAll(tacit_t* h) {
  tacit_rank_request_t r;
  tacit_rank_request_init(&r);
  r.k = 30;
  r.exploration = 0;
  r.seed = 7;
  tacit_ranking_t* out = nullptr;
  REQUIRE(tacit_rank(h, &r, &out) == TACIT_OK);
  std::vector<std::pair<std::string, double>> v;
  for (size_t i = 0; i < tacit_ranking_size(out); ++i)
    v.emplace_back(tacit_ranking_get(out, i)->item_id, tacit_ranking_get(out, i)->score);
  tacit_ranking_free(out);
  return v;
}

}  // namespace

TEST_CASE("FairMutex serves waiters in arrival order") {
  tacit::FairMutex mu;
  std::vector<int> order;
  mu.lock();
  std::vector<std::thread> threads;
  std::atomic<int> queued{0};
  for (int i = 0; i < 6; ++i) {
    // Each thread queues only after the previous one has taken its ticket.
    while (queued.load() < i) std::this_thread::yield();
    threads.emplace_back([&, i] {
      queued++;
      mu.lock();
      order.push_back(i);
      mu.unlock();
    });
    while (queued.load() < i + 1) std::this_thread::yield();
    for (int spin = 0; spin < 2000; ++spin) std::this_thread::yield();  // let it reach lock()
  }
  CHECK(mu.contended());
  mu.unlock();
  for (auto& t : threads) t.join();
  CHECK(order == std::vector<int>({0, 1, 2, 3, 4, 5}));
  CHECK_FALSE(mu.contended());
}

TEST_CASE("a model built in pages while events, declarations and blocks arrive equals one built at once") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  tacit_t* h = OpenAt(dir);
  CatalogSpec spec;
  for (int t = 0; t < 6; ++t) spec.AddTopic("t" + std::to_string(t));
  for (int t = 0; t < 6; ++t)
    for (int i = 0; i < 10; ++i) spec.AddItem("i" + std::to_string(t) + "-" + std::to_string(i), {{"t" + std::to_string(t), 1.0f}});
  auto bytes = BuildSignedCatalog(spec);
  REQUIRE(tacit_load_catalog(h, bytes.data(), bytes.size()) == TACIT_OK);
  REQUIRE(tacit_consent_set(h, TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN, "test") == TACIT_OK);
  // Enough events for several pages.
  const size_t n = 5 * tacit::Session::kModelPageEvents + 17;
  std::vector<std::string> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back("i" + std::to_string(i % 4) + "-" + std::to_string(i % 10));
  std::vector<tacit_event_t> batch;
  for (size_t i = 0; i < n; ++i) {
    tacit_event_t e;
    tacit_event_init(&e);
    e.type = i % 5 == 0 ? TACIT_EVENT_LIKE : TACIT_EVENT_OPEN;
    e.item_id = ids[i].c_str();
    e.timestamp_ms = g_now - tacit::kMsPerDay + int64_t(i);
    batch.push_back(e);
    if (batch.size() == 1000 || i + 1 == n) {
      REQUIRE(tacit_record_events(h, batch.data(), batch.size()) == TACIT_OK);
      batch.clear();
    }
  }
  tacit_close(h);
  h = OpenAt(dir);  // no model yet: the first rank builds it

  std::atomic<bool> ranked{false};
  std::atomic<int> failures{0};
  std::thread writer([&] {
    const std::string item = "i5-3";
    for (int round = 0; !ranked.load() || round < 20; ++round) {
      tacit_event_t e;
      tacit_event_init(&e);
      e.type = TACIT_EVENT_COMPLETE;
      e.item_id = item.c_str();
      e.timestamp_ms = g_now - 1000 + round;
      if (tacit_record_event(h, &e) != TACIT_OK) failures++;
      if (round == 3 && tacit_declare_interest(h, "t4", 0.8) != TACIT_OK) failures++;
      if (round == 5 && tacit_not_interested_item(h, "i0-0") != TACIT_OK) failures++;
      if (round > 1000) break;
    }
  });
  auto during = RankAll(h);
  ranked = true;
  writer.join();
  REQUIRE(failures == 0);
  const auto after = RankAll(h);  // the model built in pages, kept current since
  tacit_close(h);
  h = OpenAt(dir);
  const auto rebuilt = RankAll(h);  // built at once from the same store
  tacit_close(h);
  REQUIRE(after.size() == rebuilt.size());
  for (size_t i = 0; i < after.size(); ++i) {
    CHECK(after[i].first == rebuilt[i].first);
    CHECK(after[i].second == Approx(rebuilt[i].second).epsilon(1e-6));
  }
  for (const auto& [id, score] : after) CHECK(id != "i0-0");
  CHECK(!during.empty());
}

TEST_CASE("the JSON writer never emits invalid UTF-8 and escapes controls") {
  std::string out;
  tacit::AppendJsonString(&out, "ok \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(out == "\"ok \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  const char* bad[] = {"\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "\x80", "a\xE2\x82"};
  for (const char* b : bad) {
    out.clear();
    tacit::AppendJsonString(&out, b);
    INFO("input of " << std::strlen(b) << " bytes starting with " << int(static_cast<unsigned char>(b[0])));
    CHECK(tacit::IsCleanUtf8(std::string_view(out.data() + 1, out.size() - 2)));
    CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
  }
  out.clear();
  tacit::AppendJsonString(&out, std::string("a\x01" "b\x7f\"\\\n", 7));
  CHECK(out == "\"a\\u0001b\\u007f\\\"\\\\\\n\"");
}

TEST_CASE("JSON numbers do not follow the C locale") {
  tacit::JsonWriter w;
  w.BeginArray().Value(0.5).Value(-1234.5).Value(1e-7).Value(3.0).EndArray();
  CHECK(w.str() == "[0.5,-1234.5,1e-07,3]");
  // Under a locale whose decimal separator is a comma (when one is installed), the output is the same.
  const char* locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8"};
  const char* found = nullptr;
  for (const char* l : locales)
    if (std::setlocale(LC_NUMERIC, l)) {
      found = l;
      break;
    }
  if (!found) {
    WARN("no comma-decimal locale installed: the locale half of this test did not run");
    return;
  }
  tacit::JsonWriter w2;
  w2.BeginArray().Value(0.5).Value(-1234.5).Value(1e-7).Value(3.0).EndArray();
  std::setlocale(LC_NUMERIC, "C");
  CHECK(w2.str() == "[0.5,-1234.5,1e-07,3]");
}

TEST_CASE("ids and texts: one validator for UTF-8, controls and length") {
  CHECK(tacit::ValidateId("hiking", "id").ok());
  CHECK(tacit::ValidateId("caf\xC3\xA9", "id").ok());
  CHECK(tacit::ValidateId("\xE6\x97\xA5\xE6\x9C\xAC", "id").ok());
  CHECK(tacit::ValidateId("", "id").code() == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit::ValidateId(nullptr, "id").code() == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit::ValidateId(std::string(TACIT_MAX_ID_LEN + 1, 'a').c_str(), "id").code() == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit::ValidateId(std::string(TACIT_MAX_ID_LEN, 'a').c_str(), "id").ok());
  for (const char* bad : {"a\x01", "a\x7f", "\xC2\x85", "\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF"})
    CHECK(tacit::ValidateId(bad, "id").code() == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("invalid UTF-8 is refused at every entry point that takes an id or a text") {
  TempDir tmp;
  tacit_t* h = OpenAt(tmp.Join("p"));
  const char* bad = "caf\xC3";
  CHECK(tacit_declare_interest(h, bad, 1.0) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_undeclare_interest(h, bad) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_not_interested_item(h, bad) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_not_interested_topic(h, bad) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_forget_inferred(h, bad) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_forget_topic_behaviour(h, bad) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, bad) == TACIT_ERR_INVALID_ARGUMENT);
  tacit_ranking_t* r = nullptr;
  CHECK(tacit_explain(h, bad, &r) == TACIT_ERR_INVALID_ARGUMENT);
  tacit_event_t e;
  tacit_event_init(&e);
  e.type = TACIT_EVENT_OPEN;
  e.item_id = bad;
  e.timestamp_ms = g_now;
  CHECK(tacit_record_event(h, &e) == TACIT_ERR_INVALID_ARGUMENT);
  const char* topics[] = {"fine", bad};
  e.item_id = "fine";
  e.topic_ids = topics;
  e.topic_count = 2;
  CHECK(tacit_record_event(h, &e) == TACIT_ERR_INVALID_ARGUMENT);
  uint64_t n = 1;
  REQUIRE(tacit_event_count(h, &n) == TACIT_OK);
  CHECK(n == 0);
  tacit_options_t* o = tacit_options_new();
  CHECK(tacit_options_set_brand_id(o, bad) == TACIT_ERR_INVALID_ARGUMENT);
  tacit_options_free(o);
  tacit_close(h);
}

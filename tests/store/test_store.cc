// The encrypted profile store through the C API: round trip, keys, rekey, erase, validation.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/profile.h"
#include "support/temp_dir.h"

using namespace tacit_test;

namespace {

tacit_event_t Event(const char* item, const char* const* topics, size_t n, int64_t ts,
                    int32_t type = TACIT_EVENT_OPEN) {
  return tacit_event_t{sizeof(tacit_event_t), type, item, topics, n, ts, 1.0};
}

std::string Profile(const TempDir& t) { return t.Join("profile"); }

}  // namespace

TEST_CASE("round trip: events and interests survive close and reopen") {
  TempDir tmp;
  const auto key = TestKey(1);
  const int64_t now = NowMs();
  {
    tacit_t* raw = nullptr;
    REQUIRE(OpenProfile(Profile(tmp), key, &raw) == TACIT_OK);
    Handle h(raw);
    REQUIRE(tacit_declare_interest(h, "hiking", 1.0) == TACIT_OK);
    REQUIRE(tacit_declare_interest(h, "jazz", 0.5) == TACIT_OK);
    const char* topics[] = {"hiking", "outdoors"};
    std::vector<tacit_event_t> batch;
    for (int i = 0; i < 10; ++i) batch.push_back(Event("item-a", topics, 2, now - 1000 * (10 - i)));
    REQUIRE(tacit_record_events(h, batch.data(), batch.size()) == TACIT_OK);
    tacit_event_t one = Event("item-b", nullptr, 0, now, TACIT_EVENT_LIKE);
    REQUIRE(tacit_record_event(h, &one) == TACIT_OK);
  }
  tacit_t* raw = nullptr;
  REQUIRE(OpenProfile(Profile(tmp), key, &raw) == TACIT_OK);
  Handle h(raw);
  uint64_t n = 0;
  REQUIRE(tacit_event_count(h, &n) == TACIT_OK);
  CHECK(n == 11);

  tacit_interest_list_t* interests = nullptr;
  REQUIRE(tacit_interests_read(h, &interests) == TACIT_OK);
  REQUIRE(tacit_interest_list_size(interests) == 2);
  CHECK(std::string(tacit_interest_list_get(interests, 0)->topic_id) == "hiking");
  CHECK(tacit_interest_list_get(interests, 1)->weight == Approx(0.5));
  CHECK(tacit_interest_list_get(interests, 2) == nullptr);
  tacit_interest_list_free(interests);

  tacit_event_list_t* events = nullptr;
  REQUIRE(tacit_events_read(h, now - 5000, 0, &events) == TACIT_OK);
  REQUIRE(tacit_event_list_size(events) == 6);  // 5 of the batch + the single one
  const tacit_event_t* first = tacit_event_list_get(events, 0);
  CHECK(std::string(first->item_id) == "item-a");
  REQUIRE(first->topic_count == 2);
  CHECK(std::string(first->topic_ids[1]) == "outdoors");
  const tacit_event_t* last = tacit_event_list_get(events, 5);
  CHECK(last->type == TACIT_EVENT_LIKE);
  CHECK(last->topic_count == 0);
  tacit_event_list_free(events);

  REQUIRE(tacit_undeclare_interest(h, "jazz") == TACIT_OK);
  CHECK(tacit_undeclare_interest(h, "jazz") == TACIT_ERR_NOT_FOUND);
}

TEST_CASE("a wrong key is a key error and leaves the file untouched") {
  TempDir tmp;
  {
    tacit_t* raw = nullptr;
    REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw) == TACIT_OK);
    Handle h(raw);
    REQUIRE(tacit_declare_interest(h, "hiking", 1.0) == TACIT_OK);
  }
  const auto before = ReadFile(Profile(tmp) + "/profile.db");
  tacit_t* raw = nullptr;
  CHECK(OpenProfile(Profile(tmp), TestKey(2), &raw) == TACIT_ERR_KEY);
  CHECK(raw == nullptr);
  CHECK(std::string(tacit_last_error()).find("key") != std::string::npos);
  CHECK(ReadFile(Profile(tmp) + "/profile.db") == before);
  REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw) == TACIT_OK);
  tacit_close(raw);
}

TEST_CASE("keys must be exactly 32 bytes") {
  tacit_options_t* o = tacit_options_new();
  std::vector<uint8_t> k(64, 7);
  for (size_t len : {size_t(0), size_t(16), size_t(31), size_t(33), size_t(64)}) {
    INFO("length " << len);
    CHECK(tacit_options_set_key(o, k.data(), len) == TACIT_ERR_KEY_LENGTH);
  }
  CHECK(tacit_options_set_key(o, k.data(), 32) == TACIT_OK);
  CHECK(tacit_options_set_key(o, nullptr, 32) == TACIT_ERR_INVALID_ARGUMENT);
  tacit_options_free(o);

  TempDir tmp;
  tacit_t* raw = nullptr;
  REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw) == TACIT_OK);
  Handle h(raw);
  CHECK(tacit_rekey(h, k.data(), 31) == TACIT_ERR_KEY_LENGTH);
}

TEST_CASE("open needs a path and a key") {
  tacit_options_t* o = tacit_options_new();
  tacit_t* h = nullptr;
  CHECK(tacit_open(o, &h) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_options_set_path(o, "/nonexistent-parent/x/y") == TACIT_OK);
  CHECK(tacit_open(o, &h) == TACIT_ERR_INVALID_ARGUMENT);  // no key yet
  auto k = TestKey(3);
  REQUIRE(tacit_options_set_key(o, k.data(), k.size()) == TACIT_OK);
  CHECK(tacit_open(o, &h) == TACIT_ERR_IO);
  CHECK(h == nullptr);
  CHECK(tacit_open(nullptr, &h) == TACIT_ERR_INVALID_ARGUMENT);
  tacit_options_free(o);
}

TEST_CASE("a second handle on the same profile is refused") {
  TempDir tmp;
  tacit_t* a = nullptr;
  tacit_t* b = nullptr;
  REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &a) == TACIT_OK);
  CHECK(OpenProfile(Profile(tmp), TestKey(1), &b) == TACIT_ERR_BUSY);
  tacit_close(a);
  CHECK(OpenProfile(Profile(tmp), TestKey(1), &b) == TACIT_OK);
  tacit_close(b);
}

TEST_CASE("every argument is validated") {
  TempDir tmp;
  const int64_t now = 1700000000000;
  tacit_t* raw = nullptr;
  REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw, &now) == TACIT_OK);
  Handle h(raw);
  const char* ok_topics[] = {"t"};
  tacit_event_t good = Event("item", ok_topics, 1, now);

  SECTION("enums") {
    for (int32_t type : {0, 9, -1, 1000}) {
      tacit_event_t e = good;
      e.type = type;
      CHECK(tacit_record_event(h, &e) == TACIT_ERR_INVALID_ARGUMENT);
    }
  }
  SECTION("ids") {
    std::string long_id(TACIT_MAX_ID_LEN + 1, 'x');
    std::string max_id(TACIT_MAX_ID_LEN, 'x');
    for (const char* id : {static_cast<const char*>(nullptr), "", "a\nb", long_id.c_str()}) {
      tacit_event_t e = good;
      e.item_id = id;
      CHECK(tacit_record_event(h, &e) == TACIT_ERR_INVALID_ARGUMENT);
      CHECK(tacit_declare_interest(h, id, 1.0) == TACIT_ERR_INVALID_ARGUMENT);
    }
    tacit_event_t e = good;
    e.item_id = max_id.c_str();
    CHECK(tacit_record_event(h, &e) == TACIT_OK);
  }
  SECTION("topics") {
    tacit_event_t e = good;
    e.topic_ids = nullptr;
    CHECK(tacit_record_event(h, &e) == TACIT_ERR_INVALID_ARGUMENT);
    std::vector<const char*> many(TACIT_MAX_EVENT_TOPICS + 1, "t");
    e.topic_ids = many.data();
    e.topic_count = many.size();
    CHECK(tacit_record_event(h, &e) == TACIT_ERR_INVALID_ARGUMENT);
    e.topic_count = TACIT_MAX_EVENT_TOPICS;
    CHECK(tacit_record_event(h, &e) == TACIT_OK);
  }
  SECTION("timestamps") {
    for (int64_t ts : {int64_t(0), int64_t(-5), int64_t(1700000000), int64_t(now + 25 * 3600 * 1000LL)}) {
      tacit_event_t e = good;
      e.timestamp_ms = ts;
      CHECK(tacit_record_event(h, &e) == TACIT_ERR_INVALID_ARGUMENT);
    }
    tacit_event_t e = good;
    e.timestamp_ms = int64_t(now + 23 * 3600 * 1000LL);
    CHECK(tacit_record_event(h, &e) == TACIT_OK);
  }
  SECTION("values and weights") {
    for (double v : {std::nan(""), std::numeric_limits<double>::infinity(), 2e9}) {
      tacit_event_t e = good;
      e.value = v;
      CHECK(tacit_record_event(h, &e) == TACIT_ERR_INVALID_ARGUMENT);
    }
    for (double w : {0.0, -1.0, 1.5, std::nan("")}) CHECK(tacit_declare_interest(h, "t", w) == TACIT_ERR_INVALID_ARGUMENT);
  }
  SECTION("batches are all or nothing") {
    std::vector<tacit_event_t> batch(5, good);
    batch[3].type = 99;
    CHECK(tacit_record_events(h, batch.data(), batch.size()) == TACIT_ERR_INVALID_ARGUMENT);
    CHECK(std::string(tacit_last_error()).find("event 3") != std::string::npos);
    CHECK(tacit_record_events(h, batch.data(), 0) == TACIT_ERR_INVALID_ARGUMENT);
    CHECK(tacit_record_events(h, nullptr, 1) == TACIT_ERR_INVALID_ARGUMENT);
    uint64_t n = 99;
    REQUIRE(tacit_event_count(h, &n) == TACIT_OK);
    CHECK(n == 0);
  }
  SECTION("NULL handles and outputs") {
    uint64_t n = 0;
    CHECK(tacit_event_count(nullptr, &n) == TACIT_ERR_INVALID_ARGUMENT);
    CHECK(tacit_event_count(h, nullptr) == TACIT_ERR_INVALID_ARGUMENT);
    CHECK(tacit_record_event(nullptr, &good) == TACIT_ERR_INVALID_ARGUMENT);
    CHECK(tacit_interests_read(h, nullptr) == TACIT_ERR_INVALID_ARGUMENT);
  }
}

TEST_CASE("rekey: the old key then fails and the new key works") {
  TempDir tmp;
  {
    tacit_t* raw = nullptr;
    REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw) == TACIT_OK);
    Handle h(raw);
    REQUIRE(tacit_declare_interest(h, "hiking", 1.0) == TACIT_OK);
    const auto k2 = TestKey(2);
    REQUIRE(tacit_rekey(h, k2.data(), k2.size()) == TACIT_OK);
    REQUIRE(tacit_declare_interest(h, "cycling", 1.0) == TACIT_OK);  // still usable
  }
  tacit_t* raw = nullptr;
  CHECK(OpenProfile(Profile(tmp), TestKey(1), &raw) == TACIT_ERR_KEY);
  REQUIRE(OpenProfile(Profile(tmp), TestKey(2), &raw) == TACIT_OK);
  Handle h(raw);
  tacit_interest_list_t* l = nullptr;
  REQUIRE(tacit_interests_read(h, &l) == TACIT_OK);
  CHECK(tacit_interest_list_size(l) == 2);
  tacit_interest_list_free(l);
}

TEST_CASE("passphrase profiles derive their key with Argon2id and a stored salt") {
  TempDir tmp;
  auto open = [&](const std::string& pass, tacit_t** out) {
    tacit_options_t* o = tacit_options_new();
    REQUIRE(tacit_options_set_path(o, Profile(tmp).c_str()) == TACIT_OK);
    REQUIRE(tacit_options_set_passphrase(o, reinterpret_cast<const uint8_t*>(pass.data()), pass.size()) == TACIT_OK);
    REQUIRE(tacit_options_set_passphrase_cost(o, 1, 8192 * 4) == TACIT_OK);  // cheap for tests
    tacit_status s = tacit_open(o, out);
    tacit_options_free(o);
    return s;
  };
  tacit_t* raw = nullptr;
  REQUIRE(open("correct horse battery staple", &raw) == TACIT_OK);
  REQUIRE(tacit_declare_interest(raw, "hiking", 1.0) == TACIT_OK);
  tacit_close(raw);
  raw = nullptr;
  CHECK(open("wrong horse", &raw) == TACIT_ERR_KEY);
  REQUIRE(open("correct horse battery staple", &raw) == TACIT_OK);
  tacit_close(raw);
  // The raw key path does not open a passphrase profile.
  CHECK(OpenProfile(Profile(tmp), TestKey(1), &raw) == TACIT_ERR_KEY);
}

TEST_CASE("erase_all leaves no file and closes the handle") {
  TempDir tmp;
  tacit_t* raw = nullptr;
  REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw) == TACIT_OK);
  Handle h(raw);
  REQUIRE(tacit_declare_interest(h, "hiking", 1.0) == TACIT_OK);
  const char* topics[] = {"hiking"};
  tacit_event_t e = Event("item", topics, 1, NowMs());
  REQUIRE(tacit_record_event(h, &e) == TACIT_OK);
  REQUIRE(FileExists(Profile(tmp) + "/profile.db-wal"));
  REQUIRE(tacit_erase_all(h) == TACIT_OK);
  for (const char* f : {"/profile.db", "/profile.db-wal", "/profile.db-shm", "/key.meta", "/LOCK", ""})
    CHECK_FALSE(FileExists(Profile(tmp) + f));
  uint64_t n = 0;
  CHECK(tacit_event_count(h, &n) == TACIT_ERR_CLOSED);
  CHECK(tacit_erase_all(h) == TACIT_ERR_CLOSED);
}

TEST_CASE("status names and versions") {
  CHECK(std::string(tacit_status_name(TACIT_OK)) == "TACIT_OK");
  CHECK(std::string(tacit_status_name(TACIT_ERR_CORRUPT)) == "TACIT_ERR_CORRUPT");
  CHECK(std::string(tacit_status_name(12345)) == "TACIT_UNKNOWN_STATUS");
  CHECK(std::string(tacit_version()) == TACIT_VERSION_STRING);
  CHECK(tacit_key_bytes() == 32);
}

TEST_CASE("behaviour older than 12 half-lives is deleted at open") {
  TempDir tmp;
  const int64_t now = 1700000000000;
  const int64_t day = 24 * 3600 * 1000LL;
  {
    // Recorded while it was recent (the clock then said 150 days ago)...
    const int64_t then = now - 150 * day;
    tacit_t* raw = nullptr;
    REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw, &then) == TACIT_OK);
    Handle h(raw);
    tacit_event_t old_event = Event("old", nullptr, 0, now - 200 * day);
    REQUIRE(tacit_record_event(h, &old_event) == TACIT_OK);
  }
  {
    // ...then newer behaviour arrives: the old event is now 12 half-lives behind the newest one.
    tacit_t* raw = nullptr;
    REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw, &now) == TACIT_OK);
    Handle h(raw);
    tacit_event_t recent = Event("recent", nullptr, 0, now - 100 * day);
    tacit_event_t newest = Event("newest", nullptr, 0, now - 1000);
    REQUIRE(tacit_record_event(h, &recent) == TACIT_OK);
    REQUIRE(tacit_record_event(h, &newest) == TACIT_OK);
    REQUIRE(tacit_declare_interest(h, "hiking", 1.0) == TACIT_OK);
  }
  tacit_t* raw = nullptr;
  REQUIRE(OpenProfile(Profile(tmp), TestKey(1), &raw, &now) == TACIT_OK);  // default half-life: 14 days
  Handle h(raw);
  tacit_event_list_t* l = nullptr;
  REQUIRE(tacit_events_read(h, 0, 0, &l) == TACIT_OK);
  REQUIRE(tacit_event_list_size(l) == 2);
  CHECK(std::string(tacit_event_list_get(l, 0)->item_id) == "recent");
  tacit_event_list_free(l);
  tacit_interest_list_t* i = nullptr;
  REQUIRE(tacit_interests_read(h, &i) == TACIT_OK);
  CHECK(tacit_interest_list_size(i) == 1);  // what the user said is kept
  tacit_interest_list_free(i);
}

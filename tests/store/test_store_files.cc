// The profile's files under attack and over time: bit flips, truncation, newer and older schemas, and
// what is readable on disk.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "store/profile_store.h"
#include "store/schema.h"
#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/store_peer.h"

using namespace tacit_test;
namespace fs = std::filesystem;

namespace {

// A closed profile with enough events to span many pages.
void MakeProfile(const std::string& dir, const std::string& marker = "item") {
  tacit_t* raw = nullptr;
  REQUIRE(OpenProfile(dir, TestKey(1), &raw) == TACIT_OK);
  Handle h(raw);
  REQUIRE(tacit_declare_interest(h, (marker + "-interest").c_str(), 1.0) == TACIT_OK);
  const std::string topic = marker + "-topic";
  const char* topics[] = {topic.c_str()};
  std::vector<std::string> ids;
  for (int i = 0; i < 2000; ++i) ids.push_back(marker + "-" + std::to_string(i));
  std::vector<tacit_event_t> batch;
  const int64_t now = NowMs();
  for (auto& id : ids) batch.push_back({sizeof(tacit_event_t), TACIT_EVENT_COMPLETE, id.c_str(), topics, 1, now, 1.0});
  REQUIRE(tacit_record_events(h, batch.data(), batch.size()) == TACIT_OK);
}

std::string Db(const std::string& dir) { return dir + "/profile.db"; }

size_t CountOccurrences(const std::vector<uint8_t>& hay, const std::string& needle) {
  size_t n = 0;
  auto it = hay.begin();
  while ((it = std::search(it, hay.end(), needle.begin(), needle.end())) != hay.end()) {
    ++n;
    ++it;
  }
  return n;
}

}  // namespace

TEST_CASE("bit flips anywhere in the database are detected as corruption, and the file is left as it was") {
  TempDir tmp;
  const std::string golden = tmp.Join("golden");
  MakeProfile(golden);
  const auto bytes = ReadFile(Db(golden));
  REQUIRE(bytes.size() >= 8 * 4096);
  const size_t pages = bytes.size() / 4096;
  const std::vector<size_t> offsets = {0,    7,    16,   100,  2048, 4095, 4096,  4096 + 17, 3 * 4096 + 1000,
                                       (pages / 2) * 4096 + 555, bytes.size() - 4096 + 3, bytes.size() - 1};
  for (size_t off : offsets) {
    for (int bit : {0, 5}) {
      INFO("offset " << off << " bit " << bit);
      const std::string dir = tmp.Join("flip-" + std::to_string(off) + "-" + std::to_string(bit));
      fs::copy(golden, dir);
      auto flipped = bytes;
      flipped[off] ^= static_cast<uint8_t>(1u << bit);
      WriteFile(Db(dir), flipped);
      tacit_t* raw = nullptr;
      CHECK(OpenProfile(dir, TestKey(1), &raw) == TACIT_ERR_CORRUPT);
      CHECK(raw == nullptr);
      CHECK(ReadFile(Db(dir)) == flipped);
    }
  }
}

TEST_CASE("a zeroed page is corruption, although SQLCipher reads it as an empty page") {
  TempDir tmp;
  const std::string golden = tmp.Join("golden");
  MakeProfile(golden);
  const auto bytes = ReadFile(Db(golden));
  const size_t pages = bytes.size() / 4096;
  for (size_t page : {size_t(1), size_t(2), pages / 2, pages - 1}) {
    INFO("page " << page + 1);
    const std::string dir = tmp.Join("zero-" + std::to_string(page));
    fs::copy(golden, dir);
    auto zeroed = bytes;
    std::fill(zeroed.begin() + static_cast<long>(page * 4096), zeroed.begin() + static_cast<long>((page + 1) * 4096),
              uint8_t(0));
    WriteFile(Db(dir), zeroed);
    tacit_t* raw = nullptr;
    CHECK(OpenProfile(dir, TestKey(1), &raw) == TACIT_ERR_CORRUPT);
    CHECK(raw == nullptr);
    CHECK(ReadFile(Db(dir)) == zeroed);
  }
}

// Open authenticates at most 256 pages (1 MiB) of a larger file, at a random place; every read authenticates
// the pages it reads, and tacit_check_integrity the whole file.
TEST_CASE("a large profile: open checks a bounded share, reads and tacit_check_integrity find damage anywhere") {
  TempDir tmp;
  const std::string golden = tmp.Join("golden");
  {
    tacit_t* raw = nullptr;
    REQUIRE(OpenProfile(golden, TestKey(1), &raw) == TACIT_OK);
    Handle h(raw);
    const char* topics[] = {"large-topic"};
    std::vector<std::string> ids;
    for (int i = 0; i < 30000; ++i) ids.push_back("large-item-with-a-longer-identifier-" + std::to_string(i));
    const int64_t now = NowMs();
    for (size_t from = 0; from < ids.size(); from += 1000) {
      std::vector<tacit_event_t> batch;
      for (size_t i = from; i < from + 1000; ++i)
        batch.push_back({sizeof(tacit_event_t), TACIT_EVENT_VIEW, ids[i].c_str(), topics, 1, now, 1.0});
      REQUIRE(tacit_record_events(h, batch.data(), batch.size()) == TACIT_OK);
    }
    CHECK(tacit_check_integrity(h) == TACIT_OK);
  }
  const auto bytes = ReadFile(Db(golden));
  const size_t pages = bytes.size() / 4096;
  REQUIRE(pages >= 600);  // open's window covers well under half of the file

  SECTION("a sound file opens every time and checks sound") {
    for (int i = 0; i < 5; ++i) {
      tacit_t* raw = nullptr;
      REQUIRE(OpenProfile(golden, TestKey(1), &raw) == TACIT_OK);
      Handle h(raw);
      CHECK(tacit_check_integrity(h) == TACIT_OK);
    }
  }

  SECTION("damage made while the profile is open, in pages already read, is found by the full check") {
    const std::string dir = tmp.Join("live");
    fs::copy(golden, dir);
    tacit_t* raw = nullptr;
    tacit_status st = TACIT_ERR_CORRUPT;
    REQUIRE(OpenProfile(dir, TestKey(1), &raw) == TACIT_OK);
    Handle h(raw);
    tacit_event_list_t* list = nullptr;
    REQUIRE(tacit_events_read(h, 0, 0, &list) == TACIT_OK);  // every event page is now in the page cache
    tacit_event_list_free(list);
    auto flipped = bytes;
    flipped[(pages / 2) * 4096 + 900] ^= 0x04;
    WriteFile(Db(dir), flipped);
    st = tacit_check_integrity(h);
    CHECK(st == TACIT_ERR_CORRUPT);
  }

  SECTION("a flipped bit in the middle: some opens find it, the others' reads and full check do") {
    const std::string dir = tmp.Join("flip");
    fs::copy(golden, dir);
    auto flipped = bytes;
    flipped[(pages / 2) * 4096 + 700] ^= 0x10;
    WriteFile(Db(dir), flipped);
    int found_at_open = 0, opened = 0;
    for (int i = 0; i < 40; ++i) {
      tacit_t* raw = nullptr;
      const tacit_status st = OpenProfile(dir, TestKey(1), &raw);
      REQUIRE((st == TACIT_OK || st == TACIT_ERR_CORRUPT));
      if (st == TACIT_ERR_CORRUPT) {
        ++found_at_open;
        continue;
      }
      ++opened;
      Handle h(raw);
      CHECK(tacit_check_integrity(h) == TACIT_ERR_CORRUPT);
      CHECK(std::string(tacit_last_error()).find("damaged") != std::string::npos);
    }
    {
      // The page holds events: reading them all meets it.
      tacit_t* raw = nullptr;
      tacit_status st = TACIT_ERR_CORRUPT;
      for (int i = 0; i < 200 && st != TACIT_OK; ++i) st = OpenProfile(dir, TestKey(1), &raw);
      REQUIRE(st == TACIT_OK);
      Handle h(raw);
      tacit_event_list_t* list = nullptr;
      CHECK(tacit_events_read(h, 0, 0, &list) == TACIT_ERR_CORRUPT);
      CHECK(list == nullptr);
    }
    // 256 of >= 600 pages per open: missing it 40 times has a probability below 1e-9.
    CHECK(found_at_open > 0);
    CHECK(opened > 0);
    CHECK(ReadFile(Db(dir)) == flipped);
  }
}

TEST_CASE("a truncated database is a corruption error") {
  TempDir tmp;
  const std::string golden = tmp.Join("golden");
  MakeProfile(golden);
  const auto bytes = ReadFile(Db(golden));
  for (size_t len : {bytes.size() - 1, bytes.size() - 100, bytes.size() - 4096, (bytes.size() / 8192) * 4096,
                     size_t(4096), size_t(1000)}) {
    INFO("length " << len);
    const std::string dir = tmp.Join("trunc-" + std::to_string(len));
    fs::copy(golden, dir);
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(len));
    WriteFile(Db(dir), cut);
    tacit_t* raw = nullptr;
    CHECK(OpenProfile(dir, TestKey(1), &raw) == TACIT_ERR_CORRUPT);
    CHECK(ReadFile(Db(dir)) == cut);
  }
}

TEST_CASE("damaged or missing key metadata") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  MakeProfile(dir);
  auto meta = ReadFile(dir + "/key.meta");
  SECTION("a flipped byte on a raw-key profile is handled like lost metadata") {
    meta[50] ^= 1;
    WriteFile(dir + "/key.meta", meta);
    tacit_t* raw = nullptr;
    CHECK(OpenProfile(dir, TestKey(2), &raw) == TACIT_ERR_CORRUPT);
    REQUIRE(OpenProfile(dir, TestKey(1), &raw) == TACIT_OK);
    tacit_close(raw);
  }
  SECTION("lost metadata is rebuilt when the key opens the database, refused otherwise") {
    fs::remove(dir + "/key.meta");
    tacit_t* raw = nullptr;
    CHECK(OpenProfile(dir, TestKey(2), &raw) == TACIT_ERR_CORRUPT);
    REQUIRE(OpenProfile(dir, TestKey(1), &raw) == TACIT_OK);
    tacit_close(raw);
    CHECK(FileExists(dir + "/key.meta"));
  }
}

TEST_CASE("a profile from a newer schema is refused and left untouched") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  MakeProfile(dir);
  {
    tacit::StoreConfig cfg;
    cfg.dir = dir;
    cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
    auto store = tacit::ProfileStore::Open(std::move(cfg));
    REQUIRE(store.ok());
    REQUIRE(tacit::StoreTestPeer::db(*store.value()).Exec(("PRAGMA user_version = " + std::to_string(tacit::CurrentSchemaVersion() + 1)).c_str()).ok());
  }
  const auto before = ReadFile(Db(dir));
  const auto meta_before = ReadFile(dir + "/key.meta");
  tacit_t* raw = nullptr;
  CHECK(OpenProfile(dir, TestKey(1), &raw) == TACIT_ERR_SCHEMA_TOO_NEW);
  CHECK(std::string(tacit_last_error()).find("newer") != std::string::npos);
  CHECK(ReadFile(Db(dir)) == before);
  CHECK(ReadFile(dir + "/key.meta") == meta_before);
}

TEST_CASE("a profile from the first schema migrates forward with its data") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  {
    tacit::StoreConfig cfg;
    cfg.dir = dir;
    cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
    cfg.target_schema = 1;
    auto store = tacit::ProfileStore::Open(std::move(cfg));
    REQUIRE(store.ok());
    REQUIRE(tacit::StoreTestPeer::db(*store.value()).QueryInt("PRAGMA user_version").value() == 1);
    REQUIRE(store.value()->DeclareInterest("hiking", 1.0, NowMs()).ok());
    const char* topics[] = {"hiking"};
    tacit_event_t e{sizeof(tacit_event_t), TACIT_EVENT_OPEN, "item-1", topics, 1, NowMs(), 1.0};
    REQUIRE(store.value()->RecordEvents(&e, 1).ok());
  }
  tacit_t* raw = nullptr;
  REQUIRE(OpenProfile(dir, TestKey(1), &raw) == TACIT_OK);
  {
    Handle h(raw);
    uint64_t n = 0;
    REQUIRE(tacit_event_count(h, &n) == TACIT_OK);
    CHECK(n == 1);
    tacit_interest_list_t* l = nullptr;
    REQUIRE(tacit_interests_read(h, &l) == TACIT_OK);
    CHECK(tacit_interest_list_size(l) == 1);
    tacit_interest_list_free(l);
  }
  tacit::StoreConfig cfg;
  cfg.dir = dir;
  cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
  auto store = tacit::ProfileStore::Open(std::move(cfg));
  REQUIRE(store.ok());
  CHECK(tacit::StoreTestPeer::db(*store.value()).QueryInt("PRAGMA user_version").value() == tacit::CurrentSchemaVersion());
}

TEST_CASE("no plaintext on disk: database, -wal and -shm hold no marker") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  const std::string marker = "ZQXJMARKER";
  auto scan = [&] {
    size_t hits = 0;
    for (const char* f : {"/profile.db", "/profile.db-wal", "/profile.db-shm", "/key.meta"})
      if (FileExists(dir + f)) hits += CountOccurrences(ReadFile(dir + f), marker);
    return hits;
  };
  {
    tacit_t* raw = nullptr;
    REQUIRE(OpenProfile(dir, TestKey(1), &raw) == TACIT_OK);
    Handle h(raw);
    REQUIRE(tacit_declare_interest(h, (marker + "-interest").c_str(), 1.0) == TACIT_OK);
    const std::string topic = marker + "-topic";
    const char* topics[] = {topic.c_str()};
    const std::string item = marker + "-item";
    tacit_event_t e{sizeof(tacit_event_t), TACIT_EVENT_OPEN, item.c_str(), topics, 1, NowMs(), 1.0};
    REQUIRE(tacit_record_event(h, &e) == TACIT_OK);
    REQUIRE(FileExists(dir + "/profile.db-wal"));
    CHECK(scan() == 0);  // while open: the WAL holds the new pages
  }
  CHECK(scan() == 0);
  // The same scan finds the marker in an unencrypted store, so it can fail.
  const std::string plain = tmp.Join("plain");
  {
    tacit::StoreConfig cfg;
    cfg.dir = plain;
    cfg.unencrypted = true;
    auto store = tacit::ProfileStore::Open(std::move(cfg));
    REQUIRE(store.ok());
    REQUIRE(store.value()->DeclareInterest(marker, 1.0, NowMs()).ok());
  }
  CHECK(CountOccurrences(ReadFile(plain + "/profile.db"), marker) > 0);
}

// Rekey and erase: every direction of rekey, what each key says afterwards, erase that a later open finishes,
// and the damage and environment checks of the store (key.meta, WAL, moved directory, fork, clock).
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/time.h"
#include "store/profile_store.h"
#include "support/fault_env.h"
#include "support/profile.h"
#include "support/temp_dir.h"

using namespace tacit_test;
namespace fs = std::filesystem;

namespace {

// A credential: a raw key (n) or a passphrase.
struct Cred {
  bool passphrase = false;
  std::vector<uint8_t> bytes;
  static Cred Key(uint8_t n) { return Cred{false, TestKey(n)}; }
  static Cred Pass(const std::string& p) { return Cred{true, std::vector<uint8_t>(p.begin(), p.end())}; }
};

int64_t g_now = 1700000000000LL;
int64_t FixedClock(void*) { return g_now; }

tacit_status Open(const std::string& dir, const Cred& c, tacit_t** out) {
  tacit_options_t* o = tacit_options_new();
  REQUIRE(o);
  REQUIRE(tacit_options_set_path(o, dir.c_str()) == TACIT_OK);
  if (c.passphrase) {
    REQUIRE(tacit_options_set_passphrase(o, c.bytes.data(), c.bytes.size()) == TACIT_OK);
    REQUIRE(tacit_options_set_passphrase_cost(o, 1, 8192) == TACIT_OK);
  } else {
    REQUIRE(tacit_options_set_key(o, c.bytes.data(), c.bytes.size()) == TACIT_OK);
  }
  REQUIRE(tacit_options_set_clock(o, FixedClock, nullptr) == TACIT_OK);
  *out = nullptr;
  tacit_status s = tacit_open(o, out);
  tacit_options_free(o);
  return s;
}

void Record(tacit_t* h, int n, const std::string& prefix) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back(prefix + std::to_string(i));
  std::vector<tacit_event_t> batch;
  for (auto& id : ids) batch.push_back({sizeof(tacit_event_t), TACIT_EVENT_OPEN, id.c_str(), nullptr, 0, g_now - 1000, 1.0});
  REQUIRE(tacit_record_events(h, batch.data(), batch.size()) == TACIT_OK);
}

uint64_t Count(tacit_t* h) {
  uint64_t n = 0;
  REQUIRE(tacit_event_count(h, &n) == TACIT_OK);
  return n;
}

tacit_status Rekey(tacit_t* h, const Cred& c) {
  return c.passphrase ? tacit_rekey_passphrase(h, c.bytes.data(), c.bytes.size())
                      : tacit_rekey(h, c.bytes.data(), c.bytes.size());
}

}  // namespace

TEST_CASE("rekey in every direction keeps the data; only the new key opens the profile") {
  const Cred k1 = Cred::Key(1), k2 = Cred::Key(2), p1 = Cred::Pass("first passphrase"),
             p2 = Cred::Pass("second passphrase");
  struct Case {
    Cred from, to;
  } cases[] = {{k1, k2}, {k1, p1}, {p1, k1}, {p1, p2}};
  for (const Case& c : cases) {
    INFO((c.from.passphrase ? "passphrase" : "key") << " -> " << (c.to.passphrase ? "passphrase" : "key"));
    TempDir tmp;
    const std::string dir = tmp.Join("p");
    tacit_t* h = nullptr;
    REQUIRE(Open(dir, c.from, &h) == TACIT_OK);
    Record(h, 300, "before-");
    REQUIRE(Rekey(h, c.to) == TACIT_OK);
    Record(h, 10, "after-");  // the handle carries on under the new key
    CHECK(Count(h) == 310);
    tacit_close(h);
    CHECK_FALSE(FileExists(dir + "/profile.rekey.db"));

    REQUIRE(Open(dir, c.from, &h) == TACIT_ERR_KEY);
    REQUIRE(Open(dir, c.to, &h) == TACIT_OK);
    CHECK(Count(h) == 310);
    tacit_close(h);
  }
}

TEST_CASE("a failed rekey leaves the handle working under the old key") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  tacit_t* h = nullptr;
  REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
  Record(h, 100, "e");
  {
    FaultEnv env;
    ScopedEnv use(&env);
    env.Arm(FaultEnv::kFull, 5);
    CHECK(Rekey(h, Cred::Key(2)) == TACIT_ERR_IO);
    CHECK(std::string(tacit_last_error()).find("full") != std::string::npos);
    env.Disarm();
  }
  Record(h, 1, "more");
  CHECK(Count(h) == 101);
  tacit_close(h);
  REQUIRE(Open(dir, Cred::Key(2), &h) == TACIT_ERR_KEY);
  REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
  CHECK(Count(h) == 101);
  tacit_close(h);
}

TEST_CASE("an erase interrupted after its tombstone is finished by the next open") {
  TempDir tmp;
  int interrupted = 0;
  for (uint64_t n = 1; n < 200 && interrupted < 3; ++n) {
    INFO("failing file operation " << n);
    const std::string dir = tmp.Join("p" + std::to_string(n));
    tacit_t* h = nullptr;
    REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
    Record(h, 100, "e");
    tacit_status s;
    {
      FaultEnv env;
      ScopedEnv use(&env);
      env.Arm(FaultEnv::kIoError, n);
      s = tacit_erase_all(h);
    }
    tacit_close(h);
    if (s == TACIT_OK || !FileExists(dir + "/ERASING")) continue;
    ++interrupted;
    CHECK(s == TACIT_ERR_IO);
    CHECK(std::string(tacit_last_error()).find("opening the profile again finishes it") != std::string::npos);
    REQUIRE(Open(dir, Cred::Key(2), &h) == TACIT_OK);  // a fresh profile, under any key
    CHECK(Count(h) == 0);
    CHECK_FALSE(FileExists(dir + "/ERASING"));
    tacit_close(h);
  }
  CHECK(interrupted == 3);
}

TEST_CASE("damaged key.meta: a raw-key profile opens and rebuilds it; a passphrase profile is CORRUPT") {
  TempDir tmp;
  for (bool pass : {false, true}) {
    const Cred c = pass ? Cred::Pass("a passphrase") : Cred::Key(1);
    for (int damage = 0; damage < 3; ++damage) {
      INFO((pass ? "passphrase" : "raw key") << " damage " << damage);
      const std::string dir = tmp.Join(std::string(pass ? "pass" : "raw") + std::to_string(damage));
      tacit_t* h = nullptr;
      REQUIRE(Open(dir, c, &h) == TACIT_OK);
      Record(h, 20, "e");
      tacit_close(h);
      auto meta = ReadFile(dir + "/key.meta");
      if (damage == 0) meta[60] ^= 0x10;
      if (damage == 1) std::fill(meta.begin(), meta.end(), 0);
      if (damage == 2) meta.resize(meta.size() / 2);
      WriteFile(dir + "/key.meta", meta);
      if (pass) {
        CHECK(Open(dir, c, &h) == TACIT_ERR_CORRUPT);
        CHECK(ReadFile(dir + "/key.meta") == meta);
        continue;
      }
      CHECK(Open(dir, Cred::Key(9), &h) == TACIT_ERR_CORRUPT);  // nothing tells a wrong key from damage
      REQUIRE(Open(dir, c, &h) == TACIT_OK);
      CHECK(Count(h) == 20);
      tacit_close(h);
      CHECK(ReadFile(dir + "/key.meta") != meta);
      REQUIRE(Open(dir, Cred::Key(9), &h) == TACIT_ERR_KEY);  // rebuilt: a wrong key is told apart again
    }
  }
}

TEST_CASE("a damaged WAL frame that would drop acknowledged transactions is CORRUPT") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  const std::string copy = tmp.Join("copy");
  tacit_t* h = nullptr;
  REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
  Record(h, 5, "base");
  for (int i = 0; i < 20; ++i) Record(h, 3, "b" + std::to_string(i) + "-");  // 20 commits in the WAL
  // Copy the directory while the WAL is live (a copy is what a crash leaves).
  fs::create_directory(copy);
  for (const char* f : {"/profile.db", "/profile.db-wal", "/key.meta"}) fs::copy_file(dir + f, copy + f);
  tacit_close(h);
  auto wal = ReadFile(copy + "/profile.db-wal");
  REQUIRE(wal.size() > 32 + 4 * (24 + 4096));
  SECTION("undamaged, the copy opens with every event") {
    REQUIRE(Open(copy, Cred::Key(1), &h) == TACIT_OK);
    CHECK(Count(h) == 65);
    tacit_close(h);
  }
  SECTION("one flipped byte in an early frame") {
    wal[32 + 24 + 4096 + 24 + 100] ^= 1;  // the second frame's page
    WriteFile(copy + "/profile.db-wal", wal);
    CHECK(Open(copy, Cred::Key(1), &h) == TACIT_ERR_CORRUPT);
    CHECK(std::string(tacit_last_error()).find("write-ahead log") != std::string::npos);
    CHECK(ReadFile(copy + "/profile.db-wal") == wal);
  }
  SECTION("a torn tail (a crash mid-write) is not damage") {
    std::vector<uint8_t> torn(wal.begin(), wal.end() - 2000);
    WriteFile(copy + "/profile.db-wal", torn);
    REQUIRE(Open(copy, Cred::Key(1), &h) == TACIT_OK);
    CHECK(Count(h) >= 62);  // at most the last commit is gone
    tacit_close(h);
  }
}

TEST_CASE("a profile directory moved or deleted while open is detected on the next write") {
  TempDir tmp;
  for (bool remove : {false, true}) {
    const std::string dir = tmp.Join(remove ? "deleted" : "moved");
    tacit_t* h = nullptr;
    REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
    Record(h, 3, "e");
    if (remove)
      fs::remove_all(dir);
    else
      fs::rename(dir, dir + "-elsewhere");
    tacit_event_t e{sizeof(tacit_event_t), TACIT_EVENT_OPEN, "late", nullptr, 0, g_now - 1000, 1.0};
    CHECK(tacit_record_event(h, &e) == TACIT_ERR_IO);
    CHECK(std::string(tacit_last_error()).find("moved") != std::string::npos);
    tacit_close(h);
  }
}

TEST_CASE("a forked child does not keep the profile locked") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  tacit_t* h = nullptr;
  REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[1]);
    char c;
    (void)!read(fds[0], &c, 1);  // lives on until the parent says
    _exit(0);
  }
  close(fds[0]);
  tacit_close(h);
  tacit_t* again = nullptr;
  CHECK(Open(dir, Cred::Key(1), &again) == TACIT_OK);  // the child still runs
  tacit_close(again);
  (void)!write(fds[1], "x", 1);
  close(fds[1]);
  int status = 0;
  waitpid(pid, &status, 0);
}

TEST_CASE("saturating time arithmetic") {
  using namespace tacit;
  CHECK(SatSub(INT64_MIN, 12 * kMsPerDay) == INT64_MIN);
  CHECK(SatMul(12, INT64_MAX / 3) == INT64_MAX);
  CHECK(SatMul(-12, INT64_MAX / 3) == INT64_MIN);
  CHECK(SatAdd(INT64_MAX - 5, 10) == INT64_MAX);
  CHECK(SatSub(5, INT64_MIN) == INT64_MAX);
  CHECK(SatMul(INT64_MIN, -1) == INT64_MAX);
  CHECK(SatMul(7, -6) == -42);
  CHECK(PlausibleNow(1700000000000LL, 0));
  CHECK_FALSE(PlausibleNow(0, 0));
  CHECK_FALSE(PlausibleNow(INT64_MIN, 0));
  CHECK_FALSE(PlausibleNow(INT64_MAX, 0));
  CHECK_FALSE(PlausibleNow(kLatestPlausibleMs, 0));
  CHECK_FALSE(PlausibleNow(1700000000000LL + 2 * 365 * kMsPerDay, 1700000000000LL));
}

TEST_CASE("the clock cannot delete data") {
  TempDir tmp;
  const std::string dir = tmp.Join("p");
  g_now = 1700000000000LL;
  tacit_t* h = nullptr;
  REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
  Record(h, 50, "e");
  tacit_close(h);
  for (int64_t skewed : {g_now + 365 * tacit::kMsPerDay, g_now + 100 * 365 * tacit::kMsPerDay, INT64_MAX, INT64_MIN,
                         int64_t(0), g_now - 20 * 365 * tacit::kMsPerDay}) {
    INFO("clock " << skewed);
    const int64_t saved = g_now;
    g_now = skewed;
    tacit_status s = Open(dir, Cred::Key(1), &h);
    g_now = saved;
    REQUIRE(s == TACIT_OK);
    CHECK(Count(h) == 50);
    tacit_close(h);
  }
  REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
  SECTION("an event already past retention is refused, with a clear message") {
    tacit_event_t old{sizeof(tacit_event_t), TACIT_EVENT_OPEN, "old", nullptr, 0, g_now - 200 * tacit::kMsPerDay, 1.0};
    CHECK(tacit_record_event(h, &old) == TACIT_ERR_INVALID_ARGUMENT);
    CHECK(std::string(tacit_last_error()).find("retention") != std::string::npos);
    tacit_event_t recent{sizeof(tacit_event_t), TACIT_EVENT_OPEN, "recent", nullptr, 0, g_now - 100 * tacit::kMsPerDay, 1.0};
    CHECK(tacit_record_event(h, &recent) == TACIT_OK);
  }
  SECTION("retention counts from the newest stored event") {
    // Newer behaviour arrives: the old batch (at g_now - 1 s) falls out of the 168-day window at next open.
    const int64_t saved = g_now;
    g_now += 170 * tacit::kMsPerDay;
    tacit_event_t later{sizeof(tacit_event_t), TACIT_EVENT_OPEN, "later", nullptr, 0, g_now - 1000, 1.0};
    REQUIRE(tacit_record_event(h, &later) == TACIT_OK);
    tacit_close(h);
    REQUIRE(Open(dir, Cred::Key(1), &h) == TACIT_OK);
    CHECK(Count(h) == 1);
    g_now = saved;
  }
  tacit_close(h);
}

// Crash safety: a child records acknowledged batches and is killed with SIGKILL at random moments; every
// batch acknowledged before the kill must be there, whole, and the database must pass integrity_check.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "store/profile_store.h"
#include "support/profile.h"
#include "support/temp_dir.h"

using namespace tacit_test;

namespace {

constexpr int kPerBatch = 20;

// Runs in the child: records batches forever, reporting each acknowledged batch number on `fd`.
[[noreturn]] void Child(const std::string& dir, int cycle, int fd) {
  tacit_t* h = nullptr;
  if (OpenProfile(dir, TestKey(1), &h) != TACIT_OK) _exit(3);
  const char* topics[] = {"crash"};
  const int64_t now = NowMs();
  for (int b = 0;; ++b) {
    std::vector<std::string> ids;
    for (int i = 0; i < kPerBatch; ++i)
      ids.push_back("c" + std::to_string(cycle) + "-b" + std::to_string(b) + "-" + std::to_string(i));
    std::vector<tacit_event_t> batch;
    for (auto& id : ids) batch.push_back({sizeof(tacit_event_t), TACIT_EVENT_OPEN, id.c_str(), topics, 1, now, 1.0});
    if (tacit_record_events(h, batch.data(), batch.size()) != TACIT_OK) _exit(4);
    if (write(fd, &b, sizeof b) != sizeof b) _exit(5);
    if (b >= 400) pause();  // bound the profile's growth; wait for the kill
  }
}

int Cycles() {
  const char* env = std::getenv("TACIT_CRASH_CYCLES");
  int n = env ? std::atoi(env) : 50;
  return n > 0 ? n : 50;
}

}  // namespace

TEST_CASE("crash safety: acknowledged batches survive SIGKILL") {
  TempDir tmp;
  std::mt19937 rng(20261125);
  const int cycles = Cycles();
  std::string dir;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    if (cycle % 25 == 0) dir = tmp.Join("p" + std::to_string(cycle));  // keep each profile small
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      Child(dir, cycle, fds[1]);
    }
    close(fds[1]);
    usleep(std::uniform_int_distribution<int>(1000, 60000)(rng));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    INFO("cycle " << cycle);
    REQUIRE(WIFSIGNALED(status));  // the child was killed, not failing on its own
    std::vector<int> acked;
    int b;
    while (read(fds[0], &b, sizeof b) == sizeof b) acked.push_back(b);
    close(fds[0]);

    tacit::StoreConfig cfg;
    cfg.dir = dir;
    cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
    auto store = tacit::ProfileStore::Open(std::move(cfg));
    REQUIRE(store.ok());
    auto& db = store.value()->db();
    auto check = db.Prepare("PRAGMA integrity_check");
    REQUIRE(check.ok());
    REQUIRE(check.value().Step().value());
    CHECK(check.value().Text(0) == "ok");

    auto q = db.Prepare("SELECT item_id FROM events WHERE item_id LIKE ?");
    REQUIRE(q.ok());
    const std::string pattern = "c" + std::to_string(cycle) + "-b%";
    q.value().Bind(1, std::string_view(pattern));
    std::map<int, int> per_batch;
    while (q.value().Step().value()) {
      std::string id(q.value().Text(0));
      per_batch[std::stoi(id.substr(id.find("-b") + 2))]++;
    }
    for (int a : acked) CHECK(per_batch[a] == kPerBatch);  // acknowledged → present and whole
    for (auto& [batch, n] : per_batch) CHECK(n == kPerBatch);  // never a partial batch
    CHECK(per_batch.size() <= acked.size() + 1);  // at most the one in flight beyond the acks
  }
}

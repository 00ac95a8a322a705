// Test support: an Env that fails chosen file operations, for tacit's own files and (through the tacit VFS)
// SQLite's. Install it with ScopedEnv while no profile is open.
//
//   FaultEnv env;  ScopedEnv use(&env);
//   env.Arm(FaultEnv::kFull, 3);   // the 3rd write from now fails with ENOSPC, and every write after it
//   ... run an operation ...
//   env.Disarm();
#ifndef TACIT_TESTS_SUPPORT_FAULT_ENV_H_
#define TACIT_TESTS_SUPPORT_FAULT_ENV_H_

#include <atomic>
#include <cstdint>

#include "env/env.h"

namespace tacit_test {

class FaultEnv : public tacit::Env {
 public:
  enum Mode {
    kNone,
    kFull,        // the Nth write fails with ENOSPC, and so does every later write (a full disk stays full)
    kShortWrite,  // the Nth write writes half its bytes, then ENOSPC; later writes fail with ENOSPC
    kIoError,     // the Nth operation of any kind fails once with EIO
    kSyncFail,    // the Nth fsync (file or directory) fails once with EIO
    kCrash,       // the Nth operation and every later one fail (the process is gone); unsynced SQLite
                  // writes are recorded so that tacit::DropUnsyncedWrites() can revert them
  };
  static const char* ModeName(Mode m);

  void Arm(Mode mode, uint64_t n) {
    seen_ = 0;
    fired_ = false;
    n_ = n;
    mode_ = mode;
  }
  void Disarm() { mode_ = kNone; }
  bool fired() const { return fired_; }
  uint64_t seen() const { return seen_; }  // operations this mode counts, since Arm

  int Fault(tacit::FileOp op, const char* path, size_t* len) override;
  bool TrackUnsynced() const override { return mode_ == kCrash; }

 private:
  std::atomic<Mode> mode_{kNone};
  std::atomic<uint64_t> seen_{0};
  std::atomic<uint64_t> n_{0};
  std::atomic<bool> fired_{false};
};

// Installs an Env for the current scope.
struct ScopedEnv {
  explicit ScopedEnv(tacit::Env* env) { tacit::Env::SetCurrentForTesting(env); }
  ~ScopedEnv() { tacit::Env::SetCurrentForTesting(nullptr); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
};

}  // namespace tacit_test

#endif  // TACIT_TESTS_SUPPORT_FAULT_ENV_H_

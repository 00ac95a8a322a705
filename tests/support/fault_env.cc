#include "support/fault_env.h"

#include <cerrno>

namespace tacit_test {

const char* FaultEnv::ModeName(Mode m) {
  switch (m) {
    case kNone: return "none";
    case kFull: return "ENOSPC";
    case kShortWrite: return "short write";
    case kIoError: return "EIO";
    case kSyncFail: return "failed fsync";
    case kCrash: return "crash";
  }
  return "?";
}

int FaultEnv::Fault(tacit::FileOp op, const char*, size_t* len) {
  const Mode mode = mode_;
  if (mode == kNone) return 0;
  const bool write = op == tacit::FileOp::kWrite;
  const bool sync = op == tacit::FileOp::kSync || op == tacit::FileOp::kSyncDir;
  switch (mode) {
    case kFull:
    case kShortWrite:
      if (!write) return 0;
      if (fired_) return ENOSPC;
      if (++seen_ != n_) return 0;
      fired_ = true;
      if (mode == kShortWrite && len) *len /= 2;
      return ENOSPC;
    case kIoError:
      if (fired_ || ++seen_ != n_) return 0;
      fired_ = true;
      return EIO;
    case kSyncFail:
      if (!sync || fired_ || ++seen_ != n_) return 0;
      fired_ = true;
      return EIO;
    case kCrash:
      if (fired_) return EIO;
      if (++seen_ != n_) return 0;
      fired_ = true;
      return EIO;
    case kNone:
      break;
  }
  return 0;
}

}  // namespace tacit_test

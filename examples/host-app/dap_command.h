// `tacit-host dap ...`: the host's side of DAP on the public C API (docs/dap.md): its commands on the
// command line, and running the one given.
#ifndef TACIT_HOST_DAP_COMMAND_H_
#define TACIT_HOST_DAP_COMMAND_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "tacit/tacit.h"

namespace CLI {
class App;
}

namespace host {

// What `dap configs | send | upload` was given (AddDapCommands fills it).
struct DapArgs {
  std::string command;  // "configs", "send" or "upload"
  std::string task, leader, helper, cache, spool, out;
  bool refresh = false;
};

struct DapOutcome {
  int status = 0;       // a tacit status; -1 for a usage error; 0 on success
  std::string message;  // what went wrong
};

// Adds `configs`, `send` and `upload` under `dap`; the one given fills *args.
void AddDapCommands(CLI::App* dap, DapArgs* args);

// `open` opens the profile on first use. Writes what it does to `out`.
DapOutcome RunDapCommand(const DapArgs& args, const std::function<tacit_t*()>& open,
                         int64_t now_ms, const std::string& profile_dir, std::ostream& out);

}  // namespace host

#endif  // TACIT_HOST_DAP_COMMAND_H_

// `tacit-host dap ...`: the host's side of DAP on the public C API (docs/dap.md). One entry point so the
// rest of the app only dispatches to it.
#ifndef TACIT_HOST_DAP_COMMAND_H_
#define TACIT_HOST_DAP_COMMAND_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "tacit/tacit.h"

namespace host {

// The dap lines of `tacit-host help` (a literal, so the app's help text can include it).
#define TACIT_HOST_DAP_HELP                                                                       \
  "  dap configs --task ID --leader URL --helper URL [--cache DIR] [--refresh]\n"                  \
  "                                        fetch both aggregators' HPKE configs (cached for their\n" \
  "                                        Cache-Control max-age) and check them with tacit\n"      \
  "  dap send --task ID --leader URL --helper URL [--cache DIR] [--out DIR]\n"                        \
  "                                        hand tacit both HPKE configs, prepare the reports due and\n" \
  "                                        send the outbox: DAP reports PUT to the Leader, local-DP\n" \
  "                                        ones written to --out; each acknowledged after success\n"  \
  "  dap upload --task ID --leader URL --spool DIR\n"                                               \
  "                                        PUT each report file in DIR to the Leader (retries with\n" \
  "                                        backoff); a file is removed only after a 2xx answer\n"

struct DapOutcome {
  int status = 0;       // a tacit status; -1 for a usage error; 0 on success
  std::string message;  // what went wrong
};

// args: what follows "dap". `open` opens the profile on first use. Writes what it does to `out`.
DapOutcome RunDapCommand(const std::vector<std::string>& args, const std::function<tacit_t*()>& open,
                         int64_t now_ms, const std::string& profile_dir, std::ostream& out);

}  // namespace host

#endif  // TACIT_HOST_DAP_COMMAND_H_

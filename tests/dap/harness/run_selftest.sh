#!/usr/bin/env bash
# The test aggregators checked against @divviup/dap, an independent DAP-09 client (pinned npm peers).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
command -v node >/dev/null 2>&1 || { echo "harness: node is required (scripts/deps.sh host installs it)" >&2; exit 1; }
TACIT_DAP_NPM=$(bash "$root/scripts/npm-peers.sh") exec node "$here/selftest.mjs"

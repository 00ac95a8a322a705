#!/usr/bin/env bash
# Interop of tacit's DAP primitives with Divvi Up's TypeScript libraries (pinned npm peers).
# Usage: run_interop.sh shard|hpke TOOL WORKDIR [N]
set -euo pipefail
what=$1 tool=$2 work=$3 n=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
command -v node >/dev/null 2>&1 || { echo "interop: node is required (scripts/deps.sh host installs it)" >&2; exit 1; }
peers=$(bash "$root/scripts/npm-peers.sh")
mkdir -p "$work"
case "$what" in
  shard)
    "$tool" shard-cases 20261201 "${n:-900}" >"$work/shard-cases.json"
    node "$here/peer.mjs" "$peers" shard-compare "$work/shard-cases.json" ;;
  hpke)
    "$tool" hpke-seal 20261202 "${n:-200}" >"$work/tacit-seals.json"
    node "$here/peer.mjs" "$peers" hpke-open "$work/tacit-seals.json"
    node "$here/peer.mjs" "$peers" hpke-seal 20261203 "${n:-200}" >"$work/peer-seals.json"
    "$tool" hpke-open "$work/peer-seals.json" ;;
  *) echo "usage: run_interop.sh shard|hpke TOOL WORKDIR [N]" >&2; exit 2 ;;
esac

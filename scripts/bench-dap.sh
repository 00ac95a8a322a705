#!/usr/bin/env bash
# DAP client cost, tacit against Divvi Up's TypeScript libraries on the same machine in the same run:
# bench/bench_dap.cc (Release) and tests/dap/interop/peer.mjs bench (@divviup/prio3 + @hpke/core on node).
# Prints a Markdown table: microseconds per report for shard + both seals, and shard alone, with ratios.
# Usage: scripts/bench-dap.sh BUILD_DIR [node-ms-per-case]      (./run bench-dap)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: bench-dap.sh BUILD_DIR [ms]}
ms=${2:-2000}
peers=$(bash "$root/scripts/npm-peers.sh")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$build/bench/bench_dap" --benchmark_min_time=0.5 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/tacit.json" --benchmark_out_format=json >&2
# The same configurations as bench/bench_dap.cc.
cat >"$out/cases.json" <<'JSON'
[
 {"name":"Count","vdaf":"count","bits":0,"length":0,"chunk_length":0,"measurement":["1"]},
 {"name":"Sum8","vdaf":"sum","bits":8,"length":0,"chunk_length":0,"measurement":["100"]},
 {"name":"SumVec10x8","vdaf":"sumvec","bits":8,"length":10,"chunk_length":9,"measurement":["1","2","3","4","5","6","7","8","9","255"]},
 {"name":"Histogram11","vdaf":"histogram","bits":0,"length":11,"chunk_length":3,"measurement":["7"]},
 {"name":"Histogram100","vdaf":"histogram","bits":0,"length":100,"chunk_length":10,"measurement":["42"]},
 {"name":"Histogram1000","vdaf":"histogram","bits":0,"length":1000,"chunk_length":32,"measurement":["999"]}
]
JSON
echo "node $(node --version); $(nproc) cores; $(uname -m)"
node "$root/tests/dap/interop/peer.mjs" "$peers" bench "$out/cases.json" "$ms" "$out/tacit.json"

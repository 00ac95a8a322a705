#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time. $1 = seconds per target.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
b=build/fuzz
cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DTACIT_BUILD_FUZZ=ON -DTACIT_BUILD_BENCH=OFF -DTACIT_BUILD_TOOLS=OFF >/dev/null
cmake --build "$b" -j "$(nproc)" --target fuzz_catalog fuzz_catalog_corpus fuzz_report
mkdir -p "$b/fuzz/corpus/report"
TACIT_FUZZ_WRITE_SEEDS="$b/fuzz/corpus/report" "$b/fuzz/fuzz_report" -runs=0 "$b/fuzz/corpus/report" >/dev/null 2>&1
for t in catalog report; do
  echo "fuzz_$t: ${secs}s"
  rc=0
  "$b/fuzz/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 "$b/fuzz/corpus/$t" >"$b/fuzz_$t.log" 2>&1 || rc=$?
  grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY" "$b/fuzz_$t.log" || true
  [ "$rc" -eq 0 ] || { tail -40 "$b/fuzz_$t.log" >&2; echo "fuzz_$t failed (exit $rc)" >&2; exit 1; }
done

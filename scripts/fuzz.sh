#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time, one after the other.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (./run fuzz 60; ./run fuzz 3600 for an hour per target)
# Targets: catalog, report, tcf, plan (default: all). The corpus of each target is kept between runs in
# .cache/fuzz-corpus/TARGET (git-ignored), so a long campaign builds on the last one; seeds are added
# to it on every run. Crashes are written to build/fuzz/artifacts/. Exits non-zero on any finding.
# TACIT_FUZZ_JOBS=N runs N targets at once (TACIT_FUZZ_JOBS=4 ./run fuzz 3600: four hours in one).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(catalog report tcf plan)
b=build/fuzz
corpus=.cache/fuzz-corpus
cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DTACIT_BUILD_FUZZ=ON -DTACIT_BUILD_BENCH=OFF -DTACIT_BUILD_TOOLS=OFF >/dev/null
cmake --build "$b" -j "$(nproc)" --target fuzz_catalog fuzz_catalog_corpus fuzz_report fuzz_tcf fuzz_plan fuzz_plan_corpus
mkdir -p "$corpus/catalog" "$corpus/report" "$corpus/tcf" "$corpus/plan" "$b/artifacts"
cp -n "$b"/fuzz/corpus/catalog/* "$corpus/catalog/" 2>/dev/null || true
cp -n "$b"/fuzz/corpus/plan/* "$corpus/plan/" 2>/dev/null || true
TACIT_FUZZ_WRITE_SEEDS="$corpus/report" "$b/fuzz/fuzz_report" -runs=0 "$corpus/report" >/dev/null 2>&1
TACIT_FUZZ_WRITE_SEEDS="$corpus/tcf" "$b/fuzz/fuzz_tcf" -runs=0 "$corpus/tcf" >/dev/null 2>&1
for t in "${targets[@]}"; do
  [ -x "$b/fuzz/fuzz_$t" ] || { echo "fuzz: unknown target '$t' (catalog, report, tcf, plan)" >&2; exit 2; }
done

run_one() {  # TARGET: runs it for $secs, prints its figures; non-zero on a finding
  local t=$1 rc=0 start
  start=$(date +%s)
  echo "fuzz_$t: ${secs}s, corpus $corpus/$t ($(ls "$corpus/$t" | wc -l) inputs)"
  "$b/fuzz/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$b/artifacts/$t-" \
    "$corpus/$t" >"$b/fuzz_$t.log" 2>&1 || rc=$?
  { grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY" "$b/fuzz_$t.log" | sed "s/^/fuzz_$t: /"; } || true
  echo "fuzz_$t: ran $(( $(date +%s) - start ))s, corpus now $(ls "$corpus/$t" | wc -l) inputs"
  [ "$rc" -eq 0 ] || { tail -40 "$b/fuzz_$t.log" >&2; echo "fuzz_$t failed (exit $rc)" >&2; return 1; }
}

# TACIT_FUZZ_JOBS=N runs up to N targets at once (default 1: one after the other, each with a core to itself).
jobs=${TACIT_FUZZ_JOBS:-1}
failed=0
for t in "${targets[@]}"; do
  if [ "$jobs" -le 1 ]; then
    run_one "$t" || failed=1
    continue
  fi
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
  rm -f "$b/fuzz_$t.failed"
  { run_one "$t" || touch "$b/fuzz_$t.failed"; } &
done
wait
for t in "${targets[@]}"; do [ ! -e "$b/fuzz_$t.failed" ] || failed=1; done
exit "$failed"

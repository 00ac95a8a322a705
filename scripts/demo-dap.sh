#!/usr/bin/env bash
# The demo's DAP screen: one measurement, two ways, on the same phones. The brand's plan has the same
# topic-engagement question twice: as a local-DP report for its own collector, and as a DAP task on a
# Leader and a Helper (the test aggregators of tests/dap/harness, on @divviup/prio3 and @hpke/core,
# standing in for Divvi Up or Janus). Each phone is a real tacit profile driven by tacit-host; the brand
# then reads its local-DP estimate and the aggregators' sum side by side.
#   scripts/demo-dap.sh BUILD_DIR OUT_DIR [PHONES]
set -euo pipefail
build=${1:?build dir}; out=${2:?out dir}; phones=${3:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
host="$build/examples/host-app/tacit-host" brand="$build/tools/brand/tacit-brand"
collector="$build/tools/collector/tacit-collector"
if ! command -v node >/dev/null 2>&1 || ! peers=$(bash "$root/scripts/npm-peers.sh" 2>/dev/null); then
  echo "  (skipped: node and the DAP peer packages are needed for the test aggregators)"
  exit 0
fi
export TACIT_DAP_NPM=$peers
rm -rf "$out" && mkdir -p "$out/keys" "$out/brand" "$out/ldp" "$out/collector" "$out/phones"
task=$(python3 -c "import base64;print(base64.urlsafe_b64encode(bytes([33]*32)).decode().rstrip('='))")
cat >"$out/tasks.json" <<JSON
{"tasks": [{"task_id": "$task", "vdaf": {"type": "histogram", "length": 4, "chunk_length": 2},
            "time_precision": 3600, "min_batch_size": 20}]}
JSON
source "$root/tests/dap/harness/serve.sh"
start_aggregators "$out/tasks.json" "$out"

bash "$root/scripts/sign-demo-catalog.sh" "$brand" "$out/keys" "$out/brand" >/dev/null
python3 - "$out/plan.json" "$leader" "$helper" <<'PY'
import json, sys
out, leader, helper = sys.argv[1:]
buckets = ["hiking", "cooking", "jazz"]
plan = {"brand_id": "northwind-journal", "version": 1, "issued_at_ms": 1777593600000, "expires_at_ms": 1924992000000,
        "report_public_key": "@REPORT_PUBLIC_KEY@", "epsilon_per_24h": 4.0, "epsilon_per_365d": 30.0,
        "metrics": [
          {"id": "engaged-ldp", "kind": "topic_engagement", "epsilon": 2.0, "period_days": 1, "buckets": buckets},
          {"id": "engaged-dap", "kind": "topic_engagement", "epsilon": 2.0, "period_days": 1, "buckets": buckets,
           "transport_type": "DapTask",
           "transport": {"task_id": [33] * 32, "leader_url": leader, "helper_url": helper, "chunk_length": 2,
                         "time_precision_s": 3600, "min_batch_size": 20}}]}
json.dump(plan, open(out, "w"), indent=1)
PY
"$brand" plan-build --report-pk "$out/keys/report.pk" --in "$out/plan.json" --out "$out/plan.bin" >/dev/null
"$brand" plan-sign --key "$out/keys/sign.sk" --in "$out/plan.bin" --out "$out/plan.signed" >/dev/null
echo "  The plan asks one question twice: \"engaged-ldp\" (a randomised report, ε 2) and \"engaged-dap\""
echo "  (Prio3Histogram shares for the Leader $leader and the Helper $helper)."

now=1780304400000; day=86400000
items=(ten-huts-alps-worth-climb fire-cooked-flatbreads-camp-stove late-night-jazz-long-drive)
declare -a truth=(0 0 0 0)
RANDOM=11
for i in $(seq 1 "$phones"); do
  r=$(( RANDOM % 10 )); b=$(( r < 5 ? 0 : r < 7 ? 1 : r < 8 ? 2 : 3 ))
  truth[$b]=$(( truth[b] + 1 ))
  h() { "$host" --profile "$out/phones/p$i" --brand-key "$out/keys/sign.pk" --brand-id northwind-journal \
          --plan "$out/plan.signed" "$@"; }
  h --now "$now" init >/dev/null
  h --now "$now" load-catalog "$out/brand/catalog.signed" >/dev/null
  h --now "$now" consent give measurement --policy 2026-05 >/dev/null
  [ "$b" -lt 3 ] && h --now "$now" record complete "${items[$b]}" >/dev/null
  h --now $(( now + day )) dap send --task "$task" --leader "$leader" --helper "$helper" --cache "$out/cache" \
    --out "$out/ldp" >"$out/phones/send-$i.log"
done
echo "  $phones phones reported: $(ls "$out/ldp" | wc -l) local-DP reports to the brand's collector, and one DAP"
echo "  report each to the Leader (uploaded by tacit-host with libcurl)."
echo '{"engaged-ldp": ["hiking", "cooking", "jazz", "none"]}' >"$out/collector/labels.json"
"$collector" --sk "$out/keys/report.sk" --pk "$out/keys/report.pk" --in "$out/ldp" --out "$out/collector" \
  --labels "$out/collector/labels.json" --plan "$out/plan.signed" --brand-pk "$out/keys/sign.pk" \
  --state "$out/collector/seen" --min-n 20 >/dev/null
node "$root/tests/dap/harness/harness.mjs" collect --leader "$leader" --task "$task" >"$out/dap-result.json"
python3 - "$out/collector/estimates.csv" "$out/dap-result.json" "${truth[*]}" <<'PY'
import csv, json, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["metric_id"] == "engaged-ldp"]
dap = json.load(open(sys.argv[2]))["result"]
truth = [int(x) for x in sys.argv[3].split()]
print(f"\n  {'topic':<10} {'truth':>6} {'local DP':>9} {'95% interval':>19} {'DAP':>6}")
for i, r in enumerate(rows):
    lo, hi = float(r["ci95_low"]), float(r["ci95_high"])
    print(f"  {r['label']:<10} {truth[i]:>6} {float(r['estimate']):>9.1f}   [{lo:6.1f}, {hi:6.1f}] {dap[i]:>6}")
ldp_err = max(abs(float(r["estimate"]) - t) for r, t in zip(rows, truth))
dap_err = max(abs(d - t) for d, t in zip(dap, truth))
print(f"\n  largest error: local DP {ldp_err:.1f} phones, DAP {dap_err} (the Leader and the Helper each saw only")
print("  random-looking shares; the sum over at least 20 reports is exact; if the two colluded they could read")
print("  every answer, unless the plan randomises it on the phone first: local_randomisation).")
PY

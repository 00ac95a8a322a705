#!/usr/bin/env bash
# End to end from real profiles: the brand signs a measurement plan whose topic-engagement metric names a
# DAP task on the test aggregators (tests/dap/harness, on @divviup/prio3 and @hpke/core). Each of N profiles
# records behaviour through tacit-host, and a day later `tacit-host dap send` hands tacit both aggregators'
# HPKE configs, prepares the reports due and PUTs the DAP Report to the Leader with libcurl. The collected
# histogram must equal the true one exactly; each profile's export shows the report in words, not its answer.
# Usage: e2e_profiles.sh TACIT_HOST TACIT_BRAND WORKDIR [N]
set -euo pipefail
host=$1 brand=$2 work=$3 n=${4:-24}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v node >/dev/null 2>&1 || { echo "e2e_profiles: node is required (scripts/deps.sh host installs it)" >&2; exit 1; }
export TACIT_DAP_NPM=$(bash "$root/scripts/npm-peers.sh")
rm -rf "$work" && mkdir -p "$work/keys" "$work/brand" "$work/ldp"
fail() { echo "FAIL: $*" >&2; exit 1; }

task=$(python3 -c "import base64;print(base64.urlsafe_b64encode(bytes([21]*32)).decode().rstrip('='))")
cat >"$work/tasks.json" <<JSON
{"tasks": [{"task_id": "$task", "vdaf": {"type": "histogram", "length": 4, "chunk_length": 2},
            "time_precision": 3600, "min_batch_size": 10, "leader_aead": "aes128gcm", "helper_aead": "chacha20poly1305"}]}
JSON
source "$here/harness/serve.sh"
start_aggregators "$work/tasks.json" "$work" || fail "see above"

# The brand: the demo catalog, and a plan with one DAP metric (its aggregators as the task was created).
bash "$root/scripts/sign-demo-catalog.sh" "$brand" "$work/keys" "$work/brand" >/dev/null
python3 - "$work/plan.json" "$leader" "$helper" <<'PY'
import json, sys
out, leader, helper = sys.argv[1:]
plan = {
  "brand_id": "northwind-journal", "version": 1, "issued_at_ms": 1777593600000, "expires_at_ms": 1924992000000,
  "report_public_key": "@REPORT_PUBLIC_KEY@",
  "metrics": [{"id": "topic-engagement", "kind": "topic_engagement", "epsilon": 1.0, "period_days": 1,
               "buckets": ["hiking", "cooking", "jazz"], "transport_type": "DapTask",
               "transport": {"task_id": [21] * 32, "leader_url": leader, "helper_url": helper, "chunk_length": 2,
                             "time_precision_s": 3600, "min_batch_size": 10}}],
  "epsilon_per_24h": 4.0, "epsilon_per_365d": 30.0}
json.dump(plan, open(out, "w"))
PY
"$brand" plan-build --report-pk "$work/keys/report.pk" --in "$work/plan.json" --out "$work/plan.bin" >/dev/null
"$brand" plan-sign --key "$work/keys/sign.sk" --in "$work/plan.bin" --out "$work/plan.signed" >/dev/null

now=1780304400000; day=86400000
items=(ten-huts-alps-worth-climb fire-cooked-flatbreads-camp-stove late-night-jazz-long-drive)
declare -a truth=(0 0 0 0)
for i in $(seq 1 "$n"); do
  p="$work/p$i"
  h() { "$host" --profile "$p" --brand-key "$work/keys/sign.pk" --brand-id northwind-journal \
          --plan "$work/plan.signed" "$@"; }
  h --now "$now" init >/dev/null
  h --now "$now" load-catalog "$work/brand/catalog.signed" >/dev/null
  h --now "$now" consent give measurement --policy 2026-05 >/dev/null
  r=$(( i % 7 )); b=$(( r < 3 ? 0 : r < 5 ? 1 : r < 6 ? 2 : 3 ))  # uneven: a swapped bucket shows
  [ "$b" -lt 3 ] && h --now "$now" record like "${items[$b]}" --at "$now" >/dev/null
  truth[$b]=$(( truth[b] + 1 ))
  h --now $(( now + day )) dap send --task "$task" --leader "$leader" --helper "$helper" \
    --cache "$work/cache" --out "$work/ldp" >"$work/send$i.txt" || fail "send $i: $(cat "$work/send$i.txt")"
  grep -q "sent 1 DAP and 0 local-DP reports" "$work/send$i.txt" || fail "profile $i: $(cat "$work/send$i.txt")"
done
# Nothing is sent twice: the period was decided and its report acknowledged.
h --now $(( now + day )) dap send --task "$task" --leader "$leader" --helper "$helper" --cache "$work/cache" \
  >"$work/again.txt"
grep -q "sent 0 DAP" "$work/again.txt" || fail "a second send: $(cat "$work/again.txt")"
h --now $(( now + day )) export --out "$work/export.json" >/dev/null
python3 - "$work/export.json" <<'PY'
import json, sys
ex = json.load(open(sys.argv[1]))
sent = ex["sent_log"]
assert len(sent) == 1 and sent[0]["transport"] == "dap-09", sent
d = sent[0]["content"]["description"]
assert "neither can read it alone" in d and "at least 10 reports" in d, d
assert "plaintext_hex" not in sent[0], "a DAP report's shares are never kept in the clear"
PY

node "$here/harness/harness.mjs" collect --leader "$leader" --task "$task" >"$work/collect.json" \
  || fail "collect: $(cat "$work/collect.json")"
python3 - "$work/collect.json" "${truth[*]}" "$n" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
truth = [int(x) for x in sys.argv[2].split()]
print(f"profiles {sys.argv[3]}: expected [hiking, cooking, jazz, none] = {truth}, aggregated {c['result']} "
      f"over {c['report_count']} reports, rejected {c['rejected']}")
assert c["result"] == truth, "totals differ"
assert c["report_count"] == int(sys.argv[3]), "report count"
assert not c["rejected"], "a report from a profile was rejected"
PY
echo "e2e_profiles: ok"

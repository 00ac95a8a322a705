#!/usr/bin/env bash
# End to end over HTTP on loopback: tacit's DAP client code builds reports (Prio3 shares sealed with HPKE to
# the aggregators' configs, as tacit-host fetched them), tacit-host uploads them with libcurl to the test
# Leader, and the test aggregators (tests/dap/harness, on @divviup/prio3 and @hpke/core) aggregate them.
# Checks: the collected totals equal the true totals exactly; a flipped ciphertext bit, a share altered
# before sealing (Leader's and Helper's), a wrong task id and a replayed report are refused or dropped; a
# batch below the minimum batch size is not released; an upload is acknowledged (spool file removed) only
# after a 2xx, and a failed one stays.
# Usage: e2e_dap.sh TACIT_HOST DAP_CLIENT_TOOL WORKDIR [N]
set -euo pipefail
host=$1 tool=$2 work=$3 n=${4:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v node >/dev/null 2>&1 || { echo "e2e_dap: node is required (scripts/deps.sh host installs it)" >&2; exit 1; }
export TACIT_DAP_NPM=$(bash "$root/scripts/npm-peers.sh")
rm -rf "$work" && mkdir -p "$work/spool" "$work/bad" "$work/small"
fail() { echo "FAIL: $*" >&2; exit 1; }

b64() { python3 -c "import base64,sys;print(base64.urlsafe_b64encode(bytes([int(sys.argv[1])]*32)).decode().rstrip('='))" "$1"; }
task=$(b64 17) small=$(b64 18) other=$(b64 19)
cat >"$work/tasks.json" <<EOF
{"tasks": [
  {"task_id": "$task", "vdaf": {"type": "histogram", "length": 4, "chunk_length": 2}, "time_precision": 3600,
   "min_batch_size": 10, "leader_aead": "aes128gcm", "helper_aead": "chacha20poly1305"},
  {"task_id": "$small", "vdaf": {"type": "count"}, "time_precision": 60, "min_batch_size": 100}
]}
EOF
source "$here/harness/serve.sh"
start_aggregators "$work/tasks.json" "$work" || fail "see above"

h() { "$host" --profile "$work/profile" "$@"; }
h init >/dev/null
# The host fetches both aggregators' HPKE configs (and caches them); tacit checks and selects them.
h dap configs --task "$task" --leader "$leader" --helper "$helper" --cache "$work/cache" | tee "$work/configs.txt"
grep -q "Leader .*AES-128-GCM (fetched" "$work/configs.txt" || fail "Leader config not fetched"
grep -q "Helper .*ChaCha20Poly1305 (fetched" "$work/configs.txt" || fail "Helper config not fetched"
h dap configs --task "$task" --leader "$leader" --helper "$helper" --cache "$work/cache" | grep -q "(cached" \
  || fail "a fresh cached config was fetched again"
h dap configs --task "$small" --leader "$leader" --helper "$helper" --cache "$work/cache" >/dev/null
# The tool seals to exactly the lists tacit-host cached (hpke-<aggregator URL>-<task>.bin).
cfg() { ls "$work"/cache/hpke-*_"$(echo "$1" | sed -E 's#.*:([0-9]+)/?$#\1#')"_-"$2".bin; }
lcfg=$(cfg "$leader" "$task") hcfg=$(cfg "$helper" "$task")
lcfg_small=$(cfg "$leader" "$small") hcfg_small=$(cfg "$helper" "$small")

now=$(date +%s)
report() {  # report OUT MEASUREMENT [extra args]
  local out=$1 m=$2; shift 2
  "$tool" report --task "$task" --vdaf histogram:4:2 --precision 3600 --leader-config "$lcfg" \
    --helper-config "$hcfg" --measurement "$m" --time "$now" --out "$out" "$@" >/dev/null
}
declare -a truth=(0 0 0 0)
for i in $(seq 1 "$n"); do
  m=$(( (i * 7 + i / 5) % 4 ))
  truth[$m]=$(( truth[m] + 1 ))
  report "$work/spool/r$(printf %03d "$i").bin" "$m"
done
size=$(stat -c %s "$work/spool/r001.bin")
expected_size=$("$tool" size --vdaf histogram:4:2)
[ "$size" = "$expected_size" ] || fail "report is $size bytes, the fixed size is $expected_size"
for f in "$work"/spool/*.bin; do [ "$(stat -c %s "$f")" = "$size" ] || fail "$f is not $size bytes"; done

# Refused or dropped: a share altered before sealing (either aggregator's), a flipped ciphertext bit,
# a replay of an accepted report, a report for a task the Leader does not have.
report "$work/bad/tamper-leader.bin" 1 --tamper leader
report "$work/bad/tamper-helper.bin" 2 --tamper helper
report "$work/bad/flipped.bin" 3
python3 - "$work/bad/flipped.bin" <<'EOF'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[-3] ^= 0x10; open(p, 'wb').write(b)
EOF
cp "$work/spool/r002.bin" "$work/replay.bin"

h dap upload --task "$task" --leader "$leader" --spool "$work/spool" | tee "$work/upload.txt"
[ -z "$(ls "$work/spool")" ] || fail "acknowledged uploads left files in the spool"
h dap upload --task "$task" --leader "$leader" --spool "$work/bad" >/dev/null
mkdir -p "$work/replay" && cp "$work/replay.bin" "$work/replay/"
h dap upload --task "$task" --leader "$leader" --spool "$work/replay" >/dev/null
mkdir -p "$work/wrong" && cp "$work/replay.bin" "$work/wrong/"
if h dap upload --task "$other" --leader "$leader" --spool "$work/wrong" >"$work/wrong.txt" 2>&1; then
  fail "an upload to an unknown task succeeded"
fi
grep -q unrecognizedTask "$work/wrong.txt" || fail "wrong task: $(cat "$work/wrong.txt")"
[ -f "$work/wrong/replay.bin" ] || fail "a refused upload was acknowledged (its spool file is gone)"

node "$here/harness/harness.mjs" collect --leader "$leader" --task "$task" >"$work/collect.json" \
  || fail "collect: $(cat "$work/collect.json")"
python3 - "$work/collect.json" "${truth[*]}" "$n" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
truth = [int(x) for x in sys.argv[2].split()]
n = int(sys.argv[3])
rej = c["rejected"]
print(f"expected {truth}, aggregated {c['result']} over {c['report_count']} reports; rejected {json.dumps(rej, sort_keys=True)}")
assert c["result"] == truth, "totals differ"
assert c["report_count"] == n, "report count"
assert rej.get("helper:vdafPrepError") == 2, "two altered shares must fail the proof"
assert rej.get("helper:hpkeDecryptError") == 1, "the flipped bit must fail the Helper's HPKE open"
assert rej.get("reportReplayed") == 1, "the replay must be dropped"
assert rej.get("unrecognizedTask") == 1, "the wrong task id must be refused"
EOF

# Minimum batch size: 3 reports of a task whose minimum is 100 are not released.
for i in 1 2 3; do
  "$tool" report --task "$small" --vdaf count --precision 60 --leader-config "$lcfg_small" \
    --helper-config "$hcfg_small" --measurement 1 --time "$now" --out "$work/small/s$i.bin" >/dev/null
done
h dap upload --task "$small" --leader "$leader" --spool "$work/small" >/dev/null
if node "$here/harness/harness.mjs" collect --leader "$leader" --task "$small" >"$work/small.json"; then
  fail "a batch of 3 was released under a minimum batch size of 100: $(cat "$work/small.json")"
fi
grep -q invalidBatchSize "$work/small.json" || fail "small batch: $(cat "$work/small.json")"
echo "e2e_dap: ok"

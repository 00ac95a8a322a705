#!/usr/bin/env bash
# End-to-end: drives tacit-host through the demo's story and checks the outcomes.
#   tests/e2e/host_story.sh TACIT_HOST TACIT_BRAND WORK_DIR
set -euo pipefail
host_bin=${1:?tacit-host}; brand=${2:?tacit-brand}; work=${3:?work dir}
root="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$work"; mkdir -p "$work"
now=1780304400000; day=86400000
fail() { echo "FAIL: $*" >&2; exit 1; }
host() { "$host_bin" --profile "$work/profile" --key-file "$work/profile.key" --brand-key "$work/keys/sign.pk" \
           --brand-id northwind-journal --plan "$work/v1/plan.signed" --now "$now" "$@"; }

bash "$root/scripts/sign-demo-catalog.sh" "$brand" "$work/keys" "$work/v1" 1
bash "$root/scripts/sign-demo-catalog.sh" "$brand" "$work/keys" "$work/v2" 2
coffee_items=$(sed -n 's/.*{"id": "\([^"]*\)", "title": "[^"]*", "topics": \[{"topic": "coffee".*/\1/p' \
                 "$root/examples/catalog/catalog.json")
[ -n "$coffee_items" ] || fail "no coffee items found in the catalog"

# A new profile: the key file is created with mode 0600.
host init >/dev/null
[ "$(stat -c %a "$work/profile.key")" = 600 ] || fail "key file mode is not 0600"
[ "$(stat -c %s "$work/profile.key")" = 32 ] || fail "key file is not 32 bytes"
host load-catalog "$work/v1/catalog.signed" | grep -q "catalog v1 verified" || fail "v1 did not load"

# Errors: non-zero exit and "tacit-host: <STATUS>: <message>".
if host undeclare jazz 2>"$work/err"; then fail "undeclaring an undeclared topic succeeded"; fi
grep -q '^tacit-host: TACIT_ERR_NOT_FOUND: ' "$work/err" || fail "error format: $(cat "$work/err")"
set +e; host record fly nowhere 2>"$work/err"; rc=$?; set -e
[ $rc = 2 ] || fail "a usage error exits $rc, not 2"
[ "$(wc -l <"$work/err")" = 1 ] || fail "a usage error takes more than one line: $(cat "$work/err")"
grep -q '^tacit-host: record: ' "$work/err" || fail "usage error format: $(cat "$work/err")"
# --help on the program and on a command exits 0.
"$host_bin" --help >"$work/help" || fail "tacit-host --help exits non-zero"
grep -q 'load-catalog' "$work/help" || fail "tacit-host --help lacks the commands"
host consent give --help >"$work/help" || fail "consent give --help exits non-zero"
grep -q -- '--policy' "$work/help" || fail "consent give --help lacks --policy"
# Times: ISO 8601 UTC out; Unix ms and ISO 8601 (with an offset too) in.
printf 'clock\nclock 2026-06-02T10:30:00+01:00\nclock +1h\n' | host shell >"$work/clock"
grep -qx 'now 2026-06-01T09:00:00Z (fixed)' "$work/clock" || fail "clock from --now MS: $(cat "$work/clock")"
grep -qx 'now 2026-06-02T09:30:00Z (fixed)' "$work/clock" || fail "clock ISO 8601: $(cat "$work/clock")"
grep -qx 'now 2026-06-02T10:30:00Z (fixed)' "$work/clock" || fail "clock +1h: $(cat "$work/clock")"
printf 'clock\n' | "$host_bin" --profile "$work/profile" --key-file "$work/profile.key" --now 2026-06-01T09:00:00Z shell \
  | grep -qx 'now 2026-06-01T09:00:00Z (fixed)' || fail "--now ISO 8601"

# The story: declare, read, rank with reasons.
host consent give personalization --policy 2026-05 >/dev/null
host consent show | grep -Eq 'personalization +given +policy 2026-05 +2026-06-01T09:00:00Z +via' \
  || fail "consent show: $(host consent show)"
host declare hiking >/dev/null
host declare coffee >/dev/null
for item in bouldering-absolute-beginners reading-granite-guide-slab-climbing; do
  host record open "$item" >/dev/null
  host record complete "$item" >/dev/null
done
host record view bouldering-absolute-beginners --at 2026-06-01T08:00:00Z >"$work/recorded"
grep -qx 'recorded view of bouldering-absolute-beginners at 2026-06-01T08:00:00Z' "$work/recorded" \
  || fail "record --at ISO 8601: $(cat "$work/recorded")"
host rank --k 10 --seed 7 >"$work/feed1"
grep -q "why: Because you said you like hiking" "$work/feed1" || fail "no declared-interest reason in the feed"
host rank --k 50 --seed 7 --json >"$work/feed1.json"
found=0
for id in $coffee_items; do grep -q "\"item_id\": \"$id\"" "$work/feed1.json" && found=1; done
[ $found = 1 ] || fail "no coffee item in the feed before 'not interested'"
host why bouldering-absolute-beginners | grep -q "score" || fail "why gave no explanation"
host rank --k 3 --seed 7 --voice | grep -q '^speaker:' || fail "voice output"

# "Not interested" removes the topic from the feed, also in a later process (restart).
host not-interested topic coffee >/dev/null
host rank --k 50 --seed 7 --json >"$work/feed2.json"
for id in $coffee_items; do
  grep -q "\"item_id\": \"$id\"" "$work/feed2.json" && fail "coffee item $id still in the feed"
done
grep -q '"item_id"' "$work/feed2.json" || fail "the feed is empty after 'not interested'"

# Export lists the declared interests and the consents.
host export --json >"$work/export.json"
for t in hiking coffee; do grep -q "\"topic\": \"$t\"" "$work/export.json" || fail "export lacks interest $t"; done
grep -q '"purpose": "personalization"' "$work/export.json" || fail "export lacks the personalization consent"
grep -A1 '"purpose": "personalization"' "$work/export.json" | grep -q '"state": "given"' || fail "consent state"
grep -q '"not_interested_topics"' "$work/export.json" || fail "export lacks not-interested topics"
host export | grep -q "You said you like" || fail "export summary"

# Preview shows nothing before measurement consent, and reports after it.
host report preview >"$work/preview0"
grep -q "nothing would be sent" "$work/preview0" || fail "preview before consent: $(cat "$work/preview0")"
host report preview --json | grep -q '"reports": \[\]' || fail "preview JSON before consent is not empty"
host consent give measurement --policy 2026-05 >/dev/null
now=$((now + day))
host report preview | grep -q "would be sent" || fail "no reports previewed the day after consent"
host report flush --out "$work/reports" >/dev/null
n=$(find "$work/reports" -name '*.bin' | wc -l)
[ "$n" -ge 1 ] || fail "flush wrote no report"
host report preview | grep -q "nothing would be sent" || fail "outbox not empty after flush"

# A tampered catalog is refused (non-zero exit), and the previous one still ranks.
cp "$work/v2/catalog.signed" "$work/tampered.signed"
size=$(stat -c %s "$work/tampered.signed")
byte=$(od -An -tu1 -j $((size - 100)) -N1 "$work/tampered.signed" | tr -d ' ')
printf "\\$(printf '%03o' $(( byte ^ 1 )))" | dd of="$work/tampered.signed" bs=1 seek=$((size - 100)) conv=notrunc status=none
cmp -s "$work/tampered.signed" "$work/v2/catalog.signed" && fail "tampering changed nothing"
if host load-catalog "$work/tampered.signed" 2>"$work/err"; then fail "a tampered catalog loaded"; fi
grep -q "TACIT_ERR_CATALOG_BAD_SIGNATURE" "$work/err" || fail "tampered: $(cat "$work/err")"
host info | grep -q "catalog        v1" || fail "v1 is not active after the tampered load"
host rank --k 5 --seed 7 --json >"$work/feed3.json"
grep -q '"item_id"' "$work/feed3.json" || fail "v1 does not rank after the tampered load"
# The genuine v2 loads; then v1 is a rollback.
host load-catalog "$work/v2/catalog.signed" | grep -q "catalog v2 verified" || fail "v2 did not load"
if host load-catalog "$work/v1/catalog.signed" 2>"$work/err"; then fail "a rollback loaded"; fi
grep -q "TACIT_ERR_CATALOG_ROLLED_BACK" "$work/err" || fail "rollback: $(cat "$work/err")"

# The interactive shell runs the same commands.
printf 'voice on\nrank --k 2 --seed 7\nquit\n' | host shell >"$work/shell"
grep -q '^speaker:' "$work/shell" || fail "shell voice mode"

# Erase leaves no file.
host erase >/dev/null
[ ! -e "$work/profile.key" ] || fail "key file still exists"
if [ -e "$work/profile" ]; then
  [ -z "$(ls -A "$work/profile")" ] || fail "files left: $(ls -A "$work/profile")"
fi
if host rank 2>/dev/null; then fail "rank after erase succeeded"; fi
# The brand tool signs only what a device would accept now, unless forced.
sed 's/"expires_at_ms": [0-9]*/"expires_at_ms": 1780000000000/' "$work/v1/catalog.json" >"$work/expired.json"
"$brand" build --in "$work/expired.json" --out "$work/expired.bin" >/dev/null
if "$brand" sign --key "$work/keys/sign.sk" --in "$work/expired.bin" --out "$work/expired.signed" 2>"$work/err"; then
  fail "tacit-brand signed an expired catalog"
fi
grep -q "refusing to sign: the catalog expired at 2026-05-28T20:26:40Z" "$work/err" || fail "sign: $(cat "$work/err")"
"$brand" sign --key "$work/keys/sign.sk" --in "$work/expired.bin" --out "$work/expired.signed" --force yes >/dev/null \
  || fail "sign --force yes refused"
"$brand" --version | grep -q "^tacit-brand [0-9]" || fail "tacit-brand --version"
"$host_bin" --version | grep -q "^tacit-host [0-9]" || fail "tacit-host --version"
echo "host story: all checks passed"

#!/usr/bin/env bash
# The brand tools' command lines: --help on each program and each command exits 0 and lists its flags,
# --version prints the SDK version, a usage error exits 2 with one line on stderr, and a time is accepted
# as ISO 8601 or Unix ms alike.
#   tests/tools/cli.sh TACIT_BRAND TACIT_COLLECTOR TACIT_SIM WORK_DIR
set -euo pipefail
brand=${1:?tacit-brand}; collector=${2:?tacit-collector}; sim=${3:?tacit-sim}; work=${4:?work dir}
root="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# help TOOL... FLAG...: `TOOL... --help` exits 0 and names every FLAG.
help() {
  local cmd=() out
  while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do cmd+=("$1"); shift; done
  out=$("${cmd[@]}" --help) || fail "${cmd[*]} --help exited $?"
  for f in "$@"; do grep -q -- "^  $f[ ,]" <<<"$out" || fail "${cmd[*]} --help does not list $f"; done
}
help "$brand"
help "$brand" keygen --out
help "$brand" build --schema --in --out
help "$brand" sign --key --in --out --now --force
help "$brand" verify --pk --in --brand --active-version --now
help "$brand" plan-build --report-pk --in --out
help "$brand" plan-sign --key --in --out
help "$brand" plan-verify --pk --in --brand --now
help "$collector" --keygen --sk --pk --plan --brand-pk --in --out --labels --state --now --min-n
help "$sim" --devices --epsilon --buckets --seed --decline --json --out --work --linkage --periods --transport \
  --dap-local --catalog --plan --brand-pk --report-pk --report-sk --day-of

version=$("$brand" --version | sed -n 's/^tacit-brand //p')
[ -n "$version" ] || fail "tacit-brand --version"
for t in "$collector" "$sim"; do
  [ "$("$t" --version)" = "$(basename "$t") $version" ] || fail "$t --version: $("$t" --version)"
done

# usage CMD...: exits 2 with exactly one line on stderr and nothing on stdout.
usage() {
  local rc=0
  "$@" >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "$* exited $rc, expected 2: $(cat "$work/err")"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$*: not one line on stderr: $(cat "$work/err")"
  [ ! -s "$work/out" ] || fail "$*: wrote to stdout"
}
usage "$brand"
usage "$brand" frob
usage "$brand" sign --in x --out y
usage "$brand" verify --pk x --in y --now yesterday
usage "$brand" verify --pk x --in y --active-version -1
usage "$brand" sign --key x --in y --out z --force maybe
usage "$brand" keygen --out "$work/k" --bogus
usage "$collector"
usage "$collector" --sk a --pk b
usage "$collector" --keygen --sk a --pk b --in c
usage "$collector" --sk a --pk b --plan c --brand-pk d --in e --out f --min-n -1
usage "$collector" --sk a --pk b --plan c --brand-pk d --in e --out f --now 2026-06-01T09:00
usage "$sim" --devices 0
usage "$sim" --devices ten
usage "$sim" --transport carrier-pigeon
usage "$sim" --dap-local
usage "$sim" --catalog x
usage "$sim" --day-of someday

# One catalog, verified as of the same time given both ways; outside its window, refused either way.
"$brand" keygen --out "$work/keys" >/dev/null
"$brand" build --in "$root/tools/brand/example-catalog.json" --out "$work/c.bin" >/dev/null
"$brand" sign --key "$work/keys/sign.sk" --in "$work/c.bin" --out "$work/c.signed" --now 2026-06-01T09:00:00Z >/dev/null
a=$("$brand" verify --pk "$work/keys/sign.pk" --in "$work/c.signed" --now 2026-06-01T09:00:00Z)
b=$("$brand" verify --pk "$work/keys/sign.pk" --in "$work/c.signed" --now 1780304400000)
[ "$a" = "$b" ] || fail "verify differs between ISO 8601 and Unix ms: $a / $b"
grep -q "valid 2023-11-14T22:13:20Z .. 2030-01-01T00:00:00Z" <<<"$a" || fail "verify does not print ISO 8601: $a"
for now in 2030-01-01T00:00:00Z 1893456000000 2030-01-01T01:00:00+01:00; do
  if "$brand" verify --pk "$work/keys/sign.pk" --in "$work/c.signed" --now "$now" 2>"$work/err" >/dev/null; then
    fail "verify accepted an expired catalog at $now"
  fi
  grep -q "now 2030-01-01T00:00:00Z" "$work/err" || fail "verify at $now: $(cat "$work/err")"
done

# One key format: what tacit-collector --keygen writes is what tacit-brand keygen writes (raw bytes), and a
# key written as hex reads the same.
"$collector" --keygen --sk "$work/c.sk" --pk "$work/c.pk" >/dev/null
[ "$(stat -c %s "$work/c.pk")" -eq 32 ] && [ "$(stat -c %s "$work/c.sk")" -eq 32 ] || fail "collector keys are not 32 raw bytes"
[ "$(stat -c %a "$work/c.sk")" = 600 ] || fail "collector secret key mode $(stat -c %a "$work/c.sk")"
if "$collector" --keygen --sk "$work/c.sk" --pk "$work/c2.pk" 2>/dev/null; then fail "collector --keygen overwrote a secret key"; fi
od -An -v -tx1 "$work/keys/sign.pk" | tr -d ' \n' >"$work/sign.pk.hex"
c=$("$brand" verify --pk "$work/sign.pk.hex" --in "$work/c.signed" --now 1780304400000)
[ "$c" = "$a" ] || fail "verify with a hex key: $c"
echo "tools cli: all checks passed"

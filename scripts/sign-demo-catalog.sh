#!/usr/bin/env bash
# Makes the brand's keys (if missing), a signed Northwind Journal catalog and its signed measurement plan
# from examples/catalog.
#   scripts/sign-demo-catalog.sh TACIT_BRAND KEYS_DIR OUT_DIR [VERSION]
# Writes KEYS_DIR/{sign,report}.{pk,sk} (tacit-brand keygen), OUT_DIR/catalog.{json,bin,signed} and
# OUT_DIR/plan.{bin,signed}. The committed plan JSON holds the placeholder "@REPORT_PUBLIC_KEY@", replaced
# by report.pk's 32 bytes (plan-build --report-pk). VERSION (default 1) overrides the catalog version, e.g.
# to show a later catalog or a rollback; the plan, bundled with the app, stays the same.
set -euo pipefail
brand=${1:?tacit-brand}; keys=${2:?keys dir}; out=${3:?out dir}; version=${4:-1}
src="$(cd "$(dirname "$0")/.." && pwd)/examples/catalog"
mkdir -p "$out"
[ -f "$keys/sign.sk" ] || "$brand" keygen --out "$keys" >/dev/null
sed -e "s/^  \"version\": [0-9]*,/  \"version\": $version,/" "$src/catalog.json" > "$out/catalog.json"
"$brand" build --in "$out/catalog.json" --out "$out/catalog.bin" >/dev/null
"$brand" sign --key "$keys/sign.sk" --in "$out/catalog.bin" --out "$out/catalog.signed" >/dev/null
"$brand" plan-build --report-pk "$keys/report.pk" --in "$src/plan.json" --out "$out/plan.bin" >/dev/null
"$brand" plan-sign --key "$keys/sign.sk" --in "$out/plan.bin" --out "$out/plan.signed" >/dev/null

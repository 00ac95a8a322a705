#!/usr/bin/env bash
# Makes the brand's keys (if missing) and a signed Northwind Journal catalog from examples/catalog.
#   scripts/sign-demo-catalog.sh TACIT_BRAND KEYS_DIR OUT_DIR [VERSION]
# Writes KEYS_DIR/{sign,report}.{pk,sk} (tacit-brand keygen) and OUT_DIR/catalog.{json,bin,signed}.
# The committed JSON holds the placeholder "@REPORT_PUBLIC_KEY@"; it is replaced here by report.pk's
# 32 bytes. VERSION (default 1) overrides the catalog version, e.g. to show a later catalog or a rollback.
set -euo pipefail
brand=${1:?tacit-brand}; keys=${2:?keys dir}; out=${3:?out dir}; version=${4:-1}
src="$(cd "$(dirname "$0")/.." && pwd)/examples/catalog/catalog.json"
mkdir -p "$out"
[ -f "$keys/sign.sk" ] || "$brand" keygen --out "$keys" >/dev/null
pk=$(od -An -tu1 -v "$keys/report.pk" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /, /g')
sed -e "s/\"@REPORT_PUBLIC_KEY@\"/[$pk]/" -e "s/^  \"version\": [0-9]*,/  \"version\": $version,/" \
  "$src" > "$out/catalog.json"
"$brand" build --in "$out/catalog.json" --out "$out/catalog.bin" >/dev/null
"$brand" sign --key "$keys/sign.sk" --in "$out/catalog.bin" --out "$out/catalog.signed" >/dev/null

#!/usr/bin/env bash
# The browser tests: Debian's Chromium driven by playwright-core (pinned, from npm, installed with
# --ignore-scripts into the git-ignored .cache/browser-test). Screenshots go to ARTEFACTS.
#   tests/browser/run.sh TACIT_HOST TACIT_BRAND WORK_DIR ARTEFACTS [TACIT_COLLECTOR]
set -euo pipefail
host_bin=${1:?tacit-host}; brand=${2:?tacit-brand}; work=${3:?work dir}; artefacts=${4:?artefacts dir}
root="$(cd "$(dirname "$0")/../.." && pwd)"
modules=$(bash "$root/scripts/fetch-playwright.sh")
rm -rf "$work"; mkdir -p "$work" "$artefacts"
bash "$root/scripts/sign-demo-catalog.sh" "$brand" "$work/keys" "$work/v1" 1 >/dev/null
PLAYWRIGHT_DIR="$modules" TACIT_HOST="$host_bin" WORK="$work" SHOTS="$artefacts" COLLECTOR="${5:-}" \
  exec node "$root/tests/browser/privacy_centre.cjs"

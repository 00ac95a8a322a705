#!/usr/bin/env bash
# Installs the pinned npm test peers (tests/dap/peers/package.json: exact versions, no lockfile) into the
# git-ignored folder .cache/npm-peers/ and prints that folder. Idempotent: reinstalls only when package.json
# changed. Install scripts never run (--ignore-scripts).
# Usage: scripts/npm-peers.sh [--quiet]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/tests/dap/peers/package.json"
dest="$root/.cache/npm-peers"
command -v npm >/dev/null 2>&1 || bash "$root/scripts/deps.sh" host
mkdir -p "$dest"
if ! cmp -s "$src" "$dest/package.json" || [ ! -f "$dest/.installed" ]; then
  rm -f "$dest/.installed"
  cp "$src" "$dest/package.json"
  (cd "$dest" && npm install --ignore-scripts --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$dest/.installed"
fi
[ "${1:-}" = --quiet ] || echo "$dest"

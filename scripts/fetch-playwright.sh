#!/usr/bin/env bash
# Installs the pinned playwright-core (the browser tests' driver; it drives Debian's Chromium and downloads
# no browser) into the git-ignored .cache/browser-test, and prints its node_modules folder.
set -euo pipefail
version=1.65.1
dir="$(cd "$(dirname "$0")/.." && pwd)/.cache/browser-test"
pkg="$dir/node_modules/playwright-core/package.json"
if ! [ -f "$pkg" ] || ! grep -q "\"version\": \"$version\"" "$pkg"; then
  mkdir -p "$dir"
  npm install --ignore-scripts --no-package-lock --no-audit --no-fund --silent --prefix "$dir" \
    "playwright-core@$version" >&2
fi
echo "$dir/node_modules"

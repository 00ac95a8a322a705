#!/usr/bin/env bash
# Fetches the SQLCipher 4.5.5 amalgamation into the git-ignored cache and verifies it.
# Prints the directory that holds sqlite3.c. Refuses (exit 1) on a checksum mismatch.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=4.5.5
sha256=457f4de07269b6e4e72b52980448c37bec36395ce16fee5929bd5a80f79f9715
dest="$root/.cache/sqlcipher-$version"

verify() { [ -f "$dest/src/sqlite3.c" ] && echo "$sha256  $dest/src/sqlite3.c" | sha256sum -c --status; }

if ! verify; then
  rm -rf "$dest" "$dest.tmp"; mkdir -p "$dest.tmp"
  (cd "$dest.tmp" && npm pack --silent "@commapp/sqlcipher-amalgamation@$version" >/dev/null 2>npm.log) \
    || { cat "$dest.tmp/npm.log" >&2; echo "fetch-sqlcipher: npm pack failed" >&2; exit 1; }
  tar -xzf "$dest.tmp"/*.tgz -C "$dest.tmp"
  mv "$dest.tmp/package" "$dest"; rm -rf "$dest.tmp"
  if ! verify; then
    echo "fetch-sqlcipher: sha256 of sqlite3.c does not match $sha256; refusing to use it" >&2
    rm -rf "$dest"; exit 1
  fi
fi
echo "$dest/src"

#!/usr/bin/env bash
# The main job, run by `./run demo` after the build. $1 = the build directory.
set -euo pipefail
build=${1:?build dir}
out="$(cd "$(dirname "$0")/.." && pwd)/out/demo"
rm -rf "$out"; mkdir -p "$out"
"$build/examples/hello/tacit-hello" "$out/profile"
echo
echo "outputs: $out (the encrypted profile directory)"

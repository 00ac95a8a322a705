#!/usr/bin/env bash
# Cross-builds tacit for ARCH (aarch64 | armhf) with Debian's cross compilers and runs the test suite
# under qemu-user. Installs what is missing, fetches SQLCipher, configures build-cross-ARCH.
# Usage: scripts/cross-test.sh ARCH [extra ctest arguments...]      (./run cross-test ARCH)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?usage: scripts/cross-test.sh aarch64|armhf [ctest args...]}
shift
case "$arch" in
  aarch64|armhf) ;;
  *) echo "cross-test: unknown ARCH '$arch' (aarch64 or armhf)" >&2; exit 2 ;;
esac
jobs=$(nproc 2>/dev/null || echo 2)
build="$root/build-cross-$arch"

# The host group brings cmake, flatc and Catch2 (header-only); the cross group the compilers, qemu and
# the target's libraries.
bash "$root/scripts/deps.sh" host "cross-$arch"
sqlcipher_dir=$(bash "$root/scripts/fetch-sqlcipher.sh")

# Tools and benchmarks are host programs: not built for the target. The speaker example is firmware: it is
# built for the target (text only: espeak-ng is not installed for it) and its test runs under qemu-user. The JNI binding's JUnit tests need
# a JVM for the target, which qemu-user cannot provide here: the binding is built by the Android
# toolchain instead (docs/cross-compiling.md).
cmake -S "$root" -B "$build" \
  -DCMAKE_TOOLCHAIN_FILE="$root/toolchains/linux-$arch.cmake" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTACIT_SQLCIPHER_DIR="$sqlcipher_dir" \
  -DTACIT_BUILD_TESTS=ON -DTACIT_BUILD_TOOLS=OFF -DTACIT_BUILD_BENCH=OFF -DTACIT_BUILD_JNI=OFF \
  -DTACIT_BUILD_SPEAKER=ON >/dev/null
cmake --build "$build" -j "$jobs"

# Tests that cannot run under qemu-user, by ctest name regex (keep this list tiny, say why):
#   (none so far)
exclude=()

# Emulation is 5-20x slower than native: fewer crash cycles (still > 1 SIGKILL per profile), a longer timeout.
export TACIT_CRASH_CYCLES=${TACIT_CRASH_CYCLES:-10}
ctest --test-dir "$build" -j "$jobs" --timeout 900 --output-on-failure \
  ${exclude[@]+-E "$(IFS='|'; echo "${exclude[*]}")"} "$@"

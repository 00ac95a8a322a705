#!/usr/bin/env bash
# Installs what tacit needs from Debian's packages. Idempotent; silent when all is present.
# Usage: scripts/deps.sh [host|cross-aarch64|cross-armhf|java|browser|fuzz]...
set -euo pipefail

need=()
want() { for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p"); done; }

groups=("${@:-host}")
for g in "${groups[@]}"; do
  case "$g" in
    host)  want build-essential cmake pkg-config clang libsodium-dev libflatbuffers-dev flatbuffers-compiler \
                catch2 libssl-dev libbenchmark-dev libclang-rt-14-dev ca-certificates \
                libcurl4-openssl-dev
           # tools and examples: the privacy centre's server, argument and JSON parsing, the speaker's voice
           want libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libespeak-ng-dev
           want libeigen3-dev  # tacit-eval (tools/eval)
           command -v npm >/dev/null 2>&1 || want npm ;;
    # Cross: Debian's cross compilers, qemu-user to run the tests, the target's multiarch -dev packages.
    # libflatbuffers-dev:<arch> brings the target's flatbuffers CMake config; flatc stays the host's.
    # libc6/libstdc++6:<arch> are the runtime qemu-user runs the tests against (toolchains/).
    cross-aarch64) want crossbuild-essential-arm64 qemu-user libsodium-dev:arm64 libssl-dev:arm64 \
                        libflatbuffers-dev:arm64 libc6:arm64 libstdc++6:arm64 ;;
    cross-armhf)   want crossbuild-essential-armhf qemu-user libsodium-dev:armhf libssl-dev:armhf \
                        libflatbuffers-dev:armhf libc6:armhf libstdc++6:armhf ;;
    java)  want default-jdk-headless junit4 ;;
    # The browser tests drive Debian's Chromium (playwright-core from npm: scripts/fetch-playwright.sh).
    browser) want chromium fonts-dejavu-core ;;
    *) echo "deps.sh: unknown group '$g'" >&2; exit 2 ;;
  esac
done

[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
for p in "${need[@]}"; do
  case "$p" in *:arm64) arch=arm64 ;; *:armhf) arch=armhf ;; *) arch="" ;; esac
  if [ -n "$arch" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    $SUDO dpkg --add-architecture "$arch"
    stale=1
  fi
done
echo "deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if [ -n "${stale:-}" ] || ! $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/tmp/tacit-apt.log 2>&1; then
  # A partly synced mirror can fail one index; the install below still decides.
  $SUDO apt-get update -qq >/tmp/tacit-apt.log 2>&1 || echo "deps: apt-get update reported errors (see /tmp/tacit-apt.log)" >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >>/tmp/tacit-apt.log 2>&1 \
    || { tail -20 /tmp/tacit-apt.log >&2; exit 1; }
fi

# 64-bit ARM Linux (arm64) with Debian's cross compiler; tests run under qemu-aarch64.
# Needs: scripts/deps.sh cross-aarch64.   Use: scripts/cross-test.sh aarch64 (docs/cross-compiling.md).
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(TACIT_CROSS_TRIPLE aarch64-linux-gnu)
set(TACIT_CROSS_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross-common.cmake)

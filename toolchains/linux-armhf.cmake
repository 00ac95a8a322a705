# 32-bit ARM Linux, hard float (armhf, ARMv7) with Debian's cross compiler; tests run under qemu-arm.
# Needs: scripts/deps.sh cross-armhf.   Use: scripts/cross-test.sh armhf (docs/cross-compiling.md).
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(TACIT_CROSS_TRIPLE arm-linux-gnueabihf)
set(TACIT_CROSS_QEMU qemu-arm)
# GCC notes that passing some std:: iterators changed ABI in GCC 7.1; everything here is built by one
# compiler, so the note is noise.
set(CMAKE_C_FLAGS_INIT "-Wno-psabi")
set(CMAKE_CXX_FLAGS_INIT "-Wno-psabi")
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross-common.cmake)

# Shared by linux-aarch64.cmake and linux-armhf.cmake: a Debian multiarch cross build.
# The includer sets TACIT_CROSS_TRIPLE (aarch64-linux-gnu) and TACIT_CROSS_QEMU (qemu-aarch64) first.
#
# Debian's cross compilers use sysroot "/" with multiarch paths: they find the target's libraries in
# /usr/lib/<triple> (from the libfoo-dev:<arch> packages) and headers in /usr/include/<triple> and
# /usr/include. Their C runtime lives in /usr/<triple>.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${TACIT_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${TACIT_CROSS_TRIPLE}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${TACIT_CROSS_TRIPLE})

# Search roots: the cross C runtime, then "/" so the multiarch directories (/usr/lib/<triple>,
# /usr/lib/<triple>/cmake) and arch-independent configs (Catch2 in /usr/lib/cmake) are seen.
# Libraries are looked up only in the roots and, with CMAKE_LIBRARY_ARCHITECTURE set, only in the
# target's multiarch directory: the host's /usr/lib/x86_64-linux-gnu is never searched.
set(CMAKE_FIND_ROOT_PATH /usr/${TACIT_CROSS_TRIPLE} /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)   # tools (flatc, pkg-config) run on the build machine
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config (libsodium, and OpenSSL's hints) must read the target's .pc files, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${TACIT_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# flatc runs at build time, so it is the host's. The FlatBuffers headers it pairs with are
# architecture-independent (the same files in /usr/include for every arch: libflatbuffers-dev is
# Multi-Arch: same), so the target build reading /usr/include/flatbuffers is correct.
set(TACIT_FLATC /usr/bin/flatc CACHE FILEPATH "flatc of the build machine")

# Run target programs (catch_discover_tests, ctest) under qemu-user. They run against the target's
# multiarch runtime that dpkg installed (libc6:<arch>, libstdc++6:<arch>, libsodium23:<arch>, ...): the
# loader /lib/ld-linux-*.so.* and every library come from one consistent set of packages.
# Not "-L /usr/<triple>": that prefix holds the cross C runtime (libc6-<arch>-cross, an older build of
# glibc 2.36 than libc6:<arch>), and its loader then paired with the multiarch libc.so.6 hangs in the
# first pthread_create (seen with 2.36-8cross1 against 2.36-9+deb12u14).
set(CMAKE_CROSSCOMPILING_EMULATOR ${TACIT_CROSS_QEMU})

# Google Benchmark is not installed for the target; benchmarks run on the build machine.
set(TACIT_BUILD_BENCH OFF CACHE BOOL "Build the Google Benchmark programs")

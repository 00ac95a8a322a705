# Android, through the NDK's own toolchain file. Not exercised on the Linux CI machine (no NDK there):
# see docs/cross-compiling.md for the exact commands and what each dependency must be.
#
#   cmake -S . -B build-android-arm64 -DCMAKE_TOOLCHAIN_FILE=toolchains/android.cmake \
#     -DANDROID_NDK=/path/to/ndk -DANDROID_ABI=arm64-v8a -DANDROID_PLATFORM=android-24 \
#     -DTACIT_ANDROID_PREFIX=/path/to/deps/arm64-v8a
#
# Inputs (cache variables or environment):
#   ANDROID_NDK            the NDK root (or $ANDROID_NDK, $ANDROID_NDK_HOME, $ANDROID_NDK_ROOT). r26+.
#   ANDROID_ABI            arm64-v8a (default), armeabi-v7a, x86_64, x86.
#   ANDROID_PLATFORM       android-24 (default and minimum).
#   TACIT_ANDROID_PREFIX   install prefix of libsodium and OpenSSL libcrypto built for this ABI and
#                          platform (include/, lib/, lib/pkgconfig/libsodium.pc). SQLCipher's crypto is
#                          OpenSSL's libcrypto (or BoringSSL's, installed with the same layout), found
#                          through OPENSSL_ROOT_DIR, which defaults to this prefix.
#   TACIT_FLATBUFFERS_HEADERS  directory that contains flatbuffers/ (2.0.8 headers; default /usr/include).

# --- the NDK ------------------------------------------------------------------------------------------
if(NOT ANDROID_NDK)
  foreach(_v ANDROID_NDK ANDROID_NDK_HOME ANDROID_NDK_ROOT)
    if(DEFINED ENV{${_v}} AND NOT ANDROID_NDK)
      set(ANDROID_NDK "$ENV{${_v}}")
    endif()
  endforeach()
endif()
if(NOT ANDROID_NDK OR NOT EXISTS "${ANDROID_NDK}/build/cmake/android.toolchain.cmake")
  message(FATAL_ERROR "toolchains/android.cmake: set ANDROID_NDK (or $ANDROID_NDK) to an NDK root; "
                      "'${ANDROID_NDK}/build/cmake/android.toolchain.cmake' was not found")
endif()
set(ANDROID_NDK "${ANDROID_NDK}" CACHE PATH "Android NDK root")
set(ENV{ANDROID_NDK} "${ANDROID_NDK}")  # this file runs again for every try_compile
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ANDROID_NDK TACIT_ANDROID_PREFIX TACIT_FLATBUFFERS_HEADERS)

if(NOT ANDROID_ABI)
  set(ANDROID_ABI arm64-v8a)
endif()
if(NOT ANDROID_PLATFORM)
  set(ANDROID_PLATFORM android-24)
endif()
string(REGEX REPLACE "^android-" "" _tacit_api "${ANDROID_PLATFORM}")
if(NOT _tacit_api MATCHES "^[0-9]+$" OR _tacit_api LESS 24)
  message(FATAL_ERROR "toolchains/android.cmake: ANDROID_PLATFORM ${ANDROID_PLATFORM}: tacit needs android-24 or later")
endif()
# libc++ linked statically into libtacit.so: the SDK exports only tacit_* (version script), so its C++
# runtime cannot clash with the app's. Pass -DANDROID_STL=c++_shared if the app ships libc++_shared.so.
if(NOT ANDROID_STL)
  set(ANDROID_STL c++_static)
endif()
# 16 KiB pages (Android 15+ devices): NDK r27+ honours this flag; the linker flag below covers older NDKs.
set(ANDROID_SUPPORT_FLEXIBLE_PAGE_SIZES ON)

include("${ANDROID_NDK}/build/cmake/android.toolchain.cmake")

# ELF segments aligned for 16 KiB page devices (required by Google Play for new apps from Nov 2025).
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${CMAKE_SHARED_LINKER_FLAGS_INIT} -Wl,-z,max-page-size=16384")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${CMAKE_EXE_LINKER_FLAGS_INIT} -Wl,-z,max-page-size=16384")

# --- dependencies for the target ----------------------------------------------------------------------
set(TACIT_ANDROID_PREFIX "" CACHE PATH "libsodium + OpenSSL libcrypto installed for ${ANDROID_ABI}")
if(TACIT_ANDROID_PREFIX)
  # The NDK toolchain searches only its sysroot (FIND_ROOT_PATH_MODE ONLY): add the deps prefix as a root.
  list(APPEND CMAKE_FIND_ROOT_PATH "${TACIT_ANDROID_PREFIX}")
  set(ENV{PKG_CONFIG_LIBDIR} "${TACIT_ANDROID_PREFIX}/lib/pkgconfig")
  set(ENV{PKG_CONFIG_PATH} "")
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
  if(NOT OPENSSL_ROOT_DIR)
    set(OPENSSL_ROOT_DIR "${TACIT_ANDROID_PREFIX}")
  endif()
  set(OPENSSL_USE_STATIC_LIBS TRUE)  # libcrypto.a folded into libtacit.so, hidden by --exclude-libs
else()
  set(ENV{PKG_CONFIG_LIBDIR} "/nonexistent")  # never the host's .pc files
endif()

# flatc runs on the build machine. The headers are architecture-independent, but the host's
# /usr/include must NOT become an include directory of an NDK build (glibc headers would shadow
# Bionic's), so only its flatbuffers/ directory is exposed, through a symlink in the build tree.
set(TACIT_FLATBUFFERS_HEADERS "/usr/include" CACHE PATH "Directory that contains flatbuffers/ (2.0.8)")
include("${CMAKE_CURRENT_LIST_DIR}/flatbuffers-headers.cmake")

# Only the library: tests, tools and benchmarks are host programs (the JNI binding is built by Gradle
# with this same toolchain file).
set(TACIT_BUILD_TESTS OFF CACHE BOOL "")
set(TACIT_BUILD_TOOLS OFF CACHE BOOL "")
set(TACIT_BUILD_BENCH OFF CACHE BOOL "")

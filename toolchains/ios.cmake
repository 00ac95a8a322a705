# iOS device or simulator, with CMake's own iOS support (CMake >= 3.18, Xcode 14+). Needs a Mac: it has
# not been run on the Linux CI machine. See docs/cross-compiling.md for the commands, the SQLCipher
# crypto switch it needs and how the slices become an xcframework.
#
#   cmake -S . -B build-ios    -G Xcode -DCMAKE_TOOLCHAIN_FILE=toolchains/ios.cmake -DTACIT_IOS_PLATFORM=device
#   cmake -S . -B build-iossim -G Xcode -DCMAKE_TOOLCHAIN_FILE=toolchains/ios.cmake -DTACIT_IOS_PLATFORM=simulator
#   cmake --build build-ios --config Release --target tacit_static
#
# Inputs (cache variables):
#   TACIT_IOS_PLATFORM        device (iphoneos, arm64) | simulator (iphonesimulator, arm64 + x86_64)
#   TACIT_IOS_DEPLOYMENT      minimum iOS version, default 13.0 (bindings/apple/Package.swift says .v13)
#   TACIT_IOS_PREFIX          install prefix of libsodium built for this platform (include/, lib/,
#                             lib/pkgconfig/libsodium.pc), e.g. from libsodium's dist-build scripts
#   TACIT_FLATBUFFERS_HEADERS directory that contains flatbuffers/ (2.0.8), e.g. /opt/homebrew/include

set(TACIT_IOS_PLATFORM "device" CACHE STRING "iOS slice: device or simulator")
set_property(CACHE TACIT_IOS_PLATFORM PROPERTY STRINGS device simulator)
set(TACIT_IOS_DEPLOYMENT "13.0" CACHE STRING "Minimum iOS version")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES TACIT_IOS_PLATFORM TACIT_IOS_DEPLOYMENT TACIT_IOS_PREFIX)

set(CMAKE_SYSTEM_NAME iOS)
set(CMAKE_OSX_DEPLOYMENT_TARGET "${TACIT_IOS_DEPLOYMENT}" CACHE STRING "")
if(TACIT_IOS_PLATFORM STREQUAL "device")
  set(CMAKE_OSX_SYSROOT iphoneos CACHE STRING "")
  set(CMAKE_OSX_ARCHITECTURES arm64 CACHE STRING "")
elseif(TACIT_IOS_PLATFORM STREQUAL "simulator")
  set(CMAKE_OSX_SYSROOT iphonesimulator CACHE STRING "")
  set(CMAKE_OSX_ARCHITECTURES "arm64;x86_64" CACHE STRING "")
else()
  message(FATAL_ERROR "toolchains/ios.cmake: TACIT_IOS_PLATFORM must be device or simulator, not '${TACIT_IOS_PLATFORM}'")
endif()
set(CMAKE_XCODE_ATTRIBUTE_ONLY_ACTIVE_ARCH NO)
set(CMAKE_XCODE_ATTRIBUTE_CODE_SIGNING_ALLOWED NO)  # a static library: the app signs
# Static libraries only, and try_compile must not try to link an app bundle.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Look for target libraries only in the SDK and the deps prefix; programs (flatc) on the Mac.
set(TACIT_IOS_PREFIX "" CACHE PATH "libsodium installed for this platform")
if(TACIT_IOS_PREFIX)
  list(APPEND CMAKE_FIND_ROOT_PATH "${TACIT_IOS_PREFIX}")
  set(ENV{PKG_CONFIG_LIBDIR} "${TACIT_IOS_PREFIX}/lib/pkgconfig")
else()
  set(ENV{PKG_CONFIG_LIBDIR} "/nonexistent")  # never the Mac's own .pc files
endif()
set(ENV{PKG_CONFIG_PATH} "")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# flatc runs on the Mac; the FlatBuffers headers are architecture-independent. Only flatbuffers/ is
# exposed (through a symlink in the build tree), never a whole host include directory.
set(TACIT_FLATBUFFERS_HEADERS "/opt/homebrew/include" CACHE PATH "Directory that contains flatbuffers/ (2.0.8)")
include("${CMAKE_CURRENT_LIST_DIR}/flatbuffers-headers.cmake")

# The library only; the JNI binding is Android's.
set(TACIT_BUILD_TESTS OFF CACHE BOOL "")
set(TACIT_BUILD_TOOLS OFF CACHE BOOL "")
set(TACIT_BUILD_BENCH OFF CACHE BOOL "")
set(TACIT_BUILD_JNI OFF CACHE BOOL "")

# `cmake --install`: the public headers, libtacit.so and libtacit.a, a CMake package
# (find_package(tacit) -> tacit::tacit, tacit::tacit_static) and pkg-config's tacit.pc.
# Everything installed is relocatable: the package files locate the prefix from where they are.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(TACIT_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/tacit")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/sdk/include/tacit" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

# Two export sets: the shared library needs nothing more at the consumer's link time; the static one
# needs libsodium, libcrypto and threads, which the config file looks for only when it is asked for.
install(TARGETS tacit EXPORT tacitTargets
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" NAMELINK_COMPONENT Development
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(TARGETS tacit_static EXPORT tacitStaticTargets ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(EXPORT tacitTargets NAMESPACE tacit:: DESTINATION "${TACIT_CMAKE_DIR}")
install(EXPORT tacitStaticTargets NAMESPACE tacit:: DESTINATION "${TACIT_CMAKE_DIR}")

set(TACIT_STATIC_NEEDS_OPENSSL OFF)
if(TARGET OpenSSL::Crypto)
  set(TACIT_STATIC_NEEDS_OPENSSL ON)
endif()
if(NOT TACIT_SYSTEM_SQLCIPHER)
  set(TACIT_SYSTEM_SQLCIPHER OFF)
endif()
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/tacitConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/package/tacitConfig.cmake" INSTALL_DESTINATION "${TACIT_CMAKE_DIR}")
# 0.x: a minor release may break the API, so only the same minor version is compatible.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/package/tacitConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/package/tacitConfig.cmake"
  "${PROJECT_BINARY_DIR}/package/tacitConfigVersion.cmake" DESTINATION "${TACIT_CMAKE_DIR}")

# pkg-config: prefix relative to the .pc file (${pcfiledir}), so `--prefix` at install time is honoured.
string(REGEX REPLACE "[^/]+" ".." TACIT_PC_UP "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
set(TACIT_PC_REQUIRES_PRIVATE "libsodium")
if(TACIT_STATIC_NEEDS_OPENSSL)
  string(APPEND TACIT_PC_REQUIRES_PRIVATE " libcrypto")
endif()
if(TACIT_SYSTEM_SQLCIPHER)
  string(APPEND TACIT_PC_REQUIRES_PRIVATE " sqlcipher")
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/tacit.pc.in" "${PROJECT_BINARY_DIR}/package/tacit.pc" @ONLY)
configure_file("${CMAKE_CURRENT_LIST_DIR}/tacit-static.pc.in" "${PROJECT_BINARY_DIR}/package/tacit-static.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/package/tacit.pc" "${PROJECT_BINARY_DIR}/package/tacit-static.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

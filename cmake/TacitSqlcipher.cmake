# SQLCipher 4.5.5 from its amalgamation, checked against a pinned sha256, built as a static library.
set(TACIT_SQLCIPHER_DIR "${CMAKE_SOURCE_DIR}/.cache/sqlcipher-4.5.5/src" CACHE PATH
    "Directory holding the SQLCipher 4.5.5 amalgamation (sqlite3.c, sqlite3.h)")
set(_sqlcipher_sha256 457f4de07269b6e4e72b52980448c37bec36395ce16fee5929bd5a80f79f9715)

if(NOT EXISTS "${TACIT_SQLCIPHER_DIR}/sqlite3.c")
  message(FATAL_ERROR "SQLCipher amalgamation not found in ${TACIT_SQLCIPHER_DIR}. "
                      "Run scripts/fetch-sqlcipher.sh (./run does it for you).")
endif()
file(SHA256 "${TACIT_SQLCIPHER_DIR}/sqlite3.c" _sqlcipher_actual)
if(NOT _sqlcipher_actual STREQUAL _sqlcipher_sha256)
  message(FATAL_ERROR "sqlite3.c sha256 is ${_sqlcipher_actual}, expected ${_sqlcipher_sha256}: refusing to build.")
endif()

# The crypto provider: CommonCrypto on Apple platforms (iOS ships no OpenSSL), libcrypto elsewhere
# (OpenSSL or BoringSSL on Android). Profiles are the same SQLCipher 4 format with either.
if(APPLE)
  set(_sqlcipher_crypto SQLCIPHER_CRYPTO_CC)
  set(_sqlcipher_crypto_libs "-framework Security" "-framework CoreFoundation")
else()
  find_package(OpenSSL REQUIRED COMPONENTS Crypto)
  set(_sqlcipher_crypto SQLCIPHER_CRYPTO_OPENSSL)
  set(_sqlcipher_crypto_libs OpenSSL::Crypto)
endif()

add_library(tacit_sqlcipher OBJECT "${TACIT_SQLCIPHER_DIR}/sqlite3.c")
set_target_properties(tacit_sqlcipher PROPERTIES POSITION_INDEPENDENT_CODE ON C_VISIBILITY_PRESET hidden)
target_include_directories(tacit_sqlcipher SYSTEM PUBLIC "${TACIT_SQLCIPHER_DIR}")
target_compile_definitions(tacit_sqlcipher
  PUBLIC SQLITE_HAS_CODEC
  PRIVATE ${_sqlcipher_crypto} SQLITE_TEMP_STORE=3 SQLITE_OMIT_LOAD_EXTENSION SQLITE_DQS=0
          SQLITE_THREADSAFE=1 SQLITE_DEFAULT_FILE_PERMISSIONS=0600 SQLITE_DEFAULT_MEMSTATUS=0 SQLITE_OMIT_SHARED_CACHE
          SQLITE_DEFAULT_FOREIGN_KEYS=1 SQLITE_LIKE_DOESNT_MATCH_BLOBS SQLITE_MAX_EXPR_DEPTH=0
          SQLITE_USE_ALLOCA SQLITE_ENABLE_DBPAGE_VTAB NDEBUG)
option(TACIT_SQLITE_SPEED "Build SQLCipher for speed (the build type's -O2/-O3) instead of size (-Os)" OFF)
# Third-party code: built with its own warnings off, never with our -Werror. Optimised for size (the bulk
# of libtacit; its hot paths are I/O and libcrypto), with sections the linker can drop.
target_compile_options(tacit_sqlcipher PRIVATE -w -ffunction-sections -fdata-sections
  $<$<AND:$<NOT:$<CONFIG:Debug>>,$<NOT:$<BOOL:${TACIT_SQLITE_SPEED}>>>:-Os>)
target_link_libraries(tacit_sqlcipher PUBLIC ${_sqlcipher_crypto_libs} Threads::Threads ${CMAKE_DL_LIBS})

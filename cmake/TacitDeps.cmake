# Third-party dependencies. Nothing is downloaded here: scripts/fetch-sqlcipher.sh fills the cache first.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
# FlatBuffers: the SDK needs only the (architecture-independent) headers and the host's flatc.
# The brand tools also link libflatbuffers for its JSON parser (find_package(FlatBuffers) there).
find_path(TACIT_FLATBUFFERS_INCLUDE flatbuffers/flatbuffers.h REQUIRED)
find_program(TACIT_FLATC NAMES flatc REQUIRED NO_CMAKE_FIND_ROOT_PATH)
find_package(Threads REQUIRED)

if(TACIT_SYSTEM_SQLCIPHER)
  pkg_check_modules(SQLCIPHER REQUIRED IMPORTED_TARGET sqlcipher>=4.0)
  add_library(tacit_sqlcipher INTERFACE)
  target_link_libraries(tacit_sqlcipher INTERFACE PkgConfig::SQLCIPHER)
  target_compile_definitions(tacit_sqlcipher INTERFACE SQLITE_HAS_CODEC TACIT_SQLCIPHER_HEADER_DIR)
else()
  include(TacitSqlcipher)
endif()

add_library(tacit_flatbuffers INTERFACE)
target_include_directories(tacit_flatbuffers SYSTEM INTERFACE "${TACIT_FLATBUFFERS_INCLUDE}")

# tacit_flatc(<target> <schema>...): generates <name>_generated.h into the build tree for <target>.
function(tacit_flatc target)
  set(out_dir "${CMAKE_BINARY_DIR}/generated/schemas")
  set(outs)
  foreach(schema IN LISTS ARGN)
    get_filename_component(name "${schema}" NAME_WE)
    set(out "${out_dir}/${name}_generated.h")
    add_custom_command(OUTPUT "${out}"
      COMMAND ${TACIT_FLATC} --cpp --scoped-enums -o "${out_dir}" "${schema}"
      DEPENDS "${schema}" COMMENT "flatc ${name}.fbs" VERBATIM)
    list(APPEND outs "${out}")
  endforeach()
  add_custom_target(${target}_gen DEPENDS ${outs})
  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_gen)
  target_include_directories(${target} INTERFACE "${out_dir}")
  target_link_libraries(${target} INTERFACE tacit_flatbuffers)
endfunction()

# Checks that libtacit.so exports exactly the names in sdk/exported-symbols.txt, that these are exactly
# the functions tacit.h declares, and that libsodium is inside (no libsodium.so dependency) when linked
# statically. With -DUPDATE=ON rewrites the list from the library instead.
#   cmake -DNM=nm -DREADELF=readelf -DLIB=libtacit.so -DLIST=sdk/exported-symbols.txt
#         -DHEADER=sdk/include/tacit/tacit.h [-DSODIUM_INSIDE=ON] [-DUPDATE=ON] -P cmake/TacitCheckExports.cmake
execute_process(COMMAND "${NM}" -D --defined-only "${LIB}" OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} -D --defined-only ${LIB} failed (${rc})")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${out}")
set(exported)
foreach(line IN LISTS lines)
  # "<address> <type> <name>[@@version]"
  if(line MATCHES "^[0-9a-fA-F]+ [A-Za-z] ([^@ ]+)")
    list(APPEND exported "${CMAKE_MATCH_1}")
  endif()
endforeach()
list(SORT exported)
list(REMOVE_DUPLICATES exported)

if(UPDATE)
  string(REPLACE ";" "\n" text "${exported}")
  file(WRITE "${LIST}" "${text}\n")
  list(LENGTH exported n)
  message(STATUS "wrote ${n} names to ${LIST}: review the diff, each new name is an ABI promise")
  return()
endif()

file(STRINGS "${LIST}" expected REGEX "^[^#]")
list(SORT expected)
file(READ "${HEADER}" header)
string(REGEX MATCHALL "TACIT_EXPORT[^;(]*[ *](tacit_[a-z0-9_]+)\\(" decls "${header}")
set(declared)
foreach(d IN LISTS decls)
  string(REGEX REPLACE ".*[ *](tacit_[a-z0-9_]+)\\($" "\\1" name "${d}")
  list(APPEND declared "${name}")
endforeach()
list(SORT declared)

set(errors "")
macro(tacit_diff a_name a b_name b)
  set(_only ${${a}})
  list(REMOVE_ITEM _only ${${b}} "")
  foreach(s IN LISTS _only)
    string(APPEND errors "\n  ${a_name} but not ${b_name}: ${s}")
  endforeach()
endmacro()
tacit_diff("exported by ${LIB}" exported "in the list" expected)
tacit_diff("in the list" expected "exported" exported)
tacit_diff("in the list" expected "declared TACIT_EXPORT in tacit.h" declared)
tacit_diff("declared TACIT_EXPORT in tacit.h" declared "in the list" expected)

if(SODIUM_INSIDE)
  execute_process(COMMAND "${READELF}" -d "${LIB}" OUTPUT_VARIABLE dyn RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${READELF} -d ${LIB} failed (${rc})")
  endif()
  if(dyn MATCHES "NEEDED[^\n]*libsodium")
    string(APPEND errors "\n  libtacit.so depends on libsodium.so, but libsodium.a should be linked in")
  endif()
endif()

if(errors)
  message(FATAL_ERROR "libtacit.so's exported symbols differ from ${LIST}:${errors}\n"
    "If the change is intended (a new or removed public function), update the list with\n"
    "  cmake --build <build dir> --target tacit_exported_symbols_update\n"
    "and review the diff: every exported name is part of the ABI. Any other name (sqlite3_*, sodium_*, "
    "_ZN...) is a leak: fix visibility or sdk/tacit.map instead.")
endif()
list(LENGTH exported n)
message(STATUS "libtacit.so exports ${n} symbols, all listed in ${LIST} and declared in tacit.h")

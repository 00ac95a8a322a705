# Shared by the Android and iOS toolchains: the SDK needs only FlatBuffers' (architecture-independent)
# headers and the host's flatc. The headers are reached through a link in the build tree, so the host's
# include directory (which holds the host libc's headers too) never enters the target's include path.
# REQUIRES: TACIT_FLATBUFFERS_HEADERS set (a directory containing flatbuffers/).
find_program(TACIT_FLATC NAMES flatc REQUIRED NO_CMAKE_FIND_ROOT_PATH)
set(_tacit_fb "${CMAKE_BINARY_DIR}/tacit-flatbuffers-include")
if(NOT EXISTS "${_tacit_fb}/flatbuffers/flatbuffers.h" AND EXISTS "${TACIT_FLATBUFFERS_HEADERS}/flatbuffers")
  file(MAKE_DIRECTORY "${_tacit_fb}")
  file(CREATE_LINK "${TACIT_FLATBUFFERS_HEADERS}/flatbuffers" "${_tacit_fb}/flatbuffers" SYMBOLIC)
endif()
set(TACIT_FLATBUFFERS_INCLUDE "${_tacit_fb}" CACHE PATH "FlatBuffers headers for the target build")

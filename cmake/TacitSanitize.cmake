# Applies TACIT_SANITIZE to everything built after this point.
if(TACIT_SANITIZE)
  add_compile_options(-fsanitize=${TACIT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TACIT_SANITIZE})
endif()

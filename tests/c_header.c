/* Proves the public header is valid C99 and that the C API links from C. */
#include <stdio.h>
#include <string.h>

#include "tacit/tacit.h"

int main(void) {
  tacit_options_t* o = tacit_options_new();
  uint8_t short_key[16] = {0};
  int failures = 0;
  if (strcmp(tacit_version(), TACIT_VERSION_STRING) != 0) failures++;
  if (tacit_version_number() != TACIT_VERSION_NUMBER) failures++;
  if (tacit_options_set_key(o, short_key, sizeof short_key) != TACIT_ERR_KEY_LENGTH) failures++;
  if (strcmp(tacit_status_name(TACIT_ERR_KEY_LENGTH), "TACIT_ERR_KEY_LENGTH") != 0) failures++;
  if (tacit_last_error()[0] == '\0') failures++;
  tacit_options_free(o);
  tacit_options_free(NULL);
  tacit_close(NULL);
  if (failures) fprintf(stderr, "c_header: %d checks failed\n", failures);
  return failures ? 1 : 0;
}

/* Proves the public header is valid C99 and that the C API links from C. */
#include <stdio.h>
#include <string.h>

#include "tacit/tacit.h"

int main(void) {
  tacit_options_t* o = tacit_options_new();
  uint8_t short_key[16] = {0};
  int failures = 0;
  tacit_event_t ev;
  tacit_rank_request_t rq;
  tacit_catalog_info_t ci;
  if (strcmp(tacit_version(), TACIT_VERSION_STRING) != 0) failures++;
  if (tacit_version_number() != TACIT_VERSION_NUMBER) failures++;
  if (tacit_options_set_key(o, short_key, sizeof short_key) != TACIT_ERR_KEY_LENGTH) failures++;
  if (strcmp(tacit_status_name(TACIT_ERR_KEY_LENGTH), "TACIT_ERR_KEY_LENGTH") != 0) failures++;
  if (tacit_last_error()[0] == '\0') failures++;
  tacit_event_init(&ev);
  tacit_rank_request_init(&rq);
  tacit_catalog_info_init(&ci);
  if (ev.struct_size != sizeof ev || ev.value != 1.0 || !TACIT_HAS_FIELD(&ev, tacit_event_t, value)) failures++;
  if (rq.struct_size != sizeof rq || rq.k != 20 || rq.frequency_cap != 3) failures++;
  if (ci.struct_size != sizeof ci || ci.item_count != 0) failures++;
  tacit_options_free(o);
  tacit_options_free(NULL);
  tacit_close(NULL);
  if (failures) fprintf(stderr, "c_header: %d checks failed\n", failures);
  return failures ? 1 : 0;
}

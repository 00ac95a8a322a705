/* A host program using only the installed public API: open a profile, declare, record, read, reopen with
 * a wrong key. Usage: consumer DIR (an empty, existing directory). Exit status 0 when every check holds. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <tacit/tacit.h>

static int failures = 0;
#define CHECK(cond)                                              \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "%s:%d: CHECK(%s) failed: %s\n", __FILE__, \
              __LINE__, #cond, tacit_last_error());              \
      failures++;                                                \
    }                                                            \
  } while (0)

static tacit_status open_profile(const char* dir, uint8_t key_byte, size_t key_len, tacit_t** out) {
  uint8_t key[TACIT_KEY_BYTES + 1];
  tacit_options_t* o = tacit_options_new();
  tacit_status st;
  if (!o) return TACIT_ERR_NO_MEMORY;
  memset(key, key_byte, sizeof key);
  st = tacit_options_set_path(o, dir);
  if (st == TACIT_OK) st = tacit_options_set_key(o, key, key_len);
  if (st == TACIT_OK) st = tacit_open(o, out);
  tacit_options_free(o);
  memset(key, 0, sizeof key);
  return st;
}

int main(int argc, char** argv) {
  char dir[4096];
  tacit_t* t = NULL;
  tacit_event_t ev;
  const char* topics[1] = {"hiking"};
  uint64_t count = 0;
  tacit_interest_list_t* interests = NULL;

  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  snprintf(dir, sizeof dir, "%s/profile", argv[1]);

  CHECK(strcmp(tacit_version(), TACIT_VERSION_STRING) == 0);
  CHECK(tacit_version_number() == TACIT_VERSION_NUMBER);
  CHECK(tacit_key_bytes() == TACIT_KEY_BYTES);
  CHECK(strcmp(tacit_status_name(TACIT_ERR_KEY_LENGTH), "TACIT_ERR_KEY_LENGTH") == 0);

  CHECK(open_profile(dir, 7, TACIT_KEY_BYTES - 1, &t) == TACIT_ERR_KEY_LENGTH);
  CHECK(open_profile(dir, 7, TACIT_KEY_BYTES, &t) == TACIT_OK);
  if (t == NULL) return 1;
  CHECK(tacit_declare_interest(t, "hiking", 1.0) == TACIT_OK);

  tacit_event_init(&ev);
  ev.type = TACIT_EVENT_OPEN;
  ev.item_id = "trail-1";
  ev.topic_ids = topics;
  ev.topic_count = 1;
  ev.timestamp_ms = (int64_t)time(NULL) * 1000; /* recent: older behaviour is pruned at open */
  ev.value = 1.0;
  CHECK(tacit_record_event(t, &ev) == TACIT_OK);
  CHECK(tacit_event_count(t, &count) == TACIT_OK && count == 1);
  CHECK(tacit_interests_read(t, &interests) == TACIT_OK);
  CHECK(tacit_interest_list_size(interests) == 1);
  CHECK(tacit_interest_list_size(interests) == 1 &&
        strcmp(tacit_interest_list_get(interests, 0)->topic_id, "hiking") == 0);
  tacit_interest_list_free(interests);
  tacit_close(t);
  t = NULL;

  CHECK(open_profile(dir, 8, TACIT_KEY_BYTES, &t) == TACIT_ERR_KEY);
  CHECK(t == NULL);
  CHECK(open_profile(dir, 7, TACIT_KEY_BYTES, &t) == TACIT_OK);
  CHECK(t != NULL && tacit_event_count(t, &count) == TACIT_OK && count == 1);
  tacit_close(t);

  if (failures) return 1;
  printf("consumer: tacit %s OK\n", tacit_version());
  return 0;
}

/* The smallest tacit host: create a profile, write to it, reopen it and print what it holds. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tacit/tacit.h"

static int check(tacit_status s, const char* what) {
  if (s != TACIT_OK) {
    fprintf(stderr, "%s: %s: %s\n", what, tacit_status_name(s), tacit_last_error());
    exit(1);
  }
  return 0;
}

static tacit_t* open_profile(const char* dir, const uint8_t key[32]) {
  tacit_options_t* o = tacit_options_new();
  tacit_t* t = NULL;
  check(tacit_options_set_path(o, dir), "set_path");
  check(tacit_options_set_key(o, key, 32), "set_key");
  check(tacit_open(o, &t), "open");
  tacit_options_free(o); /* wipes its copy of the key */
  return t;
}

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : "hello-profile";
  uint8_t key[32];
  for (int i = 0; i < 32; ++i) key[i] = (uint8_t)(i * 37 + 11); /* a real host keeps this in its keystore */
  int64_t now = (int64_t)time(NULL) * 1000;

  tacit_t* t = open_profile(dir, key);
  check(tacit_declare_interest(t, "hiking", 1.0), "declare");
  check(tacit_declare_interest(t, "jazz", 0.6), "declare");
  const char* trail[] = {"hiking", "outdoors"};
  const char* tune[] = {"jazz"};
  tacit_event_t events[] = {
      {sizeof(tacit_event_t), TACIT_EVENT_OPEN, "article-trail-guide", trail, 2, now - 3600 * 1000, 1.0},
      {sizeof(tacit_event_t), TACIT_EVENT_COMPLETE, "article-trail-guide", trail, 2, now - 3500 * 1000, 1.0},
      {sizeof(tacit_event_t), TACIT_EVENT_LIKE, "playlist-late-night", tune, 1, now - 60 * 1000, 1.0},
  };
  check(tacit_record_events(t, events, 3), "record");
  tacit_close(t);
  printf("wrote 2 interests and 3 events to %s (encrypted with SQLCipher 4)\n", dir);

  t = open_profile(dir, key);
  uint64_t n = 0;
  check(tacit_event_count(t, &n), "count");
  tacit_interest_list_t* interests = NULL;
  check(tacit_interests_read(t, &interests), "interests");
  printf("reopened: %zu declared interests, %llu events\n", tacit_interest_list_size(interests),
         (unsigned long long)n);
  for (size_t i = 0; i < tacit_interest_list_size(interests); ++i) {
    const tacit_interest_t* it = tacit_interest_list_get(interests, i);
    printf("  interest %-10s weight %.2f\n", it->topic_id, it->weight);
  }
  tacit_interest_list_free(interests);
  tacit_event_list_t* list = NULL;
  check(tacit_events_read(t, 0, 0, &list), "events");
  for (size_t i = 0; i < tacit_event_list_size(list); ++i) {
    const tacit_event_t* e = tacit_event_list_get(list, i);
    printf("  event type %d item %-22s topics %zu\n", e->type, e->item_id, e->topic_count);
  }
  tacit_event_list_free(list);
  tacit_close(t);
  return 0;
}

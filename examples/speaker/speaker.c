/* tacit-speaker: a smart speaker's voice loop on tacit's C API, in firmware-style C99 (no C++ here; the
 * static library carries its own runtime). Each line on stdin is one utterance the speech recogniser
 * heard; each answer is printed as "speaker: ..." and, when built with espeak-ng, spoken into a WAV file.
 *
 *   tacit-speaker --profile DIR --key-file FILE --brand-key FILE [--brand-id ID] [--catalog FILE]
 *                 [--now MS] [--wav-dir DIR] [--voice NAME]
 *
 * Intents: "what's new?", "next", "why?", "play it", "I like <topic>", "not interested", "forget that",
 * "delete my data" (then "yes"), "stop". Spoken text names titles and topic labels, never an id. See docs/speaker.md. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tacit/tacit.h"

#ifdef TACIT_SPEAKER_ESPEAK
#include <espeak-ng/speak_lib.h>
#endif

#define MAX_TEXT 1024
#define MAX_FEED 5
#define MAX_PATH_LEN 512

typedef struct speaker {
  tacit_t* t;
  const char* profile;
  const char* key_file;
  const char* wav_dir;
  int64_t fixed_now;
  unsigned utterance;          /* WAV files written so far */
  int sample_rate;             /* 0: no synthesis */
  tacit_ranking_t* feed;       /* the last "what's new" */
  size_t current;              /* the item being talked about */
  int confirm_delete;          /* asked "are you sure?" */
  int erased;
} speaker_t;

static int64_t fixed_clock(void* ctx) { return ((speaker_t*)ctx)->fixed_now; }

/* ---------------------------------------------------------------------------------------------------
 * Speech out: print, and synthesise to DIR/NNN.wav (16-bit mono PCM). */
#ifdef TACIT_SPEAKER_ESPEAK
static short* g_samples;
static size_t g_count, g_cap;

static int on_samples(short* wav, int n, espeak_EVENT* events) {
  (void)events;
  if (wav && n > 0) {
    if (g_count + (size_t)n > g_cap) {
      size_t cap = g_cap ? g_cap * 2 : 65536;
      while (cap < g_count + (size_t)n) cap *= 2;
      short* p = (short*)realloc(g_samples, cap * sizeof *p);
      if (!p) return 1; /* stop synthesis; the WAV is shorter */
      g_samples = p;
      g_cap = cap;
    }
    memcpy(g_samples + g_count, wav, (size_t)n * sizeof *wav);
    g_count += (size_t)n;
  }
  return 0;
}

static void put_le(unsigned char* p, uint32_t v, int bytes) {
  int i;
  for (i = 0; i < bytes; ++i) p[i] = (unsigned char)(v >> (8 * i));
}

static int write_wav(const char* path, const short* s, size_t n, int rate) {
  unsigned char h[44];
  FILE* f;
  size_t i;
  uint32_t data = (uint32_t)(n * 2);
  memcpy(h, "RIFF", 4);
  put_le(h + 4, 36 + data, 4);
  memcpy(h + 8, "WAVEfmt ", 8);
  put_le(h + 16, 16, 4);
  put_le(h + 20, 1, 2); /* PCM */
  put_le(h + 22, 1, 2); /* mono */
  put_le(h + 24, (uint32_t)rate, 4);
  put_le(h + 28, (uint32_t)rate * 2, 4);
  put_le(h + 32, 2, 2);
  put_le(h + 34, 16, 2);
  memcpy(h + 36, "data", 4);
  put_le(h + 40, data, 4);
  f = fopen(path, "wb");
  if (!f) return -1;
  if (fwrite(h, 1, sizeof h, f) != sizeof h) goto fail;
  for (i = 0; i < n; ++i) {
    unsigned char b[2];
    put_le(b, (uint16_t)s[i], 2);
    if (fwrite(b, 1, 2, f) != 2) goto fail;
  }
  return fclose(f) == 0 ? 0 : -1;
fail:
  fclose(f);
  return -1;
}
#endif

static void say(speaker_t* sp, const char* text) {
  printf("speaker: %s\n", text);
  fflush(stdout);
#ifdef TACIT_SPEAKER_ESPEAK
  if (sp->sample_rate > 0 && sp->wav_dir) {
    char path[MAX_PATH_LEN];
    g_count = 0;
    if (espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL) == EE_OK &&
        espeak_Synchronize() == EE_OK) {
      snprintf(path, sizeof path, "%s/%03u.wav", sp->wav_dir, ++sp->utterance);
      if (write_wav(path, g_samples, g_count, sp->sample_rate) != 0)
        fprintf(stderr, "tacit-speaker: cannot write %s: %s\n", path, strerror(errno));
    } else {
      fprintf(stderr, "tacit-speaker: espeak-ng could not synthesise \"%s\"\n", text);
    }
  }
#else
  (void)sp;
#endif
}

static void say_error(speaker_t* sp, const char* what, tacit_status s) {
  fprintf(stderr, "tacit-speaker: %s: %s: %s\n", what, tacit_status_name(s), tacit_last_error());
  say(sp, "Sorry, something went wrong.");
}

/* ---------------------------------------------------------------------------------------------------
 * What the speaker can say about an item: its title, or (without one) the label of its main topic. */
static void topic_label(tacit_t* t, const char* topic_id, char* out, size_t n) {
  tacit_topic_list_t* topics = NULL;
  size_t i;
  snprintf(out, n, "something new");
  if (tacit_catalog_topics(t, &topics) != TACIT_OK) return;
  for (i = 0; i < tacit_topic_list_size(topics); ++i) {
    const tacit_topic_t* x = tacit_topic_list_get(topics, i);
    if (strcmp(x->id, topic_id) == 0) {
      snprintf(out, n, "%s", x->label);
      break;
    }
  }
  tacit_topic_list_free(topics);
}

/* The item's first topic id, copied into out ("" if the catalog does not have the item). */
static void main_topic(tacit_t* t, const char* item_id, char* out, size_t n) {
  tacit_catalog_item_list_t* items = NULL;
  size_t i;
  out[0] = '\0';
  if (tacit_catalog_items(t, 0, 0, &items) != TACIT_OK) return;
  for (i = 0; i < tacit_catalog_item_list_size(items); ++i) {
    const tacit_catalog_item_t* x = tacit_catalog_item_list_get(items, i);
    if (strcmp(x->id, item_id) == 0 && x->topic_count > 0) {
      snprintf(out, n, "%s", x->topic_ids[0]);
      break;
    }
  }
  tacit_catalog_item_list_free(items);
}

static void speakable_title(tacit_t* t, const tacit_ranked_item_t* it, char* out, size_t n) {
  char topic[TACIT_MAX_ID_LEN + 1], label[256];
  if (it->title && it->title[0]) {
    snprintf(out, n, "%s", it->title);
    return;
  }
  main_topic(t, it->item_id, topic, sizeof topic);
  if (!topic[0]) {
    snprintf(out, n, "something new");
    return;
  }
  topic_label(t, topic, label, sizeof label);
  snprintf(out, n, "a new piece about %s", label);
}

/* A spoken reason must not read an id aloud: if the SDK's sentence contains the item's id (an item
 * without a title), say a generic sentence instead. */
static void speakable_reason(const tacit_ranked_item_t* it, const tacit_reason_t* r, char* out, size_t n) {
  const char* text = r->spoken && r->spoken[0] ? r->spoken : r->text;
  if (!text || !text[0] || strstr(text, it->item_id) || (r->ref_is_item && r->ref_id[0] && strstr(text, r->ref_id)))
    text = r->kind == TACIT_REASON_SIMILAR ? "It's like something you enjoyed." : "I thought you might like it.";
  snprintf(out, n, "%s", text);
}

/* ---------------------------------------------------------------------------------------------------
 * Intents. */
static void normalise(const char* in, char* out, size_t n) {
  size_t j = 0;
  for (; *in && j + 1 < n; ++in) {
    unsigned char c = (unsigned char)*in;
    if (c == '\'' || c == '?' || c == '!' || c == '.' || c == ',') continue;
    out[j++] = (char)tolower(c);
  }
  while (j > 0 && out[j - 1] == ' ') --j;
  out[j] = '\0';
  while (out[0] == ' ') memmove(out, out + 1, strlen(out));
}

static int says(const char* heard, const char* phrase) { return strstr(heard, phrase) != NULL; }

static const char* const kOrdinals[MAX_FEED] = {"First", "Second", "Third", "Fourth", "Fifth"};

static void whats_new(speaker_t* sp) {
  tacit_rank_request_t req;
  tacit_status s;
  size_t i, n;
  char line[MAX_TEXT], title[512];
  tacit_rank_request_init(&req);
  req.k = 3;
  req.surface = TACIT_SURFACE_VOICE;
  req.seed = 7;
  req.exploration = 0;
  req.frequency_cap = 0;
  tacit_ranking_free(sp->feed);
  sp->feed = NULL;
  s = tacit_rank(sp->t, &req, &sp->feed);
  if (s != TACIT_OK) {
    say_error(sp, "rank", s);
    return;
  }
  n = tacit_ranking_size(sp->feed);
  sp->current = 0;
  if (n == 0) {
    say(sp, "I have nothing new for you right now.");
    return;
  }
  snprintf(line, sizeof line, "Here %s for you.", n == 1 ? "is one thing" : n == 2 ? "are two things" : "are three things");
  say(sp, line);
  for (i = 0; i < n && i < MAX_FEED; ++i) {
    speakable_title(sp->t, tacit_ranking_get(sp->feed, i), title, sizeof title);
    snprintf(line, sizeof line, "%s: %s.", kOrdinals[i], title);
    say(sp, line);
  }
  say(sp, "Ask me why, or say not interested.");
}

static const tacit_ranked_item_t* current_item(speaker_t* sp) {
  if (!sp->feed || sp->current >= tacit_ranking_size(sp->feed)) {
    say(sp, "Ask me what's new first.");
    return NULL;
  }
  return tacit_ranking_get(sp->feed, sp->current);
}

static void why(speaker_t* sp) {
  const tacit_ranked_item_t* it = current_item(sp);
  char reason[400], title[512], line[MAX_TEXT];
  if (!it) return;
  speakable_title(sp->t, it, title, sizeof title);
  speakable_reason(it, tacit_ranking_reason(sp->feed, sp->current, 0), reason, sizeof reason);
  snprintf(line, sizeof line, "%s: %s", title, reason);
  say(sp, line);
}

static void next(speaker_t* sp) {
  char title[400], line[MAX_TEXT];
  if (!current_item(sp)) return;
  if (sp->current + 1 >= tacit_ranking_size(sp->feed)) {
    say(sp, "That was the last one. Ask me what's new.");
    return;
  }
  ++sp->current;
  speakable_title(sp->t, tacit_ranking_get(sp->feed, sp->current), title, sizeof title);
  snprintf(line, sizeof line, "Next: %s.", title);
  say(sp, line);
}

/* "I like jazz": declare the topic whose label was heard. Asked, never inferred. */
static void i_like(speaker_t* sp, const char* what) {
  tacit_topic_list_t* topics = NULL;
  char line[MAX_TEXT];
  size_t i;
  int found = 0;
  tacit_status s = tacit_catalog_topics(sp->t, &topics);
  if (s != TACIT_OK) {
    say_error(sp, "topics", s);
    return;
  }
  for (i = 0; i < tacit_topic_list_size(topics) && !found; ++i) {
    const tacit_topic_t* x = tacit_topic_list_get(topics, i);
    char label[256];
    normalise(x->label, label, sizeof label);
    if (strcmp(label, what) == 0) {
      found = 1;
      s = tacit_declare_interest(sp->t, x->id, 1.0);
      if (s != TACIT_OK) {
        tacit_topic_list_free(topics);
        say_error(sp, "declare", s);
        return;
      }
      snprintf(line, sizeof line, "Okay. I'll remember that you like %s.", x->label);
    }
  }
  tacit_topic_list_free(topics);
  if (!found) snprintf(line, sizeof line, "Sorry, I don't have anything about %.200s.", what);
  tacit_ranking_free(sp->feed);
  sp->feed = NULL;
  say(sp, line);
}

/* "Play it": the item is played through; behaviour, stored only with consent and when not paused. */
static void play(speaker_t* sp) {
  const tacit_ranked_item_t* it = current_item(sp);
  tacit_event_t e[2];
  char title[400], line[MAX_TEXT];
  int64_t now = sp->fixed_now;
  tacit_status s;
  int i;
  if (!it) return;
  if (now <= 0) now = (int64_t)time(NULL) * 1000;
  for (i = 0; i < 2; ++i) {
    tacit_event_init(&e[i]);
    e[i].type = i == 0 ? TACIT_EVENT_OPEN : TACIT_EVENT_COMPLETE;
    e[i].item_id = it->item_id;
    e[i].timestamp_ms = now - 60000 + i * 30000;
  }
  s = tacit_record_events(sp->t, e, 2);
  if (s != TACIT_OK) {
    say_error(sp, "play", s);
    return;
  }
  speakable_title(sp->t, it, title, sizeof title);
  snprintf(line, sizeof line, "Playing %s.", title);
  say(sp, line);
}

static void not_interested(speaker_t* sp) {
  const tacit_ranked_item_t* it = current_item(sp);
  char title[400], line[MAX_TEXT];
  tacit_status s;
  if (!it) return;
  speakable_title(sp->t, it, title, sizeof title);
  s = tacit_not_interested_item(sp->t, it->item_id);
  if (s != TACIT_OK) {
    say_error(sp, "not interested", s);
    return;
  }
  snprintf(line, sizeof line, "Okay. I won't suggest %s again.", title);
  say(sp, line);
}

/* "Forget that": undo the signal behind the current item's main reason. */
static void forget_that(speaker_t* sp) {
  const tacit_ranked_item_t* it = current_item(sp);
  const tacit_reason_t* r;
  char label[256], topic[TACIT_MAX_ID_LEN + 1], line[MAX_TEXT];
  tacit_status s = TACIT_OK;
  if (!it) return;
  r = tacit_ranking_reason(sp->feed, sp->current, 0);
  if (r->kind == TACIT_REASON_DECLARED && !r->ref_is_item) {
    topic_label(sp->t, r->ref_id, label, sizeof label);
    s = tacit_undeclare_interest(sp->t, r->ref_id);
    snprintf(line, sizeof line, "Okay. I've forgotten that you like %s.", label);
  } else if (r->kind == TACIT_REASON_INFERRED && !r->ref_is_item) {
    topic_label(sp->t, r->ref_id, label, sizeof label);
    s = tacit_forget_inferred(sp->t, r->ref_id);
    snprintf(line, sizeof line, "Okay. What you played about %s no longer counts.", label);
  } else if (r->kind == TACIT_REASON_SIMILAR && r->ref_is_item) {
    main_topic(sp->t, r->ref_id, topic, sizeof topic);
    if (topic[0]) {
      topic_label(sp->t, topic, label, sizeof label);
      s = tacit_forget_topic_behaviour(sp->t, topic);
      snprintf(line, sizeof line, "Okay. I've deleted what you played about %s.", label);
    } else {
      snprintf(line, sizeof line, "There's nothing about you behind that one to forget.");
    }
  } else {
    snprintf(line, sizeof line, "That one isn't based on anything about you, so there's nothing to forget.");
  }
  if (s != TACIT_OK) {
    say_error(sp, "forget", s);
    return;
  }
  tacit_ranking_free(sp->feed);
  sp->feed = NULL;
  say(sp, line);
}

static int delete_key_file(const char* path) {
  FILE* f = fopen(path, "r+b");
  if (f) {
    static const unsigned char zero[TACIT_KEY_BYTES];
    fwrite(zero, 1, sizeof zero, f);
    fflush(f);
    fsync(fileno(f));
    fclose(f);
  }
  return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

static void delete_everything(speaker_t* sp) {
  tacit_status s = tacit_erase_all(sp->t);
  if (s != TACIT_OK) {
    say_error(sp, "erase", s);
    return;
  }
  tacit_ranking_free(sp->feed);
  sp->feed = NULL;
  tacit_close(sp->t);
  sp->t = NULL;
  sp->erased = 1;
  if (delete_key_file(sp->key_file) != 0) fprintf(stderr, "tacit-speaker: cannot delete %s\n", sp->key_file);
  rmdir(sp->profile); /* only if tacit left it empty */
  say(sp, "Done. Everything I knew about you is deleted.");
}

static int handle(speaker_t* sp, const char* raw) {
  char heard[MAX_TEXT];
  normalise(raw, heard, sizeof heard);
  if (!heard[0]) return 1;
  if (sp->erased) {
    say(sp, "There is nothing left to talk about. Goodbye.");
    return 0;
  }
  if (sp->confirm_delete) {
    sp->confirm_delete = 0;
    if (strcmp(heard, "yes") == 0 || strcmp(heard, "yes delete it") == 0) {
      delete_everything(sp);
      return 1;
    }
    say(sp, "Okay, I kept everything.");
    return 1;
  }
  if (says(heard, "whats new") || says(heard, "what is new") || says(heard, "anything new")) whats_new(sp);
  else if (says(heard, "why")) why(sp);
  else if (says(heard, "next")) next(sp);
  else if (strncmp(heard, "i like ", 7) == 0) i_like(sp, heard + 7);
  else if (says(heard, "play")) play(sp);
  else if (says(heard, "not interested")) not_interested(sp);
  else if (says(heard, "forget that") || says(heard, "forget it")) forget_that(sp);
  else if (says(heard, "delete my data") || says(heard, "delete everything")) {
    sp->confirm_delete = 1;
    say(sp, "This deletes everything I know about you, for good. Say yes to delete it.");
  } else if (says(heard, "stop") || says(heard, "goodbye")) {
    say(sp, "Goodbye.");
    return 0;
  } else {
    say(sp, "You can ask what's new, why, next, play it, I like, not interested, forget that, or delete my data.");
  }
  return 1;
}

/* ---------------------------------------------------------------------------------------------------
 * Start-up: options, the profile, the catalog. */
static int read_file(const char* path, uint8_t** out, size_t* len) {
  FILE* f = fopen(path, "rb");
  uint8_t* buf = NULL;
  size_t n = 0, cap = 0;
  if (!f) return -1;
  for (;;) {
    size_t got;
    if (n == cap) {
      uint8_t* p;
      cap = cap ? cap * 2 : 4096;
      p = (uint8_t*)realloc(buf, cap);
      if (!p) {
        free(buf);
        fclose(f);
        return -1;
      }
      buf = p;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  fclose(f);
  *out = buf;
  *len = n;
  return 0;
}

static int usage(void) {
  fprintf(stderr,
          "usage: tacit-speaker --profile DIR --key-file FILE --brand-key FILE [--brand-id ID] [--catalog FILE]\n"
          "                     [--now MS] [--wav-dir DIR] [--voice NAME]\n"
          "reads utterances from stdin, one per line: what's new? | next | why? | not interested |\n"
          "forget that | delete my data | stop\n");
  return 2;
}

int main(int argc, char** argv) {
  speaker_t sp;
  const char *brand_key = NULL, *brand_id = NULL, *catalog = NULL, *voice = "en";
  char line[MAX_TEXT];
  uint8_t *key = NULL, *pk = NULL, *cat = NULL;
  size_t key_len = 0, pk_len = 0, cat_len = 0;
  tacit_options_t* o;
  tacit_status s;
  tacit_catalog_info_t info;
  int i;
  memset(&sp, 0, sizeof sp);
  for (i = 1; i < argc; i += 2) {
    const char* a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage();
      return 0;
    }
    if (strcmp(a, "--version") == 0) {
      printf("tacit-speaker (tacit %s)\n", tacit_version());
      return 0;
    }
    if (!v) return usage();
    if (strcmp(a, "--profile") == 0) sp.profile = v;
    else if (strcmp(a, "--key-file") == 0) sp.key_file = v;
    else if (strcmp(a, "--brand-key") == 0) brand_key = v;
    else if (strcmp(a, "--brand-id") == 0) brand_id = v;
    else if (strcmp(a, "--catalog") == 0) catalog = v;
    else if (strcmp(a, "--wav-dir") == 0) sp.wav_dir = v;
    else if (strcmp(a, "--voice") == 0) voice = v;
    else if (strcmp(a, "--now") == 0) sp.fixed_now = strtoll(v, NULL, 10);
    else return usage();
  }
  if (!sp.profile || !sp.key_file || !brand_key) return usage();

  /* The device's key: a real speaker keeps it in its secure element. Created on first start. */
  if (read_file(sp.key_file, &key, &key_len) != 0) {
    FILE* rnd = fopen("/dev/urandom", "rb");
    FILE* kf;
    key = (uint8_t*)malloc(TACIT_KEY_BYTES);
    key_len = TACIT_KEY_BYTES;
    if (!rnd || !key || fread(key, 1, key_len, rnd) != key_len) {
      fprintf(stderr, "tacit-speaker: cannot make a key\n");
      return 1;
    }
    fclose(rnd);
    kf = fopen(sp.key_file, "wb");
    if (!kf || fwrite(key, 1, key_len, kf) != key_len || fclose(kf) != 0) {
      fprintf(stderr, "tacit-speaker: cannot write %s\n", sp.key_file);
      return 1;
    }
    chmod(sp.key_file, 0600);
  }
  if (read_file(brand_key, &pk, &pk_len) != 0) {
    fprintf(stderr, "tacit-speaker: cannot read %s\n", brand_key);
    return 1;
  }
  o = tacit_options_new();
  if (!o) return 1;
  s = tacit_options_set_path(o, sp.profile);
  if (s == TACIT_OK) s = tacit_options_set_key(o, key, key_len);
  memset(key, 0, key_len);
  free(key);
  if (s == TACIT_OK) s = tacit_options_add_brand_key(o, pk, pk_len);
  free(pk);
  if (s == TACIT_OK && brand_id) s = tacit_options_set_brand_id(o, brand_id);
  if (s == TACIT_OK && sp.fixed_now > 0) s = tacit_options_set_clock(o, fixed_clock, &sp);
  if (s == TACIT_OK) s = tacit_open(o, &sp.t);
  tacit_options_free(o);
  if (s != TACIT_OK) {
    fprintf(stderr, "tacit-speaker: open: %s: %s\n", tacit_status_name(s), tacit_last_error());
    return 1;
  }
  tacit_catalog_info_init(&info);
  if (catalog && tacit_catalog_info(sp.t, &info) != TACIT_OK) {
    if (read_file(catalog, &cat, &cat_len) != 0) {
      fprintf(stderr, "tacit-speaker: cannot read %s\n", catalog);
      return 1;
    }
    s = tacit_load_catalog(sp.t, cat, cat_len);
    free(cat);
    if (s != TACIT_OK) {
      fprintf(stderr, "tacit-speaker: catalog: %s: %s\n", tacit_status_name(s), tacit_last_error());
      return 1;
    }
  }

#ifdef TACIT_SPEAKER_ESPEAK
  if (sp.wav_dir) {
    mkdir(sp.wav_dir, 0755);
    sp.sample_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
    if (sp.sample_rate <= 0 || espeak_SetVoiceByName(voice) != EE_OK) {
      fprintf(stderr, "tacit-speaker: espeak-ng is not available; text only\n");
      sp.sample_rate = 0;
    } else {
      espeak_SetSynthCallback(on_samples);
    }
  }
#else
  (void)voice;
  if (sp.wav_dir) fprintf(stderr, "tacit-speaker: built without espeak-ng; text only\n");
#endif

  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (!handle(&sp, line)) break;
  }
  tacit_ranking_free(sp.feed);
  tacit_close(sp.t);
#ifdef TACIT_SPEAKER_ESPEAK
  if (sp.sample_rate > 0) espeak_Terminate();
  free(g_samples);
#endif
  return 0;
}

/*
 * tacit — on-device personalisation: an encrypted profile, local ranking with reasons, and only
 * consented, aggregated, privacy-protected signals sent to the brand.
 *
 * This is the one stable C API. Bindings (JNI, Swift) sit on it.
 *
 * Conventions
 * - Handles are opaque. Every `*_close` / `*_free` accepts NULL and then does nothing.
 * - Every fallible function returns a tacit_status. TACIT_OK is 0. Status values are grow-only: a value
 *   never changes meaning and is never reused. On failure, tacit_last_error() gives a message for the
 *   calling thread (thread-local, valid until the thread's next tacit_* call).
 * - Output parameters are written only on success.
 * - Binary data is (const uint8_t*, size_t). Keys are bytes, never strings, and must have exactly the
 *   documented length: a wrong length is TACIT_ERR_KEY_LENGTH, never truncated or padded.
 * - Identifiers (item ids, topic ids) are NUL-terminated UTF-8, 1..TACIT_MAX_ID_LEN bytes, printable ASCII
 *   or UTF-8 with no control characters.
 * - Timestamps are Unix time in milliseconds (int64_t).
 * - Memory returned by tacit (strings, lists) is owned by the caller and released with the matching
 *   `*_free` function (tacit_free for plain buffers).
 * - Structs that may grow carry their size in a leading `size_t struct_size` (see "Growable structs").
 * - Nothing in this API aborts or lets a C++ exception escape. Out-of-memory is TACIT_ERR_NO_MEMORY (in
 *   builds with -fno-exceptions an allocation failure inside the C++ core terminates, as for any such code).
 *
 * Thread safety
 * - A tacit_t handle may be used from several threads at once: calls on one handle are serialised by an
 *   internal fair lock (first come, first served), and each call is atomic with respect to the others (a
 *   batch is stored whole or not at all). Building the profile model from the stored events (the first
 *   tacit_rank, tacit_explain or tacit_export_json after open, a catalog change or a forget) lets queued
 *   calls run between pages of events; the call that needed the model still sees one consistent state.
 *   The clock callback runs inside API calls, with the handle's lock held: it must not call tacit.
 * - A tacit_options_t is not synchronised: build it on one thread, then pass it to tacit_open.
 * - Lists and strings returned by tacit are immutable snapshots and may be read from any thread.
 * - Opening two handles on the same profile directory (in one or several processes) is refused with
 *   TACIT_ERR_BUSY.
 * - tacit_close must not race with other calls on the same handle.
 */
#ifndef TACIT_TACIT_H_
#define TACIT_TACIT_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------------
 * Export and attributes
 * ------------------------------------------------------------------------------------------------ */
#if defined(_WIN32) && defined(TACIT_SHARED_BUILD)
#define TACIT_EXPORT __declspec(dllexport)
#elif defined(_WIN32) && defined(TACIT_SHARED)
#define TACIT_EXPORT __declspec(dllimport)
#elif defined(__GNUC__)
#define TACIT_EXPORT __attribute__((visibility("default")))
#else
#define TACIT_EXPORT
#endif

#if defined(__GNUC__)
#define TACIT_MUST_USE __attribute__((warn_unused_result))
#else
#define TACIT_MUST_USE
#endif

/* ---------------------------------------------------------------------------------------------------
 * Growable structs. A struct may gain fields at its end in a minor version; fields are never removed,
 * reordered or retyped, and a new field's zero value means "as before". Each public struct starts with
 * `size_t struct_size`:
 * - Structs the caller passes or lends (tacit_event_t, tacit_rank_request_t, tacit_catalog_info_t): set
 *   struct_size to sizeof as the caller compiled it, with the matching tacit_*_init function below (do not
 *   memset and fill by hand). tacit reads, or writes, only the first struct_size bytes; fields past them
 *   take their defaults (after a write, struct_size says how many bytes tacit filled). A struct_size below the first version's size is TACIT_ERR_INVALID_ARGUMENT. An
 *   array of events is walked with events[0].struct_size as its stride; every element carries the same.
 * - Structs tacit hands out (tacit_event_t from a list, tacit_interest_t, tacit_ranked_item_t,
 *   tacit_reason_t, tacit_outgoing_report_t) belong to tacit and are reached only through accessors
 *   (never by pointer arithmetic or an index with the caller's sizeof). Their struct_size is tacit's own:
 *   read a field added after the version compiled against only when TACIT_HAS_FIELD says it is there.
 * Opaque handles (tacit_t, tacit_options_t, lists, rankings) grow freely.
 * ------------------------------------------------------------------------------------------------ */
#define TACIT_HAS_FIELD(ptr, type, field) \
  ((ptr)->struct_size >= offsetof(type, field) + sizeof(((const type*)(ptr))->field))

#if defined(__cplusplus) || (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L)
#define TACIT_INLINE static inline
#else
#define TACIT_INLINE static __inline
#endif

/* ---------------------------------------------------------------------------------------------------
 * Version. The macros give the version compiled against; tacit_version() the version linked.
 * ------------------------------------------------------------------------------------------------ */
#define TACIT_VERSION_MAJOR 0
#define TACIT_VERSION_MINOR 5
#define TACIT_VERSION_PATCH 0
#define TACIT_VERSION_STRING "0.5.0"
#define TACIT_VERSION_NUMBER (TACIT_VERSION_MAJOR * 10000 + TACIT_VERSION_MINOR * 100 + TACIT_VERSION_PATCH)

TACIT_EXPORT const char* tacit_version(void);
TACIT_EXPORT int tacit_version_number(void);

/* ---------------------------------------------------------------------------------------------------
 * Status codes (grow-only; values are part of the ABI).
 * ------------------------------------------------------------------------------------------------ */
typedef int tacit_status;

#define TACIT_OK 0
#define TACIT_ERR_INVALID_ARGUMENT 1    /* NULL where not allowed, bad enum, bad id, bad timestamp... */
#define TACIT_ERR_KEY_LENGTH 2          /* a key of the wrong length */
#define TACIT_ERR_KEY 3                 /* the key does not open this profile */
#define TACIT_ERR_CORRUPT 4             /* the profile failed authentication or integrity checks */
#define TACIT_ERR_SCHEMA_TOO_NEW 5      /* profile written by a newer tacit; left untouched */
#define TACIT_ERR_IO 6                  /* file system error */
#define TACIT_ERR_NO_MEMORY 7
#define TACIT_ERR_BUSY 8                /* the profile is open elsewhere */
#define TACIT_ERR_NOT_FOUND 9
#define TACIT_ERR_INTERNAL 10           /* a bug in tacit; the message says where */
#define TACIT_ERR_CLOSED 11             /* the profile was erased through this handle */
/* catalog loading (see tacit_load_catalog) */
#define TACIT_ERR_CATALOG_BAD_SIGNATURE 20
#define TACIT_ERR_CATALOG_UNKNOWN_KEY 21
#define TACIT_ERR_CATALOG_MALFORMED 22
#define TACIT_ERR_CATALOG_EXPIRED 23
#define TACIT_ERR_CATALOG_NOT_YET_VALID 24
#define TACIT_ERR_CATALOG_ROLLED_BACK 25
#define TACIT_ERR_CATALOG_WRONG_BRAND 26
#define TACIT_ERR_NO_CATALOG 27          /* an operation needs a catalog and none is active */
/* consent and reports */
#define TACIT_ERR_TCF_MALFORMED 40
#define TACIT_ERR_NO_CONSENT 41
#define TACIT_ERR_BUDGET_EXHAUSTED 42
#define TACIT_ERR_REPORT_MALFORMED 43
/* DAP (docs/dap.md) */
#define TACIT_ERR_DAP_CONFIG_MALFORMED 60 /* an aggregator's HpkeConfigList is not well formed */
#define TACIT_ERR_DAP_UNSUPPORTED_HPKE 61 /* no config in the list names a KEM/KDF/AEAD tacit implements */
/* the measurement plan (see tacit_options_set_measurement_plan) */
#define TACIT_ERR_PLAN_BAD_SIGNATURE 50
#define TACIT_ERR_PLAN_UNKNOWN_KEY 51
#define TACIT_ERR_PLAN_MALFORMED 52
#define TACIT_ERR_PLAN_EXPIRED 53
#define TACIT_ERR_PLAN_NOT_YET_VALID 54
#define TACIT_ERR_PLAN_WRONG_BRAND 55
#define TACIT_ERR_NO_PLAN 56             /* an operation needs a measurement plan and none was given at open */
/* An id the active catalog does not hold: declaring an interest, "not interested" in an item or a topic.
 * Without an active catalog every well-formed id is accepted (it applies once a catalog holds it). */
#define TACIT_ERR_UNKNOWN_ID 57

/* The symbolic name of a status ("TACIT_ERR_KEY"); "TACIT_UNKNOWN_STATUS" for unknown values. Static storage. */
TACIT_EXPORT const char* tacit_status_name(tacit_status status);
/* The calling thread's message for its last failed call; "" if none. Valid until the thread's next call. */
TACIT_EXPORT const char* tacit_last_error(void);

/* Releases a buffer returned by tacit (strings, JSON). NULL is a no-op. */
TACIT_EXPORT void tacit_free(void* p);

/* Limits, as macros and as functions for bindings. */
#define TACIT_KEY_BYTES 32u
#define TACIT_MAX_ID_LEN 128u
#define TACIT_MAX_EVENT_TOPICS 16u
#define TACIT_MAX_BATCH 10000u
TACIT_EXPORT size_t tacit_key_bytes(void);
TACIT_EXPORT size_t tacit_max_id_len(void);

/* ---------------------------------------------------------------------------------------------------
 * Options → open → close
 * ------------------------------------------------------------------------------------------------ */
typedef struct tacit_options tacit_options_t;
typedef struct tacit_handle tacit_t;

/* Time source in Unix milliseconds; for tests and hosts with their own clock. */
typedef int64_t (*tacit_clock_fn)(void* ctx);

/* Returns NULL only when out of memory. */
TACIT_EXPORT tacit_options_t* tacit_options_new(void);
/* Wipes any key material held and frees. NULL is a no-op. */
TACIT_EXPORT void tacit_options_free(tacit_options_t* options);

/* The profile directory; created if missing (its parent must exist). Required. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_path(tacit_options_t* options, const char* dir);

/* The profile's 256-bit key, exactly TACIT_KEY_BYTES bytes. Copied into locked memory; the caller may
 * wipe its copy after this returns. Replaces a passphrase set earlier. Keep the key in the platform's
 * keystore (Android Keystore, iOS Keychain); without it the profile cannot be read by anyone. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_key(tacit_options_t* options, const uint8_t* key,
                                                              size_t key_len);

/* Derive the key from a passphrase with Argon2id (libsodium crypto_pwhash) and a random 16-byte salt
 * stored beside the profile (salts are not secret). Cost for new profiles: opslimit 2, memlimit 64 MiB
 * (libsodium's INTERACTIVE: ~0.1-0.3 s on a phone); change it with tacit_options_set_passphrase_cost.
 * The cost used is stored with the salt, so later opens use the same parameters. 1..1024 bytes. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_passphrase(tacit_options_t* options,
                                                                     const uint8_t* passphrase, size_t len);
/* opslimit >= 1, memlimit in bytes >= 8192 (libsodium's bounds). Applies when a profile is created. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_passphrase_cost(tacit_options_t* options,
                                                                          uint64_t opslimit, size_t memlimit);

/* Durability of acknowledged writes. */
#define TACIT_DURABILITY_PROCESS_CRASH 0 /* default: survives a process kill (WAL, synchronous=NORMAL) */
#define TACIT_DURABILITY_POWER_LOSS 1    /* also survives power loss (WAL, synchronous=FULL); slower */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_durability(tacit_options_t* options, int durability);

/* Clock used for "now" (event validation, decay, catalog validity). Default: the system clock. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_clock(tacit_options_t* options, tacit_clock_fn clock,
                                                                void* ctx);

/* Opens (creating if needed) the profile. Migrates an older schema in one transaction. Does not take
 * ownership of `options`; free it (and so wipe its key) as soon as convenient. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_open(const tacit_options_t* options, tacit_t** out);
/* Closes and frees. NULL is a no-op. */
TACIT_EXPORT void tacit_close(tacit_t* handle);

/* Re-encrypts the profile under a new key of exactly TACIT_KEY_BYTES bytes (from a key or a passphrase
 * profile). The profile is copied into a new file under the new key, proven to open with it and not with the
 * old one, then renamed over the old file. On success only the new key opens it; on failure the handle keeps
 * working under the old key. After a crash during the rekey exactly one of the two opens the profile and the
 * other gets TACIT_ERR_KEY with a message saying which to use. A full disk is TACIT_ERR_IO. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_rekey(tacit_t* handle, const uint8_t* new_key, size_t key_len);
/* As tacit_rekey, to a passphrase (1..1024 bytes; Argon2id with a fresh salt, at the profile's current cost
 * when it has a passphrase, else at the cost the options gave). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_rekey_passphrase(tacit_t* handle, const uint8_t* passphrase,
                                                               size_t len);

/* Checks the whole profile file: every page read again from the file and authenticated (its HMAC), the
 * WAL's pages included, and the structure of every b-tree. TACIT_OK when sound; TACIT_ERR_CORRUPT naming the first damage found (nothing is changed or
 * deleted: see docs/storage.md, "Damage"). tacit_open checks only a bounded share of the pages so that its
 * cost does not grow with the profile, and every page is authenticated whenever it is read; a host that wants
 * damage found early calls this when the app is idle. Reads every page, holding the handle meanwhile: its
 * cost grows with the file (docs/benchmarks.md: BM_LargeProfileCheckIntegrity, a 4.9 MB profile). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_check_integrity(tacit_t* handle);

/* Deletes the whole profile (database, -wal, -shm, key metadata) and leaves the handle closed: later calls
 * give TACIT_ERR_CLOSED; tacit_close is still required. A durable tombstone is written first: if the erase is
 * interrupted (crash, I/O error), the next tacit_open of the directory finishes it and starts a fresh profile. Files are overwritten before unlinking where the
 * file system allows; on flash storage the reliable guarantee is crypto-shredding: also delete the key
 * from the host's keystore (see docs/crypto-shredding.md). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_erase_all(tacit_t* handle);

/* ---------------------------------------------------------------------------------------------------
 * Interaction events
 * ------------------------------------------------------------------------------------------------ */
typedef enum tacit_event_type {
  TACIT_EVENT_VIEW = 1,       /* shown and looked at */
  TACIT_EVENT_OPEN = 2,       /* opened / clicked / started playing */
  TACIT_EVENT_COMPLETE = 3,   /* read to the end / listened through */
  TACIT_EVENT_LIKE = 4,
  TACIT_EVENT_SHARE = 5,
  TACIT_EVENT_DISMISS = 6,    /* swiped away: lowers weight */
  TACIT_EVENT_CONVERSION = 7, /* a purchase or sign-up; value = amount */
  TACIT_EVENT_SKIP = 8        /* skipped (voice surfaces) */
} tacit_event_type;

typedef struct tacit_event {
  size_t struct_size;           /* growable: set by tacit_event_init */
  int32_t type;                 /* a tacit_event_type */
  const char* item_id;          /* required */
  const char* const* topic_ids; /* 0..TACIT_MAX_EVENT_TOPICS ids; may be NULL when topic_count == 0 */
  size_t topic_count;
  int64_t timestamp_ms;         /* >= 2000-01-01 and <= now + 24 h */
  double value;                 /* finite, |value| <= 1e9; 1.0 if it carries no amount */
} tacit_event_t;

/* Zeroes *event, sets struct_size to the caller's sizeof and value to 1.0. */
TACIT_INLINE void tacit_event_init(tacit_event_t* event) {
  event->struct_size = sizeof(tacit_event_t);
  event->type = 0;
  event->item_id = NULL;
  event->topic_ids = NULL;
  event->topic_count = 0;
  event->timestamp_ms = 0;
  event->value = 1.0;
}

/* Records one event (struct_size set: tacit_event_init), durably, before returning TACIT_OK. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_record_event(tacit_t* handle, const tacit_event_t* event);
/* Records 1..TACIT_MAX_BATCH events in one transaction: all are stored or none (an invalid event rejects the
 * batch with TACIT_ERR_INVALID_ARGUMENT and a message naming its index). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_record_events(tacit_t* handle, const tacit_event_t* events,
                                                            size_t count);
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_event_count(tacit_t* handle, uint64_t* out);

/* A snapshot of stored events, oldest first. */
typedef struct tacit_event_list tacit_event_list_t;
/* Events with timestamp >= since_ms, at most `limit` of them (0 = no limit). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_events_read(tacit_t* handle, int64_t since_ms, size_t limit,
                                                          tacit_event_list_t** out);
TACIT_EXPORT size_t tacit_event_list_size(const tacit_event_list_t* list);
/* The i-th event; NULL if out of range. Pointers inside stay valid until the list is freed. */
TACIT_EXPORT const tacit_event_t* tacit_event_list_get(const tacit_event_list_t* list, size_t i);
TACIT_EXPORT void tacit_event_list_free(tacit_event_list_t* list);

/* ---------------------------------------------------------------------------------------------------
 * Declared interests: what the user said. They outrank anything inferred.
 * ------------------------------------------------------------------------------------------------ */
/* Declares (or re-declares) a topic; weight in (0, 1], 1 for "yes, I like this". With a catalog active the
 * topic must be one of its topics (TACIT_ERR_UNKNOWN_ID otherwise). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_declare_interest(tacit_t* handle, const char* topic_id,
                                                               double weight);
/* Removes a declared interest; TACIT_ERR_NOT_FOUND if it was not declared. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_undeclare_interest(tacit_t* handle, const char* topic_id);

typedef struct tacit_interest {
  size_t struct_size; /* growable; tacit's own (see "Growable structs") */
  const char* topic_id;
  double weight;
  int64_t declared_at_ms;
} tacit_interest_t;
typedef struct tacit_interest_list tacit_interest_list_t;
/* Declared interests, ordered by topic id. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_interests_read(tacit_t* handle, tacit_interest_list_t** out);
TACIT_EXPORT size_t tacit_interest_list_size(const tacit_interest_list_t* list);
TACIT_EXPORT const tacit_interest_t* tacit_interest_list_get(const tacit_interest_list_t* list, size_t i);
TACIT_EXPORT void tacit_interest_list_free(tacit_interest_list_t* list);

/* ---------------------------------------------------------------------------------------------------
 * The brand's catalog (docs/catalog-format.md)
 * ------------------------------------------------------------------------------------------------ */
/* Adds a brand Ed25519 public key (exactly 32 bytes) that may sign catalogs. Up to 8 keys (rotation). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_add_brand_key(tacit_options_t* options, const uint8_t* key,
                                                                    size_t key_len);
/* The brand id catalogs must carry; NULL or "" accepts any brand. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_brand_id(tacit_options_t* options, const char* brand_id);
/* Half-life of inferred interests, in ms (1 h .. 365 days). Default 14 days. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_half_life(tacit_options_t* options, int64_t half_life_ms);

/* Verifies and activates a signed catalog, in this order: the signature over the exact bytes, the
 * FlatBuffers verifier with tight limits, semantic checks, brand, validity window, version; then stores it
 * in the encrypted profile in one transaction. On any failure the previous catalog stays active. Codes:
 * TACIT_ERR_CATALOG_{BAD_SIGNATURE, UNKNOWN_KEY, MALFORMED, EXPIRED, NOT_YET_VALID, ROLLED_BACK, WRONG_BRAND}.
 * Loading the active version again is accepted. A stored catalog keeps serving after its expiry until a
 * newer one is loaded (tacit_catalog_info's `stale` tells the host). The highest version ever activated is
 * kept in the profile: a lower one is TACIT_ERR_CATALOG_ROLLED_BACK even after a restart. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_load_catalog(tacit_t* handle, const uint8_t* signed_catalog,
                                                           size_t len);

typedef struct tacit_catalog_info {
  size_t struct_size; /* growable: set by tacit_catalog_info_init */
  uint64_t version;
  int64_t issued_at_ms;
  int64_t expires_at_ms;
  size_t item_count;
  size_t topic_count;
  size_t metric_count; /* metrics of the measurement plan given at open (0 without one): catalogs hold none */
  /* Added in 0.5 (TACIT_HAS_FIELD): 1 when the active catalog is past expires_at_ms by the session's clock.
   * A stale catalog keeps serving tacit_rank until a newer one is loaded: fetch one. */
  int32_t stale;
} tacit_catalog_info_t;
/* Zeroes *info and sets struct_size to the caller's sizeof. */
TACIT_INLINE void tacit_catalog_info_init(tacit_catalog_info_t* info) {
  info->struct_size = sizeof(tacit_catalog_info_t);
  info->version = 0;
  info->issued_at_ms = 0;
  info->expires_at_ms = 0;
  info->item_count = 0;
  info->topic_count = 0;
  info->metric_count = 0;
  info->stale = 0;
}
/* Fills the first out->struct_size bytes (set by tacit_catalog_info_init) and sets struct_size to the
 * number written (TACIT_HAS_FIELD then tells a newer caller which fields this tacit knew).
 * TACIT_ERR_NO_CATALOG when none is active. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_catalog_info(tacit_t* handle, tacit_catalog_info_t* out);

/* The active catalog's topics and items, for onboarding ("what do you like?") and for hosts that show items
 * by id. TACIT_ERR_NO_CATALOG when none is active. Lists are snapshots: they stay valid (and unchanged) after
 * a newer catalog is loaded. The structs are tacit's own (see "Growable structs"): read them through the
 * accessors' pointers, and a field added later through TACIT_HAS_FIELD. */
#define TACIT_SENSITIVITY_NONE 0 /* else a special category (health 1, religion 2, politics 3, sexuality 4,
                                    ethnicity 5, trade union 6, genetic/biometric 7, children 8): such topics
                                    are never inferred and their items are shown only when declared */
typedef struct tacit_topic {
  size_t struct_size;     /* growable; tacit's own */
  const char* id;
  const char* label;      /* the catalog's label ("trail running"); the id when the catalog has none */
  const char* parent_id;  /* "" for a root topic */
  int32_t sensitivity;    /* TACIT_SENSITIVITY_NONE or a special category (see above) */
} tacit_topic_t;
typedef struct tacit_topic_list tacit_topic_list_t;
/* Every topic, in catalog order (a parent may come after its children). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_catalog_topics(tacit_t* handle, tacit_topic_list_t** out);
TACIT_EXPORT size_t tacit_topic_list_size(const tacit_topic_list_t* list);
TACIT_EXPORT const tacit_topic_t* tacit_topic_list_get(const tacit_topic_list_t* list, size_t i);
TACIT_EXPORT void tacit_topic_list_free(tacit_topic_list_t* list);

typedef struct tacit_catalog_item {
  size_t struct_size;             /* growable; tacit's own */
  const char* id;
  const char* title;              /* "" when the catalog has none */
  const char* const* topic_ids;   /* 1..TACIT_MAX_EVENT_TOPICS topic ids, in catalog order */
  const double* topic_weights;    /* topic_count weights in (0, 1] */
  size_t topic_count;
  const char* campaign_id;        /* "" for none */
  int64_t published_at_ms;        /* 0 when unknown */
  const char* locale;             /* BCP 47; "" for any */
} tacit_catalog_item_t;
typedef struct tacit_catalog_item_list tacit_catalog_item_list_t;
/* Items [offset, offset + limit) in catalog order (limit 0 = to the end); an offset past the end gives an
 * empty list. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_catalog_items(tacit_t* handle, size_t offset, size_t limit,
                                                            tacit_catalog_item_list_t** out);
TACIT_EXPORT size_t tacit_catalog_item_list_size(const tacit_catalog_item_list_t* list);
TACIT_EXPORT const tacit_catalog_item_t* tacit_catalog_item_list_get(const tacit_catalog_item_list_t* list,
                                                                    size_t i);
TACIT_EXPORT void tacit_catalog_item_list_free(tacit_catalog_item_list_t* list);

/* ---------------------------------------------------------------------------------------------------
 * Feedback. "Not interested" is honoured everywhere, for good, across restarts. (A dismissal, which only
 * lowers weight, is a TACIT_EVENT_DISMISS event.)
 * ------------------------------------------------------------------------------------------------ */
/* With a catalog active the item or topic must be one of its own (TACIT_ERR_UNKNOWN_ID otherwise). Forgetting
 * and undeclaring always accept a well-formed id: they only ever take something away. Events may name items
 * a catalog does not hold yet (an app can show newer content than the device's catalog); they count once a
 * catalog that holds them is active. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_not_interested_item(tacit_t* handle, const char* item_id);
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_not_interested_topic(tacit_t* handle, const char* topic_id);

/* ---------------------------------------------------------------------------------------------------
 * Ranking with reasons
 * ------------------------------------------------------------------------------------------------ */
typedef enum tacit_surface { TACIT_SURFACE_FEED = 1, TACIT_SURFACE_VOICE = 2, TACIT_SURFACE_NOTIFICATION = 3 } tacit_surface;

typedef enum tacit_reason_kind {
  TACIT_REASON_DECLARED = 1,  /* the user said they like the topic */
  TACIT_REASON_INFERRED = 2,  /* from what the user did (needs personalisation consent) */
  TACIT_REASON_POPULAR = 3,   /* the brand's popularity prior */
  TACIT_REASON_EXPLORING = 4, /* exploration: something new */
  TACIT_REASON_FRESH = 5,     /* recently published */
  TACIT_REASON_SIMILAR = 6    /* like an item the user enjoyed */
} tacit_reason_kind;

typedef struct tacit_reason {
  size_t struct_size;    /* growable; tacit's own */
  int32_t kind;          /* a tacit_reason_kind */
  const char* ref_id;    /* the topic or item it refers to; "" for none */
  int32_t ref_is_item;   /* 1 when ref_id is an item id, 0 for a topic id */
  double contribution;   /* its part of the score */
  const char* text;      /* a sentence for a screen: "Because you said you like hiking" */
  const char* spoken;    /* a short spoken form: "You said you like hiking." */
} tacit_reason_t;

typedef struct tacit_ranked_item {
  size_t struct_size; /* growable; tacit's own */
  const char* item_id;
  const char* title;
  double score;
  size_t reason_count; /* >= 1; the reasons, strongest first, through tacit_ranking_reason */
} tacit_ranked_item_t;

typedef struct tacit_rank_request {
  size_t struct_size;                /* growable: set by tacit_rank_request_init */
  size_t k;                          /* 1..100 */
  int32_t surface;                   /* a tacit_surface */
  int64_t now_ms;                    /* 0 = the handle's clock */
  const char* locale;                /* NULL or "" = any; "en" matches "en-GB" */
  const char* const* candidate_ids;  /* NULL = the whole catalog; else 1..100000 ids (unknown ids: error) */
  size_t candidate_count;
  uint64_t seed;                     /* exploration seed: the same seed and profile give the same list; 0 = random */
  double exploration;                /* share of k given to exploration, 0..0.5 */
  uint32_t frequency_cap;            /* max views per item per 24 h before it rests; 0 = no cap */
  /* Added in 0.5: */
  int32_t include_consumed;          /* 0 (default): items the user opened, completed or bought are not shown
                                        again; 1: they may be (music, replays) */
} tacit_rank_request_t;

/* Fills the first struct_size bytes of *request with the defaults (k 20, feed, now, any locale, whole
 * catalog, random seed, 10% exploration, frequency cap 3, consumed items left out) and sets its struct_size. Call it through
 * tacit_rank_request_init. TACIT_ERR_INVALID_ARGUMENT for NULL or a struct_size below the first version's. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_rank_request_init_sized(tacit_rank_request_t* request,
                                                                      size_t struct_size);
/* The defaults into a caller's request: tacit_rank_request_init(&req), then change what differs. */
TACIT_INLINE void tacit_rank_request_init(tacit_rank_request_t* request) {
  if (tacit_rank_request_init_sized(request, sizeof(tacit_rank_request_t)) != TACIT_OK) return; /* NULL */
}

typedef struct tacit_ranking tacit_ranking_t;
/* Ranks the active catalog (TACIT_ERR_NO_CATALOG if none) for the user. Never returns a not-interested
 * item, an item of a suppressed topic, or an item of a sensitive topic the user did not declare. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_rank(tacit_t* handle, const tacit_rank_request_t* request,
                                                   tacit_ranking_t** out);
/* Why one item would be shown, on demand: a ranking of one. TACIT_ERR_NOT_FOUND (with the reason in the
 * message) for an unknown item or one that is hidden. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_explain(tacit_t* handle, const char* item_id, tacit_ranking_t** out);
TACIT_EXPORT size_t tacit_ranking_size(const tacit_ranking_t* ranking);
TACIT_EXPORT const tacit_ranked_item_t* tacit_ranking_get(const tacit_ranking_t* ranking, size_t i);
/* The j-th reason (strongest first) of the i-th item; NULL if out of range. */
TACIT_EXPORT const tacit_reason_t* tacit_ranking_reason(const tacit_ranking_t* ranking, size_t i, size_t j);
TACIT_EXPORT void tacit_ranking_free(tacit_ranking_t* ranking);

/* ---------------------------------------------------------------------------------------------------
 * Consent (docs/consent.md). Each purpose is unknown, given or revoked; unknown means no. Changes are
 * persisted with the brand's policy version and a timestamp, and kept as a history the user can see.
 * ------------------------------------------------------------------------------------------------ */
typedef enum tacit_purpose {
  TACIT_PURPOSE_PERSONALIZATION = 1, /* use inferred signals in ranking; without it: declared + popular only */
  TACIT_PURPOSE_MEASUREMENT = 2      /* aggregated, locally differentially private reports */
} tacit_purpose;

typedef enum tacit_consent_state {
  TACIT_CONSENT_UNKNOWN = 0,
  TACIT_CONSENT_GIVEN = 1,
  TACIT_CONSENT_REVOKED = 2
} tacit_consent_state;

/* Records a decision. policy_version: the brand's consent text version, 1..64 printable bytes. A revocation
 * acts at once: pending reports of that purpose are purged from the outbox before this returns. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_consent_set(tacit_t* handle, int32_t purpose, int32_t state,
                                                          const char* policy_version);
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_consent_get(tacit_t* handle, int32_t purpose, int32_t* state);
/* Applies an IAB TCF v2.2 TC string for the brand's GVL vendor id: both purposes become given or revoked by
 * the mapping in docs/consent.md. A malformed string is TACIT_ERR_TCF_MALFORMED and changes nothing. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_consent_set_tcf(tacit_t* handle, const char* tc_string,
                                                              uint16_t vendor_id);

/* ---------------------------------------------------------------------------------------------------
 * The measurement plan, reports and the outbox (docs/reporting.md, docs/report-format.md).
 * What may leave the device is fixed by the measurement plan: the brand's signed list of metrics, the key
 * reports are sealed to and the ε budget, bundled with the app so that every user of one app build has the
 * same plan (its hash is in the export and the preview). Without a plan nothing is ever reported.
 * At the end of each metric's period the SDK decides whether to report (budget, consent) before it looks at
 * any value, then computes this device's value, randomises it afresh with local differential privacy,
 * pads it to the plan's one report size, seals it and queues it. The host sends queued reports with its own
 * transport and acknowledges them (at-least-once; the collector dedupes by report id).
 * ------------------------------------------------------------------------------------------------ */
/* The signed measurement plan (bytes as produced by `tacit-brand plan-sign`), copied. It is verified at
 * tacit_open under the brand keys (tacit_options_add_brand_key) and the brand id: signature over the exact
 * bytes, FlatBuffers verifier, semantic checks, brand; a plan failing them fails the open with
 * TACIT_ERR_PLAN_{BAD_SIGNATURE, UNKNOWN_KEY, MALFORMED, WRONG_BRAND}. An expired plan opens and reports
 * nothing (the preview says why); so does a plan older than one this profile already used (its version is a
 * rollback floor kept in the profile). At most 1 MiB. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_measurement_plan(tacit_options_t* options,
                                                                           const uint8_t* signed_plan, size_t len);
/* Lowers the plan's ε bounds per rolling 24 hours and per rolling 365 days; bounds above the plan's have no
 * effect (a host can lower, never raise). 0 keeps the plan's bound. Each must be finite and >= 0. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_options_set_epsilon_bounds(tacit_options_t* options,
                                                                         double per_24h, double per_365d);

/* Makes the reports that are due (needs a valid plan, measurement consent, a catalog, and budget). *made
 * (may be NULL) receives how many were queued. Reports refused for budget are recorded, not made. Cheap
 * when nothing is due: no event is read. TACIT_ERR_NO_PLAN without a plan. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_reports_prepare(tacit_t* handle, size_t* made);

typedef struct tacit_outgoing_report {
  size_t struct_size;   /* growable; tacit's own */
  const uint8_t* bytes; /* sealed report, what the host sends */
  size_t len;
  uint8_t report_id[16];
  const char* metric_id;
  uint64_t period;      /* index of the period: floor(time / period length) */
  double epsilon;       /* ε this report spent (every report spends its metric's ε) */
  /* Read with TACIT_HAS_FIELD (added to the first layout): how the report travels. TACIT_TRANSPORT_LDP_REPORT: a sealed local-DP
   * report for the brand's collector, upload_url and media_type NULL. TACIT_TRANSPORT_DAP: a DAP-09 Report:
   * HTTP PUT `bytes` to upload_url ({leader}/tasks/{task-id}/reports) with Content-Type media_type
   * ("application/dap-report"); any 2xx is success, then tacit_outbox_ack. The Leader drops a replayed
   * report id, so retrying after a lost answer is safe (docs/dap.md). */
  int32_t transport;
  const char* upload_url;
  const char* media_type;
} tacit_outgoing_report_t;
#define TACIT_TRANSPORT_LDP_REPORT 1
#define TACIT_TRANSPORT_DAP 2
/* The oldest queued report; TACIT_ERR_NOT_FOUND when the outbox is empty. It stays queued until acked. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_outbox_next(tacit_t* handle, tacit_outgoing_report_t** out);
TACIT_EXPORT void tacit_outgoing_report_free(tacit_outgoing_report_t* report);
/* Marks a report sent: it leaves the outbox and enters the sent log. Unknown ids are TACIT_ERR_NOT_FOUND. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_outbox_ack(tacit_t* handle, const uint8_t* report_id, size_t len);
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_outbox_size(tacit_t* handle, size_t* out);

/* ---------------------------------------------------------------------------------------------------
 * The user's controls: see, export, forget, pause, delete (docs/privacy-centre.md)
 * ------------------------------------------------------------------------------------------------ */
/* Everything tacit holds about the user as JSON (schema in docs/export-format.md): declared and inferred
 * interests with their evidence, blocked items and topics, consents and their history, the sent log, the ε
 * spent and left. *json is NUL-terminated and released with tacit_free; *len (may be NULL) its length. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_export_json(tacit_t* handle, char** json, size_t* len);
/* Exactly what the next reports contain, before anything is sent: prepares due reports (as
 * tacit_reports_prepare) and describes every queued one, decoded. Empty without measurement consent. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_reports_preview_json(tacit_t* handle, char** json, size_t* len);
/* Forgets one inferred interest: the behaviour recorded so far no longer counts for that topic. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_forget_inferred(tacit_t* handle, const char* topic_id);
/* Deletes every stored event about a topic (its own id or, for catalog items, the item's topics). */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_forget_topic_behaviour(tacit_t* handle, const char* topic_id);
/* Pauses (1) or resumes (0) personalisation: while paused, events are not stored and ranking uses declared
 * interests and the popularity prior only. Persisted. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_set_paused(tacit_t* handle, int paused);


/* ---------------------------------------------------------------------------------------------------
 * DAP (docs/dap.md). A plan metric may name a DAP task: its reports are Prio3 shares for two aggregators,
 * the brand's Leader and an independent Helper, each sealed with HPKE to that aggregator's key, so neither
 * can read a report alone. The host fetches each aggregator's HpkeConfigList (GET
 * {aggregator}/hpke_config?task_id=..., application/dap-hpke-config-list) with its own transport, honouring
 * Cache-Control, and hands it to tacit; it uploads each queued DAP report as the upload request says.
 * ------------------------------------------------------------------------------------------------ */
#define TACIT_DAP_ROLE_LEADER 2
#define TACIT_DAP_ROLE_HELPER 3

/* Hands over an aggregator's HpkeConfigList (the exact response body) for a task. task_id: the task's
 * unpadded base64url id (43 characters). role: TACIT_DAP_ROLE_LEADER or _HELPER. The list is untrusted
 * input: TACIT_ERR_DAP_CONFIG_MALFORMED if it is not well formed, TACIT_ERR_DAP_UNSUPPORTED_HPKE if no config
 * names DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM or ChaCha20Poly1305; then the previous config
 * stays. Otherwise the aggregator's most preferred supported config is used for reports sealed from now on
 * and replaces any earlier one (rotation). expires_at_ms: when the host's copy goes stale (fetch time +
 * max-age), 0 for never; after it tacit seals nothing for that aggregator until a fresh list is set.
 * Held in memory for the handle's lifetime: set the lists after each open, before tacit_reports_prepare. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_dap_set_hpke_configs(tacit_t* handle, const char* task_id,
                                                                   int32_t role, const uint8_t* list,
                                                                   size_t len, int64_t expires_at_ms);

/* The config tacit uses for (task, role). */
typedef struct tacit_dap_config_info {
  size_t struct_size; /* growable: set by tacit_dap_config_info_init */
  uint8_t config_id;
  uint16_t kem_id;
  uint16_t kdf_id;
  uint16_t aead_id;
  int64_t expires_at_ms; /* 0 = never */
} tacit_dap_config_info_t;
/* Zeroes *info and sets struct_size to the caller's sizeof. */
TACIT_INLINE void tacit_dap_config_info_init(tacit_dap_config_info_t* info) {
  info->struct_size = sizeof(tacit_dap_config_info_t);
  info->config_id = 0;
  info->kem_id = 0;
  info->kdf_id = 0;
  info->aead_id = 0;
  info->expires_at_ms = 0;
}
/* Fills the first out->struct_size bytes (set by tacit_dap_config_info_init). TACIT_ERR_NOT_FOUND if no
 * config is set for (task, role) or it has expired. */
TACIT_EXPORT TACIT_MUST_USE tacit_status tacit_dap_config_info(tacit_t* handle, const char* task_id, int32_t role,
                                                              tacit_dap_config_info_t* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TACIT_TACIT_H_ */

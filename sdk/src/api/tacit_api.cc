// The C API: options, open/close, rekey/erase, events and interests.
#include <cmath>
#include <cstring>
#include <new>

#include "api/boundary.h"
#include "api/handle.h"

using tacit::Guard;
using tacit::Status;

namespace tacit {

Status ValidateId(const char* id, const char* what) {
  if (!id) return Status::Invalid(std::string(what) + " is NULL");
  size_t n = std::strlen(id);
  if (n == 0 || n > TACIT_MAX_ID_LEN)
    return Status::Invalid(std::string(what) + " must be 1.." + std::to_string(TACIT_MAX_ID_LEN) + " bytes");
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(id[i]);
    if (c < 0x20 || c == 0x7f) return Status::Invalid(std::string(what) + " contains a control character");
  }
  return Status::OK();
}

Status ValidateTimestamp(int64_t ts, int64_t now, const char* what) {
  if (ts < kEarliestTimestampMs) return Status::Invalid(std::string(what) + " is before 2000-01-01 (Unix ms expected)");
  if (ts > now + kMsPerDay) return Status::Invalid(std::string(what) + " is more than 24 h in the future");
  return Status::OK();
}

Status ValidateEvent(const tacit_event_t& e, int64_t now) {
  if (e.type < TACIT_EVENT_VIEW || e.type > TACIT_EVENT_SKIP)
    return Status::Invalid("event type " + std::to_string(e.type) + " is not a tacit_event_type");
  TACIT_RETURN_IF_ERROR(ValidateId(e.item_id, "item_id"));
  if (e.topic_count > TACIT_MAX_EVENT_TOPICS)
    return Status::Invalid("an event has at most " + std::to_string(TACIT_MAX_EVENT_TOPICS) + " topics");
  if (e.topic_count && !e.topic_ids) return Status::Invalid("topic_ids is NULL but topic_count > 0");
  for (size_t i = 0; i < e.topic_count; ++i) TACIT_RETURN_IF_ERROR(ValidateId(e.topic_ids[i], "topic id"));
  TACIT_RETURN_IF_ERROR(ValidateTimestamp(e.timestamp_ms, now, "timestamp_ms"));
  if (!std::isfinite(e.value) || std::fabs(e.value) > 1e9) return Status::Invalid("value must be finite and |value| <= 1e9");
  return Status::OK();
}

}  // namespace tacit

// Lists handed to the caller own their strings; the C views point into them.
struct tacit_event_list {
  std::vector<tacit::StoredEvent> events;
  std::vector<std::vector<const char*>> topic_ptrs;
  std::vector<tacit_event_t> views;
};

struct tacit_interest_list {
  std::vector<tacit::StoredInterest> interests;
  std::vector<tacit_interest_t> views;
};

extern "C" {

tacit_options_t* tacit_options_new(void) { return new (std::nothrow) tacit_options(); }

void tacit_options_free(tacit_options_t* o) { delete o; }

tacit_status tacit_options_set_path(tacit_options_t* o, const char* dir) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (!dir || !*dir) return Status::Invalid("path is NULL or empty");
    o->dir = dir;
    return Status::OK();
  });
}

tacit_status tacit_options_set_key(tacit_options_t* o, const uint8_t* key, size_t key_len) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (!key) return Status::Invalid("key is NULL");
    if (key_len != TACIT_KEY_BYTES)
      return Status(TACIT_ERR_KEY_LENGTH, "key must be exactly 32 bytes, got " + std::to_string(key_len));
    TACIT_ASSIGN_OR_RETURN(o->key, tacit::SecretBytes::Copy(key, key_len));
    o->passphrase.Clear();
    return Status::OK();
  });
}

tacit_status tacit_options_set_passphrase(tacit_options_t* o, const uint8_t* pass, size_t len) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (!pass) return Status::Invalid("passphrase is NULL");
    if (len == 0 || len > 1024) return Status(TACIT_ERR_KEY_LENGTH, "passphrase must be 1..1024 bytes");
    TACIT_ASSIGN_OR_RETURN(o->passphrase, tacit::SecretBytes::Copy(pass, len));
    o->key.Clear();
    return Status::OK();
  });
}

tacit_status tacit_options_set_passphrase_cost(tacit_options_t* o, uint64_t opslimit, size_t memlimit) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (opslimit < 1 || memlimit < 8192 || opslimit > 0xffffffffu || memlimit > (size_t(1) << 32))
      return Status::Invalid("Argon2id cost out of range (opslimit >= 1, 8192 <= memlimit <= 4 GiB)");
    o->opslimit = opslimit;
    o->memlimit = memlimit;
    return Status::OK();
  });
}

tacit_status tacit_options_set_durability(tacit_options_t* o, int durability) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (durability != TACIT_DURABILITY_PROCESS_CRASH && durability != TACIT_DURABILITY_POWER_LOSS)
      return Status::Invalid("unknown durability");
    o->durability = durability;
    return Status::OK();
  });
}

tacit_status tacit_options_set_clock(tacit_options_t* o, tacit_clock_fn clock, void* ctx) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    o->clock = tacit::Clock{clock, ctx};
    return Status::OK();
  });
}

tacit_status tacit_open(const tacit_options_t* o, tacit_t** out) {
  return Guard([&] {
    if (!o || !out) return Status::Invalid("options and out must not be NULL");
    if (o->dir.empty()) return Status::Invalid("options have no path (tacit_options_set_path)");
    if (o->key.empty() && o->passphrase.empty())
      return Status::Invalid("options have no key (tacit_options_set_key or tacit_options_set_passphrase)");
    tacit::StoreConfig cfg;
    cfg.dir = o->dir;
    if (!o->key.empty()) {
      TACIT_ASSIGN_OR_RETURN(cfg.key, tacit::SecretBytes::Copy(o->key.data(), o->key.size()));
    } else {
      TACIT_ASSIGN_OR_RETURN(cfg.passphrase, tacit::SecretBytes::Copy(o->passphrase.data(), o->passphrase.size()));
    }
    cfg.opslimit = o->opslimit;
    cfg.memlimit = o->memlimit;
    cfg.durability = o->durability;
    TACIT_ASSIGN_OR_RETURN(auto store, tacit::ProfileStore::Open(std::move(cfg)));
    std::unique_ptr<tacit_handle> h(new tacit_handle());
    h->store = std::move(store);
    h->clock = o->clock;
    h->brand_keys = o->brand_keys;
    h->brand_id = o->brand_id;
    h->half_life_ms = o->half_life_ms;
    TACIT_RETURN_IF_ERROR(tacit::RestoreCatalog(h.get()));
    TACIT_RETURN_IF_ERROR(tacit::RefreshControls(h.get()));
    // Data minimisation: behaviour older than 12 half-lives weighs under 0.03% and is deleted.
    TACIT_RETURN_IF_ERROR(h->store->PruneEvents(h->clock.Now() - 12 * h->half_life_ms).status());
    *out = h.release();
    return Status::OK();
  });
}

void tacit_close(tacit_t* h) { delete h; }

tacit_status tacit_rekey(tacit_t* h, const uint8_t* key, size_t len) {
  return Guard([&] {
    if (!key) return Status::Invalid("key is NULL");
    if (len != TACIT_KEY_BYTES) return Status(TACIT_ERR_KEY_LENGTH, "key must be exactly 32 bytes, got " + std::to_string(len));
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) { return s.Rekey(key); });
  });
}

tacit_status tacit_erase_all(tacit_t* h) {
  return Guard([&] {
    if (!h) return Status::Invalid("handle is NULL");
    std::lock_guard<std::mutex> lock(h->mu);
    if (!h->store) return Status(TACIT_ERR_CLOSED, "the profile was already erased");
    Status s = h->store->EraseAll();
    h->store.reset();
    return s;
  });
}

tacit_status tacit_record_event(tacit_t* h, const tacit_event_t* e) { return tacit_record_events(h, e, 1); }

tacit_status tacit_record_events(tacit_t* h, const tacit_event_t* events, size_t count) {
  return Guard([&] {
    if (!events) return Status::Invalid("events is NULL");
    if (count == 0 || count > TACIT_MAX_BATCH)
      return Status::Invalid("a batch holds 1.." + std::to_string(TACIT_MAX_BATCH) + " events");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      const int64_t now = h->clock.Now();
      for (size_t i = 0; i < count; ++i) {
        Status v = tacit::ValidateEvent(events[i], now);
        if (!v.ok()) return Status(v.code(), "event " + std::to_string(i) + ": " + v.message());
      }
      if (h->paused) return Status::OK();  // paused: accepted and not stored (documented)
      TACIT_RETURN_IF_ERROR(s.RecordEvents(events, count));
      if (h->model) {
        std::vector<std::string> topics;
        for (size_t i = 0; i < count; ++i) {
          const tacit_event_t& e = events[i];
          topics.assign(e.topic_ids, e.topic_ids + e.topic_count);
          h->model->Apply(e.type, e.item_id, topics, e.timestamp_ms, e.value);
        }
      }
      return Status::OK();
    });
  });
}

tacit_status tacit_event_count(tacit_t* h, uint64_t* out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_ASSIGN_OR_RETURN(*out, s.EventCount());
      return Status::OK();
    });
  });
}

tacit_status tacit_events_read(tacit_t* h, int64_t since_ms, size_t limit, tacit_event_list_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_ASSIGN_OR_RETURN(auto events, s.ReadEvents(since_ms, limit));
      std::unique_ptr<tacit_event_list> list(new tacit_event_list());
      list->events = std::move(events);
      list->topic_ptrs.resize(list->events.size());
      list->views.resize(list->events.size());
      for (size_t i = 0; i < list->events.size(); ++i) {
        const tacit::StoredEvent& e = list->events[i];
        for (const std::string& t : e.topics) list->topic_ptrs[i].push_back(t.c_str());
        list->views[i] = tacit_event_t{e.type, e.item_id.c_str(), list->topic_ptrs[i].data(), e.topics.size(), e.ts,
                                       e.value};
      }
      *out = list.release();
      return Status::OK();
    });
  });
}

size_t tacit_event_list_size(const tacit_event_list_t* l) { return l ? l->views.size() : 0; }
const tacit_event_t* tacit_event_list_get(const tacit_event_list_t* l, size_t i) {
  return l && i < l->views.size() ? &l->views[i] : nullptr;
}
void tacit_event_list_free(tacit_event_list_t* l) { delete l; }

tacit_status tacit_declare_interest(tacit_t* h, const char* topic_id, double weight) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(topic_id, "topic_id"));
    if (!(weight > 0.0 && weight <= 1.0)) return Status::Invalid("weight must be in (0, 1]");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_RETURN_IF_ERROR(s.DeclareInterest(topic_id, weight, h->clock.Now()));
      if (h->model) h->model->Declare(topic_id, weight);
      return Status::OK();
    });
  });
}

tacit_status tacit_undeclare_interest(tacit_t* h, const char* topic_id) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(topic_id, "topic_id"));
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_RETURN_IF_ERROR(s.UndeclareInterest(topic_id));
      if (h->model) h->model->Undeclare(topic_id);
      return Status::OK();
    });
  });
}

tacit_status tacit_interests_read(tacit_t* h, tacit_interest_list_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithHandle(h, [&](tacit::ProfileStore& s) {
      TACIT_ASSIGN_OR_RETURN(auto interests, s.ReadInterests());
      std::unique_ptr<tacit_interest_list> list(new tacit_interest_list());
      list->interests = std::move(interests);
      for (const auto& i : list->interests) list->views.push_back({i.topic_id.c_str(), i.weight, i.declared_at});
      *out = list.release();
      return Status::OK();
    });
  });
}

size_t tacit_interest_list_size(const tacit_interest_list_t* l) { return l ? l->views.size() : 0; }
const tacit_interest_t* tacit_interest_list_get(const tacit_interest_list_t* l, size_t i) {
  return l && i < l->views.size() ? &l->views[i] : nullptr;
}
void tacit_interest_list_free(tacit_interest_list_t* l) { delete l; }

}  // extern "C"

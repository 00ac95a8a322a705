// The C API: options, open/close, rekey/erase, events and interests. Validates, converts, guards; the
// behaviour lives in tacit::Session.
#include <cmath>
#include <cstring>
#include <new>

#include "api/boundary.h"
#include "api/handle.h"
#include "core/validate.h"
#include "plan/loader.h"

using tacit::Guard;
using tacit::Session;
using tacit::Status;

namespace {

constexpr size_t kEventV1Size = TACIT_V1_SIZE(tacit_event_t, value);

// The caller's events in tacit's layout: walked with the caller's struct_size as stride.
Status NormaliseEvents(const tacit_event_t* events, size_t count, std::vector<tacit_event_t>* out) {
  const size_t stride = events[0].struct_size;
  if (stride < kEventV1Size)
    return Status::Invalid("event 0: struct_size is " + std::to_string(stride) + ": set it with tacit_event_init");
  out->resize(count);
  const auto* base = reinterpret_cast<const unsigned char*>(events);
  for (size_t i = 0; i < count; ++i) {
    const auto* e = reinterpret_cast<const tacit_event_t*>(base + i * stride);
    if (e->struct_size != stride)
      return Status::Invalid("event " + std::to_string(i) + ": struct_size differs from event 0's");
    tacit_event_t& into = (*out)[i];
    tacit_event_init(&into);
    TACIT_RETURN_IF_ERROR(tacit::ReadSized(e, kEventV1Size, "event", &into));
  }
  return Status::OK();
}

}  // namespace

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
    if (opslimit < 1 || memlimit < 8192 || opslimit > 0xffffffffu || uint64_t(memlimit) > (uint64_t(1) << 32))
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

tacit_status tacit_options_set_measurement_plan(tacit_options_t* o, const uint8_t* bytes, size_t len) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (!bytes || len == 0) return Status::Invalid("signed_plan is NULL or empty");
    if (len > tacit::kPlanHeaderBytes + tacit::kPlanMaxPayloadBytes)
      return Status(TACIT_ERR_PLAN_MALFORMED, "plan: larger than 1 MiB");
    o->plan.assign(bytes, bytes + len);
    return Status::OK();
  });
}

tacit_status tacit_options_set_epsilon_bounds(tacit_options_t* o, double per_24h, double per_365d) {
  return Guard([&] {
    if (!o) return Status::Invalid("options is NULL");
    if (!std::isfinite(per_24h) || !std::isfinite(per_365d) || per_24h < 0 || per_365d < 0)
      return Status::Invalid("epsilon bounds must be finite and >= 0 (0 keeps the plan's bound)");
    o->host_epsilon_24h = per_24h;
    o->host_epsilon_365d = per_365d;
    return Status::OK();
  });
}

tacit_status tacit_open(const tacit_options_t* o, tacit_t** out) {
  return Guard([&] {
    if (!o || !out) return Status::Invalid("options and out must not be NULL");
    if (o->dir.empty()) return Status::Invalid("options have no path (tacit_options_set_path)");
    if (o->key.empty() && o->passphrase.empty())
      return Status::Invalid("options have no key (tacit_options_set_key or tacit_options_set_passphrase)");
    tacit::SessionConfig cfg;
    cfg.store.dir = o->dir;
    if (!o->key.empty()) {
      TACIT_ASSIGN_OR_RETURN(cfg.store.key, tacit::SecretBytes::Copy(o->key.data(), o->key.size()));
    } else {
      TACIT_ASSIGN_OR_RETURN(cfg.store.passphrase,
                             tacit::SecretBytes::Copy(o->passphrase.data(), o->passphrase.size()));
    }
    cfg.store.opslimit = o->opslimit;
    cfg.store.memlimit = o->memlimit;
    cfg.store.durability = o->durability;
    cfg.clock = o->clock;
    cfg.brand_keys = o->brand_keys;
    cfg.brand_id = o->brand_id;
    cfg.half_life_ms = o->half_life_ms;
    cfg.plan = o->plan;
    cfg.host_epsilon_24h = o->host_epsilon_24h;
    cfg.host_epsilon_365d = o->host_epsilon_365d;
    TACIT_ASSIGN_OR_RETURN(auto session, Session::Open(std::move(cfg)));
    std::unique_ptr<tacit_handle> h(new tacit_handle());
    h->session = std::move(session);
    *out = h.release();
    return Status::OK();
  });
}

void tacit_close(tacit_t* h) { delete h; }

tacit_status tacit_rekey(tacit_t* h, const uint8_t* key, size_t len) {
  return Guard([&] {
    if (!key) return Status::Invalid("key is NULL");
    if (len != TACIT_KEY_BYTES) return Status(TACIT_ERR_KEY_LENGTH, "key must be exactly 32 bytes, got " + std::to_string(len));
    return tacit::WithSession(h, [&](Session& s) { return s.Rekey(key); });
  });
}

tacit_status tacit_rekey_passphrase(tacit_t* h, const uint8_t* pass, size_t len) {
  return Guard([&] {
    if (!pass) return Status::Invalid("passphrase is NULL");
    if (len == 0 || len > 1024) return Status(TACIT_ERR_KEY_LENGTH, "passphrase must be 1..1024 bytes");
    tacit::RekeyTarget t;
    TACIT_ASSIGN_OR_RETURN(t.passphrase, tacit::SecretBytes::Copy(pass, len));
    return tacit::WithSession(h, [&](Session& s) { return s.Rekey(t); });
  });
}

tacit_status tacit_check_integrity(tacit_t* h) {
  return Guard([&] { return tacit::WithSession(h, [&](Session& s) { return s.CheckIntegrity(); }); });
}

tacit_status tacit_erase_all(tacit_t* h) {
  return Guard([&] { return tacit::WithSession(h, [&](Session& s) { return s.EraseAll(); }); });
}

tacit_status tacit_record_event(tacit_t* h, const tacit_event_t* e) { return tacit_record_events(h, e, 1); }

tacit_status tacit_record_events(tacit_t* h, const tacit_event_t* events, size_t count) {
  return Guard([&] {
    if (!events) return Status::Invalid("events is NULL");
    if (count == 0 || count > TACIT_MAX_BATCH)
      return Status::Invalid("a batch holds 1.." + std::to_string(TACIT_MAX_BATCH) + " events");
    std::vector<tacit_event_t> normalised;
    TACIT_RETURN_IF_ERROR(NormaliseEvents(events, count, &normalised));
    return tacit::WithSession(h, [&](Session& s) { return s.RecordEvents(normalised.data(), count); });
  });
}

tacit_status tacit_event_count(tacit_t* h, uint64_t* out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(*out, s.EventCount());
      return Status::OK();
    });
  });
}

tacit_status tacit_events_read(tacit_t* h, int64_t since_ms, size_t limit, tacit_event_list_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(auto events, s.ReadEvents(since_ms, limit));
      std::unique_ptr<tacit_event_list> list(new tacit_event_list());
      list->events = std::move(events);
      list->topic_ptrs.resize(list->events.size());
      list->views.resize(list->events.size());
      for (size_t i = 0; i < list->events.size(); ++i) {
        const tacit::StoredEvent& e = list->events[i];
        for (const std::string& t : e.topics) list->topic_ptrs[i].push_back(t.c_str());
        list->views[i] = tacit_event_t{sizeof(tacit_event_t), e.type, e.item_id.c_str(), list->topic_ptrs[i].data(),
                                       e.topics.size(), e.ts, e.value};
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
    return tacit::WithSession(h, [&](Session& s) { return s.DeclareInterest(topic_id, weight); });
  });
}

tacit_status tacit_undeclare_interest(tacit_t* h, const char* topic_id) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(topic_id, "topic_id"));
    return tacit::WithSession(h, [&](Session& s) { return s.UndeclareInterest(topic_id); });
  });
}

tacit_status tacit_interests_read(tacit_t* h, tacit_interest_list_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(auto interests, s.ReadInterests());
      std::unique_ptr<tacit_interest_list> list(new tacit_interest_list());
      list->interests = std::move(interests);
      for (const auto& i : list->interests)
        list->views.push_back({sizeof(tacit_interest_t), i.topic_id.c_str(), i.weight, i.declared_at});
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

// JNI glue: dev.tacit.Tacit's natives over the C API (sdk/include/tacit/tacit.h).
//
// Contracts
// - JNI_OnLoad registers every native with RegisterNatives (no Java_* exports: the library exports only
//   JNI_OnLoad) and caches the classes (global refs), constructors and field ids it needs.
// - Every failure becomes a dev.tacit.TacitException(status, name, message) thrown into Java; the native
//   then returns a dummy value that Java never sees. No C++ exception crosses into the JVM.
// - Keys and passphrases arrive as byte[], are copied into a buffer that is wiped (sodium_memzero) as
//   soon as the call returns, and never become Strings.
// - Strings cross as real UTF-8 (String.getBytes("UTF-8") / new String(bytes, "UTF-8")), not JNI's
//   modified UTF-8, so ids outside the BMP reach tacit intact; an id holding U+0000 is refused.
#include <jni.h>
#include <sodium.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "tacit/tacit.h"

namespace {

struct Cache {
  jclass exception = nullptr;
  jmethodID exception_ctor = nullptr;
  jclass string = nullptr;
  jmethodID string_from_bytes = nullptr;  // String(byte[], String charsetName)
  jmethodID string_get_bytes = nullptr;   // byte[] String.getBytes(String charsetName)
  jstring utf8 = nullptr;                 // "UTF-8"
  jclass reason = nullptr;
  jmethodID reason_ctor = nullptr;
  jclass ranked = nullptr;
  jmethodID ranked_ctor = nullptr;
  jclass interest = nullptr;
  jclass event_class = nullptr;
  jmethodID event_ctor = nullptr;  // Event(int, String, String[], long, double)
  jmethodID interest_ctor = nullptr;
  jclass catalog_info = nullptr;
  jmethodID catalog_info_ctor = nullptr;
  jclass catalog_topic = nullptr;
  jmethodID catalog_topic_ctor = nullptr;  // CatalogTopic(String, String, String, int)
  jclass catalog_item = nullptr;
  jmethodID catalog_item_ctor = nullptr;  // CatalogItem(String, String, String[], double[], String, long, String)
  jclass report = nullptr;
  jmethodID report_ctor = nullptr;
  // Tacit.Options
  jfieldID opt_path, opt_key, opt_passphrase, opt_ops, opt_mem, opt_durability, opt_brand_keys, opt_brand_id,
      opt_half_life, opt_plan, opt_eps_24h, opt_eps_365d, opt_clock;
  jmethodID clock_now = nullptr;  // Tacit.Clock.nowMs()
  JavaVM* vm = nullptr;
  // Event
  jfieldID ev_type, ev_item, ev_topics, ev_ts, ev_value;
  // RankRequest
  jfieldID rq_k, rq_surface, rq_now, rq_locale, rq_candidates, rq_seed, rq_exploration, rq_cap;
};
Cache g;

// ---- errors

void ThrowTacit(JNIEnv* env, tacit_status st, const char* message) {
  if (env->ExceptionCheck()) return;  // keep the first failure
  jstring name = env->NewStringUTF(tacit_status_name(st));
  jstring msg = env->NewStringUTF(message ? message : "");
  if (!name || !msg) return;  // OutOfMemoryError pending
  jobject ex = env->NewObject(g.exception, g.exception_ctor, static_cast<jint>(st), name, msg);
  if (ex) env->Throw(static_cast<jthrowable>(ex));
}

// Throws for a failed tacit call; true when st is TACIT_OK. Reads tacit_last_error() first.
bool Ok(JNIEnv* env, tacit_status st) {
  if (st == TACIT_OK) return true;
  std::string message = tacit_last_error();
  ThrowTacit(env, st, message.c_str());
  return false;
}

// Runs body; a C++ exception from the glue itself (allocation) becomes a TacitException.
template <typename R, typename F>
R Guard(JNIEnv* env, R fail, F&& body) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    return body();
  } catch (const std::bad_alloc&) {
    ThrowTacit(env, TACIT_ERR_NO_MEMORY, "out of memory in the JNI glue");
  } catch (...) {
    ThrowTacit(env, TACIT_ERR_INTERNAL, "unexpected C++ exception in the JNI glue");
  }
  return fail;
#else
  (void)env;
  (void)fail;
  return body();
#endif
}

tacit_t* H(jlong h) { return reinterpret_cast<tacit_t*>(static_cast<intptr_t>(h)); }

// ---- strings and bytes

// A Java String as NUL-terminated UTF-8; null stays null (the C API then reports INVALID_ARGUMENT).
struct Utf8 {
  bool is_null = true;
  std::string s;
  const char* c_str() const { return is_null ? nullptr : s.c_str(); }
};

bool ReadUtf8(JNIEnv* env, jstring js, Utf8* out) {
  out->is_null = js == nullptr;
  if (out->is_null) return true;
  auto bytes = static_cast<jbyteArray>(env->CallObjectMethod(js, g.string_get_bytes, g.utf8));
  if (env->ExceptionCheck()) return false;
  jsize n = env->GetArrayLength(bytes);
  out->s.assign(static_cast<size_t>(n), '\0');
  env->GetByteArrayRegion(bytes, 0, n, reinterpret_cast<jbyte*>(&out->s[0]));
  env->DeleteLocalRef(bytes);
  if (std::memchr(out->s.data(), 0, out->s.size()) != nullptr) {
    ThrowTacit(env, TACIT_ERR_INVALID_ARGUMENT, "a string contains U+0000");
    return false;
  }
  return true;
}

jbyteArray NewBytes(JNIEnv* env, const uint8_t* p, size_t n);

jstring NewUtf8String(JNIEnv* env, const char* s, size_t n) {
  if (!s) return nullptr;
  jbyteArray bytes = NewBytes(env, reinterpret_cast<const uint8_t*>(s), n);
  if (!bytes) return nullptr;
  auto str = static_cast<jstring>(env->NewObject(g.string, g.string_from_bytes, bytes, g.utf8));
  env->DeleteLocalRef(bytes);
  return str;
}

jstring NewUtf8String(JNIEnv* env, const char* s) { return NewUtf8String(env, s, s ? std::strlen(s) : 0); }

jbyteArray NewBytes(JNIEnv* env, const uint8_t* p, size_t n) {
  if (n > static_cast<size_t>(INT32_MAX)) {
    ThrowTacit(env, TACIT_ERR_NO_MEMORY, "a buffer larger than a Java array");
    return nullptr;
  }
  jbyteArray a = env->NewByteArray(static_cast<jsize>(n));
  if (a) env->SetByteArrayRegion(a, 0, static_cast<jsize>(n), reinterpret_cast<const jbyte*>(p));
  return a;
}

// A byte[] copied out of the JVM. Secret ones are wiped when this goes out of scope.
class Bytes {
 public:
  explicit Bytes(bool secret) : secret_(secret) {}
  ~Bytes() {
    if (secret_ && !v_.empty()) sodium_memzero(v_.data(), v_.size());
  }
  Bytes(const Bytes&) = delete;
  Bytes& operator=(const Bytes&) = delete;

  void Read(JNIEnv* env, jbyteArray a) {
    is_null_ = a == nullptr;
    if (is_null_) return;
    jsize n = env->GetArrayLength(a);
    v_.resize(static_cast<size_t>(n));  // sized once: no reallocation leaves a stray copy behind
    env->GetByteArrayRegion(a, 0, n, reinterpret_cast<jbyte*>(v_.data()));
  }
  // An empty (non-null) array is a valid pointer with size 0, so the C API reports a length error,
  // not a NULL argument.
  const uint8_t* data() const {
    static const uint8_t kEmpty = 0;
    return is_null_ ? nullptr : v_.empty() ? &kEmpty : v_.data();
  }
  size_t size() const { return v_.size(); }
  bool is_null() const { return is_null_; }

 private:
  bool secret_;
  bool is_null_ = true;
  std::vector<uint8_t> v_;
};

// ---- conversions from C results

jobject NewRankedItem(JNIEnv* env, const tacit_ranking_t* ranking, size_t index) {
  const tacit_ranked_item_t* item = tacit_ranking_get(ranking, index);
  jobjectArray reasons = env->NewObjectArray(static_cast<jsize>(item->reason_count), g.reason, nullptr);
  if (!reasons) return nullptr;
  for (size_t j = 0; j < item->reason_count; ++j) {
    const tacit_reason_t& r = *tacit_ranking_reason(ranking, index, j);
    // Each allocation can raise OutOfMemoryError: no further JNI call once one is pending.
    jstring ref = NewUtf8String(env, r.ref_id);
    if (!ref) return nullptr;
    jstring text = NewUtf8String(env, r.text);
    if (!text) return nullptr;
    jstring spoken = NewUtf8String(env, r.spoken);
    if (!spoken) return nullptr;
    jobject jr = env->NewObject(g.reason, g.reason_ctor, static_cast<jint>(r.kind), ref,
                                static_cast<jboolean>(r.ref_is_item != 0), static_cast<jdouble>(r.contribution),
                                text, spoken);
    if (!jr) return nullptr;
    env->SetObjectArrayElement(reasons, static_cast<jsize>(j), jr);
    env->DeleteLocalRef(jr);
    env->DeleteLocalRef(ref);
    env->DeleteLocalRef(text);
    env->DeleteLocalRef(spoken);
  }
  jstring id = NewUtf8String(env, item->item_id);
  if (!id) return nullptr;
  jstring title = NewUtf8String(env, item->title);
  if (!title) return nullptr;
  jobject out = env->NewObject(g.ranked, g.ranked_ctor, id, title, static_cast<jdouble>(item->score), reasons);
  env->DeleteLocalRef(id);
  env->DeleteLocalRef(title);
  env->DeleteLocalRef(reasons);
  return out;
}

struct RankingFree {
  void operator()(tacit_ranking_t* r) const { tacit_ranking_free(r); }
};
using RankingPtr = std::unique_ptr<tacit_ranking_t, RankingFree>;

jobjectArray NewRankedArray(JNIEnv* env, const tacit_ranking_t* r) {
  size_t n = tacit_ranking_size(r);
  jobjectArray out = env->NewObjectArray(static_cast<jsize>(n), g.ranked, nullptr);
  if (!out) return nullptr;
  for (size_t i = 0; i < n; ++i) {
    jobject item = NewRankedItem(env, r, i);
    if (!item) return nullptr;
    env->SetObjectArrayElement(out, static_cast<jsize>(i), item);
    env->DeleteLocalRef(item);
  }
  return out;
}

// ---- natives

jstring NVersion(JNIEnv* env, jclass) {
  return Guard(env, static_cast<jstring>(nullptr), [&] { return NewUtf8String(env, tacit_version()); });
}

struct OptionsFree {
  void operator()(tacit_options_t* o) const { tacit_options_free(o); }
};

// A Java clock (Tacit.Clock) behind tacit_clock_fn. tacit reads the clock only inside calls made from Java,
// so the calling thread is attached; a clock that throws (or a detached thread) reads the system clock.
struct JavaClock {
  jobject clock = nullptr;  // global ref
};
std::mutex g_clocks_mu;
std::map<tacit_t*, JavaClock*> g_clocks;  // the clock of each open handle, freed at close

int64_t SystemMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t CallJavaClock(void* ctx) {
  auto* c = static_cast<JavaClock*>(ctx);
  JNIEnv* env = nullptr;
  if (!g.vm || g.vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_6) != JNI_OK) return SystemMs();
  const jlong now = env->CallLongMethod(c->clock, g.clock_now);
  if (env->ExceptionCheck()) {
    env->ExceptionClear();
    return SystemMs();
  }
  return static_cast<int64_t>(now);
}

void FreeJavaClock(JNIEnv* env, JavaClock* c) {
  if (!c) return;
  if (c->clock) env->DeleteGlobalRef(c->clock);
  delete c;
}

jlong NOpen(JNIEnv* env, jclass, jobject jo) {
  return Guard(env, jlong{0}, [&]() -> jlong {
    std::unique_ptr<tacit_options_t, OptionsFree> o(tacit_options_new());
    if (!o) {
      ThrowTacit(env, TACIT_ERR_NO_MEMORY, "tacit_options_new");
      return 0;
    }
    Utf8 path;
    if (!ReadUtf8(env, static_cast<jstring>(env->GetObjectField(jo, g.opt_path)), &path)) return 0;
    if (!Ok(env, tacit_options_set_path(o.get(), path.c_str()))) return 0;

    auto jkey = static_cast<jbyteArray>(env->GetObjectField(jo, g.opt_key));
    if (jkey) {
      Bytes key(/*secret=*/true);
      key.Read(env, jkey);
      if (!Ok(env, tacit_options_set_key(o.get(), key.data(), key.size()))) return 0;
    }
    auto jpass = static_cast<jbyteArray>(env->GetObjectField(jo, g.opt_passphrase));
    if (jpass) {
      Bytes pass(/*secret=*/true);
      pass.Read(env, jpass);
      if (!Ok(env, tacit_options_set_passphrase(o.get(), pass.data(), pass.size()))) return 0;
    }
    jlong ops = env->GetLongField(jo, g.opt_ops);
    jlong mem = env->GetLongField(jo, g.opt_mem);
    if (ops != 0 || mem != 0) {
      if (ops < 0 || mem < 0) {
        ThrowTacit(env, TACIT_ERR_INVALID_ARGUMENT, "passphrase cost must not be negative");
        return 0;
      }
      if (static_cast<uint64_t>(mem) > SIZE_MAX) {  // 32-bit targets: no silent narrowing of a jlong
        ThrowTacit(env, TACIT_ERR_INVALID_ARGUMENT, "passphrase memlimit does not fit this platform's size_t");
        return 0;
      }
      if (!Ok(env, tacit_options_set_passphrase_cost(o.get(), static_cast<uint64_t>(ops), static_cast<size_t>(mem))))
        return 0;
    }
    if (!Ok(env, tacit_options_set_durability(o.get(), env->GetIntField(jo, g.opt_durability)))) return 0;

    auto keys = static_cast<jobjectArray>(env->GetObjectField(jo, g.opt_brand_keys));
    jsize nkeys = keys ? env->GetArrayLength(keys) : 0;
    for (jsize i = 0; i < nkeys; ++i) {
      auto jk = static_cast<jbyteArray>(env->GetObjectArrayElement(keys, i));
      Bytes k(/*secret=*/false);
      k.Read(env, jk);
      env->DeleteLocalRef(jk);
      if (!Ok(env, tacit_options_add_brand_key(o.get(), k.data(), k.size()))) return 0;
    }
    Utf8 brand;
    if (!ReadUtf8(env, static_cast<jstring>(env->GetObjectField(jo, g.opt_brand_id)), &brand)) return 0;
    if (!brand.is_null && !Ok(env, tacit_options_set_brand_id(o.get(), brand.c_str()))) return 0;
    jlong half_life = env->GetLongField(jo, g.opt_half_life);
    if (half_life != 0 && !Ok(env, tacit_options_set_half_life(o.get(), half_life))) return 0;
    auto jplan = static_cast<jbyteArray>(env->GetObjectField(jo, g.opt_plan));
    if (jplan) {
      Bytes plan(/*secret=*/false);
      plan.Read(env, jplan);
      env->DeleteLocalRef(jplan);
      if (!Ok(env, tacit_options_set_measurement_plan(o.get(), plan.data(), plan.size()))) return 0;
    }
    const jdouble eps_24h = env->GetDoubleField(jo, g.opt_eps_24h), eps_365d = env->GetDoubleField(jo, g.opt_eps_365d);
    if ((eps_24h != 0 || eps_365d != 0) && !Ok(env, tacit_options_set_epsilon_bounds(o.get(), eps_24h, eps_365d)))
      return 0;

    std::unique_ptr<JavaClock, std::function<void(JavaClock*)>> clock(nullptr, [env](JavaClock* c) { FreeJavaClock(env, c); });
    if (jobject jc = env->GetObjectField(jo, g.opt_clock)) {
      clock.reset(new (std::nothrow) JavaClock);
      if (!clock) {
        ThrowTacit(env, TACIT_ERR_NO_MEMORY, "out of memory");
        return 0;
      }
      clock->clock = env->NewGlobalRef(jc);
      env->DeleteLocalRef(jc);
      if (!clock->clock) return 0;  // OutOfMemoryError pending
      if (!Ok(env, tacit_options_set_clock(o.get(), CallJavaClock, clock.get()))) return 0;
    }

    tacit_t* t = nullptr;
    if (!Ok(env, tacit_open(o.get(), &t))) return 0;
    if (clock) {
      std::lock_guard<std::mutex> lock(g_clocks_mu);
      g_clocks[t] = clock.release();
    }
    return static_cast<jlong>(reinterpret_cast<intptr_t>(t));
  });  // o (and the key it holds) is wiped and freed here
}

void NClose(JNIEnv* env, jclass, jlong h) {
  Guard(env, 0, [&] {
    tacit_close(H(h));
    JavaClock* clock = nullptr;
    {
      std::lock_guard<std::mutex> lock(g_clocks_mu);
      auto it = g_clocks.find(H(h));
      if (it != g_clocks.end()) {
        clock = it->second;
        g_clocks.erase(it);
      }
    }
    FreeJavaClock(env, clock);  // after the close: tacit reads no clock any more
    return 0;
  });
}

void NRekey(JNIEnv* env, jclass, jlong h, jbyteArray jkey) {
  Guard(env, 0, [&] {
    Bytes key(/*secret=*/true);
    key.Read(env, jkey);
    Ok(env, tacit_rekey(H(h), key.data(), key.size()));
    return 0;
  });
}

void NCheckIntegrity(JNIEnv* env, jclass, jlong h) {
  Guard(env, 0, [&] { return Ok(env, tacit_check_integrity(H(h))); });
}

void NEraseAll(JNIEnv* env, jclass, jlong h) {
  Guard(env, 0, [&] { return Ok(env, tacit_erase_all(H(h))); });
}

void NRecordEvents(JNIEnv* env, jclass, jlong h, jobjectArray jevents) {
  Guard(env, 0, [&] {
    struct Owned {
      Utf8 item;
      std::vector<Utf8> topics;
      std::vector<const char*> topic_ptrs;
    };
    jsize n = jevents ? env->GetArrayLength(jevents) : 0;
    std::vector<Owned> owned(static_cast<size_t>(n));  // sized once: pointers into it stay valid
    std::vector<tacit_event_t> events(static_cast<size_t>(n));
    for (jsize i = 0; i < n; ++i) {
      jobject je = env->GetObjectArrayElement(jevents, i);
      if (!je) {
        ThrowTacit(env, TACIT_ERR_INVALID_ARGUMENT, ("event " + std::to_string(i) + " is null").c_str());
        return 0;
      }
      Owned& o = owned[static_cast<size_t>(i)];
      tacit_event_t& e = events[static_cast<size_t>(i)];
      tacit_event_init(&e);
      e.type = env->GetIntField(je, g.ev_type);
      e.timestamp_ms = env->GetLongField(je, g.ev_ts);
      e.value = env->GetDoubleField(je, g.ev_value);
      auto item = static_cast<jstring>(env->GetObjectField(je, g.ev_item));
      if (!ReadUtf8(env, item, &o.item)) return 0;
      env->DeleteLocalRef(item);
      e.item_id = o.item.c_str();
      auto topics = static_cast<jobjectArray>(env->GetObjectField(je, g.ev_topics));
      jsize nt = topics ? env->GetArrayLength(topics) : 0;
      o.topics.resize(static_cast<size_t>(nt));
      for (jsize t = 0; t < nt; ++t) {
        auto jt = static_cast<jstring>(env->GetObjectArrayElement(topics, t));
        if (!ReadUtf8(env, jt, &o.topics[static_cast<size_t>(t)])) return 0;
        env->DeleteLocalRef(jt);
        o.topic_ptrs.push_back(o.topics[static_cast<size_t>(t)].c_str());
      }
      env->DeleteLocalRef(topics);
      env->DeleteLocalRef(je);
      e.topic_ids = o.topic_ptrs.empty() ? nullptr : o.topic_ptrs.data();
      e.topic_count = o.topic_ptrs.size();
    }
    Ok(env, tacit_record_events(H(h), events.empty() ? nullptr : events.data(), events.size()));
    return 0;
  });
}

jlong NEventCount(JNIEnv* env, jclass, jlong h) {
  return Guard(env, jlong{0}, [&]() -> jlong {
    uint64_t n = 0;
    return Ok(env, tacit_event_count(H(h), &n)) ? static_cast<jlong>(n) : 0;
  });
}

void NDeclareInterest(JNIEnv* env, jclass, jlong h, jstring topic, jdouble weight) {
  Guard(env, 0, [&] {
    Utf8 t;
    if (ReadUtf8(env, topic, &t)) Ok(env, tacit_declare_interest(H(h), t.c_str(), weight));
    return 0;
  });
}

void NUndeclareInterest(JNIEnv* env, jclass, jlong h, jstring topic) {
  Guard(env, 0, [&] {
    Utf8 t;
    if (ReadUtf8(env, topic, &t)) Ok(env, tacit_undeclare_interest(H(h), t.c_str()));
    return 0;
  });
}

jobjectArray NInterests(JNIEnv* env, jclass, jlong h) {
  return Guard(env, static_cast<jobjectArray>(nullptr), [&]() -> jobjectArray {
  tacit_interest_list_t* list = nullptr;
  if (!Ok(env, tacit_interests_read(H(h), &list))) return nullptr;
  std::unique_ptr<tacit_interest_list_t, void (*)(tacit_interest_list_t*)> guard(list, tacit_interest_list_free);
  size_t n = tacit_interest_list_size(list);
  jobjectArray out = env->NewObjectArray(static_cast<jsize>(n), g.interest, nullptr);
  if (!out) return nullptr;
  for (size_t i = 0; i < n; ++i) {
    const tacit_interest_t* in = tacit_interest_list_get(list, i);
    jstring topic = NewUtf8String(env, in->topic_id);
    if (!topic) return nullptr;
    jobject o = env->NewObject(g.interest, g.interest_ctor, topic, static_cast<jdouble>(in->weight),
                               static_cast<jlong>(in->declared_at_ms));
    if (!o) return nullptr;
    env->SetObjectArrayElement(out, static_cast<jsize>(i), o);
    env->DeleteLocalRef(o);
    env->DeleteLocalRef(topic);
  }
  return out;
  });
}

jobjectArray NEvents(JNIEnv* env, jclass, jlong h, jlong since_ms, jint limit) {
  return Guard(env, static_cast<jobjectArray>(nullptr), [&]() -> jobjectArray {
    if (limit < 0) {
      ThrowTacit(env, TACIT_ERR_INVALID_ARGUMENT, "limit must not be negative");
      return nullptr;
    }
    tacit_event_list_t* list = nullptr;
    if (!Ok(env, tacit_events_read(H(h), since_ms, static_cast<size_t>(limit), &list))) return nullptr;
    std::unique_ptr<tacit_event_list_t, void (*)(tacit_event_list_t*)> guard(list, tacit_event_list_free);
    const size_t n = tacit_event_list_size(list);
    jobjectArray out = env->NewObjectArray(static_cast<jsize>(n), g.event_class, nullptr);
    if (!out) return nullptr;
    for (size_t i = 0; i < n; ++i) {
      const tacit_event_t* e = tacit_event_list_get(list, i);
      jstring item = NewUtf8String(env, e->item_id);
      if (!item) return nullptr;
      jobjectArray topics = env->NewObjectArray(static_cast<jsize>(e->topic_count), g.string, nullptr);
      if (!topics) return nullptr;
      for (size_t k = 0; k < e->topic_count; ++k) {
        jstring t = NewUtf8String(env, e->topic_ids[k]);
        if (!t) return nullptr;
        env->SetObjectArrayElement(topics, static_cast<jsize>(k), t);
        env->DeleteLocalRef(t);
      }
      jobject o = env->NewObject(g.event_class, g.event_ctor, static_cast<jint>(e->type), item, topics,
                                 static_cast<jlong>(e->timestamp_ms), static_cast<jdouble>(e->value));
      if (!o) return nullptr;
      env->SetObjectArrayElement(out, static_cast<jsize>(i), o);
      env->DeleteLocalRef(o);
      env->DeleteLocalRef(topics);
      env->DeleteLocalRef(item);
    }
    return out;
  });
}

void NLoadCatalog(JNIEnv* env, jclass, jlong h, jbyteArray jcat) {
  Guard(env, 0, [&] {
    Bytes cat(/*secret=*/false);
    cat.Read(env, jcat);
    Ok(env, tacit_load_catalog(H(h), cat.data(), cat.size()));
    return 0;
  });
}

jobject NCatalogInfo(JNIEnv* env, jclass, jlong h) {
  return Guard(env, static_cast<jobject>(nullptr), [&]() -> jobject {
    tacit_catalog_info_t info;
    tacit_catalog_info_init(&info);
    if (!Ok(env, tacit_catalog_info(H(h), &info))) return nullptr;
    return env->NewObject(g.catalog_info, g.catalog_info_ctor, static_cast<jlong>(info.version),
                          static_cast<jlong>(info.issued_at_ms), static_cast<jlong>(info.expires_at_ms),
                          static_cast<jlong>(info.item_count), static_cast<jlong>(info.topic_count),
                          static_cast<jlong>(info.metric_count));
  });
}

jobjectArray NCatalogTopics(JNIEnv* env, jclass, jlong h) {
  return Guard(env, static_cast<jobjectArray>(nullptr), [&]() -> jobjectArray {
    tacit_topic_list_t* list = nullptr;
    if (!Ok(env, tacit_catalog_topics(H(h), &list))) return nullptr;
    std::unique_ptr<tacit_topic_list_t, void (*)(tacit_topic_list_t*)> guard(list, tacit_topic_list_free);
    const size_t n = tacit_topic_list_size(list);
    jobjectArray out = env->NewObjectArray(static_cast<jsize>(n), g.catalog_topic, nullptr);
    if (!out) return nullptr;
    for (size_t i = 0; i < n; ++i) {
      const tacit_topic_t* t = tacit_topic_list_get(list, i);
      jstring id = NewUtf8String(env, t->id);
      if (!id) return nullptr;
      jstring label = NewUtf8String(env, t->label);
      if (!label) return nullptr;
      jstring parent = NewUtf8String(env, t->parent_id);
      if (!parent) return nullptr;
      jobject o = env->NewObject(g.catalog_topic, g.catalog_topic_ctor, id, label, parent,
                                 static_cast<jint>(t->sensitivity));
      if (!o) return nullptr;
      env->SetObjectArrayElement(out, static_cast<jsize>(i), o);
      env->DeleteLocalRef(o);
      env->DeleteLocalRef(id);
      env->DeleteLocalRef(label);
      env->DeleteLocalRef(parent);
    }
    return out;
  });
}

jobjectArray NCatalogItems(JNIEnv* env, jclass, jlong h, jlong offset, jint limit) {
  return Guard(env, static_cast<jobjectArray>(nullptr), [&]() -> jobjectArray {
    if (offset < 0 || limit < 0) {
      ThrowTacit(env, TACIT_ERR_INVALID_ARGUMENT, "offset and limit must not be negative");
      return nullptr;
    }
    // 32-bit targets: an offset beyond size_t is past the end all the same.
    const size_t first = static_cast<uint64_t>(offset) > SIZE_MAX ? SIZE_MAX : static_cast<size_t>(offset);
    tacit_catalog_item_list_t* list = nullptr;
    if (!Ok(env, tacit_catalog_items(H(h), first, static_cast<size_t>(limit), &list))) return nullptr;
    std::unique_ptr<tacit_catalog_item_list_t, void (*)(tacit_catalog_item_list_t*)> guard(
        list, tacit_catalog_item_list_free);
    const size_t n = tacit_catalog_item_list_size(list);
    jobjectArray out = env->NewObjectArray(static_cast<jsize>(n), g.catalog_item, nullptr);
    if (!out) return nullptr;
    for (size_t i = 0; i < n; ++i) {
      const tacit_catalog_item_t* it = tacit_catalog_item_list_get(list, i);
      jstring id = NewUtf8String(env, it->id);
      if (!id) return nullptr;
      jstring title = NewUtf8String(env, it->title);
      if (!title) return nullptr;
      const jsize nt = static_cast<jsize>(it->topic_count);
      jobjectArray topics = env->NewObjectArray(nt, g.string, nullptr);
      if (!topics) return nullptr;
      for (jsize k = 0; k < nt; ++k) {
        jstring t = NewUtf8String(env, it->topic_ids[k]);
        if (!t) return nullptr;
        env->SetObjectArrayElement(topics, k, t);
        env->DeleteLocalRef(t);
      }
      jdoubleArray weights = env->NewDoubleArray(nt);
      if (!weights) return nullptr;
      if (nt > 0) env->SetDoubleArrayRegion(weights, 0, nt, it->topic_weights);
      jstring campaign = NewUtf8String(env, it->campaign_id);
      if (!campaign) return nullptr;
      jstring locale = NewUtf8String(env, it->locale);
      if (!locale) return nullptr;
      jobject o = env->NewObject(g.catalog_item, g.catalog_item_ctor, id, title, topics, weights, campaign,
                                 static_cast<jlong>(it->published_at_ms), locale);
      if (!o) return nullptr;
      env->SetObjectArrayElement(out, static_cast<jsize>(i), o);
      env->DeleteLocalRef(o);
      env->DeleteLocalRef(id);
      env->DeleteLocalRef(title);
      env->DeleteLocalRef(topics);
      env->DeleteLocalRef(weights);
      env->DeleteLocalRef(campaign);
      env->DeleteLocalRef(locale);
    }
    return out;
  });
}

void NNotInterested(JNIEnv* env, jclass, jlong h, jstring jid, jboolean is_item) {
  Guard(env, 0, [&] {
    Utf8 id;
    if (!ReadUtf8(env, jid, &id)) return 0;
    Ok(env, is_item ? tacit_not_interested_item(H(h), id.c_str()) : tacit_not_interested_topic(H(h), id.c_str()));
    return 0;
  });
}

jobjectArray NRank(JNIEnv* env, jclass, jlong h, jobject jr) {
  return Guard(env, static_cast<jobjectArray>(nullptr), [&]() -> jobjectArray {
    tacit_rank_request_t req;
    tacit_rank_request_init(&req);
    Utf8 locale;
    std::vector<Utf8> cands;
    std::vector<const char*> cand_ptrs;
    if (jr) {
      jint k = env->GetIntField(jr, g.rq_k);
      jint cap = env->GetIntField(jr, g.rq_cap);
      if (k < 0 || cap < 0) {
        ThrowTacit(env, TACIT_ERR_INVALID_ARGUMENT, "k and frequencyCap must not be negative");
        return nullptr;
      }
      req.k = static_cast<size_t>(k);
      req.surface = env->GetIntField(jr, g.rq_surface);
      req.now_ms = env->GetLongField(jr, g.rq_now);
      req.seed = static_cast<uint64_t>(env->GetLongField(jr, g.rq_seed));
      req.exploration = env->GetDoubleField(jr, g.rq_exploration);
      req.frequency_cap = static_cast<uint32_t>(cap);
      auto jl = static_cast<jstring>(env->GetObjectField(jr, g.rq_locale));
      if (!ReadUtf8(env, jl, &locale)) return nullptr;
      req.locale = locale.c_str();
      auto jc = static_cast<jobjectArray>(env->GetObjectField(jr, g.rq_candidates));
      if (jc) {
        jsize n = env->GetArrayLength(jc);
        cands.resize(static_cast<size_t>(n));
        cand_ptrs.reserve(static_cast<size_t>(n));
        for (jsize i = 0; i < n; ++i) {
          auto js = static_cast<jstring>(env->GetObjectArrayElement(jc, i));
          if (!ReadUtf8(env, js, &cands[static_cast<size_t>(i)])) return nullptr;
          env->DeleteLocalRef(js);
          cand_ptrs.push_back(cands[static_cast<size_t>(i)].c_str());
        }
        // An empty array is passed as a non-NULL pointer with count 0; the C API then ranks the whole catalog.
        static const char* const kNone[1] = {nullptr};
        req.candidate_ids = cand_ptrs.empty() ? kNone : cand_ptrs.data();
        req.candidate_count = cand_ptrs.size();
      }
    }
    tacit_ranking_t* r = nullptr;
    if (!Ok(env, tacit_rank(H(h), &req, &r))) return nullptr;
    RankingPtr ranking(r);
    return NewRankedArray(env, ranking.get());
  });
}

jobject NExplain(JNIEnv* env, jclass, jlong h, jstring jid) {
  return Guard(env, static_cast<jobject>(nullptr), [&]() -> jobject {
    Utf8 id;
    if (!ReadUtf8(env, jid, &id)) return nullptr;
    tacit_ranking_t* r = nullptr;
    if (!Ok(env, tacit_explain(H(h), id.c_str(), &r))) return nullptr;
    RankingPtr ranking(r);
    if (tacit_ranking_size(r) != 1) {
      ThrowTacit(env, TACIT_ERR_INTERNAL, "tacit_explain did not return one item");
      return nullptr;
    }
    return NewRankedItem(env, r, 0);
  });
}

void NConsentSet(JNIEnv* env, jclass, jlong h, jint purpose, jint state, jstring jpolicy) {
  Guard(env, 0, [&] {
    Utf8 policy;
    if (ReadUtf8(env, jpolicy, &policy)) Ok(env, tacit_consent_set(H(h), purpose, state, policy.c_str()));
    return 0;
  });
}

jint NConsentGet(JNIEnv* env, jclass, jlong h, jint purpose) {
  return Guard(env, jint{0}, [&]() -> jint {
    int32_t state = 0;
    return Ok(env, tacit_consent_get(H(h), purpose, &state)) ? state : 0;
  });
}

void NConsentSetTcf(JNIEnv* env, jclass, jlong h, jstring jtc, jint vendor) {
  Guard(env, 0, [&] {
    if (vendor < 0 || vendor > 0xFFFF) {
      ThrowTacit(env, TACIT_ERR_INVALID_ARGUMENT, "vendorId must be 0..65535");
      return 0;
    }
    Utf8 tc;
    if (ReadUtf8(env, jtc, &tc)) Ok(env, tacit_consent_set_tcf(H(h), tc.c_str(), static_cast<uint16_t>(vendor)));
    return 0;
  });
}

jlong NReportsPrepare(JNIEnv* env, jclass, jlong h) {
  return Guard(env, jlong{0}, [&]() -> jlong {
    size_t made = 0;
    return Ok(env, tacit_reports_prepare(H(h), &made)) ? static_cast<jlong>(made) : 0;
  });
}

jobject NOutboxNext(JNIEnv* env, jclass, jlong h) {
  return Guard(env, static_cast<jobject>(nullptr), [&]() -> jobject {
    tacit_outgoing_report_t* rep = nullptr;
    tacit_status st = tacit_outbox_next(H(h), &rep);
    if (st == TACIT_ERR_NOT_FOUND) return nullptr;  // empty outbox: null, not an exception
    if (!Ok(env, st)) return nullptr;
    std::unique_ptr<tacit_outgoing_report_t, void (*)(tacit_outgoing_report_t*)> guard(rep, tacit_outgoing_report_free);
    jbyteArray bytes = NewBytes(env, rep->bytes, rep->len);
    if (!bytes) return nullptr;  // OutOfMemoryError pending
    jbyteArray id = NewBytes(env, rep->report_id, sizeof rep->report_id);
    if (!id) return nullptr;
    jstring metric = NewUtf8String(env, rep->metric_id);
    if (!metric) return nullptr;
    const bool dap = TACIT_HAS_FIELD(rep, tacit_outgoing_report_t, media_type) && rep->transport == TACIT_TRANSPORT_DAP;
    jstring url = nullptr, media = nullptr;
    if (dap) {
      url = NewUtf8String(env, rep->upload_url);
      if (!url) return nullptr;
      media = NewUtf8String(env, rep->media_type);
      if (!media) return nullptr;
    }
    return env->NewObject(g.report, g.report_ctor, bytes, id, metric, static_cast<jlong>(rep->period),
                          static_cast<jdouble>(rep->epsilon),
                          static_cast<jint>(dap ? TACIT_TRANSPORT_DAP : TACIT_TRANSPORT_LDP_REPORT), url, media);
  });
}

void NOutboxAck(JNIEnv* env, jclass, jlong h, jbyteArray jid) {
  Guard(env, 0, [&] {
    Bytes id(/*secret=*/false);
    id.Read(env, jid);
    Ok(env, tacit_outbox_ack(H(h), id.data(), id.size()));
    return 0;
  });
}

jlong NOutboxSize(JNIEnv* env, jclass, jlong h) {
  return Guard(env, jlong{0}, [&]() -> jlong {
    size_t n = 0;
    return Ok(env, tacit_outbox_size(H(h), &n)) ? static_cast<jlong>(n) : 0;
  });
}

// ---- DAP
void NDapSetHpkeConfigs(JNIEnv* env, jclass, jlong h, jstring jtask, jint role, jbyteArray jlist, jlong expires) {
  Guard(env, 0, [&] {
    Utf8 task;
    if (!ReadUtf8(env, jtask, &task)) return 0;
    Bytes list(/*secret=*/false);
    list.Read(env, jlist);
    Ok(env, tacit_dap_set_hpke_configs(H(h), task.c_str(), role, list.data(), list.size(), expires));
    return 0;
  });
}

jint NDapConfigId(JNIEnv* env, jclass, jlong h, jstring jtask, jint role) {
  return Guard(env, 0, [&]() -> jint {
    Utf8 task;
    if (!ReadUtf8(env, jtask, &task)) return 0;
    tacit_dap_config_info_t info{};
    tacit_dap_config_info_init(&info);
    return Ok(env, tacit_dap_config_info(H(h), task.c_str(), role, &info)) ? jint(info.config_id) : 0;
  });
}

template <typename Fn>
jstring JsonCall(JNIEnv* env, Fn fn) {
  return Guard(env, static_cast<jstring>(nullptr), [&]() -> jstring {
    char* json = nullptr;
    size_t len = 0;
    if (!Ok(env, fn(&json, &len))) return nullptr;
    std::unique_ptr<char, void (*)(void*)> owned(json, tacit_free);
    return NewUtf8String(env, json, len);
  });
}

jstring NExportJson(JNIEnv* env, jclass, jlong h) {
  return JsonCall(env, [&](char** j, size_t* n) { return tacit_export_json(H(h), j, n); });
}

jstring NReportsPreviewJson(JNIEnv* env, jclass, jlong h) {
  return JsonCall(env, [&](char** j, size_t* n) { return tacit_reports_preview_json(H(h), j, n); });
}

void NForgetInferred(JNIEnv* env, jclass, jlong h, jstring jt) {
  Guard(env, 0, [&] {
    Utf8 t;
    if (ReadUtf8(env, jt, &t)) Ok(env, tacit_forget_inferred(H(h), t.c_str()));
    return 0;
  });
}

void NForgetTopicBehaviour(JNIEnv* env, jclass, jlong h, jstring jt) {
  Guard(env, 0, [&] {
    Utf8 t;
    if (ReadUtf8(env, jt, &t)) Ok(env, tacit_forget_topic_behaviour(H(h), t.c_str()));
    return 0;
  });
}

void NSetPaused(JNIEnv* env, jclass, jlong h, jboolean paused) {
  Guard(env, 0, [&] { return Ok(env, tacit_set_paused(H(h), paused ? 1 : 0)); });
}

// ---- registration

#define TACIT_NATIVE(name, sig, fn) {const_cast<char*>(name), const_cast<char*>(sig), reinterpret_cast<void*>(fn)}
const JNINativeMethod kNatives[] = {
    TACIT_NATIVE("nVersion", "()Ljava/lang/String;", NVersion),
    TACIT_NATIVE("nOpen", "(Ldev/tacit/Tacit$Options;)J", NOpen),
    TACIT_NATIVE("nClose", "(J)V", NClose),
    TACIT_NATIVE("nRekey", "(J[B)V", NRekey),
    TACIT_NATIVE("nCheckIntegrity", "(J)V", NCheckIntegrity),
    TACIT_NATIVE("nEraseAll", "(J)V", NEraseAll),
    TACIT_NATIVE("nRecordEvents", "(J[Ldev/tacit/Event;)V", NRecordEvents),
    TACIT_NATIVE("nEventCount", "(J)J", NEventCount),
    TACIT_NATIVE("nDeclareInterest", "(JLjava/lang/String;D)V", NDeclareInterest),
    TACIT_NATIVE("nUndeclareInterest", "(JLjava/lang/String;)V", NUndeclareInterest),
    TACIT_NATIVE("nInterests", "(J)[Ldev/tacit/Interest;", NInterests),
    TACIT_NATIVE("nEvents", "(JJI)[Ldev/tacit/Event;", NEvents),
    TACIT_NATIVE("nLoadCatalog", "(J[B)V", NLoadCatalog),
    TACIT_NATIVE("nCatalogInfo", "(J)Ldev/tacit/CatalogInfo;", NCatalogInfo),
    TACIT_NATIVE("nCatalogTopics", "(J)[Ldev/tacit/CatalogTopic;", NCatalogTopics),
    TACIT_NATIVE("nCatalogItems", "(JJI)[Ldev/tacit/CatalogItem;", NCatalogItems),
    TACIT_NATIVE("nNotInterested", "(JLjava/lang/String;Z)V", NNotInterested),
    TACIT_NATIVE("nRank", "(JLdev/tacit/RankRequest;)[Ldev/tacit/RankedItem;", NRank),
    TACIT_NATIVE("nExplain", "(JLjava/lang/String;)Ldev/tacit/RankedItem;", NExplain),
    TACIT_NATIVE("nConsentSet", "(JIILjava/lang/String;)V", NConsentSet),
    TACIT_NATIVE("nConsentGet", "(JI)I", NConsentGet),
    TACIT_NATIVE("nConsentSetTcf", "(JLjava/lang/String;I)V", NConsentSetTcf),
    TACIT_NATIVE("nDapSetHpkeConfigs", "(JLjava/lang/String;I[BJ)V", NDapSetHpkeConfigs),
    TACIT_NATIVE("nDapConfigId", "(JLjava/lang/String;I)I", NDapConfigId),
    TACIT_NATIVE("nReportsPrepare", "(J)J", NReportsPrepare),
    TACIT_NATIVE("nOutboxNext", "(J)Ldev/tacit/OutgoingReport;", NOutboxNext),
    TACIT_NATIVE("nOutboxAck", "(J[B)V", NOutboxAck),
    TACIT_NATIVE("nOutboxSize", "(J)J", NOutboxSize),
    TACIT_NATIVE("nExportJson", "(J)Ljava/lang/String;", NExportJson),
    TACIT_NATIVE("nReportsPreviewJson", "(J)Ljava/lang/String;", NReportsPreviewJson),
    TACIT_NATIVE("nForgetInferred", "(JLjava/lang/String;)V", NForgetInferred),
    TACIT_NATIVE("nForgetTopicBehaviour", "(JLjava/lang/String;)V", NForgetTopicBehaviour),
    TACIT_NATIVE("nSetPaused", "(JZ)V", NSetPaused),
};
#undef TACIT_NATIVE

bool GlobalClass(JNIEnv* env, const char* name, jclass* out) {
  jclass local = env->FindClass(name);
  if (!local) return false;
  *out = static_cast<jclass>(env->NewGlobalRef(local));
  env->DeleteLocalRef(local);
  return *out != nullptr;
}

bool Field(JNIEnv* env, jclass c, const char* name, const char* sig, jfieldID* out) {
  *out = env->GetFieldID(c, name, sig);
  return *out != nullptr;
}

bool Init(JNIEnv* env) {
  jclass options = nullptr, event = nullptr, request = nullptr, tacit = nullptr, clock_class = nullptr;
  bool ok =
      GlobalClass(env, "dev/tacit/TacitException", &g.exception) &&
      (g.exception_ctor = env->GetMethodID(g.exception, "<init>", "(ILjava/lang/String;Ljava/lang/String;)V")) &&
      GlobalClass(env, "java/lang/String", &g.string) &&
      (g.string_from_bytes = env->GetMethodID(g.string, "<init>", "([BLjava/lang/String;)V")) &&
      (g.string_get_bytes = env->GetMethodID(g.string, "getBytes", "(Ljava/lang/String;)[B")) &&
      GlobalClass(env, "dev/tacit/Reason", &g.reason) &&
      (g.reason_ctor = env->GetMethodID(g.reason, "<init>",
                                        "(ILjava/lang/String;ZDLjava/lang/String;Ljava/lang/String;)V")) &&
      GlobalClass(env, "dev/tacit/RankedItem", &g.ranked) &&
      (g.ranked_ctor = env->GetMethodID(g.ranked, "<init>",
                                        "(Ljava/lang/String;Ljava/lang/String;D[Ldev/tacit/Reason;)V")) &&
      GlobalClass(env, "dev/tacit/Interest", &g.interest) &&
      GlobalClass(env, "dev/tacit/Event", &g.event_class) &&
      (g.event_ctor = env->GetMethodID(g.event_class, "<init>", "(ILjava/lang/String;[Ljava/lang/String;JD)V")) &&
      (g.interest_ctor = env->GetMethodID(g.interest, "<init>", "(Ljava/lang/String;DJ)V")) &&
      GlobalClass(env, "dev/tacit/CatalogInfo", &g.catalog_info) &&
      (g.catalog_info_ctor = env->GetMethodID(g.catalog_info, "<init>", "(JJJJJJ)V")) &&
      GlobalClass(env, "dev/tacit/CatalogTopic", &g.catalog_topic) &&
      (g.catalog_topic_ctor = env->GetMethodID(g.catalog_topic, "<init>",
                                               "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;I)V")) &&
      GlobalClass(env, "dev/tacit/CatalogItem", &g.catalog_item) &&
      (g.catalog_item_ctor = env->GetMethodID(
           g.catalog_item, "<init>",
           "(Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;[DLjava/lang/String;JLjava/lang/String;)V")) &&
      GlobalClass(env, "dev/tacit/OutgoingReport", &g.report) &&
      (g.report_ctor = env->GetMethodID(g.report, "<init>", "([B[BLjava/lang/String;JDILjava/lang/String;Ljava/lang/String;)V")) &&
      (options = env->FindClass("dev/tacit/Tacit$Options")) &&
      Field(env, options, "path", "Ljava/lang/String;", &g.opt_path) &&
      Field(env, options, "key", "[B", &g.opt_key) && Field(env, options, "passphrase", "[B", &g.opt_passphrase) &&
      Field(env, options, "opsLimit", "J", &g.opt_ops) && Field(env, options, "memLimit", "J", &g.opt_mem) &&
      Field(env, options, "durability", "I", &g.opt_durability) &&
      Field(env, options, "brandKeys", "[[B", &g.opt_brand_keys) &&
      Field(env, options, "brandId", "Ljava/lang/String;", &g.opt_brand_id) &&
      Field(env, options, "halfLifeMs", "J", &g.opt_half_life) &&
      Field(env, options, "measurementPlan", "[B", &g.opt_plan) &&
      Field(env, options, "epsilonPer24h", "D", &g.opt_eps_24h) &&
      Field(env, options, "epsilonPer365d", "D", &g.opt_eps_365d) &&
      Field(env, options, "clock", "Ldev/tacit/Tacit$Clock;", &g.opt_clock) &&
      (clock_class = env->FindClass("dev/tacit/Tacit$Clock")) &&
      (g.clock_now = env->GetMethodID(clock_class, "nowMs", "()J")) && (event = env->FindClass("dev/tacit/Event")) &&
      Field(env, event, "type", "I", &g.ev_type) && Field(env, event, "itemId", "Ljava/lang/String;", &g.ev_item) &&
      Field(env, event, "topicIds", "[Ljava/lang/String;", &g.ev_topics) &&
      Field(env, event, "timestampMs", "J", &g.ev_ts) && Field(env, event, "value", "D", &g.ev_value) &&
      (request = env->FindClass("dev/tacit/RankRequest")) && Field(env, request, "k", "I", &g.rq_k) &&
      Field(env, request, "surface", "I", &g.rq_surface) && Field(env, request, "nowMs", "J", &g.rq_now) &&
      Field(env, request, "locale", "Ljava/lang/String;", &g.rq_locale) &&
      Field(env, request, "candidateIds", "[Ljava/lang/String;", &g.rq_candidates) &&
      Field(env, request, "seed", "J", &g.rq_seed) && Field(env, request, "exploration", "D", &g.rq_exploration) &&
      Field(env, request, "frequencyCap", "I", &g.rq_cap) && (tacit = env->FindClass("dev/tacit/Tacit")) &&
      env->RegisterNatives(tacit, kNatives, sizeof kNatives / sizeof kNatives[0]) == JNI_OK;
  if (ok) {
    jstring utf8 = env->NewStringUTF("UTF-8");
    g.utf8 = utf8 ? static_cast<jstring>(env->NewGlobalRef(utf8)) : nullptr;
    ok = g.utf8 != nullptr;
  }
  return ok;  // on failure a Java exception (NoClassDefFoundError, NoSuchFieldError...) is pending
}

}  // namespace

extern "C" JNIEXPORT jint JNI_OnLoad(JavaVM* vm, void*) {
  JNIEnv* env = nullptr;
  if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_6) != JNI_OK) return JNI_ERR;
  g.vm = vm;
  return Init(env) ? JNI_VERSION_1_6 : JNI_ERR;
}

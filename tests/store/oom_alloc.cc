// The allocation failure points of the out-of-memory sweep (tests/store/test_faults.cc): while armed, the
// Nth allocation fails, whether SQLite's (through SQLITE_CONFIG_MALLOC) or, when g_oom_cxx is set, any C++
// allocation (operator new throws std::bad_alloc, which the C API turns into TACIT_ERR_NO_MEMORY).
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

std::atomic<bool> g_oom_armed{false};
std::atomic<bool> g_oom_fired{false};
std::atomic<uint64_t> g_oom_seen{0};
std::atomic<uint64_t> g_oom_n{0};
std::atomic<bool> g_oom_cxx{false};

std::atomic<bool> g_oom_skipped{false};
std::atomic<int> g_oom_skip_size{-1};
std::atomic<int> g_oom_skip_size2{-1};

// `size` is the request (-1 when unknown). A request of g_oom_skip_size (or g_oom_skip_size2) bytes at the Nth point is let through
// and g_oom_skipped set, so the sweep moves on to N + 1.
bool OomNow(int size) {
  if (!g_oom_armed.load(std::memory_order_relaxed) || g_oom_fired || g_oom_skipped) return false;
  if (++g_oom_seen != g_oom_n) return false;
  if (size >= 0 && (size == g_oom_skip_size || size == g_oom_skip_size2)) {
    g_oom_skipped = true;
    return false;
  }
  g_oom_fired = true;
  return true;
}

// A sanitizer runtime brings its own operator new; under one the sweep fails SQLite's allocations only.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TACIT_OOM_OWN_NEW 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TACIT_OOM_OWN_NEW 0
#endif
#endif
#ifndef TACIT_OOM_OWN_NEW
#define TACIT_OOM_OWN_NEW 1
#endif

extern const bool g_oom_cxx_available = TACIT_OOM_OWN_NEW;

#if TACIT_OOM_OWN_NEW
void* operator new(size_t n) {
  if (g_oom_cxx.load(std::memory_order_relaxed) && OomNow(-1)) throw std::bad_alloc();
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  if (g_oom_cxx.load(std::memory_order_relaxed) && OomNow(-1)) return nullptr;
  return std::malloc(n ? n : 1);
}
void* operator new[](size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
#endif

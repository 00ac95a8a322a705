#include "support/profile.h"

#include <chrono>

namespace tacit_test {

static int64_t FixedClock(void* ctx) { return *static_cast<const int64_t*>(ctx); }

tacit_status OpenProfile(const std::string& dir, const std::vector<uint8_t>& key, tacit_t** out,
                         const int64_t* fixed_now) {
  tacit_options_t* o = tacit_options_new();
  tacit_status s = tacit_options_set_path(o, dir.c_str());
  if (s == TACIT_OK) s = tacit_options_set_key(o, key.data(), key.size());
  if (s == TACIT_OK && fixed_now)
    s = tacit_options_set_clock(o, FixedClock, const_cast<int64_t*>(fixed_now));
  if (s == TACIT_OK) s = tacit_open(o, out);
  tacit_options_free(o);
  return s;
}

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tacit_test

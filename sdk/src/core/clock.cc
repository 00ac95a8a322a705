#include "core/clock.h"

#include <chrono>

namespace tacit {

int64_t SystemNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tacit

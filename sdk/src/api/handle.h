// The structs behind the C API's opaque handles, and the size rules of growable structs. Internal to api/.
#ifndef TACIT_API_HANDLE_H_
#define TACIT_API_HANDLE_H_

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "core/clock.h"
#include "crypto/secret.h"
#include "session/session.h"
#include "tacit/tacit.h"

struct tacit_options {
  std::string dir;
  tacit::SecretBytes key;
  tacit::SecretBytes passphrase;
  uint64_t opslimit = 2;
  uint64_t memlimit = uint64_t(64) << 20;
  int durability = TACIT_DURABILITY_PROCESS_CRASH;
  tacit::Clock clock;
  std::vector<tacit::CatalogPublicKey> brand_keys;
  std::string brand_id;
  int64_t half_life_ms = 14 * tacit::kMsPerDay;
  std::vector<uint8_t> plan;  // signed measurement plan; empty = none
  double host_epsilon_24h = 0, host_epsilon_365d = 0;  // 0 = the plan's bound
};

struct tacit_handle {
  std::unique_ptr<tacit::Session> session;  // thread-safe; see session.h
};

namespace tacit {

// The size of a growable struct's first version: up to the end of `last_field`.
#define TACIT_V1_SIZE(type, last_field) (offsetof(type, last_field) + sizeof(static_cast<type*>(nullptr)->last_field))

// Copies a caller's struct of `struct_size` bytes over `*into` (which holds the defaults); fields the caller
// does not have keep them. INVALID_ARGUMENT below `min_size`.
template <typename T>
Status ReadSized(const T* in, size_t min_size, const char* what, T* into) {
  if (in->struct_size < min_size)
    return Status::Invalid(std::string(what) + ".struct_size is " + std::to_string(in->struct_size) +
                           ": set it with its tacit_*_init function");
  std::memcpy(static_cast<void*>(into), in, std::min(in->struct_size, sizeof(T)));
  into->struct_size = sizeof(T);
  return Status::OK();
}

// Writes `value` into the first out->struct_size bytes of a caller's struct; struct_size becomes the number
// of bytes written (smaller than the caller's when the caller is newer than this tacit).
template <typename T>
Status WriteSized(const T& value, size_t min_size, const char* what, T* out) {
  const size_t n = out->struct_size;
  if (n < min_size)
    return Status::Invalid(std::string(what) + ".struct_size is " + std::to_string(n) +
                           ": set it with its tacit_*_init function");
  std::memcpy(static_cast<void*>(out), &value, std::min(n, sizeof(T)));
  out->struct_size = std::min(n, sizeof(T));
  return Status::OK();
}

// Runs `body` on the handle's session; INVALID_ARGUMENT for a NULL handle.
template <typename F>
Status WithSession(tacit_t* h, F&& body) {
  if (!h || !h->session) return Status::Invalid("handle is NULL");
  return body(*h->session);
}

}  // namespace tacit

#endif  // TACIT_API_HANDLE_H_

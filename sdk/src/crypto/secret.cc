#include "crypto/secret.h"

#include <sodium.h>

#include <cstring>

namespace tacit {

Status EnsureSodium() {
  // sodium_init is thread-safe and returns 1 when already initialised.
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  return Status::OK();
}

SecretBytes::~SecretBytes() { Clear(); }

SecretBytes::SecretBytes(SecretBytes&& o) noexcept : p_(o.p_), n_(o.n_) {
  o.p_ = nullptr;
  o.n_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& o) noexcept {
  if (this != &o) {
    Clear();
    p_ = o.p_;
    n_ = o.n_;
    o.p_ = nullptr;
    o.n_ = 0;
  }
  return *this;
}

void SecretBytes::Clear() {
  if (p_) sodium_free(p_);  // wipes before freeing
  p_ = nullptr;
  n_ = 0;
}

Result<SecretBytes> SecretBytes::Allocate(size_t n) {
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  SecretBytes s;
  if (n == 0) return s;
  s.p_ = static_cast<uint8_t*>(sodium_malloc(n));
  if (!s.p_) return Status(TACIT_ERR_NO_MEMORY, "sodium_malloc failed");
  s.n_ = n;
  sodium_memzero(s.p_, n);
  return s;
}

Result<SecretBytes> SecretBytes::Copy(const uint8_t* p, size_t n) {
  TACIT_ASSIGN_OR_RETURN(SecretBytes s, Allocate(n));
  if (n) std::memcpy(s.data(), p, n);
  return s;
}

bool ConstantTimeEqual(const uint8_t* a, const uint8_t* b, size_t n) { return sodium_memcmp(a, b, n) == 0; }

}  // namespace tacit

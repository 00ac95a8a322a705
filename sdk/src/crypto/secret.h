// Secret bytes live in libsodium's guarded, locked memory and are wiped when released.
#ifndef TACIT_CRYPTO_SECRET_H_
#define TACIT_CRYPTO_SECRET_H_

#include <cstddef>
#include <cstdint>

#include "core/status.h"

namespace tacit {

// Initialises libsodium once (thread-safe, idempotent).
Status EnsureSodium();

// Move-only owner of a sodium_malloc'd buffer; sodium_free wipes it. Copying is forbidden.
class SecretBytes {
 public:
  SecretBytes() = default;
  ~SecretBytes();
  SecretBytes(SecretBytes&& o) noexcept;
  SecretBytes& operator=(SecretBytes&& o) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  // Allocates n zeroed bytes. NO_MEMORY if sodium_malloc fails.
  static Result<SecretBytes> Allocate(size_t n);
  static Result<SecretBytes> Copy(const uint8_t* p, size_t n);

  uint8_t* data() { return p_; }
  const uint8_t* data() const { return p_; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  void Clear();

 private:
  uint8_t* p_ = nullptr;
  size_t n_ = 0;
};

// Constant-time equality of two equal-length buffers.
bool ConstantTimeEqual(const uint8_t* a, const uint8_t* b, size_t n);

}  // namespace tacit

#endif  // TACIT_CRYPTO_SECRET_H_

// HPKE base mode (RFC 9180) for DAP's input shares: DHKEM(X25519, HKDF-SHA256) (0x0020), HKDF-SHA256 (0x0001),
// and the AEADs AES-128-GCM (0x0001, libcrypto), AES-256-GCM (0x0002, libcrypto) and ChaCha20Poly1305 (0x0003,
// libsodium). Builds without libcrypto (Apple: CommonCrypto has no public AES-GCM) support only 0x0003: the
// GCM suites are TACIT_ERR_DAP_UNSUPPORTED_HPKE there, as is any other KEM/KDF/AEAD everywhere.
//
// Secrets (ephemeral and recipient private keys, the DH output, the shared secret and the whole key schedule)
// live in libsodium's guarded memory and are wiped when released. Errors never include key material.
// Thread-safe: no shared state (libsodium is initialised once, thread-safely).
#ifndef TACIT_DAP_HPKE_H_
#define TACIT_DAP_HPKE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/status.h"
#include "crypto/secret.h"

namespace tacit {
namespace dap {

constexpr uint16_t kHpkeKemX25519HkdfSha256 = 0x0020;
constexpr uint16_t kHpkeKdfHkdfSha256 = 0x0001;
constexpr uint16_t kHpkeAeadAes128Gcm = 0x0001;
constexpr uint16_t kHpkeAeadAes256Gcm = 0x0002;
constexpr uint16_t kHpkeAeadChaCha20Poly1305 = 0x0003;
constexpr size_t kX25519KeySize = 32;

struct HpkeSuite {
  uint16_t kem = kHpkeKemX25519HkdfSha256;
  uint16_t kdf = kHpkeKdfHkdfSha256;
  uint16_t aead = kHpkeAeadAes128Gcm;
};

// OK if this build implements the suite; otherwise TACIT_ERR_DAP_UNSUPPORTED_HPKE naming the part.
Status HpkeCheckSuite(const HpkeSuite& suite);

struct HpkeSealed {
  std::vector<uint8_t> enc;  // the encapsulated key (32 bytes for X25519)
  std::vector<uint8_t> ct;   // ciphertext || 16-byte tag
};

// Single-shot SealBase(pkR, info, aad, pt) with a fresh ephemeral key. pk must be 32 bytes
// (TACIT_ERR_INVALID_ARGUMENT otherwise); a low-order pk is INVALID_ARGUMENT too.
Result<HpkeSealed> HpkeSealBase(const HpkeSuite& suite, const uint8_t* pk, size_t pk_len,
                                const std::vector<uint8_t>& info, const std::vector<uint8_t>& aad,
                                const std::vector<uint8_t>& pt);

// Single-shot OpenBase(enc, skR, info, aad, ct). A ciphertext that does not authenticate is TACIT_ERR_CORRUPT.
Result<std::vector<uint8_t>> HpkeOpenBase(const HpkeSuite& suite, const uint8_t* sk, size_t sk_len,
                                          const std::vector<uint8_t>& enc, const std::vector<uint8_t>& info,
                                          const std::vector<uint8_t>& aad, const std::vector<uint8_t>& ct);

// ---- For tests and tools ----

// SealBase with a caller-chosen ephemeral private key (deterministic; never for production use).
Result<HpkeSealed> HpkeSealBaseWithEphemeral(const HpkeSuite& suite, const uint8_t* pk, size_t pk_len,
                                             const uint8_t* sk_e, size_t sk_e_len, const std::vector<uint8_t>& info,
                                             const std::vector<uint8_t>& aad, const std::vector<uint8_t>& pt);

// A fresh X25519 key pair (sk in secure memory).
struct HpkeKeyPair {
  SecretBytes sk;
  std::vector<uint8_t> pk;
};
Result<HpkeKeyPair> HpkeGenerateKeyPair();
// DeriveKeyPair(ikm) of RFC 9180 §7.1.3 for X25519.
Result<HpkeKeyPair> HpkeDeriveKeyPair(const uint8_t* ikm, size_t ikm_len);
// The X25519 public key of a private key.
Result<std::vector<uint8_t>> HpkePublicKey(const uint8_t* sk, size_t sk_len);

// An HPKE context (RFC 9180 §5.2): sequence-numbered Seal/Open and Export. Move-only; secrets wiped.
class HpkeContext {
 public:
  HpkeContext() = default;
  HpkeContext(HpkeContext&&) = default;
  HpkeContext& operator=(HpkeContext&&) = default;

  Result<std::vector<uint8_t>> Seal(const std::vector<uint8_t>& aad, const std::vector<uint8_t>& pt);
  Result<std::vector<uint8_t>> Open(const std::vector<uint8_t>& aad, const std::vector<uint8_t>& ct);
  Result<std::vector<uint8_t>> Export(const std::vector<uint8_t>& exporter_context, size_t len) const;
  // The base nonce (public in RFC 9180's vectors; exposed for tests).
  std::vector<uint8_t> BaseNonceForTest() const;

 private:
  friend Result<HpkeContext> HpkeKeySchedule(const HpkeSuite&, const uint8_t*, size_t, const std::vector<uint8_t>&);
  const uint8_t* key() const { return secrets_.data(); }
  const uint8_t* base_nonce() const { return secrets_.data() + nk_; }
  const uint8_t* exporter_secret() const { return secrets_.data() + nk_ + 12; }
  HpkeSuite suite_;
  SecretBytes secrets_;  // key (nk_) || base_nonce (12) || exporter_secret (32): one guarded allocation
  size_t nk_ = 0;
  uint64_t seq_ = 0;
};

// SetupBaseS with a caller-chosen ephemeral key (sk_e == nullptr: a fresh one); *enc receives the encapsulation.
Result<HpkeContext> HpkeSetupBaseS(const HpkeSuite& suite, const uint8_t* pk, size_t pk_len, const uint8_t* sk_e,
                                   size_t sk_e_len, const std::vector<uint8_t>& info, std::vector<uint8_t>* enc);
Result<HpkeContext> HpkeSetupBaseR(const HpkeSuite& suite, const std::vector<uint8_t>& enc, const uint8_t* sk,
                                   size_t sk_len, const std::vector<uint8_t>& info);
// KeySchedule(mode_base, shared_secret, info) — the step after the KEM.
Result<HpkeContext> HpkeKeySchedule(const HpkeSuite& suite, const uint8_t* shared_secret, size_t shared_secret_len,
                                    const std::vector<uint8_t>& info);

// HKDF-SHA256 (RFC 5869) over libsodium's HMAC-SHA256. Expand's len <= 255 * 32.
void HkdfSha256Extract(const uint8_t* salt, size_t salt_len, const uint8_t* ikm, size_t ikm_len, uint8_t prk[32]);
Status HkdfSha256Expand(const uint8_t* prk, size_t prk_len, const uint8_t* info, size_t info_len, uint8_t* out,
                        size_t len);

}  // namespace dap
}  // namespace tacit

#endif  // TACIT_DAP_HPKE_H_

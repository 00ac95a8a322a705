#include "dap/hpke.h"

#include <sodium.h>

#include <climits>
#include <cstring>
#include <string>

#if defined(TACIT_HAVE_LIBCRYPTO)
#include <openssl/evp.h>
#endif

namespace tacit {
namespace dap {
namespace {

constexpr size_t kNh = 32;     // HKDF-SHA256 output
constexpr size_t kNn = 12;     // AEAD nonce
constexpr size_t kNt = 16;     // AEAD tag
constexpr uint8_t kModeBase = 0x00;
const char kHpkeV1[] = "HPKE-v1";

struct Span {
  const uint8_t* p;
  size_t n;
};
Span S(const char* s) { return {reinterpret_cast<const uint8_t*>(s), std::strlen(s)}; }
Span S(const std::vector<uint8_t>& v) { return {v.data(), v.size()}; }
Span S(const uint8_t* p, size_t n) { return {p, n}; }

// HMAC-SHA256(key, concat(parts)); the state is wiped.
void Hmac(Span key, std::initializer_list<Span> parts, uint8_t out[kNh]) {
  static const uint8_t kEmpty[1] = {0};
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key.n ? key.p : kEmpty, key.n);
  for (const Span& s : parts)
    if (s.n) crypto_auth_hmacsha256_update(&st, s.p, s.n);
  crypto_auth_hmacsha256_final(&st, out);
  sodium_memzero(&st, sizeof st);
}

// HKDF-Expand over concat(info_parts).
Status Expand(Span prk, std::initializer_list<Span> info_parts, uint8_t* out, size_t len) {
  if (len > 255 * kNh) return Status::Invalid("HKDF-Expand: output too long");
  uint8_t t[kNh];
  size_t t_len = 0, done = 0;
  for (uint8_t i = 1; done < len; ++i) {
    static const uint8_t kEmpty[1] = {0};
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, prk.n ? prk.p : kEmpty, prk.n);
    if (t_len) crypto_auth_hmacsha256_update(&st, t, t_len);
    for (const Span& s : info_parts)
      if (s.n) crypto_auth_hmacsha256_update(&st, s.p, s.n);
    crypto_auth_hmacsha256_update(&st, &i, 1);
    crypto_auth_hmacsha256_final(&st, t);
    sodium_memzero(&st, sizeof st);
    t_len = kNh;
    size_t n = len - done < kNh ? len - done : kNh;
    std::memcpy(out + done, t, n);
    done += n;
  }
  sodium_memzero(t, sizeof t);
  return Status::OK();
}

void LabeledExtract(Span suite_id, Span salt, const char* label, Span ikm, uint8_t out[kNh]) {
  Hmac(salt, {S(kHpkeV1), suite_id, S(label), ikm}, out);
}

Status LabeledExpand(Span suite_id, Span prk, const char* label, Span info, uint8_t* out, size_t len) {
  if (len > 0xffff) return Status::Invalid("HPKE: LabeledExpand length too long");
  uint8_t l2[2] = {static_cast<uint8_t>(len >> 8), static_cast<uint8_t>(len)};
  return Expand(prk, {S(l2, 2), S(kHpkeV1), suite_id, S(label), info}, out, len);
}

struct KemSuiteId {
  uint8_t b[5];
  explicit KemSuiteId(uint16_t kem) : b{'K', 'E', 'M', static_cast<uint8_t>(kem >> 8), static_cast<uint8_t>(kem)} {}
  Span span() const { return {b, sizeof b}; }
};

struct HpkeSuiteId {
  uint8_t b[10];
  explicit HpkeSuiteId(const HpkeSuite& s)
      : b{'H', 'P', 'K', 'E', static_cast<uint8_t>(s.kem >> 8), static_cast<uint8_t>(s.kem),
          static_cast<uint8_t>(s.kdf >> 8), static_cast<uint8_t>(s.kdf), static_cast<uint8_t>(s.aead >> 8),
          static_cast<uint8_t>(s.aead)} {}
  Span span() const { return {b, sizeof b}; }
};

size_t AeadKeySize(uint16_t aead) {
  switch (aead) {
    case kHpkeAeadAes128Gcm: return 16;
    case kHpkeAeadAes256Gcm: return 32;
    case kHpkeAeadChaCha20Poly1305: return 32;
    default: return 0;
  }
}

Status Unsupported(const std::string& what) { return Status(TACIT_ERR_DAP_UNSUPPORTED_HPKE, what); }

// ExtractAndExpand(dh, kem_context) of DHKEM(X25519, HKDF-SHA256) into shared[32]; prk_scratch[32] is
// caller-owned secure memory.
Status ExtractAndExpand(uint16_t kem, const uint8_t dh[32], const uint8_t* enc, const uint8_t* pk_r,
                        uint8_t* prk_scratch, uint8_t* shared) {
  KemSuiteId sid(kem);
  LabeledExtract(sid.span(), S(nullptr, 0), "eae_prk", S(dh, 32), prk_scratch);
  uint8_t kem_context[64];
  std::memcpy(kem_context, enc, 32);
  std::memcpy(kem_context + 32, pk_r, 32);
  return LabeledExpand(sid.span(), S(prk_scratch, kNh), "shared_secret", S(kem_context, 64), shared, kNh);
}

Status AeadSeal(uint16_t aead, const uint8_t* key, const uint8_t nonce[kNn], Span aad, Span pt,
                std::vector<uint8_t>* ct) {
  if (pt.n > static_cast<size_t>(INT_MAX) - kNt || aad.n > static_cast<size_t>(INT_MAX))
    return Status::Invalid("HPKE: message too long");
  ct->assign(pt.n + kNt, 0);
  if (aead == kHpkeAeadChaCha20Poly1305) {
    unsigned long long clen = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(ct->data(), &clen, pt.p, pt.n, aad.p, aad.n, nullptr, nonce, key);
    return Status::OK();
  }
#if defined(TACIT_HAVE_LIBCRYPTO)
  const EVP_CIPHER* cipher = aead == kHpkeAeadAes128Gcm ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (!ctx) return Status(TACIT_ERR_NO_MEMORY, "HPKE: EVP_CIPHER_CTX_new failed");
  int len = 0, ok = 1;
  ok &= EVP_EncryptInit_ex(ctx, cipher, nullptr, nullptr, nullptr);
  ok &= EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNn), nullptr);
  ok &= EVP_EncryptInit_ex(ctx, nullptr, nullptr, key, nonce);
  if (ok && aad.n) ok &= EVP_EncryptUpdate(ctx, nullptr, &len, aad.p, static_cast<int>(aad.n));
  if (ok && pt.n) ok &= EVP_EncryptUpdate(ctx, ct->data(), &len, pt.p, static_cast<int>(pt.n));
  if (ok) ok &= EVP_EncryptFinal_ex(ctx, ct->data() + pt.n, &len);
  if (ok) ok &= EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kNt), ct->data() + pt.n);
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return Status::Internal("HPKE: AES-GCM encryption failed");
  return Status::OK();
#else
  (void)key;
  return Unsupported("HPKE: AES-GCM is not available in this build (no libcrypto); use ChaCha20Poly1305");
#endif
}

Status AeadOpen(uint16_t aead, const uint8_t* key, const uint8_t nonce[kNn], Span aad, Span ct,
                std::vector<uint8_t>* pt) {
  if (ct.n < kNt) return Status::Corrupt("HPKE: ciphertext shorter than its tag");
  if (ct.n > static_cast<size_t>(INT_MAX) || aad.n > static_cast<size_t>(INT_MAX))
    return Status::Invalid("HPKE: message too long");
  pt->assign(ct.n - kNt, 0);
  if (aead == kHpkeAeadChaCha20Poly1305) {
    unsigned long long mlen = 0;
    if (crypto_aead_chacha20poly1305_ietf_decrypt(pt->data(), &mlen, nullptr, ct.p, ct.n, aad.p, aad.n, nonce,
                                                  key) != 0) {
      pt->clear();
      return Status::Corrupt("HPKE: the ciphertext does not authenticate");
    }
    return Status::OK();
  }
#if defined(TACIT_HAVE_LIBCRYPTO)
  const EVP_CIPHER* cipher = aead == kHpkeAeadAes128Gcm ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (!ctx) return Status(TACIT_ERR_NO_MEMORY, "HPKE: EVP_CIPHER_CTX_new failed");
  int len = 0, ok = 1;
  size_t n = ct.n - kNt;
  uint8_t tag[kNt];
  std::memcpy(tag, ct.p + n, kNt);
  ok &= EVP_DecryptInit_ex(ctx, cipher, nullptr, nullptr, nullptr);
  ok &= EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNn), nullptr);
  ok &= EVP_DecryptInit_ex(ctx, nullptr, nullptr, key, nonce);
  if (ok && aad.n) ok &= EVP_DecryptUpdate(ctx, nullptr, &len, aad.p, static_cast<int>(aad.n));
  if (ok && n) ok &= EVP_DecryptUpdate(ctx, pt->data(), &len, ct.p, static_cast<int>(n));
  if (ok) ok &= EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kNt), tag);
  if (ok) ok &= EVP_DecryptFinal_ex(ctx, pt->data() + n, &len) > 0 ? 1 : 0;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) {
    sodium_memzero(pt->data(), pt->size());
    pt->clear();
    return Status::Corrupt("HPKE: the ciphertext does not authenticate");
  }
  return Status::OK();
#else
  (void)key;
  return Unsupported("HPKE: AES-GCM is not available in this build (no libcrypto); use ChaCha20Poly1305");
#endif
}

Status CheckKey(const uint8_t* k, size_t len, const char* what) {
  if (k == nullptr || len != kX25519KeySize)
    return Status::Invalid(std::string("HPKE: ") + what + " must be 32 bytes (X25519)");
  return Status::OK();
}

}  // namespace

Status HpkeCheckSuite(const HpkeSuite& s) {
  if (s.kem != kHpkeKemX25519HkdfSha256) return Unsupported("HPKE: unsupported KEM " + std::to_string(s.kem));
  if (s.kdf != kHpkeKdfHkdfSha256) return Unsupported("HPKE: unsupported KDF " + std::to_string(s.kdf));
  if (AeadKeySize(s.aead) == 0) return Unsupported("HPKE: unsupported AEAD " + std::to_string(s.aead));
#if !defined(TACIT_HAVE_LIBCRYPTO)
  if (s.aead != kHpkeAeadChaCha20Poly1305)
    return Unsupported("HPKE: AES-GCM is not available in this build (no libcrypto); use ChaCha20Poly1305");
#endif
  return EnsureSodium();
}

void HkdfSha256Extract(const uint8_t* salt, size_t salt_len, const uint8_t* ikm, size_t ikm_len, uint8_t prk[32]) {
  Hmac(S(salt, salt_len), {S(ikm, ikm_len)}, prk);
}

Status HkdfSha256Expand(const uint8_t* prk, size_t prk_len, const uint8_t* info, size_t info_len, uint8_t* out,
                        size_t len) {
  return Expand(S(prk, prk_len), {S(info, info_len)}, out, len);
}

Result<std::vector<uint8_t>> HpkePublicKey(const uint8_t* sk, size_t sk_len) {
  TACIT_RETURN_IF_ERROR(CheckKey(sk, sk_len, "the private key"));
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  std::vector<uint8_t> pk(32);
  if (crypto_scalarmult_base(pk.data(), sk) != 0) return Status::Invalid("HPKE: invalid private key");
  return pk;
}

Result<HpkeKeyPair> HpkeGenerateKeyPair() {
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  HpkeKeyPair kp;
  TACIT_ASSIGN_OR_RETURN(kp.sk, SecretBytes::Allocate(32));
  randombytes_buf(kp.sk.data(), 32);
  TACIT_ASSIGN_OR_RETURN(kp.pk, HpkePublicKey(kp.sk.data(), 32));
  return kp;
}

Result<HpkeKeyPair> HpkeDeriveKeyPair(const uint8_t* ikm, size_t ikm_len) {
  TACIT_RETURN_IF_ERROR(EnsureSodium());
  KemSuiteId sid(kHpkeKemX25519HkdfSha256);
  TACIT_ASSIGN_OR_RETURN(SecretBytes prk, SecretBytes::Allocate(kNh));
  LabeledExtract(sid.span(), S(nullptr, 0), "dkp_prk", S(ikm, ikm_len), prk.data());
  HpkeKeyPair kp;
  TACIT_ASSIGN_OR_RETURN(kp.sk, SecretBytes::Allocate(32));
  TACIT_RETURN_IF_ERROR(LabeledExpand(sid.span(), S(prk.data(), kNh), "sk", S(nullptr, 0), kp.sk.data(), 32));
  TACIT_ASSIGN_OR_RETURN(kp.pk, HpkePublicKey(kp.sk.data(), 32));
  return kp;
}

Result<HpkeContext> HpkeKeySchedule(const HpkeSuite& suite, const uint8_t* shared_secret, size_t shared_secret_len,
                                    const std::vector<uint8_t>& info) {
  TACIT_RETURN_IF_ERROR(HpkeCheckSuite(suite));
  HpkeSuiteId sid(suite);
  uint8_t ks_context[1 + 2 * kNh];
  ks_context[0] = kModeBase;
  LabeledExtract(sid.span(), S(nullptr, 0), "psk_id_hash", S(nullptr, 0), ks_context + 1);
  LabeledExtract(sid.span(), S(nullptr, 0), "info_hash", S(info), ks_context + 1 + kNh);
  TACIT_ASSIGN_OR_RETURN(SecretBytes secret, SecretBytes::Allocate(kNh));
  LabeledExtract(sid.span(), S(shared_secret, shared_secret_len), "secret", S(nullptr, 0), secret.data());
  HpkeContext ctx;
  ctx.suite_ = suite;
  ctx.nk_ = AeadKeySize(suite.aead);
  TACIT_ASSIGN_OR_RETURN(ctx.secrets_, SecretBytes::Allocate(ctx.nk_ + kNn + kNh));
  uint8_t* key = ctx.secrets_.data();
  Span ksc = S(ks_context, sizeof ks_context), prk = S(secret.data(), kNh);
  TACIT_RETURN_IF_ERROR(LabeledExpand(sid.span(), prk, "key", ksc, key, ctx.nk_));
  TACIT_RETURN_IF_ERROR(LabeledExpand(sid.span(), prk, "base_nonce", ksc, key + ctx.nk_, kNn));
  TACIT_RETURN_IF_ERROR(LabeledExpand(sid.span(), prk, "exp", ksc, key + ctx.nk_ + kNn, kNh));
  return ctx;
}

Result<HpkeContext> HpkeSetupBaseS(const HpkeSuite& suite, const uint8_t* pk, size_t pk_len, const uint8_t* sk_e,
                                   size_t sk_e_len, const std::vector<uint8_t>& info, std::vector<uint8_t>* enc) {
  TACIT_RETURN_IF_ERROR(HpkeCheckSuite(suite));
  TACIT_RETURN_IF_ERROR(CheckKey(pk, pk_len, "the recipient's public key"));
  // One guarded allocation for the ephemeral key, the DH output, the PRK and the shared secret.
  TACIT_ASSIGN_OR_RETURN(SecretBytes scratch, SecretBytes::Allocate(4 * 32));
  uint8_t *eph = scratch.data(), *dh = eph + 32, *prk = dh + 32, *shared = prk + 32;
  if (sk_e == nullptr) {
    randombytes_buf(eph, 32);
  } else {
    TACIT_RETURN_IF_ERROR(CheckKey(sk_e, sk_e_len, "the ephemeral private key"));
    std::memcpy(eph, sk_e, 32);
  }
  std::vector<uint8_t> pk_e(32);
  if (crypto_scalarmult_base(pk_e.data(), eph) != 0) return Status::Invalid("HPKE: invalid ephemeral key");
  if (crypto_scalarmult(dh, eph, pk) != 0)
    return Status::Invalid("HPKE: the recipient's public key is a low-order point");
  TACIT_RETURN_IF_ERROR(ExtractAndExpand(suite.kem, dh, pk_e.data(), pk, prk, shared));
  TACIT_ASSIGN_OR_RETURN(HpkeContext ctx, HpkeKeySchedule(suite, shared, kNh, info));
  if (enc) *enc = std::move(pk_e);
  return ctx;
}

Result<HpkeContext> HpkeSetupBaseR(const HpkeSuite& suite, const std::vector<uint8_t>& enc, const uint8_t* sk,
                                   size_t sk_len, const std::vector<uint8_t>& info) {
  TACIT_RETURN_IF_ERROR(HpkeCheckSuite(suite));
  TACIT_RETURN_IF_ERROR(CheckKey(sk, sk_len, "the private key"));
  if (enc.size() != 32) return Status::Corrupt("HPKE: the encapsulated key must be 32 bytes (X25519)");
  TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> pk_r, HpkePublicKey(sk, sk_len));
  TACIT_ASSIGN_OR_RETURN(SecretBytes scratch, SecretBytes::Allocate(3 * 32));
  uint8_t *dh = scratch.data(), *prk = dh + 32, *shared = prk + 32;
  if (crypto_scalarmult(dh, sk, enc.data()) != 0)
    return Status::Corrupt("HPKE: the encapsulated key is a low-order point");
  TACIT_RETURN_IF_ERROR(ExtractAndExpand(suite.kem, dh, enc.data(), pk_r.data(), prk, shared));
  return HpkeKeySchedule(suite, shared, kNh, info);
}

namespace {
void ComputeNonce(const uint8_t* base, uint64_t seq, uint8_t out[kNn]) {
  std::memcpy(out, base, kNn);
  for (size_t i = 0; i < 8; ++i) out[kNn - 1 - i] ^= static_cast<uint8_t>(seq >> (8 * i));
}
}  // namespace

Result<std::vector<uint8_t>> HpkeContext::Seal(const std::vector<uint8_t>& aad, const std::vector<uint8_t>& pt) {
  if (secrets_.empty()) return Status::Invalid("HPKE: context not set up");
  if (seq_ == UINT64_MAX) return Status::Invalid("HPKE: message limit reached");
  uint8_t nonce[kNn];
  ComputeNonce(base_nonce(), seq_, nonce);
  std::vector<uint8_t> ct;
  TACIT_RETURN_IF_ERROR(AeadSeal(suite_.aead, key(), nonce, S(aad), S(pt), &ct));
  ++seq_;
  return ct;
}

Result<std::vector<uint8_t>> HpkeContext::Open(const std::vector<uint8_t>& aad, const std::vector<uint8_t>& ct) {
  if (secrets_.empty()) return Status::Invalid("HPKE: context not set up");
  if (seq_ == UINT64_MAX) return Status::Invalid("HPKE: message limit reached");
  uint8_t nonce[kNn];
  ComputeNonce(base_nonce(), seq_, nonce);
  std::vector<uint8_t> pt;
  TACIT_RETURN_IF_ERROR(AeadOpen(suite_.aead, key(), nonce, S(aad), S(ct), &pt));
  ++seq_;
  return pt;
}

Result<std::vector<uint8_t>> HpkeContext::Export(const std::vector<uint8_t>& exporter_context, size_t len) const {
  if (secrets_.empty()) return Status::Invalid("HPKE: context not set up");
  HpkeSuiteId sid(suite_);
  std::vector<uint8_t> out(len);
  TACIT_RETURN_IF_ERROR(
      LabeledExpand(sid.span(), S(exporter_secret(), kNh), "sec", S(exporter_context), out.data(), len));
  return out;
}

std::vector<uint8_t> HpkeContext::BaseNonceForTest() const {
  if (secrets_.empty()) return {};
  return std::vector<uint8_t>(base_nonce(), base_nonce() + kNn);
}

Result<HpkeSealed> HpkeSealBaseWithEphemeral(const HpkeSuite& suite, const uint8_t* pk, size_t pk_len,
                                             const uint8_t* sk_e, size_t sk_e_len, const std::vector<uint8_t>& info,
                                             const std::vector<uint8_t>& aad, const std::vector<uint8_t>& pt) {
  if (sk_e == nullptr) return Status::Invalid("HPKE: the ephemeral private key is required");
  HpkeSealed out;
  TACIT_ASSIGN_OR_RETURN(HpkeContext ctx, HpkeSetupBaseS(suite, pk, pk_len, sk_e, sk_e_len, info, &out.enc));
  TACIT_ASSIGN_OR_RETURN(out.ct, ctx.Seal(aad, pt));
  return out;
}

Result<HpkeSealed> HpkeSealBase(const HpkeSuite& suite, const uint8_t* pk, size_t pk_len,
                                const std::vector<uint8_t>& info, const std::vector<uint8_t>& aad,
                                const std::vector<uint8_t>& pt) {
  HpkeSealed out;
  TACIT_ASSIGN_OR_RETURN(HpkeContext ctx, HpkeSetupBaseS(suite, pk, pk_len, nullptr, 0, info, &out.enc));
  TACIT_ASSIGN_OR_RETURN(out.ct, ctx.Seal(aad, pt));
  return out;
}

Result<std::vector<uint8_t>> HpkeOpenBase(const HpkeSuite& suite, const uint8_t* sk, size_t sk_len,
                                          const std::vector<uint8_t>& enc, const std::vector<uint8_t>& info,
                                          const std::vector<uint8_t>& aad, const std::vector<uint8_t>& ct) {
  TACIT_ASSIGN_OR_RETURN(HpkeContext ctx, HpkeSetupBaseR(suite, enc, sk, sk_len, info));
  return ctx.Open(aad, ct);
}

}  // namespace dap
}  // namespace tacit

// The fixed Ed25519 key the catalog fuzzer trusts and the seed generator signs with (fuzzing only).
#ifndef TACIT_FUZZ_FUZZ_CATALOG_KEY_H_
#define TACIT_FUZZ_FUZZ_CATALOG_KEY_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>

namespace tacit_fuzz {

struct CatalogFuzzKey {
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
};

inline const CatalogFuzzKey& FuzzKey() {
  static const CatalogFuzzKey key = [] {
    if (sodium_init() < 0) std::abort();
    CatalogFuzzKey k;
    uint8_t seed[crypto_sign_SEEDBYTES];
    for (size_t i = 0; i < sizeof seed; ++i) seed[i] = uint8_t(0xf0 ^ i);
    crypto_sign_seed_keypair(k.pk.data(), k.sk.data(), seed);
    return k;
  }();
  return key;
}

// "Now" for the fuzzer's load policy: 2023-11-14T22:13:20Z, inside the seed catalogs' validity.
constexpr int64_t kFuzzNowMs = 1700000000000LL;

}  // namespace tacit_fuzz

#endif  // TACIT_FUZZ_FUZZ_CATALOG_KEY_H_

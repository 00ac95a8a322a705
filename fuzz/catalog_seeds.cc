// Writes a seed corpus for fuzz_catalog into a directory: catalog payloads (valid and slightly broken) and
// the same payloads in envelopes signed with the fuzz key. Usage: fuzz_catalog_seeds OUT_DIR
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_catalog_key.h"
#include "support/test_catalog.h"

namespace {

bool Write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_catalog_seeds OUT_DIR\n");
    return 2;
  }
  using tacit_test::CatalogSpec;
  std::vector<std::pair<std::string, CatalogSpec>> specs;

  CatalogSpec small;
  small.issued_at_ms = tacit_fuzz::kFuzzNowMs - tacit::kMsPerDay;
  small.expires_at_ms = tacit_fuzz::kFuzzNowMs + tacit::kMsPerDay;
  small.AddTopic("sport").AddTopic("hiking", "sport").AddTopic("health", "", tacit::Sensitivity::kHealth);
  small.AddItem("a", {{"hiking", 1.0f}, {"sport", 0.5f}}, {1, 0, 2}, "spring");
  small.AddItem("b", {{"health", 0.5f}});
  small.items[1].embedding_i8 = {1, -2, 3};
  small.items[1].embedding_scale = 0.25f;
  specs.emplace_back("small", small);

  CatalogSpec cycle = small;
  cycle.topics[0].parent = "hiking";
  specs.emplace_back("cycle", cycle);
  CatalogSpec dup = small;
  dup.items[1].id = "a";
  specs.emplace_back("dup", dup);

  CatalogSpec rnd = tacit_test::RandomCatalogSpec(40, 12, 8, 1);
  rnd.issued_at_ms = small.issued_at_ms;
  rnd.expires_at_ms = small.expires_at_ms;
  specs.emplace_back("random", rnd);
  rnd.i8_embeddings = true;
  specs.emplace_back("random-i8", rnd);

  tacit_test::TestSigner signer;
  signer.public_key = tacit_fuzz::FuzzKey().pk;
  signer.secret_key = tacit_fuzz::FuzzKey().sk;
  const std::string dir = argv[1];
  for (const auto& s : specs) {
    std::vector<uint8_t> payload = tacit_test::BuildCatalogPayload(s.second);
    if (!Write(dir + "/" + s.first + ".payload", payload) || !Write(dir + "/" + s.first + ".signed", signer.Sign(payload))) {
      std::fprintf(stderr, "fuzz_catalog_seeds: cannot write into %s\n", dir.c_str());
      return 1;
    }
  }
  std::printf("wrote %zu seeds into %s\n", specs.size() * 2, dir.c_str());
  return 0;
}

// Writes a small signed music-and-talk catalog for the speaker's tests, built for the target so that the
// cross test needs no host tool:   make_speaker_catalog OUT_DIR
// Writes OUT_DIR/catalog.signed, OUT_DIR/brand.pk (32 bytes) and OUT_DIR/ids.txt (every item and topic id).
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "support/test_catalog.h"

using namespace tacit_test;

namespace {

bool Write(const std::string& path, const void* p, size_t n) {
  std::ofstream f(path, std::ios::binary);
  f.write(static_cast<const char*>(p), std::streamsize(n));
  return bool(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_speaker_catalog OUT_DIR\n");
    return 2;
  }
  const std::string out = argv[1];
  CatalogSpec spec;
  spec.AddTopic("music").AddTopic("jazz", "music").AddTopic("folk-music", "music").AddTopic("talk")
      .AddTopic("news-today", "talk").AddTopic("faith", "talk", tacit::Sensitivity::kReligion);
  spec.topics[0].label = "music";
  spec.topics[1].label = "jazz";
  spec.topics[2].label = "folk music";
  spec.topics[3].label = "talk";
  spec.topics[4].label = "the news";
  spec.topics[5].label = "faith";
  struct Row {
    const char* id;
    const char* title;
    const char* topic;
    float popularity;
  };
  const Row rows[] = {
      {"jz-001-late-night-piano", "Late-night jazz piano", "jazz", 0.5f},
      {"jz-002-vanguard", "Live at the Village Vanguard", "jazz", 0.4f},
      {"jz-003-untitled", "", "jazz", 0.95f},  // no title: must be spoken by its topic, never its id
      {"fm-001-ballads", "Ballads from the northern hills", "folk-music", 0.6f},
      {"fm-002-fiddle", "Fiddle tunes for a long evening", "folk-music", 0.3f},
      {"nw-001-morning", "The morning briefing", "news-today", 0.9f},
      {"nw-002-weekly", "The week in review", "news-today", 0.7f},
      {"fa-001-hymns", "Hymns for a quiet Sunday", "faith", 0.99f},
  };
  std::string ids;
  for (const auto& t : spec.topics) ids += t.id + "\n";
  for (const Row& r : rows) {
    spec.AddItem(r.id, {{r.topic, 1.0f}});
    spec.items.back().title = r.title;
    spec.items.back().popularity = r.popularity;
    ids += std::string(r.id) + "\n";
  }
  const TestSigner signer = TestSigner::FromSeed(1);
  const std::vector<uint8_t> signed_catalog = BuildSignedCatalog(spec, signer);
  if (!Write(out + "/catalog.signed", signed_catalog.data(), signed_catalog.size()) ||
      !Write(out + "/brand.pk", signer.public_key.data(), signer.public_key.size()) ||
      !Write(out + "/ids.txt", ids.data(), ids.size())) {
    std::fprintf(stderr, "make_speaker_catalog: cannot write to %s\n", out.c_str());
    return 1;
  }
  return 0;
}

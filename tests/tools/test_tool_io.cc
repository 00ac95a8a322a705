// The brand tools' shared helpers: ISO 8601 times both ways, key files (raw written, raw or hex read).
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/tool_io.h"
#include "support/temp_dir.h"

using tacit::tools::Iso8601;
using tacit::tools::IsoDate;
using tacit::tools::ParseTime;

namespace {

int64_t Parsed(const std::string& text) {
  int64_t ms = -1;
  std::string why;
  INFO(text);
  REQUIRE(ParseTime(text, &ms, &why));
  return ms;
}

bool Refused(const std::string& text) {
  int64_t ms = 0;
  std::string why;
  const bool ok = ParseTime(text, &ms, &why);
  if (!ok) CHECK_FALSE(why.empty());
  return !ok;
}

}  // namespace

TEST_CASE("times print as ISO 8601 UTC") {
  CHECK(Iso8601(0) == "1970-01-01T00:00:00Z");
  CHECK(Iso8601(1796190780000) == "2026-12-02T05:53:00Z");
  CHECK(Iso8601(1796190780250) == "2026-12-02T05:53:00.250Z");
  CHECK(Iso8601(951782400000) == "2000-02-29T00:00:00Z");
  CHECK(Iso8601(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(IsoDate(1796190780000) == "2026-12-02");
  CHECK(IsoDate(-1) == "1969-12-31");
}

TEST_CASE("times parse from Unix ms and ISO 8601, and print back the same") {
  CHECK(Parsed("1796190780000") == 1796190780000);
  CHECK(Parsed("0") == 0);
  CHECK(Parsed("2026-12-02T05:53:00Z") == 1796190780000);
  CHECK(Parsed("2026-12-02T05:53Z") == 1796190780000);
  CHECK(Parsed("2026-12-02t05:53:00z") == 1796190780000);
  CHECK(Parsed("2026-12-02T05:53:00.25Z") == 1796190780250);
  CHECK(Parsed("2026-12-02T06:53:00+01:00") == 1796190780000);
  CHECK(Parsed("2026-12-02T00:23:00-0530") == 1796190780000);
  CHECK(Parsed("2026-12-02") == 1796169600000);
  CHECK(Parsed("2000-02-29") == 951782400000);
  for (int64_t ms : {int64_t(0), int64_t(951782400000), int64_t(1796190780250), int64_t(4102444799999)})
    CHECK(Parsed(Iso8601(ms)) == ms);
}

TEST_CASE("times that are not ISO 8601 or Unix ms are refused with a reason") {
  CHECK(Refused(""));
  CHECK(Refused("yesterday"));
  CHECK(Refused("-5"));
  CHECK(Refused("1.5"));
  CHECK(Refused("2026-12-02T05:53:00"));  // no zone
  CHECK(Refused("2026-13-01"));
  CHECK(Refused("2026-02-29"));
  CHECK(Refused("2026-12-02T24:00:00Z"));
  CHECK(Refused("2026-12-02T05:53:00Zjunk"));
  CHECK(Refused("2026-12-2"));
  CHECK(Refused("99999999999999999999"));
}

TEST_CASE("key files are written raw and read raw or hex") {
  tacit_test::TempDir dir;
  std::vector<uint8_t> key(32);
  for (size_t i = 0; i < key.size(); ++i) key[i] = uint8_t(0xA0 + i);
  REQUIRE(tacit::tools::WriteKeyFile(dir.Join("k.pk"), key.data(), key.size(), false).ok());
  REQUIRE(tacit::tools::WriteKeyFile(dir.Join("k.sk"), key.data(), key.size(), true).ok());
  CHECK(tacit_test::ReadFile(dir.Join("k.pk")) == key);
  struct stat st {};
  REQUIRE(::stat(dir.Join("k.sk").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // A secret key is never overwritten; a public one is.
  CHECK_FALSE(tacit::tools::WriteKeyFile(dir.Join("k.sk"), key.data(), key.size(), true).ok());
  CHECK(tacit::tools::WriteKeyFile(dir.Join("k.pk"), key.data(), key.size(), false).ok());

  auto raw = tacit::tools::ReadKeyFile(dir.Join("k.pk"), 32);
  REQUIRE(raw.ok());
  CHECK(raw.value() == key);
  std::string hex;
  for (uint8_t b : key) {
    static const char* kDigits = "0123456789abcdef";
    hex += kDigits[b >> 4];
    hex += kDigits[b & 15];
  }
  tacit_test::WriteFile(dir.Join("k.hex"), std::vector<uint8_t>(hex.begin(), hex.end()));
  {
    std::vector<uint8_t> spaced(hex.begin(), hex.end());
    spaced.insert(spaced.begin() + 32, ' ');
    spaced.push_back('\n');
    tacit_test::WriteFile(dir.Join("k.hexnl"), spaced);
  }
  for (const char* name : {"k.hex", "k.hexnl"}) {
    auto h = tacit::tools::ReadKeyFile(dir.Join(name), 32);
    INFO(name);
    REQUIRE(h.ok());
    CHECK(h.value() == key);
  }
  // Wrong lengths, hex of another length, and half a key in hex are refused.
  CHECK(tacit::tools::ReadKeyFile(dir.Join("k.pk"), 64).status().code() == TACIT_ERR_KEY_LENGTH);
  CHECK(tacit::tools::ReadKeyFile(dir.Join("k.hex"), 64).status().code() == TACIT_ERR_KEY_LENGTH);
  tacit_test::WriteFile(dir.Join("half"), std::vector<uint8_t>(hex.begin(), hex.begin() + 32));
  CHECK(tacit::tools::ReadKeyFile(dir.Join("half"), 32).status().code() == TACIT_ERR_KEY_LENGTH);
  std::vector<uint8_t> bad(hex.begin(), hex.end());
  bad[3] = 'g';
  tacit_test::WriteFile(dir.Join("bad"), bad);
  CHECK(tacit::tools::ReadKeyFile(dir.Join("bad"), 32).status().code() == TACIT_ERR_KEY_LENGTH);
  CHECK(tacit::tools::ReadKeyFile(dir.Join("missing"), 32).status().code() == TACIT_ERR_IO);
}

// TC string parsing: public example strings, strings built bit by bit here, and malformed input.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "consent/tcf.h"

using tacit::MapTcfToPurposes;
using tacit::ParseTcString;
using tacit::TcfConsent;
using tacit::TcfCore;
using tacit::TcfRestrictionType;

namespace {

// Writes MSB-first fields and encodes them as base64url without padding (the TC string encoding).
class BitWriter {
 public:
  void Put(uint64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) bits_.push_back(((value >> i) & 1u) != 0);
  }
  void Letters(const char* two) { Put((static_cast<uint64_t>(two[0] - 'A') << 6) | static_cast<uint64_t>(two[1] - 'A'), 12); }
  size_t size() const { return bits_.size(); }
  std::string Base64Url() const {
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    for (size_t i = 0; i < bits_.size(); i += 6) {
      int v = 0;
      for (size_t j = 0; j < 6; ++j) v = (v << 1) | ((i + j < bits_.size() && bits_[i + j]) ? 1 : 0);
      out.push_back(kAlphabet[v]);
    }
    return out;
  }

 private:
  std::vector<bool> bits_;
};

using Ranges = std::vector<std::pair<uint16_t, uint16_t>>;

struct VendorSection {
  uint16_t max = 0;
  bool range = false;
  std::set<uint16_t> ids;  // bitfield encoding
  Ranges entries;          // range encoding, written as given (first == last is a single id)
};

struct Restriction {
  int purpose;
  int type;
  Ranges entries;
};

// Every core field, defaulting to a valid TCF v2.2 string.
struct CoreSpec {
  int version = 2;
  uint64_t created_ds = 16800000000;  // 2023-03-28
  uint64_t updated_ds = 16800000000;
  int cmp_id = 300, cmp_version = 7, screen = 1;
  const char* lang = "FR";
  int vlv = 150, policy = 4;
  bool service_specific = true, non_standard = false;
  uint32_t special = 0;
  std::set<int> purposes;
  std::set<int> purposes_li;
  bool p1t = false;
  const char* cc = "DE";
  VendorSection consent;
  VendorSection li;
  std::vector<Restriction> restrictions;
  const char* tail = "";  // further segments, with their leading '.'
};

void PutVendors(BitWriter* w, const VendorSection& s) {
  w->Put(s.max, 16);
  w->Put(s.range ? 1 : 0, 1);
  if (!s.range) {
    for (uint32_t id = 1; id <= s.max; ++id) w->Put(s.ids.count(static_cast<uint16_t>(id)) ? 1 : 0, 1);
    return;
  }
  w->Put(s.entries.size(), 12);
  for (const auto& e : s.entries) {
    const bool is_range = e.first != e.second;
    w->Put(is_range ? 1 : 0, 1);
    w->Put(e.first, 16);
    if (is_range) w->Put(e.second, 16);
  }
}

uint64_t PurposeBits(const std::set<int>& ids, int width) {
  uint64_t v = 0;
  for (int id : ids) v |= uint64_t{1} << (width - id);
  return v;
}

BitWriter Write(const CoreSpec& c) {
  BitWriter w;
  w.Put(c.version, 6);
  w.Put(c.created_ds, 36);
  w.Put(c.updated_ds, 36);
  w.Put(c.cmp_id, 12);
  w.Put(c.cmp_version, 12);
  w.Put(c.screen, 6);
  w.Letters(c.lang);
  w.Put(c.vlv, 12);
  w.Put(c.policy, 6);
  w.Put(c.service_specific, 1);
  w.Put(c.non_standard, 1);
  w.Put(c.special, 12);
  w.Put(PurposeBits(c.purposes, 24), 24);
  w.Put(PurposeBits(c.purposes_li, 24), 24);
  w.Put(c.p1t, 1);
  w.Letters(c.cc);
  PutVendors(&w, c.consent);
  PutVendors(&w, c.li);
  w.Put(c.restrictions.size(), 12);
  for (const auto& r : c.restrictions) {
    w.Put(r.purpose, 6);
    w.Put(r.type, 2);
    w.Put(r.entries.size(), 12);
    for (const auto& e : r.entries) {
      const bool is_range = e.first != e.second;
      w.Put(is_range ? 1 : 0, 1);
      w.Put(e.first, 16);
      if (is_range) w.Put(e.second, 16);
    }
  }
  return w;
}

std::string Build(const CoreSpec& c) { return Write(c).Base64Url() + c.tail; }

// A spec that maps to "given" for vendor 755 on both uses.
CoreSpec AllGiven() {
  CoreSpec c;
  c.purposes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  c.consent.max = 800;
  c.consent.ids = {1, 2, 755, 800};
  return c;
}

void RequireMalformed(const std::string& s, const std::string& field) {
  auto r = ParseTcString(s);
  INFO("input: " << s);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == TACIT_ERR_TCF_MALFORMED);
  INFO("message: " << r.status().message());
  CHECK(r.status().message().find(field) != std::string::npos);
}

}  // namespace

// Published by the GDPR::IAB::TCFv2 Perl module's documentation, with its decoded values.
TEST_CASE("public example: CLcVDx... decodes to its documented values", "[tcf]") {
  auto r = ParseTcString(
      "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA");
  REQUIRE(r.ok());
  const TcfCore& t = r.value();
  CHECK(t.version == 2);
  CHECK(t.created_ds / 10 == 1228644257);  // documented: epoch 1228644257
  CHECK(t.last_updated_ds / 10 == 1326215413);
  CHECK(t.cmp_id == 21);
  CHECK(t.cmp_version == 7);
  CHECK(t.consent_screen == 2);
  CHECK(t.consent_language == "EN");
  CHECK(t.vendor_list_version == 23);
  CHECK(t.segment_count == 2);
  // Documented: consent for purposes 1, 3, 9 and 10.
  for (int p = 1; p <= 24; ++p) {
    INFO("purpose " << p);
    CHECK(t.PurposeConsent(p) == (p == 1 || p == 3 || p == 9 || p == 10));
  }
  CHECK(t.policy_version == 2);
  CHECK(t.vendor_consents.max_vendor_id() == 115);
  CHECK_FALSE(t.VendorConsent(284));  // above MaxVendorId
  CHECK(t.VendorConsent(2));
  CHECK_FALSE(t.VendorConsent(1));
  CHECK(t.vendor_consents.Count() == 56);
  CHECK(t.vendor_legitimate_interests.max_vendor_id() == 113);
  CHECK(t.vendor_legitimate_interests.Count() == 12);
  CHECK(t.publisher_restrictions.empty());
  // Policy version 2 (TCF v2.0): never consent under the v2.2 rules, whatever the bits say.
  auto m = MapTcfToPurposes(t, 2);
  CHECK(m.personalization == TcfConsent::kRevoked);
  CHECK(m.measurement == TcfConsent::kRevoked);
}

// Same documentation: this string has one publisher restriction, purpose 7, type 1, vendor 32.
TEST_CASE("public example: COwAdDh... carries its documented publisher restriction", "[tcf]") {
  auto r = ParseTcString("COwAdDhOwAdDhN4ABAENAPCgAAQAAv___wAAAFP_AAp_4AI6ACACAA");
  REQUIRE(r.ok());
  const TcfCore& t = r.value();
  REQUIRE(t.publisher_restrictions.size() == 1);
  CHECK(t.publisher_restrictions[0].purpose_id == 7);
  CHECK(t.publisher_restrictions[0].type == TcfRestrictionType::kRequireConsent);
  CHECK(t.Restricted(7, TcfRestrictionType::kRequireConsent, 32));
  CHECK_FALSE(t.Restricted(7, TcfRestrictionType::kRequireConsent, 31));
  CHECK_FALSE(t.Restricted(7, TcfRestrictionType::kNotAllowed, 32));
  CHECK(t.segment_count == 1);
}

// The sample strings of the IAB "Consent string and vendor list formats v2" document (2025 and earlier).
TEST_CASE("public example: the IAB format document's sample strings", "[tcf]") {
  auto r = ParseTcString("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA");
  REQUIRE(r.ok());
  CHECK(r->version == 2);
  CHECK(r->cmp_id == 880);
  CHECK(r->consent_language == "EN");
  CHECK(r->publisher_cc == "DE");
  CHECK(r->vendor_list_version == 48);
  CHECK(r->is_service_specific);
  CHECK(r->purposes_consent.none());
  CHECK(r->vendor_consents.max_vendor_id() == 4);
  CHECK(r->vendor_consents.Count() == 4);
  CHECK(r->created_ms() == 1748908800000);  // 2025-06-03T00:00:00Z: created and updated are day-rounded
  CHECK(r->last_updated_ms() == r->created_ms());

  auto old = ParseTcString(
      "COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA.IFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBA"
      "AgAAAAAAAFAAECAAAgAAQARAEQAAAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUw");
  REQUIRE(old.ok());
  CHECK(old->cmp_id == 27);
  CHECK(old->PurposeConsent(1));
  CHECK(old->PurposeConsent(3));
  CHECK_FALSE(old->PurposeConsent(4));
  CHECK(old->VendorConsent(2));
  CHECK(old->VendorConsent(6));
  CHECK(old->VendorConsent(8));
  CHECK_FALSE(old->VendorConsent(7));
}

TEST_CASE("built: every core field round-trips", "[tcf]") {
  CoreSpec c = AllGiven();
  c.created_ds = 0xFFFFFFFFFull;  // 36 bits, all set
  c.updated_ds = 17000000001;
  c.cmp_id = 4095;
  c.cmp_version = 1;
  c.screen = 63;
  c.lang = "ZA";
  c.vlv = 4095;
  c.policy = 5;
  c.service_specific = false;
  c.non_standard = true;
  c.special = 0x801;  // special features 1 and 12
  c.purposes = {1, 24};
  c.purposes_li = {2, 7, 23};
  c.p1t = true;
  c.cc = "AA";
  auto r = ParseTcString(Build(c));
  REQUIRE(r.ok());
  const TcfCore& t = r.value();
  CHECK(t.created_ds == 0xFFFFFFFFFll);
  CHECK(t.last_updated_ds == 17000000001);
  CHECK(t.last_updated_ms() == 1700000000100);
  CHECK(t.cmp_id == 4095);
  CHECK(t.cmp_version == 1);
  CHECK(t.consent_screen == 63);
  CHECK(t.consent_language == "ZA");
  CHECK(t.vendor_list_version == 4095);
  CHECK(t.policy_version == 5);
  CHECK_FALSE(t.is_service_specific);
  CHECK(t.use_non_standard_texts);
  CHECK(t.special_feature_opt_ins.count() == 2);
  CHECK(t.special_feature_opt_ins[0]);
  CHECK(t.special_feature_opt_ins[11]);
  CHECK(t.purposes_consent.count() == 2);
  CHECK(t.PurposeConsent(1));
  CHECK(t.PurposeConsent(24));
  CHECK_FALSE(t.PurposeConsent(0));
  CHECK_FALSE(t.PurposeConsent(25));
  CHECK(t.purposes_li_transparency.count() == 3);
  CHECK(t.purposes_li_transparency[6]);
  CHECK(t.purpose_one_treatment);
  CHECK(t.publisher_cc == "AA");
}

TEST_CASE("built: bitfield vendor encoding", "[tcf]") {
  CoreSpec c = AllGiven();
  c.li.max = 9;
  c.li.ids = {9};
  auto r = ParseTcString(Build(c));
  REQUIRE(r.ok());
  for (uint32_t id = 0; id <= 900; ++id) {
    INFO("vendor " << id);
    CHECK(r->VendorConsent(static_cast<uint16_t>(id)) == (c.consent.ids.count(static_cast<uint16_t>(id)) == 1));
  }
  CHECK(r->vendor_consents.max_vendor_id() == 800);
  CHECK(r->vendor_legitimate_interests.Contains(9));
  CHECK_FALSE(r->vendor_legitimate_interests.Contains(8));
  auto m = MapTcfToPurposes(r.value(), 755);
  CHECK(m.personalization == TcfConsent::kGiven);
  CHECK(m.measurement == TcfConsent::kGiven);
}

TEST_CASE("built: range vendor encoding, singles and ranges, overlapping and adjacent entries merged", "[tcf]") {
  CoreSpec c = AllGiven();
  c.consent.max = 65535;
  c.consent.range = true;
  c.consent.ids.clear();
  c.consent.entries = {{3, 3}, {100, 200}, {150, 250}, {65535, 65535}, {10, 12}, {13, 14}};
  auto r = ParseTcString(Build(c));
  REQUIRE(r.ok());
  const auto& v = r->vendor_consents;
  CHECK(v.Count() == 1 + 151 + 1 + 5);
  REQUIRE(v.ranges().size() == 4);  // {3}, {10..14}, {100..250}, {65535}
  CHECK(v.ranges()[1] == std::make_pair(uint16_t{10}, uint16_t{14}));
  CHECK_FALSE(v.Contains(0));
  CHECK_FALSE(v.Contains(2));
  CHECK(v.Contains(3));
  CHECK_FALSE(v.Contains(4));
  CHECK(v.Contains(10));
  CHECK(v.Contains(12));
  CHECK(v.Contains(14));
  CHECK_FALSE(v.Contains(15));
  CHECK_FALSE(v.Contains(99));
  CHECK(v.Contains(100));
  CHECK(v.Contains(250));
  CHECK_FALSE(v.Contains(251));
  CHECK(v.Contains(65535));
  CHECK_FALSE(v.Contains(755));
  CHECK(MapTcfToPurposes(r.value(), 755).personalization == TcfConsent::kRevoked);
  CHECK(MapTcfToPurposes(r.value(), 150).personalization == TcfConsent::kGiven);
}

TEST_CASE("built: random vendor sets decode identically in both encodings", "[tcf]") {
  std::mt19937 rng(20240607);
  for (int round = 0; round < 40; ++round) {
    CoreSpec bitfield = AllGiven();
    bitfield.consent.max = static_cast<uint16_t>(1 + rng() % 2000);
    bitfield.consent.ids.clear();
    for (uint32_t id = 1; id <= bitfield.consent.max; ++id) {
      if (rng() % 3 == 0) bitfield.consent.ids.insert(static_cast<uint16_t>(id));
    }
    CoreSpec ranged = bitfield;
    ranged.consent.range = true;
    for (uint16_t id : bitfield.consent.ids) {
      if (!ranged.consent.entries.empty() && ranged.consent.entries.back().second + 1 == id) {
        ranged.consent.entries.back().second = id;
      } else {
        ranged.consent.entries.emplace_back(id, id);
      }
    }
    auto a = ParseTcString(Build(bitfield));
    auto b = ParseTcString(Build(ranged));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->vendor_consents.Count() == bitfield.consent.ids.size());
    CHECK(a->vendor_consents.ranges() == b->vendor_consents.ranges());
    for (uint32_t id = 0; id <= bitfield.consent.max + 1u; ++id) {
      const bool want = bitfield.consent.ids.count(static_cast<uint16_t>(id)) == 1;
      if (a->VendorConsent(static_cast<uint16_t>(id)) != want) FAIL("bitfield vendor " << id);
    }
  }
}

TEST_CASE("mapping: each required purpose and the vendor are needed", "[tcf]") {
  const CoreSpec base = AllGiven();
  SECTION("all given") {
    auto m = MapTcfToPurposes(ParseTcString(Build(base)).value(), 755);
    CHECK(m.personalization == TcfConsent::kGiven);
    CHECK(m.measurement == TcfConsent::kGiven);
  }
  SECTION("vendor missing from the consent section") {
    auto t = ParseTcString(Build(base));
    REQUIRE(t.ok());
    auto m = MapTcfToPurposes(t.value(), 754);
    CHECK(m.personalization == TcfConsent::kRevoked);
    CHECK(m.measurement == TcfConsent::kRevoked);
    CHECK(MapTcfToPurposes(t.value(), 801).personalization == TcfConsent::kRevoked);  // above MaxVendorId
  }
  SECTION("vendor with legitimate interest only") {
    CoreSpec c = base;
    c.consent.ids = {1};
    c.li.max = 755;
    c.li.ids = {755};
    auto m = MapTcfToPurposes(ParseTcString(Build(c)).value(), 755);
    CHECK(m.personalization == TcfConsent::kRevoked);
    CHECK(m.measurement == TcfConsent::kRevoked);
  }
  SECTION("all purposes off") {
    CoreSpec c = base;
    c.purposes.clear();
    c.purposes_li = {2, 7, 8, 9, 10, 11};
    auto m = MapTcfToPurposes(ParseTcString(Build(c)).value(), 755);
    CHECK(m.personalization == TcfConsent::kRevoked);
    CHECK(m.measurement == TcfConsent::kRevoked);
  }
  SECTION("dropping any one required purpose revokes exactly the uses that need it") {
    for (int p = 1; p <= 11; ++p) {
      CoreSpec c = base;
      c.purposes.erase(p);
      auto m = MapTcfToPurposes(ParseTcString(Build(c)).value(), 755);
      INFO("purpose " << p << " withheld");
      CHECK((m.personalization == TcfConsent::kGiven) == !(p == 1 || p == 5 || p == 6));
      CHECK((m.measurement == TcfConsent::kGiven) == !(p == 1 || p == 8 || p == 9));
    }
  }
  SECTION("only the personalisation purposes") {
    CoreSpec c = base;
    c.purposes = {1, 5, 6};
    auto m = MapTcfToPurposes(ParseTcString(Build(c)).value(), 755);
    CHECK(m.personalization == TcfConsent::kGiven);
    CHECK(m.measurement == TcfConsent::kRevoked);
  }
  SECTION("policy versions before 4 are refused, 4 and 5 accepted") {
    for (int policy : {0, 1, 2, 3, 4, 5, 63}) {
      CoreSpec c = base;
      c.policy = policy;
      auto m = MapTcfToPurposes(ParseTcString(Build(c)).value(), 755);
      INFO("policy " << policy);
      CHECK((m.personalization == TcfConsent::kGiven) == (policy >= 4));
      CHECK((m.measurement == TcfConsent::kGiven) == (policy >= 4));
    }
  }
  SECTION("publisher restrictions") {
    CoreSpec c = base;
    c.restrictions = {{5, 0, {{700, 800}}}};  // purpose 5 not allowed for 700..800
    auto t = ParseTcString(Build(c));
    REQUIRE(t.ok());
    CHECK(MapTcfToPurposes(t.value(), 755).personalization == TcfConsent::kRevoked);
    CHECK(MapTcfToPurposes(t.value(), 755).measurement == TcfConsent::kGiven);
    CHECK(MapTcfToPurposes(t.value(), 2).personalization == TcfConsent::kGiven);  // not covered

    c.restrictions = {{8, 2, {{755, 755}}}};  // purpose 8 on legitimate interest only
    CHECK(MapTcfToPurposes(ParseTcString(Build(c)).value(), 755).measurement == TcfConsent::kRevoked);

    c.restrictions = {{1, 1, {{755, 755}}}};  // consent required: we require it anyway
    auto m = MapTcfToPurposes(ParseTcString(Build(c)).value(), 755);
    CHECK(m.personalization == TcfConsent::kGiven);
    CHECK(m.measurement == TcfConsent::kGiven);
  }
}

TEST_CASE("malformed: truncated at every length", "[tcf]") {
  CoreSpec c = AllGiven();
  c.li.max = 40;
  c.li.range = true;
  c.li.entries = {{1, 20}, {33, 33}};
  c.restrictions = {{2, 1, {{5, 9}, {755, 755}}}, {10, 0, {}}};
  const BitWriter w = Write(c);
  const std::string full = w.Base64Url();
  REQUIRE(full.size() == (w.size() + 5) / 6);  // no spare character: every prefix lacks some bits
  REQUIRE(ParseTcString(full).ok());
  for (size_t n = 1; n < full.size(); ++n) {
    auto r = ParseTcString(full.substr(0, n));
    INFO("prefix " << n << " of " << full.size());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == TACIT_ERR_TCF_MALFORMED);
    const std::string& msg = r.status().message();
    CHECK((msg.find("truncated in ") != std::string::npos || msg.find("cannot fit") != std::string::npos));
  }
  RequireMalformed(full.substr(0, 1), "truncated in Created");  // 6 bits: Version only
  RequireMalformed(full.substr(0, 7), "truncated in LastUpdated");  // 42 bits: Version, Created
  RequireMalformed(full.substr(0, 33), "truncated in PurposesLITransparency");  // 198 of 200 bits
  // With a further segment after a truncated core.
  RequireMalformed(full.substr(0, full.size() - 1) + ".YAAAAAAAAA", "truncated in PubRestrictionEntry");
}

TEST_CASE("malformed: bad base64url and segment structure", "[tcf]") {
  const std::string good = Build(AllGiven());
  REQUIRE(ParseTcString(good).ok());
  REQUIRE(ParseTcString(good + ".YAAAAAAAAA").ok());
  RequireMalformed("", "empty");
  RequireMalformed(good + "=", "not base64url");
  RequireMalformed(good + "==", "not base64url");
  RequireMalformed("+" + good.substr(1), "character 0");
  RequireMalformed(good.substr(0, 10) + "/" + good.substr(11), "character 10");
  RequireMalformed(good.substr(0, 10) + " " + good.substr(11), "character 10");
  RequireMalformed(good.substr(0, 10) + "\xc3\xa9" + good.substr(11), "not base64url");
  RequireMalformed(good + std::string(1, '\0'), "not base64url");
  RequireMalformed("." + good, "empty segment 1");
  RequireMalformed(good + ".", "empty segment 2");
  RequireMalformed(good + "..YAAAAAAAAA", "empty segment 2");
  RequireMalformed(good + ".YA*A", "not base64url");
}

TEST_CASE("malformed: versions other than 2", "[tcf]") {
  for (int v : {0, 1, 3, 63}) {
    CoreSpec c = AllGiven();
    c.version = v;
    RequireMalformed(Build(c), "Version is " + std::to_string(v));
  }
  // TCF v1 strings begin with 'B' (Version 1) and are refused.
  RequireMalformed("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA", "Version is 1");
}

TEST_CASE("malformed: inconsistent vendor sections and restrictions", "[tcf]") {
  SECTION("range entry above MaxVendorId") {
    CoreSpec c = AllGiven();
    c.consent.range = true;
    c.consent.max = 100;
    c.consent.entries = {{90, 101}};
    RequireMalformed(Build(c), "VendorConsents: vendor id 101 above MaxVendorId 100");
  }
  SECTION("range entry end before start") {
    CoreSpec c = AllGiven();
    c.li.range = true;
    c.li.max = 100;
    c.li.entries = {{50, 40}};
    RequireMalformed(Build(c), "VendorLegitimateInterests.EndVendorId");
  }
  SECTION("vendor id 0") {
    CoreSpec c = AllGiven();
    c.consent.range = true;
    c.consent.entries = {{0, 0}};
    RequireMalformed(Build(c), "VendorConsents.StartOrOnlyVendorId: vendor id 0");
  }
  SECTION("NumEntries larger than the bits left") {
    CoreSpec c = AllGiven();
    c.consent.range = true;
    c.consent.entries.assign(4095, {1, 1});
    // 60 characters end well inside the entries: 4095 * 17 bits cannot follow.
    RequireMalformed(Build(c).substr(0, 60), "VendorConsents.NumEntries: 4095 entries cannot fit");
  }
  SECTION("bitfield longer than the string") {
    CoreSpec c = AllGiven();
    c.consent.max = 65535;
    c.consent.ids = {1};
    const std::string s = Build(c);
    RequireMalformed(s.substr(0, 200), "truncated in VendorConsents.BitField");
  }
  SECTION("restriction type 3, purpose 0 and purpose 25") {
    CoreSpec c = AllGiven();
    c.restrictions = {{2, 3, {{1, 1}}}};
    RequireMalformed(Build(c), "RestrictionType: 3 is undefined");
    c.restrictions = {{0, 0, {{1, 1}}}};
    RequireMalformed(Build(c), "PurposeId: 0 not in 1..24");
    c.restrictions = {{25, 0, {{1, 1}}}};
    RequireMalformed(Build(c), "PurposeId: 25 not in 1..24");
  }
  SECTION("NumPubRestrictions larger than the bits left") {
    CoreSpec c = AllGiven();
    const size_t count_end = Write(c).size() + 12;  // the bit just after NumPubRestrictions
    c.restrictions.resize(200, Restriction{1, 0, {}});
    // Keep about 60 bits after the count: 200 restrictions need at least 4000.
    RequireMalformed(Build(c).substr(0, count_end / 6 + 10), "NumPubRestrictions: 200 restrictions cannot fit");
  }
  SECTION("letters outside A-Z") {
    CoreSpec c = AllGiven();
    c.lang = "A[";  // '[' is 'Z' + 1: value 26
    RequireMalformed(Build(c), "ConsentLanguage: not two letters");
    c.lang = "EN";
    c.cc = "_A";  // value 30
    RequireMalformed(Build(c), "PublisherCC: not two letters");
  }
}

TEST_CASE("limits: 64 KiB accepted, one byte more refused", "[tcf]") {
  const std::string core = Build(AllGiven());
  std::string s = core + "." + std::string(tacit::kTcfMaxStringBytes - core.size() - 1, 'A');
  REQUIRE(s.size() == tacit::kTcfMaxStringBytes);
  auto r = ParseTcString(s);
  REQUIRE(r.ok());
  CHECK(r->segment_count == 2);
  RequireMalformed(s + "A", "longer than 65536 bytes");

  // The largest bitfield: MaxVendorId 65535, every id set.
  CoreSpec c = AllGiven();
  c.consent.max = 65535;
  c.consent.ids.clear();
  for (uint32_t id = 1; id <= 65535; ++id) c.consent.ids.insert(static_cast<uint16_t>(id));
  auto big = ParseTcString(Build(c));
  REQUIRE(big.ok());
  CHECK(big->vendor_consents.Count() == 65535);
  CHECK(big->vendor_consents.ranges().size() == 1);
  CHECK(big->VendorConsent(65535));
}

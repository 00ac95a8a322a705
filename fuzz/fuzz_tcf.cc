// libFuzzer target for IAB TCF TC strings: ParseTcString on arbitrary bytes, then MapTcfToPurposes for a
// few vendor ids. A string that parses must keep the parser's promises (tcf.h); one that does not must
// say TACIT_ERR_TCF_MALFORMED. A broken promise aborts (a finding).
// With TACIT_FUZZ_WRITE_SEEDS=DIR set, writes the valid strings below into DIR at start-up.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "consent/tcf.h"

using namespace tacit;

namespace {

void Require(bool ok) {
  if (!ok) std::abort();
}

// Real-world and hand-built strings (core only, with a vendors-disclosed segment, with restrictions).
const char* const kSeeds[] = {
    "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA",
    "COwAdDhOwAdDhN4ABAENAPCgAAQAAv___wAAAFP_AAp_4AI6ACACAA",
    "CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA",
    "COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA.IFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBA",
};

void WriteSeeds(const char* dir) {
  int i = 0;
  for (const char* s : kSeeds) {
    const std::string path = std::string(dir) + "/seed" + std::to_string(i++);
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    std::fputs(s, f);
    std::fclose(f);
  }
}

void CheckSet(const TcfVendorSet& set) {
  const auto& r = set.ranges();
  for (size_t i = 0; i < r.size(); ++i) {
    Require(r[i].first >= 1 && r[i].first <= r[i].second && r[i].second <= set.max_vendor_id());
    if (i) Require(uint32_t(r[i - 1].second) + 1 < r[i].first);  // sorted, disjoint, not adjacent
    Require(set.Contains(r[i].first) && set.Contains(r[i].second));
    if (r[i].first > 1) Require(!set.Contains(uint16_t(r[i].first - 1)));
  }
  Require(!set.Contains(0));
  if (set.max_vendor_id() < 65535) Require(!set.Contains(uint16_t(set.max_vendor_id() + 1)));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("TACIT_FUZZ_WRITE_SEEDS")) WriteSeeds(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s(reinterpret_cast<const char*>(data), size);
  Result<TcfCore> r = ParseTcString(s);
  if (!r.ok()) {
    Require(r.status().code() == TACIT_ERR_TCF_MALFORMED && !r.status().message().empty());
    return 0;
  }
  const TcfCore& c = r.value();
  Require(c.version == kTcfVersion && c.segment_count >= 1);
  Require(c.consent_language.size() == 2 && c.publisher_cc.size() == 2);
  CheckSet(c.vendor_consents);
  CheckSet(c.vendor_legitimate_interests);
  for (const auto& pr : c.publisher_restrictions) {
    Require(pr.purpose_id >= 1 && pr.purpose_id <= 24);
    Require(uint8_t(pr.type) <= 2);
  }
  for (uint16_t vendor : {uint16_t(1), uint16_t(42), uint16_t(755), c.vendor_consents.max_vendor_id(), uint16_t(65535)}) {
    if (vendor == 0) continue;
    const TcfPurposeMapping m = MapTcfToPurposes(c, vendor);
    // Consent is never given without the vendor's consent or on a policy older than v2.2.
    if (!c.VendorConsent(vendor) || c.policy_version < kTcfMinPolicyVersion)
      Require(m.personalization == TcfConsent::kRevoked && m.measurement == TcfConsent::kRevoked);
  }
  return 0;
}

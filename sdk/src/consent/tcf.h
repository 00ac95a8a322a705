// IAB TCF v2.2 TC strings: the core segment, decoded and checked, and its mapping onto tacit's two
// purposes (personalisation, measurement). See docs/consent.md.
//
// Contract: ParseTcString never reads past its input, allocates at most a few times the input's size,
// and rejects anything truncated, inconsistent or of another version with TACIT_ERR_TCF_MALFORMED and a
// message naming the field. It does not judge consent: that is MapTcfToPurposes's job.
#ifndef TACIT_CONSENT_TCF_H_
#define TACIT_CONSENT_TCF_H_

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace tacit {

// Hard limits.
constexpr size_t kTcfMaxStringBytes = 64 * 1024;  // the whole TC string, all segments and dots
constexpr int kTcfVersion = 2;                    // the only Version accepted
constexpr int kTcfMinPolicyVersion = 4;           // TCF v2.2 policy; older strings map to "revoked"

// A set of vendor ids (1..65535), kept as sorted, disjoint, non-adjacent closed ranges.
class TcfVendorSet {
 public:
  // Largest vendor id the section declared (MaxVendorId); ids above it are never members.
  uint16_t max_vendor_id() const { return max_vendor_id_; }
  bool Contains(uint16_t vendor_id) const;
  // Number of member ids.
  size_t Count() const;
  const std::vector<std::pair<uint16_t, uint16_t>>& ranges() const { return ranges_; }

  // Building (used by the parser). Ranges must be added with first <= last.
  void set_max_vendor_id(uint16_t v) { max_vendor_id_ = v; }
  void AddRange(uint16_t first, uint16_t last);
  void Normalize();  // sorts and merges overlapping or adjacent ranges

 private:
  uint16_t max_vendor_id_ = 0;
  std::vector<std::pair<uint16_t, uint16_t>> ranges_;
};

enum class TcfRestrictionType : uint8_t {
  kNotAllowed = 0,                 // purpose flatly not allowed by the publisher
  kRequireConsent = 1,             // the vendor may use the purpose only with consent
  kRequireLegitimateInterest = 2,  // the vendor may use the purpose only with legitimate interest
};

struct TcfPublisherRestriction {
  uint8_t purpose_id = 0;  // 1..24
  TcfRestrictionType type = TcfRestrictionType::kNotAllowed;
  TcfVendorSet vendors;
};

// The decoded core segment. Bitsets are indexed by id - 1 (purpose 1 is bit 0).
struct TcfCore {
  int version = 0;
  int64_t created_ds = 0;       // deciseconds since the Unix epoch
  int64_t last_updated_ds = 0;  // deciseconds since the Unix epoch
  uint16_t cmp_id = 0;
  uint16_t cmp_version = 0;
  uint8_t consent_screen = 0;
  std::string consent_language;  // two letters, "EN"
  uint16_t vendor_list_version = 0;
  uint8_t policy_version = 0;
  bool is_service_specific = false;
  bool use_non_standard_texts = false;
  std::bitset<12> special_feature_opt_ins;
  std::bitset<24> purposes_consent;
  std::bitset<24> purposes_li_transparency;
  bool purpose_one_treatment = false;
  std::string publisher_cc;  // two letters, "DE"
  TcfVendorSet vendor_consents;
  TcfVendorSet vendor_legitimate_interests;
  std::vector<TcfPublisherRestriction> publisher_restrictions;
  size_t segment_count = 1;  // the core plus any further segments (checked for form, not decoded)

  int64_t created_ms() const { return created_ds * 100; }
  int64_t last_updated_ms() const { return last_updated_ds * 100; }
  // purpose in 1..24; anything else is false.
  bool PurposeConsent(int purpose) const;
  bool VendorConsent(uint16_t vendor_id) const { return vendor_consents.Contains(vendor_id); }
  // True if a restriction of `type` on `purpose` names `vendor_id`.
  bool Restricted(int purpose, TcfRestrictionType type, uint16_t vendor_id) const;
};

// Decodes a TC string (segments joined by '.', base64url without padding, the first the core).
Result<TcfCore> ParseTcString(const std::string& tc_string);

enum class TcfConsent : uint8_t { kRevoked = 0, kGiven = 1 };

struct TcfPurposeMapping {
  TcfConsent personalization = TcfConsent::kRevoked;
  TcfConsent measurement = TcfConsent::kRevoked;
};

// The TCF purposes tacit's two uses need (docs/consent.md says why).
constexpr int kTcfPersonalizationPurposes[] = {1, 5, 6};
constexpr int kTcfMeasurementPurposes[] = {1, 8, 9};

// Maps a decoded core to tacit's purposes for `vendor_id` (the brand's or tacit's GVL id). A use is
// given only if: version is 2, policy version >= 4, the vendor has consent, every purpose it needs has
// consent (legitimate interest is never enough), and no publisher restriction of type 0 (not allowed) or
// 2 (legitimate interest only) covers any of those purposes for the vendor. Otherwise revoked.
TcfPurposeMapping MapTcfToPurposes(const TcfCore& core, uint16_t vendor_id);

}  // namespace tacit

#endif  // TACIT_CONSENT_TCF_H_

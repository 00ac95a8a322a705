// TC string core segment decoding. Field widths follow the IAB Tech Lab "Consent string and vendor list
// formats v2" document (core string, TCF v2.2).
#include "consent/tcf.h"

#include <algorithm>

namespace tacit {

namespace {

Status Malformed(const std::string& what) { return Status(TACIT_ERR_TCF_MALFORMED, "TC string: " + what); }

// base64url (RFC 4648 section 5) character -> 6-bit value, or -1. Padding is not accepted.
int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// MSB-first reader over the 6-bit groups of one base64url segment.
class BitReader {
 public:
  explicit BitReader(std::vector<uint8_t> sextets) : sextets_(std::move(sextets)) {}

  size_t remaining() const { return sextets_.size() * 6 - pos_; }

  // Reads `width` (<= 63) bits into *out, or fails naming `field` if the segment ends first.
  Status Read(int width, const char* field, uint64_t* out) {
    if (static_cast<size_t>(width) > remaining()) {
      return Malformed(std::string("truncated in ") + field);
    }
    uint64_t v = 0;
    for (int i = 0; i < width; ++i, ++pos_) {
      const uint8_t sextet = sextets_[pos_ / 6];
      v = (v << 1) | ((sextet >> (5 - pos_ % 6)) & 1u);
    }
    *out = v;
    return Status::OK();
  }

 private:
  std::vector<uint8_t> sextets_;
  size_t pos_ = 0;
};

Status ReadBool(BitReader* r, const char* field, bool* out) {
  uint64_t v = 0;
  TACIT_RETURN_IF_ERROR(r->Read(1, field, &v));
  *out = v != 0;
  return Status::OK();
}

template <typename T>
Status ReadUint(BitReader* r, int width, const char* field, T* out) {
  uint64_t v = 0;
  TACIT_RETURN_IF_ERROR(r->Read(width, field, &v));
  *out = static_cast<T>(v);
  return Status::OK();
}

template <size_t N>
Status ReadBits(BitReader* r, const char* field, std::bitset<N>* out) {
  uint64_t v = 0;
  TACIT_RETURN_IF_ERROR(r->Read(static_cast<int>(N), field, &v));
  for (size_t i = 0; i < N; ++i) (*out)[i] = ((v >> (N - 1 - i)) & 1u) != 0;  // id 1 is the first bit
  return Status::OK();
}

// Two letters, 6 bits each, 0 = 'A' .. 25 = 'Z'.
Status ReadLetters(BitReader* r, const char* field, std::string* out) {
  uint64_t v = 0;
  TACIT_RETURN_IF_ERROR(r->Read(12, field, &v));
  const uint64_t hi = v >> 6, lo = v & 63u;
  if (hi > 25 || lo > 25) return Malformed(std::string(field) + ": not two letters A-Z");
  out->assign({static_cast<char>('A' + hi), static_cast<char>('A' + lo)});
  return Status::OK();
}

// One range entry: IsARange(1) StartOrOnlyVendorId(16) [EndVendorId(16)]. Ids must be in 1..max.
Status ReadRangeEntry(BitReader* r, const std::string& section, uint32_t max, TcfVendorSet* set) {
  bool is_range = false;
  uint16_t first = 0, last = 0;
  TACIT_RETURN_IF_ERROR(ReadBool(r, (section + ".IsARange").c_str(), &is_range));
  TACIT_RETURN_IF_ERROR(ReadUint(r, 16, (section + ".StartOrOnlyVendorId").c_str(), &first));
  last = first;
  if (is_range) TACIT_RETURN_IF_ERROR(ReadUint(r, 16, (section + ".EndVendorId").c_str(), &last));
  if (first == 0) return Malformed(section + ".StartOrOnlyVendorId: vendor id 0");
  if (last < first) return Malformed(section + ".EndVendorId: " + std::to_string(last) + " < start " +
                                     std::to_string(first));
  if (last > max) {
    return Malformed(section + ": vendor id " + std::to_string(last) + " above MaxVendorId " +
                     std::to_string(max));
  }
  set->AddRange(first, last);
  return Status::OK();
}

// Vendor Consent / Vendor Legitimate Interest section:
// MaxVendorId(16) IsRangeEncoding(1) then a MaxVendorId-bit field or NumEntries(12) range entries.
Status ReadVendorSection(BitReader* r, const std::string& section, TcfVendorSet* out) {
  uint16_t max = 0;
  bool is_range = false;
  TACIT_RETURN_IF_ERROR(ReadUint(r, 16, (section + ".MaxVendorId").c_str(), &max));
  TACIT_RETURN_IF_ERROR(ReadBool(r, (section + ".IsRangeEncoding").c_str(), &is_range));
  out->set_max_vendor_id(max);
  if (!is_range) {
    const std::string field = section + ".BitField";
    if (max > r->remaining()) return Malformed("truncated in " + field);
    uint32_t run_start = 0;  // 0: not in a run of consented ids
    for (uint32_t id = 1; id <= max; ++id) {
      bool bit = false;
      TACIT_RETURN_IF_ERROR(ReadBool(r, field.c_str(), &bit));
      if (bit && run_start == 0) run_start = id;
      if (!bit && run_start != 0) {
        out->AddRange(static_cast<uint16_t>(run_start), static_cast<uint16_t>(id - 1));
        run_start = 0;
      }
    }
    if (run_start != 0) out->AddRange(static_cast<uint16_t>(run_start), max);
  } else {
    uint16_t n = 0;
    TACIT_RETURN_IF_ERROR(ReadUint(r, 12, (section + ".NumEntries").c_str(), &n));
    if (static_cast<size_t>(n) * 17 > r->remaining()) {
      return Malformed(section + ".NumEntries: " + std::to_string(n) + " entries cannot fit in the " +
                       std::to_string(r->remaining()) + " bits left");
    }
    for (uint16_t i = 0; i < n; ++i) TACIT_RETURN_IF_ERROR(ReadRangeEntry(r, section, max, out));
  }
  out->Normalize();
  return Status::OK();
}

// NumPubRestrictions(12), then per restriction PurposeId(6) RestrictionType(2) NumEntries(12) entries.
Status ReadPublisherRestrictions(BitReader* r, std::vector<TcfPublisherRestriction>* out) {
  uint16_t n = 0;
  TACIT_RETURN_IF_ERROR(ReadUint(r, 12, "NumPubRestrictions", &n));
  if (static_cast<size_t>(n) * 20 > r->remaining()) {
    return Malformed("NumPubRestrictions: " + std::to_string(n) + " restrictions cannot fit in the " +
                     std::to_string(r->remaining()) + " bits left");
  }
  out->reserve(n);
  for (uint16_t i = 0; i < n; ++i) {
    TcfPublisherRestriction pr;
    uint8_t type = 0;
    uint16_t entries = 0;
    TACIT_RETURN_IF_ERROR(ReadUint(r, 6, "PubRestrictionEntry.PurposeId", &pr.purpose_id));
    TACIT_RETURN_IF_ERROR(ReadUint(r, 2, "PubRestrictionEntry.RestrictionType", &type));
    if (pr.purpose_id < 1 || pr.purpose_id > 24) {
      return Malformed("PubRestrictionEntry.PurposeId: " + std::to_string(pr.purpose_id) + " not in 1..24");
    }
    if (type > 2) return Malformed("PubRestrictionEntry.RestrictionType: 3 is undefined");
    pr.type = static_cast<TcfRestrictionType>(type);
    TACIT_RETURN_IF_ERROR(ReadUint(r, 12, "PubRestrictionEntry.NumEntries", &entries));
    if (static_cast<size_t>(entries) * 17 > r->remaining()) {
      return Malformed("PubRestrictionEntry.NumEntries: " + std::to_string(entries) +
                       " entries cannot fit in the " + std::to_string(r->remaining()) + " bits left");
    }
    pr.vendors.set_max_vendor_id(65535);
    for (uint16_t e = 0; e < entries; ++e) {
      TACIT_RETURN_IF_ERROR(ReadRangeEntry(r, "PubRestrictionEntry", 65535, &pr.vendors));
    }
    pr.vendors.Normalize();
    out->push_back(std::move(pr));
  }
  return Status::OK();
}

}  // namespace

bool TcfVendorSet::Contains(uint16_t vendor_id) const {
  if (vendor_id == 0 || vendor_id > max_vendor_id_) return false;
  // First range whose last id is >= vendor_id.
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), vendor_id,
                             [](const std::pair<uint16_t, uint16_t>& r, uint16_t v) { return r.second < v; });
  return it != ranges_.end() && it->first <= vendor_id;
}

size_t TcfVendorSet::Count() const {
  size_t n = 0;
  for (const auto& r : ranges_) n += static_cast<size_t>(r.second - r.first) + 1;
  return n;
}

void TcfVendorSet::AddRange(uint16_t first, uint16_t last) { ranges_.emplace_back(first, last); }

void TcfVendorSet::Normalize() {
  std::sort(ranges_.begin(), ranges_.end());
  std::vector<std::pair<uint16_t, uint16_t>> merged;
  merged.reserve(ranges_.size());
  for (const auto& r : ranges_) {
    if (!merged.empty() && static_cast<uint32_t>(r.first) <= static_cast<uint32_t>(merged.back().second) + 1) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  ranges_.swap(merged);
}

bool TcfCore::PurposeConsent(int purpose) const {
  return purpose >= 1 && purpose <= 24 && purposes_consent[static_cast<size_t>(purpose - 1)];
}

bool TcfCore::Restricted(int purpose, TcfRestrictionType type, uint16_t vendor_id) const {
  for (const auto& pr : publisher_restrictions) {
    if (pr.purpose_id == purpose && pr.type == type && pr.vendors.Contains(vendor_id)) return true;
  }
  return false;
}

Result<TcfCore> ParseTcString(const std::string& tc_string) {
  if (tc_string.empty()) return Malformed("empty");
  if (tc_string.size() > kTcfMaxStringBytes) {
    return Malformed("longer than " + std::to_string(kTcfMaxStringBytes) + " bytes");
  }
  // Every segment must be non-empty base64url; only the first (the core) is decoded.
  std::vector<uint8_t> core;
  size_t segments = 1, segment_len = 0;
  for (size_t i = 0; i < tc_string.size(); ++i) {
    const char c = tc_string[i];
    if (c == '.') {
      if (segment_len == 0) return Malformed("empty segment " + std::to_string(segments));
      ++segments;
      segment_len = 0;
      continue;
    }
    const int v = Base64UrlValue(c);
    if (v < 0) return Malformed("character " + std::to_string(i) + " is not base64url (no padding allowed)");
    if (segments == 1) core.push_back(static_cast<uint8_t>(v));
    ++segment_len;
  }
  if (segment_len == 0) return Malformed("empty segment " + std::to_string(segments));

  BitReader r(std::move(core));
  TcfCore t;
  t.segment_count = segments;
  TACIT_RETURN_IF_ERROR(ReadUint(&r, 6, "Version", &t.version));
  if (t.version != kTcfVersion) {
    return Malformed("Version is " + std::to_string(t.version) + "; only 2 is supported");
  }
  TACIT_RETURN_IF_ERROR(ReadUint(&r, 36, "Created", &t.created_ds));
  TACIT_RETURN_IF_ERROR(ReadUint(&r, 36, "LastUpdated", &t.last_updated_ds));
  TACIT_RETURN_IF_ERROR(ReadUint(&r, 12, "CmpId", &t.cmp_id));
  TACIT_RETURN_IF_ERROR(ReadUint(&r, 12, "CmpVersion", &t.cmp_version));
  TACIT_RETURN_IF_ERROR(ReadUint(&r, 6, "ConsentScreen", &t.consent_screen));
  TACIT_RETURN_IF_ERROR(ReadLetters(&r, "ConsentLanguage", &t.consent_language));
  TACIT_RETURN_IF_ERROR(ReadUint(&r, 12, "VendorListVersion", &t.vendor_list_version));
  TACIT_RETURN_IF_ERROR(ReadUint(&r, 6, "TcfPolicyVersion", &t.policy_version));
  TACIT_RETURN_IF_ERROR(ReadBool(&r, "IsServiceSpecific", &t.is_service_specific));
  TACIT_RETURN_IF_ERROR(ReadBool(&r, "UseNonStandardTexts", &t.use_non_standard_texts));
  TACIT_RETURN_IF_ERROR(ReadBits(&r, "SpecialFeatureOptIns", &t.special_feature_opt_ins));
  TACIT_RETURN_IF_ERROR(ReadBits(&r, "PurposesConsent", &t.purposes_consent));
  TACIT_RETURN_IF_ERROR(ReadBits(&r, "PurposesLITransparency", &t.purposes_li_transparency));
  TACIT_RETURN_IF_ERROR(ReadBool(&r, "PurposeOneTreatment", &t.purpose_one_treatment));
  TACIT_RETURN_IF_ERROR(ReadLetters(&r, "PublisherCC", &t.publisher_cc));
  TACIT_RETURN_IF_ERROR(ReadVendorSection(&r, "VendorConsents", &t.vendor_consents));
  TACIT_RETURN_IF_ERROR(ReadVendorSection(&r, "VendorLegitimateInterests", &t.vendor_legitimate_interests));
  TACIT_RETURN_IF_ERROR(ReadPublisherRestrictions(&r, &t.publisher_restrictions));
  // What is left is padding to a whole base64 character (or byte): ignored.
  return t;
}

TcfPurposeMapping MapTcfToPurposes(const TcfCore& core, uint16_t vendor_id) {
  TcfPurposeMapping m;
  if (core.version != kTcfVersion || core.policy_version < kTcfMinPolicyVersion) return m;
  if (!core.VendorConsent(vendor_id)) return m;
  auto allowed = [&](const int* purposes, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const int p = purposes[i];
      if (!core.PurposeConsent(p)) return false;
      if (core.Restricted(p, TcfRestrictionType::kNotAllowed, vendor_id)) return false;
      if (core.Restricted(p, TcfRestrictionType::kRequireLegitimateInterest, vendor_id)) return false;
    }
    return true;
  };
  constexpr size_t kP = sizeof(kTcfPersonalizationPurposes) / sizeof(kTcfPersonalizationPurposes[0]);
  constexpr size_t kM = sizeof(kTcfMeasurementPurposes) / sizeof(kTcfMeasurementPurposes[0]);
  if (allowed(kTcfPersonalizationPurposes, kP)) m.personalization = TcfConsent::kGiven;
  if (allowed(kTcfMeasurementPurposes, kM)) m.measurement = TcfConsent::kGiven;
  return m;
}

}  // namespace tacit

#include "core/validate.h"

#include <cmath>
#include <cstring>
#include <string>

#include "core/clock.h"

namespace tacit {

bool IsCleanUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte first, overlong lead (C0, C1) or beyond F4
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned cc = p[i + k];
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff))) return false;  // overlong
    if (cp >= 0xd800 && cp <= 0xdfff) return false;                                              // surrogate
    if (cp >= 0x80 && cp <= 0x9f) return false;                                                  // C1 control
    i += len;
  }
  return true;
}

Status ValidateText(const char* text, size_t min_len, size_t max_len, const char* what) {
  if (!text) return Status::Invalid(std::string(what) + " is NULL");
  const size_t n = std::strlen(text);
  if (n < min_len || n > max_len)
    return Status::Invalid(std::string(what) + " must be " + std::to_string(min_len) + ".." + std::to_string(max_len) +
                           " bytes");
  if (!IsCleanUtf8(std::string_view(text, n)))
    return Status::Invalid(std::string(what) + " is not valid UTF-8 or contains a control character");
  return Status::OK();
}

Status ValidateId(const char* id, const char* what) { return ValidateText(id, 1, TACIT_MAX_ID_LEN, what); }

Status ValidateTimestamp(int64_t ts, int64_t now, const char* what) {
  if (ts < kEarliestTimestampMs) return Status::Invalid(std::string(what) + " is before 2000-01-01 (Unix ms expected)");
  if (now <= INT64_MAX - kMsPerDay && ts > now + kMsPerDay)
    return Status::Invalid(std::string(what) + " is more than 24 h in the future");
  return Status::OK();
}

Status ValidateEvent(const tacit_event_t& e, int64_t now) {
  if (e.type < TACIT_EVENT_VIEW || e.type > TACIT_EVENT_SKIP)
    return Status::Invalid("event type " + std::to_string(e.type) + " is not a tacit_event_type");
  TACIT_RETURN_IF_ERROR(ValidateId(e.item_id, "item_id"));
  if (e.topic_count > TACIT_MAX_EVENT_TOPICS)
    return Status::Invalid("an event has at most " + std::to_string(TACIT_MAX_EVENT_TOPICS) + " topics");
  if (e.topic_count && !e.topic_ids) return Status::Invalid("topic_ids is NULL but topic_count > 0");
  for (size_t i = 0; i < e.topic_count; ++i) TACIT_RETURN_IF_ERROR(ValidateId(e.topic_ids[i], "topic id"));
  TACIT_RETURN_IF_ERROR(ValidateTimestamp(e.timestamp_ms, now, "timestamp_ms"));
  if (!std::isfinite(e.value) || std::fabs(e.value) > 1e9) return Status::Invalid("value must be finite and |value| <= 1e9");
  return Status::OK();
}

}  // namespace tacit

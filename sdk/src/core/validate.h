// The one validator for what crosses the C API: identifiers, short texts, timestamps, events. Every entry
// point that takes an id or a text calls it, so every stored string is valid UTF-8 without controls.
#ifndef TACIT_CORE_VALIDATE_H_
#define TACIT_CORE_VALIDATE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "tacit/tacit.h"

namespace tacit {

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF) and holds
// no control character (C0, DEL, C1).
bool IsCleanUtf8(std::string_view s);

// A NUL-terminated text of min_len..max_len bytes that passes IsCleanUtf8. INVALID_ARGUMENT naming `what`.
Status ValidateText(const char* text, size_t min_len, size_t max_len, const char* what);
// An identifier: ValidateText(id, 1, TACIT_MAX_ID_LEN, what).
Status ValidateId(const char* id, const char* what);
Status ValidateTimestamp(int64_t ts_ms, int64_t now_ms, const char* what);
// REQUIRES: e.struct_size already checked by the caller (events are normalised to tacit's layout).
Status ValidateEvent(const tacit_event_t& e, int64_t now_ms);

}  // namespace tacit

#endif  // TACIT_CORE_VALIDATE_H_

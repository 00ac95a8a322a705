// Times as people read and type them: ISO 8601 in UTC, or Unix milliseconds. No dependency beyond the
// standard library, so the tools and the sample apps share it.
#ifndef TACIT_TOOLS_COMMON_TIME_TEXT_H_
#define TACIT_TOOLS_COMMON_TIME_TEXT_H_

#include <cstdint>
#include <string>

namespace tacit {
namespace tools {

// "2026-12-02T05:53:00Z" (UTC); ".123" before the Z when the time has milliseconds.
std::string Iso8601(int64_t ms);
// "2026-12-02" (UTC).
std::string IsoDate(int64_t ms);

// A time given on a command line: Unix milliseconds (digits only), or ISO 8601 in UTC or with an offset:
// 2026-12-02, 2026-12-02T05:53Z, 2026-12-02T05:53:00Z, 2026-12-02T05:53:00.250Z, 2026-12-02T06:53:00+01:00.
// A date alone is its midnight UTC; a time of day needs its zone (Z or an offset). False, with *why, on
// anything else.
bool ParseTime(const std::string& text, int64_t* ms, std::string* why);

}  // namespace tools
}  // namespace tacit

#endif  // TACIT_TOOLS_COMMON_TIME_TEXT_H_

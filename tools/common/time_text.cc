#include "common/time_text.h"

#include <cctype>
#include <cstdio>

namespace tacit {
namespace tools {

namespace {

constexpr int64_t kMsPerDay = 86400000;

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's civil-date algorithms).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = int(doy - (153 * mp + 2) / 5 + 1);
  *m = int(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `width` digits at *p.
bool Digits(const char** p, int width, int* out) {
  int v = 0;
  for (int i = 0; i < width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>((*p)[i]))) return false;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += width;
  *out = v;
  return true;
}

}  // namespace

std::string Iso8601(int64_t ms) {
  const int64_t days = FloorDiv(ms, kMsPerDay);
  const int64_t in_day = ms - days * kMsPerDay;
  int64_t y = 0;
  int m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  const int h = int(in_day / 3600000), mi = int(in_day / 60000 % 60), s = int(in_day / 1000 % 60),
            frac = int(in_day % 1000);
  char buf[48];
  if (frac)
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y, m, d, h, mi, s, frac);
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d, h, mi, s);
  return buf;
}

std::string IsoDate(int64_t ms) { return Iso8601(FloorDiv(ms, kMsPerDay) * kMsPerDay).substr(0, 10); }

bool ParseTime(const std::string& text, int64_t* ms, std::string* why) {
  const std::string expect = "expected ISO 8601 (2026-12-02, 2026-12-02T05:53:00Z) or Unix ms, got '" + text + "'";
  if (text.empty()) return *why = expect, false;
  bool all_digits = true;
  for (char c : text) all_digits &= std::isdigit(static_cast<unsigned char>(c)) != 0;
  if (all_digits) {
    if (text.size() > 18) return *why = "'" + text + "' is out of range", false;
    *ms = std::stoll(text);
    return true;
  }
  const char* p = text.c_str();
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, frac = 0;
  if (!Digits(&p, 4, &y) || *p++ != '-' || !Digits(&p, 2, &mo) || *p++ != '-' || !Digits(&p, 2, &d))
    return *why = expect, false;
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return *why = "no such date: '" + text + "'", false;
  int64_t offset_min = 0;
  if (*p == 'T' || *p == 't' || *p == ' ') {
    ++p;
    if (!Digits(&p, 2, &h) || *p++ != ':' || !Digits(&p, 2, &mi)) return *why = expect, false;
    if (*p == ':') {
      ++p;
      if (!Digits(&p, 2, &s)) return *why = expect, false;
      if (*p == '.' || *p == ',') {
        ++p;
        int n = 0, scale = 100;
        for (; std::isdigit(static_cast<unsigned char>(*p)); ++p, ++n) {
          frac += (*p - '0') * scale;
          scale /= 10;
        }
        if (n == 0) return *why = expect, false;
      }
    }
    if (h > 23 || mi > 59 || s > 59) return *why = "no such time of day: '" + text + "'", false;
    if (*p == 'Z' || *p == 'z') {
      ++p;
    } else if (*p == '+' || *p == '-') {
      const int sign = *p++ == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!Digits(&p, 2, &oh)) return *why = expect, false;
      if (*p == ':') ++p;
      if (!Digits(&p, 2, &om) || oh > 23 || om > 59) return *why = expect, false;
      offset_min = sign * (oh * 60 + om);
    } else {
      return *why = "'" + text + "' has no time zone; add Z for UTC (e.g. 2026-12-02T05:53:00Z)", false;
    }
  }
  if (*p != '\0') return *why = expect, false;
  *ms = DaysFromCivil(y, mo, d) * kMsPerDay + ((int64_t(h) * 60 + mi - offset_min) * 60 + s) * 1000 + frac;
  return true;
}

}  // namespace tools
}  // namespace tacit

#include "json.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace host {

namespace {

const Json kNullJson;

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}

  bool Document(Json* out, std::string* error) {
    bool ok = Value(out, 0);
    if (ok) {
      Space();
      if (i_ != s_.size()) ok = Fail("trailing characters");
    }
    if (!ok) *error = err_ + " at byte " + std::to_string(i_);
    return ok;
  }

 private:
  bool Fail(const char* what) {
    if (err_.empty()) err_ = what;
    return false;
  }
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool Literal(const char* word) {
    size_t n = 0;
    while (word[n]) ++n;
    if (s_.compare(i_, n, word) != 0) return Fail("unexpected word");
    i_ += n;
    return true;
  }

  bool Value(Json* v, int depth) {
    if (depth > 64) return Fail("nested too deeply");
    Space();
    if (i_ >= s_.size()) return Fail("unexpected end");
    char c = s_[i_];
    if (c == '{') return Object(v, depth);
    if (c == '[') return Array(v, depth);
    if (c == '"') {
      v->type = Json::kString;
      return String(&v->str);
    }
    if (c == 't') {
      v->type = Json::kBool;
      v->b = true;
      return Literal("true");
    }
    if (c == 'f') {
      v->type = Json::kBool;
      v->b = false;
      return Literal("false");
    }
    if (c == 'n') {
      v->type = Json::kNull;
      return Literal("null");
    }
    return Number(v);
  }

  bool Number(Json* v) {
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    while (i_ < s_.size() && (isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' || s_[i_] == 'e' ||
                              s_[i_] == 'E' || s_[i_] == '+' || s_[i_] == '-'))
      ++i_;
    if (i_ == start) return Fail("unexpected character");
    std::string text = s_.substr(start, i_ - start);
    char* end = nullptr;
    v->type = Json::kNumber;
    v->num = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return Fail("bad number");
    return true;
  }

  static void Utf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(char(cp));
    } else if (cp < 0x800) {
      out->push_back(char(0xC0 | (cp >> 6)));
      out->push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(char(0xE0 | (cp >> 12)));
      out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(char(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(char(0xF0 | (cp >> 18)));
      out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(char(0x80 | (cp & 0x3F)));
    }
  }

  bool Hex4(uint32_t* out) {
    if (i_ + 4 > s_.size()) return Fail("short \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= uint32_t(c - '0');
      else if (c >= 'a' && c <= 'f') v |= uint32_t(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= uint32_t(c - 'A' + 10);
      else return Fail("bad \\u escape");
    }
    *out = v;
    return true;
  }

  bool String(std::string* out) {
    ++i_;  // opening quote
    out->clear();
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in string");
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (i_ >= s_.size()) break;
      char e = s_[i_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && s_.compare(i_, 2, "\\u") == 0) {
            i_ += 2;
            uint32_t lo = 0;
            if (!Hex4(&lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) return Fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          Utf8(cp, out);
          break;
        }
        default: return Fail("bad escape");
      }
    }
    return Fail("unterminated string");
  }

  bool Array(Json* v, int depth) {
    ++i_;
    v->type = Json::kArray;
    Space();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return true;
    }
    for (;;) {
      v->arr.emplace_back();
      if (!Value(&v->arr.back(), depth + 1)) return false;
      Space();
      if (i_ >= s_.size()) return Fail("unterminated array");
      char c = s_[i_++];
      if (c == ']') return true;
      if (c != ',') return Fail("expected , or ]");
    }
  }

  bool Object(Json* v, int depth) {
    ++i_;
    v->type = Json::kObject;
    Space();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      Space();
      if (i_ >= s_.size() || s_[i_] != '"') return Fail("expected a key");
      std::string key;
      if (!String(&key)) return false;
      Space();
      if (i_ >= s_.size() || s_[i_++] != ':') return Fail("expected :");
      v->obj.emplace_back(std::move(key), Json());
      if (!Value(&v->obj.back().second, depth + 1)) return false;
      Space();
      if (i_ >= s_.size()) return Fail("unterminated object");
      char c = s_[i_++];
      if (c == '}') return true;
      if (c != ',') return Fail("expected , or }");
    }
  }

  const std::string& s_;
  size_t i_ = 0;
  std::string err_;
};

std::string Number(double d) {
  if (!std::isfinite(d)) return "null";
  if (d == std::floor(d) && std::fabs(d) < 9.007199254740992e15) return std::to_string(int64_t(d));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

void Pretty(const Json& v, int indent, std::string* out) {
  const std::string pad(size_t(indent) * 2, ' ');
  const std::string inner(size_t(indent + 1) * 2, ' ');
  switch (v.type) {
    case Json::kNull: *out += "null"; break;
    case Json::kBool: *out += v.b ? "true" : "false"; break;
    case Json::kNumber: *out += Number(v.num); break;
    case Json::kString: *out += JsonQuote(v.str); break;
    case Json::kArray:
      if (v.arr.empty()) {
        *out += "[]";
        break;
      }
      *out += "[\n";
      for (size_t i = 0; i < v.arr.size(); ++i) {
        *out += inner;
        Pretty(v.arr[i], indent + 1, out);
        *out += i + 1 < v.arr.size() ? ",\n" : "\n";
      }
      *out += pad + "]";
      break;
    case Json::kObject:
      if (v.obj.empty()) {
        *out += "{}";
        break;
      }
      *out += "{\n";
      for (size_t i = 0; i < v.obj.size(); ++i) {
        *out += inner + JsonQuote(v.obj[i].first) + ": ";
        Pretty(v.obj[i].second, indent + 1, out);
        *out += i + 1 < v.obj.size() ? ",\n" : "\n";
      }
      *out += pad + "}";
      break;
  }
}

}  // namespace

const Json& Json::operator[](const std::string& key) const {
  if (type == kObject)
    for (const auto& kv : obj)
      if (kv.first == key) return kv.second;
  return kNullJson;
}

const Json& Json::at(size_t i) const { return type == kArray && i < arr.size() ? arr[i] : kNullJson; }

bool ParseJson(const std::string& text, Json* out, std::string* error) {
  Json v;
  Parser p(text);
  if (!p.Document(&v, error)) return false;
  *out = std::move(v);
  return true;
}

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(char(c));
        }
    }
  }
  return out + "\"";
}

std::string JsonPretty(const Json& v) {
  std::string out;
  Pretty(v, 0, &out);
  return out;
}

}  // namespace host

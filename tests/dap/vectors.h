// Test-vector access for the DAP tests: the vectors directory (TACIT_VECTORS_DIR, fixed at configure time),
// a file reader that fails the test loudly when a vector is missing, hex helpers and a small JSON reader
// (objects, arrays, strings without escapes beyond \" \\ \/, integers, true/false/null) for the vector files.
#ifndef TACIT_TESTS_DAP_VECTORS_H_
#define TACIT_TESTS_DAP_VECTORS_H_

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace tacit_test {

inline std::string VectorsDir() {
#ifdef TACIT_VECTORS_DIR
  return TACIT_VECTORS_DIR;
#else
  return "";
#endif
}

// Throws (which fails the Catch2 test) when the file cannot be read: a missing vector is never a skip.
inline std::string ReadVectorFile(const std::string& rel) {
  std::string path = VectorsDir() + "/" + rel;
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("test vector missing: " + path + " (set TACIT_VECTORS_DIR)");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::vector<uint8_t> Hex(const std::string& h) {
  std::vector<uint8_t> out;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::runtime_error(std::string("bad hex digit ") + c);
  };
  std::string clean;
  for (char c : h)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean.push_back(c);
  if (clean.size() % 2) throw std::runtime_error("odd hex length");
  for (size_t i = 0; i < clean.size(); i += 2) out.push_back(static_cast<uint8_t>(nib(clean[i]) * 16 + nib(clean[i + 1])));
  return out;
}

inline std::string ToHex(const std::vector<uint8_t>& v) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t b : v) {
    s.push_back(d[b >> 4]);
    s.push_back(d[b & 15]);
  }
  return s;
}

struct Json {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  bool b = false;
  long long num = 0;
  std::string str;
  std::vector<Json> arr;
  std::map<std::string, Json> obj;

  const Json& operator[](const std::string& k) const {
    auto it = obj.find(k);
    if (type != kObject || it == obj.end()) throw std::runtime_error("JSON: no key " + k);
    return it->second;
  }
  const Json& operator[](size_t i) const {
    if (type != kArray || i >= arr.size()) throw std::runtime_error("JSON: index out of range");
    return arr[i];
  }
  bool has(const std::string& k) const { return type == kObject && obj.count(k) != 0; }
  size_t size() const { return type == kArray ? arr.size() : obj.size(); }
  const std::string& s() const {
    if (type != kString) throw std::runtime_error("JSON: not a string");
    return str;
  }
  long long n() const {
    if (type != kNumber) throw std::runtime_error("JSON: not a number");
    return num;
  }

  static Json Parse(const std::string& text) {
    size_t i = 0;
    Json j = ParseValue(text, &i);
    SkipWs(text, &i);
    if (i != text.size()) throw std::runtime_error("JSON: trailing characters");
    return j;
  }

 private:
  static void SkipWs(const std::string& t, size_t* i) {
    while (*i < t.size() && (t[*i] == ' ' || t[*i] == '\n' || t[*i] == '\r' || t[*i] == '\t')) ++*i;
  }
  static void Expect(const std::string& t, size_t* i, char c) {
    SkipWs(t, i);
    if (*i >= t.size() || t[*i] != c) throw std::runtime_error(std::string("JSON: expected ") + c);
    ++*i;
  }
  static std::string ParseString(const std::string& t, size_t* i) {
    Expect(t, i, '"');
    std::string s;
    while (*i < t.size() && t[*i] != '"') {
      if (t[*i] == '\\') {
        ++*i;
        if (*i >= t.size()) break;
        char e = t[*i];
        if (e == 'n') s.push_back('\n');
        else if (e == 't') s.push_back('\t');
        else s.push_back(e);
      } else {
        s.push_back(t[*i]);
      }
      ++*i;
    }
    Expect(t, i, '"');
    return s;
  }
  static Json ParseValue(const std::string& t, size_t* i) {
    SkipWs(t, i);
    if (*i >= t.size()) throw std::runtime_error("JSON: unexpected end");
    Json j;
    char c = t[*i];
    if (c == '{') {
      j.type = kObject;
      ++*i;
      SkipWs(t, i);
      if (t[*i] == '}') { ++*i; return j; }
      for (;;) {
        std::string k = ParseString(t, i);
        Expect(t, i, ':');
        j.obj[k] = ParseValue(t, i);
        SkipWs(t, i);
        if (t[*i] == ',') { ++*i; continue; }
        Expect(t, i, '}');
        return j;
      }
    }
    if (c == '[') {
      j.type = kArray;
      ++*i;
      SkipWs(t, i);
      if (t[*i] == ']') { ++*i; return j; }
      for (;;) {
        j.arr.push_back(ParseValue(t, i));
        SkipWs(t, i);
        if (t[*i] == ',') { ++*i; continue; }
        Expect(t, i, ']');
        return j;
      }
    }
    if (c == '"') {
      j.type = kString;
      j.str = ParseString(t, i);
      return j;
    }
    if (t.compare(*i, 4, "null") == 0) { *i += 4; return j; }
    if (t.compare(*i, 4, "true") == 0) { *i += 4; j.type = kBool; j.b = true; return j; }
    if (t.compare(*i, 5, "false") == 0) { *i += 5; j.type = kBool; return j; }
    size_t start = *i;
    if (t[*i] == '-') ++*i;
    while (*i < t.size() && t[*i] >= '0' && t[*i] <= '9') ++*i;
    if (*i == start) throw std::runtime_error("JSON: unexpected character");
    j.type = kNumber;
    j.num = std::stoll(t.substr(start, *i - start));
    return j;
  }
};

}  // namespace tacit_test

#endif  // TACIT_TESTS_DAP_VECTORS_H_

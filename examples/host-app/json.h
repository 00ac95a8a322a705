// A small JSON reader and writer for tacit-host: enough to summarise tacit_export_json and
// tacit_reports_preview_json for a person, and to print rankings as JSON. Not a general library.
#ifndef TACIT_HOST_JSON_H_
#define TACIT_HOST_JSON_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace host {

struct Json {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Json> arr;
  std::vector<std::pair<std::string, Json>> obj;  // in document order

  // The member named `key`, or a shared null value when absent (or when this is not an object).
  const Json& operator[](const std::string& key) const;
  const Json& at(size_t i) const;
  size_t size() const { return type == kArray ? arr.size() : type == kObject ? obj.size() : 0; }
  bool is_null() const { return type == kNull; }
  // Conveniences that give a fallback for the wrong type.
  std::string as_string(const std::string& fallback = "") const { return type == kString ? str : fallback; }
  double as_number(double fallback = 0) const { return type == kNumber ? num : fallback; }
  bool as_bool(bool fallback = false) const { return type == kBool ? b : fallback; }
};

// Parses a whole document. On failure returns false and sets *error (with the byte offset).
bool ParseJson(const std::string& text, Json* out, std::string* error);

// Writes `s` as a JSON string literal (quotes included), escaping what RFC 8259 requires.
std::string JsonQuote(const std::string& s);

// Pretty-prints with two-space indentation.
std::string JsonPretty(const Json& v);

}  // namespace host

#endif  // TACIT_HOST_JSON_H_

// text/json_writer.hpp
//
// The JSON string writer (the only one) and a small streaming JSON writer for the API answers.
// Output is always valid UTF-8 and valid JSON (RFC 8259) whatever the input: `"` and `\` are
// escaped, control characters become \u00XX (or \n, \t, ...), U+2028 and U+2029 are escaped (so the
// text is also valid JavaScript), invalid UTF-8 becomes \ufffd, and a surrogate code point (which
// UTF-8 cannot carry; only the u32string overload can pass one) becomes its \udXXX escape, never
// raw bytes. Not thread-safe; one writer per answer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

// Whether C1 controls (U+0080..U+009F, legal raw in JSON) are written as \u00XX escapes:
// log lines escape them (a terminal showing the log must not see a raw CSI); API answers
// carry them as the characters they are.
enum class JsonC1 { kRaw, kEscaped };

// Appends `utf8` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view utf8, JsonC1 c1 = JsonC1::kRaw);
// The same without the quotes (the caller writes them).
void append_json_chars(std::string& out, std::string_view utf8, JsonC1 c1 = JsonC1::kRaw);
// Appends the code points as a quoted JSON string (surrogates as \udXXX escapes).
void append_json_string(std::string& out, std::u32string_view code_points);

class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view name);  // in an object, before each value
  JsonWriter& value(std::string_view utf8);
  JsonWriter& value(const char* utf8) { return value(std::string_view(utf8)); }
  JsonWriter& value(std::u32string_view code_points);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(double number);  // shortest round-trip form; NaN/inf become null
  JsonWriter& value(bool flag);
  JsonWriter& null();
  JsonWriter& string_or_null(std::string_view utf8);  // null for ""
  // Appends `json` as the next value. REQUIRES: `json` is valid JSON (one value, or several
  // comma-separated values inside an array).
  JsonWriter& raw(std::string_view json);

  // The document so far. REQUIRES: every object/array begun has been ended.
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }

 private:
  void before_value();
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  std::string out_;
  std::vector<bool> has_members_;  // per open container: a comma is due before the next
  bool after_key_ = false;
};

}  // namespace charfinder

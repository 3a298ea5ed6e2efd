#include "text/json_writer.hpp"

#include <charconv>
#include <cmath>

#include "text/hex.hpp"
#include "text/utf8.hpp"

namespace charfinder {
namespace {

void append_u_escape(std::string& out, std::uint32_t unit) {
  out += "\\u";
  append_hex(out, unit, 4, HexCase::kLower);
}

// One code point, escaped as JSON needs it.
void append_escaped(std::string& out, char32_t c, JsonC1 c1) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  const bool escaped_c1 = c1 == JsonC1::kEscaped && c >= 0x80 && c <= 0x9F;
  if (escaped_c1 || c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 ||
      (c >= 0xD800 && c <= 0xDFFF)) {
    append_u_escape(out, c);
  } else if (c > 0x10FFFF) {
    append_u_escape(out, 0xFFFD);
  } else {
    append_utf8(out, c);
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view utf8, JsonC1 c1) {
  out += '"';
  append_json_chars(out, utf8, c1);
  out += '"';
}

void append_json_chars(std::string& out, std::string_view utf8, JsonC1 c1) {
  std::size_t i = 0;
  while (i < utf8.size()) {
    // Fast path: a run of bytes that need no escaping is copied as is.
    std::size_t run = i;
    while (run < utf8.size()) {
      const auto b = static_cast<unsigned char>(utf8[run]);
      if (b < 0x20 || b >= 0x7F || b == '"' || b == '\\') break;
      ++run;
    }
    out.append(utf8.data() + i, run - i);
    i = run;
    if (i == utf8.size()) break;
    char32_t c;
    const std::size_t length = decode_utf8(utf8, i, c);
    if (length == 0) {
      append_u_escape(out, 0xFFFD);  // one replacement per invalid byte
      ++i;
      continue;
    }
    append_escaped(out, c, c1);
    i += length;
  }
}

void append_json_string(std::string& out, std::u32string_view code_points) {
  out += '"';
  for (char32_t c : code_points) append_escaped(out, c, JsonC1::kRaw);
  out += '"';
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_members_.empty()) {
    if (has_members_.back()) out_ += ',';
    has_members_.back() = true;
  }
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  has_members_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  out_ += bracket;
  has_members_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::string_or_null(std::string_view utf8) {
  return utf8.empty() ? null() : value(utf8);
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view utf8) {
  before_value();
  append_json_string(out_, utf8);
  return *this;
}

JsonWriter& JsonWriter::value(std::u32string_view code_points) {
  before_value();
  append_json_string(out_, code_points);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  before_value();
  if (!std::isfinite(number)) {
    out_ += "null";
    return *this;
  }
  char buffer[32];
  // Integral values (numeric values such as 1e12) read better without an exponent.
  const bool integral = std::trunc(number) == number && std::fabs(number) < 9007199254740992.0;
  const auto result =
      integral ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(number))
               : std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  if (json.empty()) return *this;
  before_value();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace charfinder

#include "index/describe.hpp"

#include <unicode/utf8.h>

#include <cstdint>

#include "index/icu_names.hpp"
#include "index/tokenize.hpp"

namespace charfinder {
namespace {

void append_utf8(std::string& out, char32_t code) {
  char buffer[4];
  std::int32_t length = 0;
  U8_APPEND_UNSAFE(reinterpret_cast<std::uint8_t*>(buffer), length,
                   static_cast<UChar32>(code));  // callers pass only scalar values
  out.append(buffer, static_cast<std::size_t>(length));
}

bool is_surrogate(char32_t code) { return code >= 0xD800 && code <= 0xDFFF; }

void append_escaped(std::string& out, std::uint32_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += "\\x";
  out += kDigits[(value >> 4) & 0xF];
  out += kDigits[value & 0xF];
}

}  // namespace

std::string code_label(char32_t code) {
  char buffer[8];
  std::string label = "U+";
  label += hex_of(code, buffer);
  return label;
}

std::string utf8_of(char32_t code) {
  std::string out;
  append_utf8(out, is_surrogate(code) || code > 0x10FFFF ? U'\uFFFD' : code);
  return out;
}

std::string terminal_glyph(char32_t code) {
  if (code < 0x20) return utf8_of(0x2400 + code);  // SYMBOL FOR NULL ... UNIT SEPARATOR
  if (code == 0x7F) return utf8_of(0x2421);        // SYMBOL FOR DELETE
  if (code >= 0x80 && code <= 0x9F) return utf8_of(0xFFFD);
  return utf8_of(code);
}

std::string terminal_row(char32_t code) {
  std::string row = code_label(code);
  row += '\t';
  row += terminal_glyph(code);
  row += '\t';
  row += display_name(code);
  return row;
}

std::string status_sentence(std::string_view query, std::size_t total) {
  std::string sentence;
  if (total == 0)
    sentence = "No match";
  else if (total == 1)
    sentence = "1 match";
  else
    sentence = std::to_string(total) + " matches";
  sentence += " for '";
  sentence += escape_controls(query);
  sentence += '\'';
  return sentence;
}

// Lower-case hex (\x1b): the way C, Python and most shells print escapes. C1 controls are
// written by code point (U+0085 as \x85), not by their two UTF-8 bytes; bytes that are not
// valid UTF-8 are written by value, so nothing raw ever gets through.
std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  while (i < length) {
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      for (std::int32_t j = start; j < i; ++j) append_escaped(out, s[j]);
    } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      append_escaped(out, static_cast<std::uint32_t>(c));
    } else {
      out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
  }
  return out;
}

}  // namespace charfinder

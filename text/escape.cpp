#include "text/escape.hpp"

#include "text/hex.hpp"
#include "text/utf8.hpp"

namespace charfinder {
namespace {

void append_x(std::string& out, unsigned value) {
  out += "\\x";
  append_hex(out, value, 2, HexCase::kLower);
}

bool is_printable_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F; }

void append_log_escaped(std::string& out, std::string_view text) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_printable_ascii(c) && c != '"' && c != '\\')
      out += ch;
    else
      append_x(out, c);
  }
}

}  // namespace

void append_escaped(std::string& out, std::string_view text, EscapeStyle style) {
  if (style == EscapeStyle::kLog) return append_log_escaped(out, text);
  std::size_t i = 0;
  while (i < text.size()) {
    // Most text is printable ASCII: copy such runs whole.
    std::size_t run = i;
    while (run < text.size() && is_printable_ascii(static_cast<unsigned char>(text[run]))) ++run;
    out.append(text, i, run - i);
    i = run;
    if (i == text.size()) break;
    char32_t code = 0;
    const std::size_t length = decode_utf8(text, i, code);
    if (length == 0) {
      if (style == EscapeStyle::kTerminal)
        append_terminal_glyph(out, 0xFFFD);
      else
        append_x(out, static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (style == EscapeStyle::kTerminal)
      append_terminal_glyph(out, code);
    else if (is_control(code))
      append_x(out, static_cast<unsigned>(code));
    else
      out.append(text, i, length);
    i += length;
  }
}

std::string escape_controls(std::string_view text, EscapeStyle style) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text, style);
  return out;
}

void append_terminal_glyph(std::string& out, char32_t code) {
  if (code < 0x20)
    append_utf8(out, 0x2400 + code);  // SYMBOL FOR NULL ... SYMBOL FOR UNIT SEPARATOR
  else if (code == 0x7F)
    append_utf8(out, 0x2421);  // SYMBOL FOR DELETE
  else if (is_control(code) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
    append_utf8(out, 0xFFFD);
  else
    append_utf8(out, code);
}

std::string terminal_glyph(char32_t code) {
  std::string out;
  append_terminal_glyph(out, code);
  return out;
}

std::string quoted(std::string_view text, std::size_t max_bytes) {
  const bool cut = text.size() > max_bytes;
  if (cut) {
    text = text.substr(0, max_bytes);
    // Do not end in the middle of a UTF-8 sequence.
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
      text.remove_suffix(1);
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.remove_suffix(1);
  }
  std::string out = "\"";
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '"' && text[i] != '\\') continue;
    append_escaped(out, text.substr(start, i - start), EscapeStyle::kMessage);
    if (i < text.size()) {
      out += '\\';
      out += text[i];
    }
    start = i + 1;
  }
  if (cut) out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
  out += '"';
  return out;
}

}  // namespace charfinder

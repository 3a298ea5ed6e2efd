// text/escape.hpp
//
// The one control-character escaper. Untrusted text (a query, a request target, a config
// value) is shown in three kinds of place, each a named style:
//
//   kMessage   status sentences, error messages, text log lines: every control character
//              is written as \xNN (lower-case hex, as C and Python print it: ESC is "\x1b");
//              everything else, backslashes included, is copied.
//   kLog       one field of an access-log line, written between double quotes: only
//              printable ASCII is copied; '"', '\' and every other byte are \xNN, so the
//              field is one line of ASCII whatever the peer sent.
//   kTerminal  text shown as glyphs on a terminal or page (rows, names): C0 and DEL become
//              their Control Pictures (U+2400..U+2421), C1 becomes U+FFFD.
//
// The rule for C1 (U+0080..U+009F) is the same in every style: it is a control character,
// taken by its code point, never passed through raw (\x85 in kMessage, U+FFFD in kTerminal;
// kLog writes the bytes of all non-ASCII text). A byte that is not part of well-formed UTF-8
// is escaped by its value (\xff) in kMessage and kLog and becomes U+FFFD in kTerminal, so
// nothing raw ever gets through. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace charfinder {

enum class EscapeStyle { kMessage, kLog, kTerminal };

// True for C0 (U+0000..U+001F), DEL and C1 (U+0080..U+009F).
constexpr bool is_control(char32_t code) { return code < 0x20 || (code >= 0x7F && code <= 0x9F); }

// Appends `text` escaped in `style`.
void append_escaped(std::string& out, std::string_view text, EscapeStyle style);

// `text` escaped in `style` (kMessage unless said otherwise).
std::string escape_controls(std::string_view text, EscapeStyle style = EscapeStyle::kMessage);

// The glyph of one code point for a terminal (kTerminal): Control Pictures for C0 and DEL,
// U+FFFD for C1, surrogates and values past U+10FFFF, else the character as UTF-8.
void append_terminal_glyph(std::string& out, char32_t code);
std::string terminal_glyph(char32_t code);

// `text` in double quotes, with '"' and '\' backslash-escaped and the rest in kMessage
// style; past `max_bytes` bytes it is cut (never inside a UTF-8 sequence) and ends in "…",
// so one bad value cannot flood a message.
std::string quoted(std::string_view text, std::size_t max_bytes = 80);

}  // namespace charfinder

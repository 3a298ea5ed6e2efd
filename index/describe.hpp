// index/describe.hpp
//
// How a code point and an answer are shown: rows, the status sentence, and terminal-safe
// glyphs. Pure functions over ICU's read-only data; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace charfinder {

// "U+265A", "U+1F431": at least four upper-case hex digits.
std::string code_label(char32_t code);

// The character as UTF-8. Surrogates (which UTF-8 cannot carry) and values beyond U+10FFFF
// become U+FFFD.
std::string utf8_of(char32_t code);

// The character as UTF-8 for a terminal: C0 and DEL as their Control Pictures
// (U+2400..U+2421), C1 and surrogates as U+FFFD, everything else as itself.
std::string terminal_glyph(char32_t code);

// One row for a terminal, without a line ending: "U+265A\t♚\tBLACK CHESS KING".
// The name is display_name() (ICU's extended name for unnamed code points).
std::string terminal_row(char32_t code);

// "No match for 'Q'", "1 match for 'Q'", "N matches for 'Q'"; Q is `query` as typed with
// each control character (C0, DEL, C1) written as \xNN.
std::string status_sentence(std::string_view query, std::size_t total);

// `text` with every control character written as \xNN in lower-case hex (ESC is "\x1b", as
// C and Python print it); used in logs, status sentences and error messages. A C1 control
// is written by its code point (U+0085 is "\x85", not its two UTF-8 bytes); a byte that is
// not valid UTF-8 is written by its value ("\xff"), so nothing raw ever gets through.
// Everything else, backslashes included, is copied unchanged.
std::string escape_controls(std::string_view text);

}  // namespace charfinder

// index/describe.hpp
//
// How a code point and an answer are shown: code labels, rows and the status sentence. Pure
// functions over ICU's read-only data; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// utf8_of, terminal_glyph and escape_controls live in text/ (used here for rows and the
// status sentence).
#include "text/escape.hpp"
#include "text/utf8.hpp"

namespace charfinder {

// "U+265A", "U+1F431": at least four upper-case hex digits.
std::string code_label(char32_t code);

// One row for a terminal, without a line ending: "U+265A\t♚\tBLACK CHESS KING".
// The name is display_name() (ICU's extended name for unnamed code points).
std::string terminal_row(char32_t code);

// "No match for 'Q'", "1 match for 'Q'", "N matches for 'Q'"; Q is `query` as typed with
// each control character (C0, DEL, C1) written as \xNN.
std::string status_sentence(std::string_view query, std::size_t total);

}  // namespace charfinder

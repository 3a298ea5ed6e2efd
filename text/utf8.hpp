// text/utf8.hpp
//
// UTF-8 per RFC 3629: decoding one sequence, validating a string, encoding a code point.
// Well-formed means no overlong forms, no surrogates (U+D800..U+DFFF) and nothing above
// U+10FFFF. Pure functions; thread-safe. The one UTF-8 decoder of the project.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace charfinder {

// Decodes the sequence starting at text[i] (REQUIRES: i < text.size()). Returns its length
// (1..4) and sets `code`, or returns 0 when the bytes there are not a well-formed sequence
// (a stray continuation byte, a truncated sequence, an overlong form, a surrogate, a value
// past U+10FFFF); callers then treat the single byte text[i] as invalid and go on at i + 1.
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& code);

// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Appends `code` as UTF-8. REQUIRES: a scalar value (not a surrogate, at most U+10FFFF).
void append_utf8(std::string& out, char32_t code);

// `code` as UTF-8; a surrogate or a value past U+10FFFF becomes U+FFFD.
std::string utf8_of(char32_t code);

}  // namespace charfinder

// index/fold.hpp
//
// Folding of query text with ICU so that case, accents and compatibility forms match the
// upper-case ASCII words of Unicode names: NFKD, then the marks (Mn, Mc, Me) on Latin, Greek
// and script-neutral letters removed, then upper-cased (root locale). `Café` -> "CAFE",
// `ＣＡＴ` -> "CAT", `ß` -> "SS". Marks that spell another script (Devanagari vowel signs,
// kana voicing: `が` stays が) are kept and the text recomposed (NFC).
// Pure functions; thread-safe (ICU's normalizer singletons are immutable once loaded).
#pragma once

#include <string>
#include <string_view>

namespace charfinder {

// `utf8` folded as above, as UTF-8. Invalid UTF-8 sequences become U+FFFD. Never throws.
std::string fold(std::string_view utf8);

// True when every byte of `text` is an ASCII letter or digit and `text` is not empty.
bool is_ascii_alnum(std::string_view text);

// True when `text` contains at least one ASCII letter or digit.
bool has_ascii_alnum(std::string_view text);

// The code points of UTF-8 `text` (invalid sequences become U+FFFD).
std::u32string code_points_of(std::string_view utf8);

}  // namespace charfinder

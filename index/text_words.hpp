// index/text_words.hpp
//
// The words of folded text in any script, the same way for the texts of every source (at
// build time, by the generator) and for query tokens (at query time). A word is a maximal
// run of letters, digits and marks (ICU's u_isalnum, plus general categories M*); anything
// else separates words. ZERO WIDTH (NON-)JOINER is dropped without separating (Persian and
// Indic keywords write it inside words, users often do not). A run that contains a letter of
// a script written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) is
// split further with ICU's word BreakIterator (root locale, dictionary based), keeping the
// segments that contain a letter or digit: `猫脸` -> 猫, 脸.
//
// On plain ASCII the result equals split_folded_words() (runs of A-Z and 0-9).
// Thread-safe: each thread keeps its own BreakIterator clone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

// The words of `folded` (the output of fold()), as UTF-8 strings.
std::vector<std::string> text_words(std::string_view folded);

// fold() then text_words(): the words a source text or a query token stands for.
std::vector<std::string> folded_text_words(std::string_view text);

}  // namespace charfinder

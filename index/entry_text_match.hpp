// index/entry_text_match.hpp
//
// How a term is found in one text of the source table: adjacent words (a phrase), every word
// (the last one possibly a prefix), and the searchable pieces of a text (a CLDR annotation is
// its text-to-speech name and each keyword; any other text is itself). Shared by the search
// (phrase checks, entry_terms.cpp) and the rows' fourth field (entry_describe.cpp).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "index/sources.hpp"

namespace charfinder {

// True when `phrase` occurs as adjacent words of `words` (an empty phrase never does).
bool contains_phrase(const std::vector<std::string>& words, const std::vector<std::string>& phrase);

// True when every word of `wanted` is one of `words`; with `prefix_last`, the last wanted
// word only has to start one of them.
bool contains_all(const std::vector<std::string>& words, const std::vector<std::string>& wanted,
                  bool prefix_last);

// The searchable pieces of a text of `kind` (views into `text`).
std::vector<std::string_view> text_pieces(TextKind kind, std::string_view text);

}  // namespace charfinder

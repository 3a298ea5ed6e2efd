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

// True when contains_all(folded_text_words(piece), wanted, prefix_last) is sure to be true
// without folding: every (upper-case ASCII) wanted word is a run of ASCII letters and digits
// of `piece`, compared case-insensitively, bounded by ASCII non-alphanumerics or the ends
// (folding leaves ASCII as it is, so such a run is a word of the folded piece). On a pure
// ASCII piece it is exact; on others false only means "fold to know".
bool ascii_contains_all(std::string_view piece, const std::vector<std::string>& wanted,
                        bool prefix_last);
bool is_ascii(std::string_view text);

// The searchable pieces of a text of `kind` (views into `text`).
std::vector<std::string_view> text_pieces(TextKind kind, std::string_view text);

// A piece of a text and its folded words (fold() + text_words()).
struct FoldedPiece {
  std::string_view raw;  // a view into the text given to folded_pieces()
  std::vector<std::string> words;
};
// Every piece of `text` with its words. The text is folded once, not piece by piece (the
// ICU work of a CLDR annotation is one call instead of one per keyword); the words are the
// same as folded_text_words() of each piece gives.
std::vector<FoldedPiece> folded_pieces(TextKind kind, std::string_view text);

}  // namespace charfinder

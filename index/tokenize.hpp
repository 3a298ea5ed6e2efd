// index/tokenize.hpp
//
// Text -> words, the same way for names and queries. Words of a Unicode name are separated
// by spaces and hyphens ("EURO-CURRENCY SIGN" -> EURO, CURRENCY, SIGN); an algorithmic
// name's hex suffix equal to the code point's own hex ("CJK UNIFIED IDEOGRAPH-4E00") is not
// a word. In folded query text every character other than A-Z and 0-9 separates words, so
// punctuation around a word is ignored ("(cat)," -> CAT). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "text/hex.hpp"  // hex_of

namespace charfinder {

// Calls `on_word(std::string_view)` for each word of `name`, the Unicode name (or alias) of
// `code`. Views point into `name`. No allocation: the index build calls it for every name.
template <typename OnWord>
void for_each_name_word(std::string_view name, char32_t code, OnWord&& on_word) {
  std::size_t start = 0;
  const std::size_t n = name.size();
  // The suffix "-XXXX" is dropped when XXXX is `code` in hex: algorithmic names only.
  std::size_t end = n;
  {
    char buffer[8];
    const std::string_view hex = hex_of(code, buffer);
    if (n > hex.size() && name[n - hex.size() - 1] == '-' && name.substr(n - hex.size()) == hex) {
      end = n - hex.size() - 1;
    }
  }
  for (std::size_t i = 0; i <= end; ++i) {
    if (i == end || name[i] == ' ' || name[i] == '-') {
      if (i > start) on_word(name.substr(start, i - start));
      start = i + 1;
    }
  }
}

// The words of a name, as above (views into `name`).
std::vector<std::string_view> tokenize_name(std::string_view name, char32_t code);

// The words of already-folded query text: maximal runs of A-Z and 0-9 (views into `folded`).
std::vector<std::string_view> split_folded_words(std::string_view folded);

}  // namespace charfinder

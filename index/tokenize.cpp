#include "index/tokenize.hpp"

namespace charfinder {

std::vector<std::string_view> tokenize_name(std::string_view name, char32_t code) {
  std::vector<std::string_view> words;
  for_each_name_word(name, code, [&](std::string_view word) { words.push_back(word); });
  return words;
}

std::vector<std::string_view> split_folded_words(std::string_view folded) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= folded.size(); ++i) {
    const bool word_char = i < folded.size() && ((folded[i] >= 'A' && folded[i] <= 'Z') ||
                                                 (folded[i] >= '0' && folded[i] <= '9'));
    if (!word_char) {
      if (i > start) words.push_back(folded.substr(start, i - start));
      start = i + 1;
    }
  }
  return words;
}

}  // namespace charfinder

#include "index/tokenize.hpp"

#include <cstdint>

namespace charfinder {

std::string_view hex_of(char32_t code, char (&buffer)[8]) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  char reversed[8];
  std::size_t n = 0;
  std::uint32_t value = code;
  do {
    reversed[n++] = kDigits[value & 0xF];
    value >>= 4;
  } while (value != 0 && n < 8);
  while (n < 4) reversed[n++] = '0';
  for (std::size_t i = 0; i < n; ++i) buffer[i] = reversed[n - 1 - i];
  return {buffer, n};
}

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

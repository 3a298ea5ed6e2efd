#include "index/entry_text_match.hpp"

#include <algorithm>
#include <cstddef>

namespace charfinder {

bool contains_phrase(const std::vector<std::string>& words,
                     const std::vector<std::string>& phrase) {
  if (phrase.empty() || words.size() < phrase.size()) return false;
  for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i)
    if (std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(i)))
      return true;
  return false;
}

bool contains_all(const std::vector<std::string>& words, const std::vector<std::string>& wanted,
                  bool prefix_last) {
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const bool prefix = prefix_last && i + 1 == wanted.size();
    if (std::none_of(words.begin(), words.end(), [&](const std::string& w) {
          return prefix ? w.starts_with(wanted[i]) : w == wanted[i];
        }))
      return false;
  }
  return true;
}

std::vector<std::string_view> text_pieces(TextKind kind, std::string_view text) {
  std::vector<std::string_view> pieces;
  if (kind != TextKind::kCldrAnnotation) {
    pieces.push_back(text);
    return pieces;
  }
  const std::size_t unit = text.find('\x1F');
  const std::string_view tts = text.substr(0, unit);
  if (!tts.empty()) pieces.push_back(tts);
  std::string_view keywords =
      unit == std::string_view::npos ? std::string_view() : text.substr(unit + 1);
  while (!keywords.empty()) {
    const std::size_t bar = keywords.find(" | ");
    std::string_view keyword = keywords.substr(0, bar);
    if (!keyword.empty()) pieces.push_back(keyword);
    if (bar == std::string_view::npos) break;
    keywords.remove_prefix(bar + 3);
  }
  return pieces;
}

}  // namespace charfinder

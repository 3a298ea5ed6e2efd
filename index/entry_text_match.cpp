#include "index/entry_text_match.hpp"

#include <algorithm>
#include <cstddef>

#include "index/fold.hpp"
#include "index/text_words.hpp"

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

namespace {

bool ascii_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Does `piece` have a bounded ASCII run equal to `word` (or starting with it, `prefix`)?
bool has_ascii_run(std::string_view piece, std::string_view word, bool prefix) {
  const auto boundary = [&](std::size_t i) {  // i: an index just outside a run, or the ends
    if (i >= piece.size()) return true;
    const auto c = static_cast<unsigned char>(piece[i]);
    return c < 0x80 && !ascii_alnum(piece[i]);
  };
  std::size_t i = 0;
  while (i < piece.size()) {
    if (!ascii_alnum(piece[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < piece.size() && ascii_alnum(piece[end])) ++end;
    const std::size_t length = end - i;
    const bool fits = prefix ? length >= word.size() : length == word.size();
    if (fits && (i == 0 || boundary(i - 1)) && boundary(end)) {
      bool same = true;
      for (std::size_t k = 0; k < word.size() && same; ++k)
        same = ascii_upper(piece[i + k]) == word[k];
      if (same) return true;
    }
    i = end;
  }
  return false;
}

}  // namespace

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool ascii_contains_all(std::string_view piece, const std::vector<std::string>& wanted,
                        bool prefix_last) {
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (!is_ascii(wanted[i]) || wanted[i].empty()) return false;
    if (!has_ascii_run(piece, wanted[i], prefix_last && i + 1 == wanted.size())) return false;
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

std::vector<FoldedPiece> folded_pieces(TextKind kind, std::string_view text) {
  std::vector<FoldedPiece> out;
  const std::vector<std::string_view> raw = text_pieces(kind, text);
  out.reserve(raw.size());
  if (raw.size() > 1) {
    // Folding keeps the separators (U+001F, " | "), so the folded text splits into as many
    // pieces, in order; a keyword whose own characters fold to " | " (a full-width bar
    // between spaces) would not, and then each piece is folded alone.
    const std::string folded = fold(text);
    const std::vector<std::string_view> folded_raw = text_pieces(kind, folded);
    if (folded_raw.size() == raw.size()) {
      for (std::size_t i = 0; i < raw.size(); ++i)
        out.push_back(FoldedPiece{raw[i], text_words(folded_raw[i])});
      return out;
    }
  }
  for (std::string_view piece : raw) out.push_back(FoldedPiece{piece, folded_text_words(piece)});
  return out;
}

}  // namespace charfinder

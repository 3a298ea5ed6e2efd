// The languages of the source table as the front ends name them: the CLDR locales, the
// Accept-Language tags they cover, and the check of `lang:` / search.languages codes.
#include <algorithm>

#include "index/describe.hpp"
#include "index/entry_search.hpp"

namespace charfinder {

std::vector<std::string> CharacterIndex::languages() const {
  std::vector<std::string> out;
  if (table_ == nullptr) return out;
  for (std::uint16_t l = 0; l < table_->language_count(); ++l)
    if (!table_->language(l).empty()) out.emplace_back(table_->language(l));
  return out;
}

bool language_covers(std::string_view lang, std::string_view code) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (code.empty() || lang.size() < code.size()) return false;
  for (std::size_t i = 0; i < code.size(); ++i)
    if (lower(lang[i]) != lower(code[i])) return false;
  return lang.size() == code.size() || lang[code.size()] == '_';
}

std::vector<std::string> CharacterIndex::known_languages(
    const std::vector<std::string>& tags) const {
  std::vector<std::string> out;
  if (table_ == nullptr) return out;
  for (std::string tag : tags) {
    for (char& c : tag) {
      if (c == '-') c = '_';
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    while (!tag.empty()) {
      if (tag == "*" || tag == "en" || tag.starts_with("en_")) break;
      bool exact = false;
      for (std::uint16_t l = 0; l < table_->language_count() && !exact; ++l) {
        const std::string_view lang = table_->language(l);
        exact = lang.size() == tag.size() && language_covers(lang, tag);
      }
      if (exact) {
        if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(tag);
        break;
      }
      const std::size_t cut = tag.rfind('_');
      if (cut == std::string::npos) break;
      tag.resize(cut);
    }
  }
  return out;
}

std::string CharacterIndex::check_languages(std::span<const std::string> codes) const {
  for (const std::string& code : codes) {
    if (code == "all") continue;
    bool known = false;
    if (table_ != nullptr) {
      for (std::uint16_t l = 0; l < table_->language_count() && !known; ++l) {
        const std::string_view lang = table_->language(l);
        known = !lang.empty() && language_covers(lang, code);
      }
    }
    if (!known)
      return "unknown language '" + escape_controls(code) +
             "' (the languages are CLDR locale ids such as de, fr, ja, zh_Hant; "
             "/lang list on telnet, GET /api/languages or 'charfinder find --lang list' lists "
             "them)";
  }
  return {};
}

std::bitset<256> CharacterIndex::language_scope(std::span<const std::string> codes) const {
  std::bitset<256> langs = english_;
  if (table_ == nullptr || codes.empty()) return langs;
  const bool all = std::find(codes.begin(), codes.end(), "all") != codes.end();
  if (all) langs.set();
  for (std::uint16_t l = 0; l < table_->language_count() && l < 256 && !all; ++l) {
    const std::string_view lang = table_->language(l);
    for (const std::string& code : codes)
      if (language_covers(lang, code)) langs[l] = true;
  }
  return langs;
}

}  // namespace charfinder

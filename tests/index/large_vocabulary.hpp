// tests/index/large_vocabulary.hpp: a stand-in for the multi-source vocabulary of issue 9,
// for the spelling tests and benchmarks until that index lands: every word of the ICU names
// plus every word of the CLDR annotations (annotations/ and annotationsDerived/, all
// languages), folded with fold() and split with ICU's word break iterator (so Japanese and
// Chinese keywords become dictionary words), sorted and unique. Reading the ~290 files takes
// a few seconds; callers build it once.
#pragma once

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "index/fold.hpp"
#include "index/icu_names.hpp"
#include "index/tokenize.hpp"

namespace charfinder::testing {

inline constexpr const char* kCldrAnnotations = "/usr/share/unicode/cldr/common";

// The word-break words of folded `text` (segments that hold a letter, digit or ideograph).
inline void add_break_words(std::string_view folded, icu::BreakIterator& words,
                            std::vector<std::string>& out) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(folded.data(), static_cast<std::int32_t>(folded.size())));
  words.setText(text);
  std::int32_t start = words.first();
  for (std::int32_t end = words.next(); end != icu::BreakIterator::DONE;
       start = end, end = words.next()) {
    if (words.getRuleStatus() == UBRK_WORD_NONE) continue;  // spaces, punctuation
    std::string word;
    text.tempSubStringBetween(start, end).toUTF8String(word);
    out.push_back(std::move(word));
  }
}

// Words of the <annotation> elements of one CLDR file: keywords split at '|', each folded.
inline void add_cldr_file(const std::filesystem::path& file, icu::BreakIterator& words,
                          std::vector<std::string>& out) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t open = line.find("<annotation ");
    if (open == std::string::npos) continue;
    const std::size_t body = line.find('>', open);
    const std::size_t close = line.find("</annotation>", body);
    if (body == std::string::npos || close == std::string::npos) continue;
    std::string_view text(line);
    text = text.substr(body + 1, close - body - 1);
    while (!text.empty()) {
      const std::size_t bar = text.find('|');
      add_break_words(fold(text.substr(0, bar)), words, out);
      if (bar == std::string_view::npos) break;
      text.remove_prefix(bar + 1);
    }
  }
}

// The sorted, unique large vocabulary described above. A non-empty `languages` ("ru", "ja")
// reads only those CLDR files, for quicker tests.
inline std::vector<std::string> large_vocabulary(
    std::initializer_list<std::string_view> languages = {}) {
  std::vector<std::string> words;
  for (const NamedChar& row : read_icu_names())
    for (std::string_view word : tokenize_name(row.name, row.code)) words.emplace_back(word);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  std::vector<std::filesystem::path> files;
  for (const char* folder : {"annotations", "annotationsDerived"}) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(kCldrAnnotations) / folder, error))
      if (entry.path().extension() == ".xml" &&
          (languages.size() == 0 || std::find(languages.begin(), languages.end(),
                                              entry.path().stem().string()) != languages.end()))
        files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (U_SUCCESS(status))
    for (const auto& file : files) add_cldr_file(file, *breaker, words);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

}  // namespace charfinder::testing

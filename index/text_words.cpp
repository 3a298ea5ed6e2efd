#include "index/text_words.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cstdint>
#include <memory>

#include "index/fold.hpp"

namespace charfinder {
namespace {

bool is_word_char(UChar32 c) { return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

bool is_joiner(UChar32 c) { return c == 0x200C || c == 0x200D; }

bool is_spaceless_script(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

icu::BreakIterator* word_breaker() {
  // createWordInstance loads dictionaries (milliseconds): once per thread.
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) made.reset();
    return made;
  }();
  return breaker.get();
}

void emit_run(const icu::UnicodeString& run, bool spaceless, std::vector<std::string>& out) {
  if (run.isEmpty()) return;
  icu::BreakIterator* breaker = spaceless ? word_breaker() : nullptr;
  if (breaker == nullptr) {
    std::string word;
    run.toUTF8String(word);
    out.push_back(std::move(word));
    return;
  }
  breaker->setText(run);
  std::int32_t start = breaker->first();
  for (std::int32_t end = breaker->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker->next()) {
    bool has_alnum = false;
    for (std::int32_t i = start; i < end;) {
      const UChar32 c = run.char32At(i);
      i += U16_LENGTH(c);
      if (u_isalnum(c)) has_alnum = true;
    }
    if (!has_alnum) continue;
    std::string word;
    run.tempSubStringBetween(start, end).toUTF8String(word);
    out.push_back(std::move(word));
  }
}

}  // namespace

std::vector<std::string> text_words(std::string_view folded) {
  std::vector<std::string> words;
  const bool ascii = std::all_of(folded.begin(), folded.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= folded.size(); ++i) {
      const char c = i < folded.size() ? folded[i] : ' ';
      const bool word_char =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!word_char) {
        if (i > start) words.emplace_back(folded.substr(start, i - start));
        start = i + 1;
      }
    }
    return words;
  }
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(folded.data(), static_cast<std::int32_t>(folded.size())));
  icu::UnicodeString run;
  bool spaceless = false;
  for (std::int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (is_joiner(c)) continue;
    if (is_word_char(c)) {
      run.append(c);
      spaceless = spaceless || is_spaceless_script(c);
      continue;
    }
    emit_run(run, spaceless, words);
    run.remove();
    spaceless = false;
  }
  emit_run(run, spaceless, words);
  return words;
}

std::vector<std::string> folded_text_words(std::string_view text) { return text_words(fold(text)); }

}  // namespace charfinder

#include "index/fold.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace charfinder {
namespace {

bool is_ascii_alnum_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

bool is_ascii_alnum(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_ascii_alnum_char);
}

bool has_ascii_alnum(std::string_view text) {
  return std::any_of(text.begin(), text.end(), is_ascii_alnum_char);
}

std::u32string code_points_of(std::string_view utf8) {
  std::u32string out;
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  std::int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, length, c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

std::string fold(std::string_view utf8) {
  // Plain ASCII (the common case) needs no ICU: NFKD and mark removal change nothing.
  if (std::all_of(utf8.begin(), utf8.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string out(utf8);
    for (char& c : out)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
  icu::UnicodeString decomposed;
  if (U_SUCCESS(status)) {
    nfkd->normalize(text, decomposed, status);
  }
  if (U_FAILURE(status)) decomposed = text;  // cannot happen with ICU's own data; fold less
  // A mark is dropped when it sits on a Latin, Greek or script-neutral base (accents:
  // `é` -> E); it is kept when it is part of another script's spelling (Devanagari vowel
  // signs, kana voicing marks, Cyrillic breve of `й`), and the text is recomposed (NFC) so
  // kept marks look as the source texts spell them.
  icu::UnicodeString unmarked;
  bool keep_marks = false;
  bool kept_any = false;
  for (std::int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if ((U_GET_GC_MASK(c) & U_GC_M_MASK) == 0) {
      UErrorCode script_status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &script_status);
      keep_marks = script != USCRIPT_LATIN && script != USCRIPT_GREEK && script != USCRIPT_COMMON &&
                   script != USCRIPT_INHERITED && script != USCRIPT_UNKNOWN;
      unmarked.append(c);
    } else if (keep_marks) {
      unmarked.append(c);
      kept_any = true;
    }
  }
  if (kept_any) {
    UErrorCode nfc_status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(nfc_status);
    if (U_SUCCESS(nfc_status)) {
      icu::UnicodeString composed;
      nfc->normalize(unmarked, composed, nfc_status);
      if (U_SUCCESS(nfc_status)) unmarked = composed;
    }
  }
  unmarked.toUpper(icu::Locale::getRoot());
  std::string out;
  unmarked.toUTF8String(out);
  return out;
}

}  // namespace charfinder

#include "index/char_details.hpp"

#include <unicode/casemap.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <string>

#include "index/icu_names.hpp"
#include "text/hex.hpp"

namespace charfinder {
namespace {

std::string with_spaces(const char* icu_name) {
  std::string text = icu_name ? icu_name : "";
  for (char& c : text)
    if (c == '_') c = ' ';
  return text;
}

std::string property_value_name(UProperty property, int32_t value, UPropertyNameChoice choice) {
  const char* name = u_getPropertyValueName(property, value, choice);
  return name ? name : "";
}

// UTF-16 (possibly with lone surrogates) -> code points; a lone surrogate stays itself.
std::u32string code_points_of(const char16_t* text, int32_t length) {
  std::u32string out;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U16_NEXT(text, i, length, c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

std::u32string code_points_of(const icu::UnicodeString& text) {
  return code_points_of(text.getBuffer(), text.length());
}

enum class CaseKind { kUpper, kLower, kTitle };

std::u32string case_mapping(const icu::UnicodeString& source, CaseKind kind) {
  char16_t buffer[64];  // the longest full case mapping is 3 code points
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  switch (kind) {
    case CaseKind::kUpper:
      length = icu::CaseMap::toUpper("", 0, source.getBuffer(), source.length(), buffer, 64,
                                     nullptr, status);
      break;
    case CaseKind::kLower:
      length = icu::CaseMap::toLower("", 0, source.getBuffer(), source.length(), buffer, 64,
                                     nullptr, status);
      break;
    case CaseKind::kTitle:
      // Whole-string titlecasing needs no word break iterator.
      length =
          icu::CaseMap::toTitle("", U_TITLECASE_WHOLE_STRING | U_TITLECASE_NO_LOWERCASE, nullptr,
                                source.getBuffer(), source.length(), buffer, 64, nullptr, status);
      break;
  }
  if (U_FAILURE(status)) return code_points_of(source);
  return code_points_of(buffer, length);
}

std::u32string decomposition(const icu::UnicodeString& source, bool compatibility) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = compatibility ? icu::Normalizer2::getNFKDInstance(status)
                                                     : icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status) || normalizer == nullptr) return {};
  icu::UnicodeString result = normalizer->normalize(source, status);
  if (U_FAILURE(status) || result == source) return {};
  return code_points_of(result);
}

}  // namespace

CharDetails char_details(char32_t code) {
  const auto c = static_cast<UChar32>(code);
  CharDetails d;
  d.code = code;

  const auto category = static_cast<int32_t>(u_charType(c));
  d.assigned = category != U_UNASSIGNED;
  d.general_category = property_value_name(UCHAR_GENERAL_CATEGORY, category, U_SHORT_PROPERTY_NAME);
  d.general_category_name =
      with_spaces(u_getPropertyValueName(UCHAR_GENERAL_CATEGORY, category, U_LONG_PROPERTY_NAME));

  d.name = display_name(code);
  if (std::string alias = correction_alias(code); !alias.empty())
    d.aliases.push_back(std::move(alias));

  d.block = with_spaces(u_getPropertyValueName(UCHAR_BLOCK, u_getIntPropertyValue(c, UCHAR_BLOCK),
                                               U_LONG_PROPERTY_NAME));
  {
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    d.script = U_SUCCESS(status) ? with_spaces(uscript_getName(script)) : "Unknown";
  }
  {
    UVersionInfo age;
    u_charAge(c, age);
    if (age[0] != 0 || age[1] != 0) {
      // Two components, as the Unicode Standard names its versions ("6.1").
      d.age = std::to_string(age[0]) + '.' + std::to_string(age[1]);
    }
  }
  const int32_t bidi = u_getIntPropertyValue(c, UCHAR_BIDI_CLASS);
  d.bidi_class = property_value_name(UCHAR_BIDI_CLASS, bidi, U_SHORT_PROPERTY_NAME);
  d.bidi_class_name =
      with_spaces(u_getPropertyValueName(UCHAR_BIDI_CLASS, bidi, U_LONG_PROPERTY_NAME));
  d.east_asian_width =
      property_value_name(UCHAR_EAST_ASIAN_WIDTH, u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH),
                          U_SHORT_PROPERTY_NAME);

  const int32_t numeric_type = u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE);
  if (numeric_type != U_NT_NONE) {
    d.numeric_type =
        with_spaces(u_getPropertyValueName(UCHAR_NUMERIC_TYPE, numeric_type, U_LONG_PROPERTY_NAME));
    const double value = u_getNumericValue(c);
    if (value != U_NO_NUMERIC_VALUE) d.numeric_value = value;
  }

  const icu::UnicodeString source(c);
  d.uppercase = case_mapping(source, CaseKind::kUpper);
  d.lowercase = case_mapping(source, CaseKind::kLower);
  d.titlecase = case_mapping(source, CaseKind::kTitle);
  d.canonical_decomposition = decomposition(source, false);
  d.compatibility_decomposition = decomposition(source, true);

  const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
  if (!surrogate) {
    if (code < 0x80) {
      d.utf8 = {static_cast<std::uint8_t>(code)};
    } else if (code < 0x800) {
      d.utf8 = {static_cast<std::uint8_t>(0xC0 | (code >> 6)),
                static_cast<std::uint8_t>(0x80 | (code & 0x3F))};
    } else if (code < 0x10000) {
      d.utf8 = {static_cast<std::uint8_t>(0xE0 | (code >> 12)),
                static_cast<std::uint8_t>(0x80 | ((code >> 6) & 0x3F)),
                static_cast<std::uint8_t>(0x80 | (code & 0x3F))};
    } else {
      d.utf8 = {static_cast<std::uint8_t>(0xF0 | (code >> 18)),
                static_cast<std::uint8_t>(0x80 | ((code >> 12) & 0x3F)),
                static_cast<std::uint8_t>(0x80 | ((code >> 6) & 0x3F)),
                static_cast<std::uint8_t>(0x80 | (code & 0x3F))};
    }
  }
  if (code < 0x10000) {
    d.utf16 = {static_cast<std::uint16_t>(code)};
  } else {
    d.utf16 = {static_cast<std::uint16_t>(U16_LEAD(c)), static_cast<std::uint16_t>(U16_TRAIL(c))};
  }
  d.html_reference = "&#x";
  append_hex_min(d.html_reference, code, 4);
  d.html_reference += ';';
  return d;
}

std::optional<char32_t> parse_code_label(std::string_view text) {
  if (text.size() < 6 || text.size() > 8) return std::nullopt;
  if ((text[0] != 'U' && text[0] != 'u') || text[1] != '+') return std::nullopt;
  std::uint32_t value = 0;
  for (char c : text.substr(2)) {
    std::uint32_t digit;
    if (c >= '0' && c <= '9')
      digit = static_cast<std::uint32_t>(c - '0');
    else if (c >= 'A' && c <= 'F')
      digit = static_cast<std::uint32_t>(c - 'A' + 10);
    else if (c >= 'a' && c <= 'f')
      digit = static_cast<std::uint32_t>(c - 'a' + 10);
    else
      return std::nullopt;
    value = value * 16 + digit;
  }
  if (value > 0x10FFFF) return std::nullopt;
  return static_cast<char32_t>(value);
}

}  // namespace charfinder

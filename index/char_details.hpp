// index/char_details.hpp
//
// Everything ICU knows about one code point, as plain data for GET /api/char/U+XXXX:
// name and aliases, general category, block, script, age, bidi class, east-asian width,
// numeric value, full case mappings, canonical and compatibility decompositions, UTF-8 and
// UTF-16 encodings and the HTML numeric reference. Pure; thread-safe (ICU's property and
// normalisation data are read-only once loaded).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

struct CharDetails {
  char32_t code = 0;
  bool assigned = false;              // general category is not Cn
  std::string name;                   // Unicode name, or ICU's extended name ("<control-0000>")
  std::vector<std::string> aliases;   // correction alias (NameAliases.txt) when ICU has one
  std::string general_category;       // short alias, "So"
  std::string general_category_name;  // long name with spaces, "Other Symbol"
  std::string block;                  // "Emoticons", "No Block" outside every block
  std::string script;                 // "Common", "Han", "Unknown"
  std::string age;                    // Unicode version that assigned it ("6.1"), "" if never
  std::string bidi_class;             // short alias, "ON"
  std::string bidi_class_name;        // long name with spaces, "Other Neutral"
  std::string east_asian_width;       // short alias, "W", "Na", "A", ...
  std::string numeric_type;           // "Decimal", "Digit", "Numeric", or "" when none
  std::optional<double> numeric_value;
  // Full case mappings (SpecialCasing included): "ß" upper-cases to "SS". May hold a lone
  // surrogate when `code` is one (mappings of a surrogate are the surrogate itself).
  std::u32string uppercase;
  std::u32string lowercase;
  std::u32string titlecase;
  std::u32string canonical_decomposition;      // NFD of the character, empty if it is itself
  std::u32string compatibility_decomposition;  // NFKD of the character, empty if it is itself
  std::vector<std::uint8_t> utf8;              // empty for surrogates, which UTF-8 cannot carry
  std::vector<std::uint16_t> utf16;            // one or two code units
  std::string html_reference;                  // "&#x1F431;"
};

// REQUIRES: code <= 0x10FFFF (callers answer 404 for anything larger). Never throws except
// std::bad_alloc.
CharDetails char_details(char32_t code);

// "U+1F431" / "u+1f431" (4 to 6 hex digits) -> the code point, or nullopt when malformed or
// above U+10FFFF.
std::optional<char32_t> parse_code_label(std::string_view text);

}  // namespace charfinder

#include "index/char_details.hpp"

#include <catch2/catch.hpp>

using charfinder::char_details;
using charfinder::parse_code_label;

TEST_CASE("char_details describes a symbol from ICU", "[char_details]") {
  const auto d = char_details(U'\U0001F431');
  CHECK(d.assigned);
  CHECK(d.name == "CAT FACE");
  CHECK(d.general_category == "So");
  CHECK(d.general_category_name == "Other Symbol");
  CHECK(d.block == "Miscellaneous Symbols And Pictographs");
  CHECK(d.script == "Common");
  CHECK(d.age == "6.0");
  CHECK(d.bidi_class == "ON");
  CHECK(d.east_asian_width == "W");
  CHECK_FALSE(d.numeric_value.has_value());
  CHECK(d.uppercase == U"\U0001F431");
  CHECK(d.canonical_decomposition.empty());
  CHECK(d.compatibility_decomposition.empty());
  CHECK(d.utf8 == std::vector<std::uint8_t>{0xF0, 0x9F, 0x90, 0xB1});
  CHECK(d.utf16 == std::vector<std::uint16_t>{0xD83D, 0xDC31});
  CHECK(d.html_reference == "&#x1F431;");
}

TEST_CASE("char_details has full case mappings and decompositions", "[char_details]") {
  const auto sharp_s = char_details(U'\u00DF');
  CHECK(sharp_s.uppercase == U"SS");
  CHECK(sharp_s.titlecase == U"Ss");
  CHECK(sharp_s.lowercase == U"\u00DF");

  const auto e_acute = char_details(U'\u00E9');
  CHECK(e_acute.canonical_decomposition == U"e\u0301");
  CHECK(e_acute.compatibility_decomposition == U"e\u0301");
  CHECK(e_acute.uppercase == U"\u00C9");
  CHECK(e_acute.utf8 == std::vector<std::uint8_t>{0xC3, 0xA9});

  const auto fullwidth_a = char_details(U'\uFF21');
  CHECK(fullwidth_a.canonical_decomposition.empty());
  CHECK(fullwidth_a.compatibility_decomposition == U"A");
  CHECK(fullwidth_a.east_asian_width == "F");

  const auto hangul = char_details(U'\uAC00');
  CHECK(hangul.name == "HANGUL SYLLABLE GA");
  CHECK(hangul.canonical_decomposition == U"\u1100\u1161");
  CHECK(hangul.script == "Hangul");
}

TEST_CASE("char_details gives numeric values and types", "[char_details]") {
  struct Case {
    char32_t code;
    std::string type;
    double value;
  };
  const Case cases[] = {
      {U'7', "Decimal", 7.0},
      {U'\u00BD', "Numeric", 0.5},
      {U'\u2463', "Digit", 4.0},        // CIRCLED DIGIT FOUR
      {U'\u4E07', "Numeric", 10000.0},  // CJK ideograph for ten thousand
  };
  for (const Case& c : cases) {
    CAPTURE(static_cast<unsigned>(c.code));
    const auto d = char_details(c.code);
    CHECK(d.numeric_type == c.type);
    REQUIRE(d.numeric_value.has_value());
    CHECK(*d.numeric_value == c.value);
  }
  CHECK(char_details(U'A').numeric_type.empty());
}

TEST_CASE("char_details handles controls, surrogates, unassigned and the last code point",
          "[char_details]") {
  const auto nul = char_details(U'\0');
  CHECK(nul.name == "<control-0000>");
  CHECK(nul.general_category == "Cc");
  CHECK(nul.utf8 == std::vector<std::uint8_t>{0x00});
  CHECK(nul.html_reference == "&#x0000;");

  const auto surrogate = char_details(0xD800);
  CHECK(surrogate.general_category == "Cs");
  CHECK(surrogate.utf8.empty());
  CHECK(surrogate.utf16 == std::vector<std::uint16_t>{0xD800});
  CHECK(surrogate.uppercase == std::u32string(1, 0xD800));
  CHECK(surrogate.name == "<lead surrogate-D800>");

  const auto last = char_details(0x10FFFF);
  CHECK(last.general_category == "Cn");
  CHECK_FALSE(last.assigned);
  CHECK(last.age == "2.0");  // a noncharacter, reserved since Unicode 2.0
  const auto unassigned = char_details(0x0378);
  CHECK_FALSE(unassigned.assigned);
  CHECK(unassigned.age.empty());
  CHECK(unassigned.name == "<unassigned-0378>");
  CHECK(last.utf8 == std::vector<std::uint8_t>{0xF4, 0x8F, 0xBF, 0xBF});
  CHECK(last.utf16 == std::vector<std::uint16_t>{0xDBFF, 0xDFFF});

  const auto line_separator = char_details(0x2028);
  CHECK(line_separator.name == "LINE SEPARATOR");
  CHECK(line_separator.bidi_class == "WS");
}

TEST_CASE("char_details reports ICU's correction alias", "[char_details]") {
  // U+01A2 LATIN CAPITAL LETTER OI is corrected to LATIN CAPITAL LETTER GHA.
  const auto d = char_details(0x01A2);
  CHECK(d.name == "LATIN CAPITAL LETTER OI");
  REQUIRE(d.aliases.size() == 1);
  CHECK(d.aliases[0] == "LATIN CAPITAL LETTER GHA");
}

TEST_CASE("parse_code_label accepts U+XXXX with 4 to 6 hex digits up to U+10FFFF",
          "[char_details]") {
  struct Case {
    const char* text;
    std::optional<char32_t> expected;
  };
  const Case cases[] = {
      {"U+0000", 0},
      {"U+1F431", 0x1F431},
      {"u+1f431", 0x1F431},
      {"U+10FFFF", 0x10FFFF},
      {"U+110000", std::nullopt},
      {"U+FFFFFF", std::nullopt},
      {"U+123", std::nullopt},
      {"U+1234567", std::nullopt},
      {"1F431", std::nullopt},
      {"U+12G4", std::nullopt},
      {"U-1234", std::nullopt},
      {"", std::nullopt},
      {"U+", std::nullopt},
      {"U+D800", 0xD800},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_code_label(c.text) == c.expected);
  }
}

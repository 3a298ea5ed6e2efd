#include "index/tokenize.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace charfinder;

namespace {
std::vector<std::string> strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}
}  // namespace

TEST_CASE("names split on spaces and hyphens, the own-hex suffix is no word", "[tokenize]") {
  struct Case {
    std::string name;
    char32_t code;
    std::vector<std::string> words;
  };
  const std::vector<Case> cases = {
      {"BLACK CHESS KING", 0x265A, {"BLACK", "CHESS", "KING"}},
      {"EURO-CURRENCY SIGN", 0x20A0, {"EURO", "CURRENCY", "SIGN"}},
      {"CJK UNIFIED IDEOGRAPH-4E00", 0x4E00, {"CJK", "UNIFIED", "IDEOGRAPH"}},
      {"TANGUT IDEOGRAPH-17000", 0x17000, {"TANGUT", "IDEOGRAPH"}},
      {"CJK COMPATIBILITY IDEOGRAPH-2F800", 0x2F800, {"CJK", "COMPATIBILITY", "IDEOGRAPH"}},
      // A hex-looking last word that is not the code point's own hex stays a word.
      {"CJK UNIFIED IDEOGRAPH-4E00", 0x4E01, {"CJK", "UNIFIED", "IDEOGRAPH", "4E00"}},
      // Only a hyphen-attached suffix is dropped.
      {"SOMETHING 0041", 0x41, {"SOMETHING", "0041"}},
      {"HANGUL SYLLABLE SUN", 0xC21C, {"HANGUL", "SYLLABLE", "SUN"}},
      {"  DOUBLE  SPACE- -", 0x1, {"DOUBLE", "SPACE"}},
      {"", 0x1, {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name, static_cast<std::uint32_t>(c.code));
    CHECK(strings(tokenize_name(c.name, c.code)) == c.words);
  }
}

TEST_CASE("hex_of writes at least four upper-case digits", "[tokenize]") {
  char buffer[8];
  CHECK(hex_of(0x41, buffer) == "0041");
  CHECK(hex_of(0x4E00, buffer) == "4E00");
  CHECK(hex_of(0x1F431, buffer) == "1F431");
  CHECK(hex_of(0x10FFFF, buffer) == "10FFFF");
  CHECK(hex_of(0, buffer) == "0000");
}

TEST_CASE("folded query text splits at anything but A-Z and 0-9", "[tokenize]") {
  struct Case {
    std::string text;
    std::vector<std::string> words;
  };
  const std::vector<Case> cases = {
      {"CAT", {"CAT"}},
      {"(CAT),", {"CAT"}},
      {"EURO-CURRENCY", {"EURO", "CURRENCY"}},
      {"A1/B2", {"A1", "B2"}},
      {"!!!", {}},
      {"", {}},
      {"X\xE2\x98\x83Y", {"X", "Y"}},  // a non-ASCII character separates too
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(strings(split_folded_words(c.text)) == c.words);
  }
}

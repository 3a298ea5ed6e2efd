#include "index/fold.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace charfinder;

TEST_CASE("fold: NFKD, marks removed, upper-cased", "[fold]") {
  struct Case {
    std::string text;
    std::string folded;
  };
  const std::vector<Case> cases = {
      {"cat", "CAT"},
      {"Café", "CAFE"},
      {"CAFE\xCC\x81", "CAFE"},  // combining acute accent already decomposed
      {"ＣＡＴ", "CAT"},         // full-width
      {"ｆａｃｅ", "FACE"},
      {"ﬁsh", "FISH"},  // U+FB01 LATIN SMALL LIGATURE FI
      {"straße", "STRASSE"},
      {"Ångström", "ANGSTROM"},
      {"①", "1"},  // CIRCLED DIGIT ONE
      {"☃", "☃"},  // no decomposition, no case
      {"", ""},
      {"euro-currency", "EURO-CURRENCY"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(fold(c.text) == c.folded);
  }
}

TEST_CASE("fold survives invalid UTF-8", "[fold]") {
  CHECK(fold("A\xFF"
             "b") ==
        "A\xEF\xBF\xBD"
        "B");
}

TEST_CASE("ASCII letter/digit helpers and code points", "[fold]") {
  CHECK(is_ascii_alnum("CAT1"));
  CHECK_FALSE(is_ascii_alnum(""));
  CHECK_FALSE(is_ascii_alnum("CA T"));
  CHECK(has_ascii_alnum("--a--"));
  CHECK_FALSE(has_ascii_alnum("!!!"));
  CHECK(code_points_of("☃🐱") == std::u32string{U'\u2603', U'\U0001F431'});
  CHECK(code_points_of("a\xFF") == std::u32string{U'a', U'\uFFFD'});
}

#include "index/search.hpp"

#include <unicode/uchar.h>

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "index/icu_names.hpp"
#include "tests/index/test_index.hpp"

using namespace charfinder;
using testing::icu_index;
using testing::matches;
using Codes = std::vector<char32_t>;

namespace {

bool contains(const Codes& codes, char32_t c) {
  return std::binary_search(codes.begin(), codes.end(), c);
}

std::size_t total_of(const std::string& query) {
  auto answer = run_query(icu_index(), query, 0, 0);
  REQUIRE(std::holds_alternative<SearchPage>(answer));
  return std::get<SearchPage>(answer).total;
}

// The words of an ICU name split the plain way, independently of tokenize.hpp.
bool name_has_word(const std::string& name, const std::string& word) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == ' ' || name[i] == '-') {
      if (name.compare(start, i - start, word) == 0 && i - start == word.size()) return true;
      start = i + 1;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("the index knows Unicode 15.0", "[search][icu]") {
  REQUIRE(unicode_version() == "15.0");
  CHECK(matches("registered") == Codes{0x00AE});

  // WHITE/BLACK CHESS ROOK (U+2656, U+265C), then the Unicode 12 chess symbols U+1FA00...
  const Codes rook = matches("rook");
  CHECK(rook.size() == 14);
  REQUIRE_FALSE(rook.empty());
  CHECK(rook.front() == 0x2656);
  CHECK(rook[1] == 0x265C);
  for (std::size_t i = 2; i < rook.size(); ++i) {
    CAPTURE(i);
    CHECK(rook[i] >= 0x1FA00);
    CHECK(rook[i] <= 0x1FA6F);  // Chess Symbols block
  }

  const Codes chess_black = matches("chess black");
  CHECK(chess_black.size() == 33);
  REQUIRE(chess_black.size() >= 6);
  CHECK(Codes(chess_black.begin(), chess_black.begin() + 6) ==
        Codes{0x265A, 0x265B, 0x265C, 0x265D, 0x265E, 0x265F});
  CHECK(matches("black chess") == chess_black);
  CHECK(matches("BLACK Chess") == chess_black);

  const Codes sun = matches("sun");
  CHECK(sun.size() == 17);
  CHECK(contains(sun, 0x2609));   // SUN
  CHECK(contains(sun, 0xC21C));   // HANGUL SYLLABLE SUN (an algorithmic name)
  CHECK(contains(sun, 0x1F31E));  // SUN WITH FACE

  CHECK(matches("cat face").size() == 10);
  CHECK(contains(matches("cat face"), 0x1F431));
}

TEST_CASE("cjk finds every CJK ideograph of every extension, and only names with CJK",
          "[search][icu]") {
  // Independent count: every code point whose ICU name or correction alias has the word
  // CJK, split the plain way. In Unicode 15.0 that is 97,046 CJK UNIFIED IDEOGRAPH-*
  // (URO and extensions A-H), 1,014 CJK COMPATIBILITY IDEOGRAPH-*, 115 CJK RADICAL *, 36
  // CJK STROKE *, and 52 enclosed forms such as SQUARED CJK UNIFIED IDEOGRAPH-4E00: 98,263.
  std::size_t expected = 0;
  std::size_t unified_names = 0;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    const std::string name = unicode_name(c);
    if (name_has_word(name, "CJK") || name_has_word(correction_alias(c), "CJK")) ++expected;
    if (name.rfind("CJK UNIFIED IDEOGRAPH-", 0) == 0) ++unified_names;
  }
  CHECK(unified_names == 97046);
  CHECK(expected == 98263);
  const Codes cjk = matches("cjk");
  CHECK(cjk.size() == expected);
  CHECK(total_of("cjk") == expected);
  CHECK(total_of("CJK") == expected);
  // Every code point with the Unified_Ideograph property is found (all extensions, A to H).
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_UNIFIED_IDEOGRAPH)) {
      CAPTURE(static_cast<std::uint32_t>(c));
      REQUIRE(contains(cjk, c));
    }
  }
  CHECK(contains(cjk, 0x4E00));
  CHECK(contains(cjk, 0x31350));  // CJK Extension H, new in Unicode 15.0
  CHECK(contains(cjk, 0x2FFF0) == false);
}

TEST_CASE("aliases, hyphens and algorithmic hex suffixes", "[search][icu]") {
  CHECK(contains(matches("gha"), 0x01A2));  // correction alias LATIN CAPITAL LETTER GHA
  CHECK(contains(matches("gha"), 0x01A3));
  CHECK(matches("euro-currency") == matches("euro currency"));
  CHECK(matches("euro-currency") == Codes{0x20A0});
  // U+4E01's name ends in its own hex, which is no word ...
  CHECK(matches("4e01").empty());
  CHECK(matches("U+4E01") == Codes{0x4E01});
  // ... while 4E00 is a real word of SQUARED CJK UNIFIED IDEOGRAPH-4E00, not of U+4E00.
  CHECK(matches("4e00") == Codes{0x1F229});
  CHECK(matches("U+4E00") == Codes{0x4E00});
  CHECK(matches("tangut ideograph").size() > 6000);
  CHECK(matches("17000").empty());
}

TEST_CASE("folded words, literal characters, ranges", "[search][icu]") {
  CHECK(matches("Café") == matches("cafe"));
  CHECK(matches("ＣＡＴ ｆａｃｅ") == matches("cat face"));
  CHECK(matches("☃🐱") == Codes{0x2603, 0x1F431});
  CHECK(matches("é") == Codes{0x00E9});
  CHECK(matches("!!!") == Codes{0x21});
  CHECK(matches("☃ snowman") == Codes{0x2603});
  CHECK(matches("☃ cat").empty());

  const Codes sun_block = matches("U+2600..U+26FF sun");
  for (char32_t c : sun_block) CHECK((c >= 0x2600 && c <= 0x26FF));
  CHECK(contains(sun_block, 0x2609));
  CHECK_FALSE(contains(sun_block, 0x1F31E));
  CHECK(sun_block.size() < matches("sun").size());

  CHECK(matches("U+1F431") == Codes{0x1F431});
  CHECK(matches("u+1f431 cat") == Codes{0x1F431});
  CHECK(matches("U+0378") == Codes{0x0378});      // asked for by number: shown
  CHECK(matches("U+0370..U+037F").size() == 14);  // U+0378, 0379 unassigned
  CHECK_FALSE(contains(matches("U+0370..U+037F"), 0x0378));
  CHECK(matches("U+0378 U+0370..U+037F") == Codes{0x0378});  // the asked-for one counts
  CHECK(matches("U+0377..U+0379 U+0378..U+037A").empty());   // overlap is unassigned
  CHECK(matches("U+0370..U+0372 U+0380..U+0390").empty());
  CHECK(matches("U+0041 U+0042").empty());
  CHECK(matches("cjk U+4E00..U+4E0F").size() == 16);
  CHECK(matches("U+4E00..U+4E0F cjk U+4E08..U+9FFF") ==
        Codes{0x4E08, 0x4E09, 0x4E0A, 0x4E0B, 0x4E0C, 0x4E0D, 0x4E0E, 0x4E0F});
  CHECK(matches("U+2600..U+26FF cjk").empty());
  CHECK(matches("U+D800") == Codes{0xD800});
  CHECK(matches("U+D800..U+DFFF").size() == 0x800);  // surrogates are assigned (Cs)
  CHECK(matches("U+0000..U+001F").size() == 32);
  CHECK(matches("U+0000..U+10FFFF").size() > 280000);
  CHECK(matches("U+2600..U+26FF U+2650..U+2660 -U+2654") ==
        Codes{0x2650, 0x2651, 0x2652, 0x2653, 0x2655, 0x2656, 0x2657, 0x2658, 0x2659, 0x265A,
              0x265B, 0x265C, 0x265D, 0x265E, 0x265F, 0x2660});
}

TEST_CASE("phrases need adjacent words in order, prefixes, negation", "[search][icu]") {
  const Codes phrase = matches("\"rightwards black arrow\"");
  const Codes words = matches("rightwards black arrow");
  CHECK(contains(phrase, 0x2B95));  // RIGHTWARDS BLACK ARROW
  for (char32_t c : phrase) {
    CAPTURE(static_cast<std::uint32_t>(c));
    CHECK(unicode_name(c).find("RIGHTWARDS BLACK ARROW") != std::string::npos);
    CHECK(contains(words, c));
  }
  CHECK(phrase.size() < words.size());
  CHECK(contains(words, 0x27A1));  // BLACK RIGHTWARDS ARROW: the words, not the phrase
  CHECK_FALSE(contains(phrase, 0x27A1));
  CHECK(matches("\"black chess\"") == matches("chess black"));
  // A phrase combines with other terms; only its candidates are checked against names.
  CHECK(matches("\"chess king\" black") == Codes{0x265A, 0x1FA0F, 0x1FA39});
  CHECK(matches("king \"black chess\" rotated").size() == 2);  // 90 and 270 degrees
  CHECK(matches("\"chess black\"").empty());  // the words exist, never in this order
  // 97,046 CJK UNIFIED IDEOGRAPH-* plus 52 enclosed ones (SQUARED CJK UNIFIED IDEOGRAPH-4E00).
  CHECK(matches("\"cjk unified ideograph\"").size() == 97046 + 52);
  CHECK(matches("\"cjk unified ideograph\" U+4E00..U+9FFF").size() == 0x9FFF - 0x4E00 + 1);
  CHECK(matches("\"cjk unified ideograph\" -U+3400..U+4DBF").size() ==
        97046 + 52 - (0x4DBF - 0x3400 + 1));  // Extension A excluded

  const Codes arrows = matches("arrow*");
  CHECK(arrows.size() > matches("arrow").size());
  CHECK(contains(arrows, 0x2190));              // LEFTWARDS ARROW
  CHECK(contains(arrows, 0x2B95));              // RIGHTWARDS BLACK ARROW
  CHECK(contains(arrows, 0x2798));              // HEAVY SOUTH EAST ARROW
  CHECK(contains(matches("arrowh*"), 0x27A4));  // ARROWHEAD
  CHECK(matches("zzzq*").empty());

  const Codes no_black = matches("chess -black");
  for (char32_t c : no_black) CHECK(unicode_name(c).find("BLACK") == std::string::npos);
  CHECK(no_black.size() + 33 == matches("chess").size());
  CHECK(matches("chess -bla*") == no_black);
  CHECK(matches("chess -\"black chess\"").size() == matches("chess").size() - 33);
  CHECK(matches("chess -U+2654..U+265F").size() == matches("chess").size() - 12);
  CHECK(matches("chess -♚").size() == matches("chess").size() - 1);
}

TEST_CASE("pagination slices the ascending matches", "[search][icu]") {
  const Codes all = matches("chess black");
  REQUIRE(all.size() == 33);
  struct Case {
    std::size_t offset, limit, first, count;
  };
  const std::vector<Case> cases = {
      {0, 10, 0, 10},  {10, 10, 10, 10},    {30, 10, 30, 3}, {32, 1, 32, 1},
      {33, 10, 33, 0}, {1000, 10, 1000, 0}, {0, 0, 0, 0},    {5, kNoLimit, 5, 28},
  };
  for (const Case& c : cases) {
    CAPTURE(c.offset, c.limit);
    auto answer = run_query(icu_index(), "chess black", c.offset, c.limit);
    REQUIRE(std::holds_alternative<SearchPage>(answer));
    const SearchPage& page = std::get<SearchPage>(answer);
    CHECK(page.total == 33);
    CHECK(page.offset == c.offset);
    REQUIRE(page.code_points.size() == c.count);
    for (std::size_t i = 0; i < c.count; ++i) CHECK(page.code_points[i] == all[c.first + i]);
  }
  // A single-word query is sliced straight from its posting list.
  auto cjk = run_query(icu_index(), "cjk", 98260, 100);
  REQUIRE(std::holds_alternative<SearchPage>(cjk));
  CHECK(std::get<SearchPage>(cjk).total == 98263);
  CHECK(std::get<SearchPage>(cjk).code_points.size() == 3);
}

TEST_CASE("run_query reports parse errors as text", "[search]") {
  auto answer = run_query(icu_index(), "\"oops");
  REQUIRE(std::holds_alternative<std::string>(answer));
  CHECK_THAT(std::get<std::string>(answer), Catch::Matchers::Contains("unterminated quote"));
  CHECK(std::holds_alternative<std::string>(run_query(icu_index(), "")));
  CHECK(std::holds_alternative<std::string>(run_query(icu_index(), "-cat")));
}

TEST_CASE("conjunction is intersection and -term is difference, for every kind of term",
          "[search][icu]") {
  const std::vector<std::string> atoms = {
      "chess", "black",  "arrow*", "\"black arrow\"", "U+2600..U+27FF",  "☃🐱♚",    "cjk",
      "sun",   "U+265A", "le*",    "euro-currency",   "\"cjk unified\"", "ＣＡＴ", "U+0378",
      "gha",
  };
  for (const std::string& a : atoms) {
    const Codes left = matches(a);
    REQUIRE(std::adjacent_find(left.begin(), left.end(),
                               [](char32_t x, char32_t y) { return x >= y; }) == left.end());
    for (const std::string& b : atoms) {
      CAPTURE(a, b);
      const Codes right = matches(b);
      Codes both;
      std::set_intersection(left.begin(), left.end(), right.begin(), right.end(),
                            std::back_inserter(both));
      CHECK(matches(std::string(a).append(" ").append(b)) == both);
      Codes difference;
      std::set_difference(left.begin(), left.end(), right.begin(), right.end(),
                          std::back_inserter(difference));
      CHECK(matches(std::string(a).append(" -").append(b)) == difference);
    }
  }
}

TEST_CASE("one shared index answers many threads at once, without locks", "[search][icu]") {
  const std::vector<std::string> queries = {
      "chess black", "arrow*", "\"black arrow\"", "cjk -unified", "U+2600..U+26FF sun", "ＣＡＴ"};
  std::vector<Codes> expected;
  expected.reserve(queries.size());
  for (const std::string& query : queries) expected.push_back(matches(query));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  threads.reserve(mismatches.size());
  for (int& mismatch : mismatches) {
    threads.emplace_back([&, count = &mismatch] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t q = 0; q < queries.size(); ++q) {
          auto answer = run_query(icu_index(), queries[q]);
          const auto* page = std::get_if<SearchPage>(&answer);
          if (page == nullptr || page->code_points != expected[q]) ++*count;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}

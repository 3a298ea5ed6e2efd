#include "index/name_index.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/index/test_index.hpp"

using namespace charfinder;

namespace {
std::vector<char32_t> list(std::span<const char32_t> span) { return {span.begin(), span.end()}; }
}  // namespace

TEST_CASE("a small index: words, prefixes, aliases, hex suffixes", "[name_index]") {
  const std::vector<NamedChar> rows = {
      {0x00AE, "REGISTERED SIGN"},
      {0x01A2, "LATIN CAPITAL LETTER OI"},
      {0x01A2, "LATIN CAPITAL LETTER GHA"},
      {0x20A0, "EURO-CURRENCY SIGN"},
      {0x2190, "LEFTWARDS ARROW"},
      {0x4E00, "CJK UNIFIED IDEOGRAPH-4E00"},
      {0x4E01, "CJK UNIFIED IDEOGRAPH-4E01"},
      {0x1F229, "SQUARED CJK UNIFIED IDEOGRAPH-4E00"},
  };
  const NameIndex index = NameIndex::build(rows);
  CHECK(list(index.exact("SIGN")) == std::vector<char32_t>{0x00AE, 0x20A0});
  CHECK(list(index.exact("EURO")) == std::vector<char32_t>{0x20A0});
  CHECK(list(index.exact("CURRENCY")) == std::vector<char32_t>{0x20A0});
  CHECK(list(index.exact("LETTER")) == std::vector<char32_t>{0x01A2});  // no duplicate
  CHECK(list(index.exact("GHA")) == std::vector<char32_t>{0x01A2});
  CHECK(list(index.exact("OI")) == std::vector<char32_t>{0x01A2});
  CHECK(list(index.exact("CJK")) == std::vector<char32_t>{0x4E00, 0x4E01, 0x1F229});
  // The own-hex suffix is not a word; the same digits in another name are.
  CHECK(list(index.exact("4E01")).empty());
  CHECK(list(index.exact("4E00")) == std::vector<char32_t>{0x1F229});
  CHECK(index.exact("sign").empty());  // words must be folded by the caller
  CHECK(index.exact("").empty());
  CHECK(index.exact("ZZZZ").empty());

  const auto prefixed = index.prefixed("LE");
  REQUIRE(prefixed.size() == 2);  // LEFTWARDS, LETTER (sorted vocabulary order)
  CHECK(list(prefixed[0]) == std::vector<char32_t>{0x2190});
  CHECK(list(prefixed[1]) == std::vector<char32_t>{0x01A2});
  CHECK(index.prefixed("ZZ").empty());

  const IndexFacts facts = index.facts();
  CHECK(facts.named_chars == rows.size() - 1);         // 0x01A2 twice
  CHECK(facts.postings == 2 + 5 + 3 + 2 + 3 + 3 + 5);  // GHA adds one word to U+01A2
  CHECK(facts.words == 16);
  CHECK(facts.memory_bytes > 0);
}

TEST_CASE("a further name source adds postings to ICU's", "[name_index][icu]") {
  const std::vector<NamedChar> keywords = {
      {0x1F431, "KITTY FELINE"}, {0x0041, "ALPHA FELINE"},  // out of order on purpose
  };
  const NameIndex index = NameIndex::build_from_icu(keywords);
  CHECK(list(index.exact("FELINE")) == std::vector<char32_t>{0x0041, 0x1F431});
  CHECK(list(index.exact("KITTY")) == std::vector<char32_t>{0x1F431});
  // ALPHA is also a word of many Greek names; the list stays ascending and unique.
  const std::vector<char32_t> alpha = list(index.exact("ALPHA"));
  CHECK(alpha.front() == 0x0041);
  CHECK(std::adjacent_find(alpha.begin(), alpha.end(),
                           [](char32_t x, char32_t y) { return x >= y; }) == alpha.end());
  CHECK(list(testing::icu_index().exact("ALPHA")).size() + 1 == alpha.size());
  CHECK(index.facts().named_chars == testing::icu_index().facts().named_chars);
}

TEST_CASE("an empty index answers nothing", "[name_index]") {
  const NameIndex index = NameIndex::build({});
  CHECK(index.exact("A").empty());
  CHECK(index.prefixed("A").empty());
  CHECK(index.facts().words == 0);
}

TEST_CASE("the ICU index agrees with read_icu_names()", "[name_index][icu]") {
  const NameIndex& icu = testing::icu_index();
  const std::vector<NamedChar> rows = read_icu_names();
  REQUIRE(std::is_sorted(rows.begin(), rows.end(),
                         [](const NamedChar& a, const NamedChar& b) { return a.code < b.code; }));
  const NameIndex from_rows = NameIndex::build(rows);
  const IndexFacts a = icu.facts();
  const IndexFacts b = from_rows.facts();
  CHECK(a.words == b.words);
  CHECK(a.postings == b.postings);
  CHECK(a.named_chars == b.named_chars);
  for (const char* word : {"CJK", "SIGN", "LATIN", "GHA", "CHESS", "HANGUL", "TANGUT"}) {
    CAPTURE(word);
    CHECK(list(icu.exact(word)) == list(from_rows.exact(word)));
  }
  // Correction aliases are rows too.
  CHECK(std::any_of(rows.begin(), rows.end(), [](const NamedChar& row) {
    return row.code == 0x01A2 && row.name == "LATIN CAPITAL LETTER GHA";
  }));
}

TEST_CASE("every posting list of the ICU index is strictly ascending", "[name_index][icu]") {
  const NameIndex& index = testing::icu_index();
  std::size_t postings = 0;
  for (const auto& span : index.prefixed("")) {
    REQUIRE_FALSE(span.empty());
    REQUIRE(std::adjacent_find(span.begin(), span.end(),
                               [](char32_t x, char32_t y) { return x >= y; }) == span.end());
    postings += span.size();
  }
  CHECK(postings == index.facts().postings);
  CHECK(index.prefixed("").size() == index.facts().words);
}

TEST_CASE("ICU names, aliases, extended names and versions", "[icu_names]") {
  CHECK(unicode_name(0x265A) == "BLACK CHESS KING");
  CHECK(unicode_name(0x1B) == "");
  CHECK(correction_alias(0x01A2) == "LATIN CAPITAL LETTER GHA");
  CHECK(correction_alias(0x41) == "");
  CHECK(display_name(0x1B) == "<control-001B>");
  CHECK(display_name(0xD800) == "<lead surrogate-D800>");
  CHECK(display_name(0xE000) == "<private use area-E000>");
  CHECK(display_name(0x0378) == "<unassigned-0378>");
  CHECK(display_name(0x4E00) == "CJK UNIFIED IDEOGRAPH-4E00");
  CHECK(display_name(0x110000) == "");
  CHECK(unicode_version() == "15.0");
  CHECK(icu_version().rfind("72.", 0) == 0);
}

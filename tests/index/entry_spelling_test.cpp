// "Did you mean" and completion over the multi-source index (the real embedded table):
// the cases, scope (sources, lang:, scope:names), lang: codes, letters read as
// literals, and that every suggestion's total is the search's own count.
#include "index/entry_spelling.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/index/test_entry_index.hpp"

using namespace charfinder;

namespace {

const CharacterIndex& index() { return testing::entry_index(); }

const EntrySpelling& spelling() {
  static const EntrySpelling s(index());
  return s;
}

Query parsed(const std::string& text) {
  ParsedQuery result = parse_query(text);
  if (!result.query) throw std::runtime_error("'" + text + "': " + result.error);
  return *result.query;
}

std::vector<Suggestion> suggest(const std::string& text, const SearchScope& scope = {}) {
  return spelling().suggest(parsed(text), scope);
}

std::size_t total_of(const std::string& text, const SearchScope& scope = {}) {
  auto answer = index().run(text, scope, 0, 0);
  if (auto* error = std::get_if<std::string>(&answer)) FAIL("query '" << text << "': " << *error);
  return std::get<EntryPage>(answer).total;
}

std::vector<std::string> completion_queries(const std::string& text,
                                            const SearchScope& scope = {}) {
  std::vector<std::string> out;
  for (const Completion& c : spelling().complete(parsed(text), scope)) out.push_back(c.query);
  return out;
}

}  // namespace

TEST_CASE("entry spelling: the issue's suggestions with every source", "[entry_spelling]") {
  const auto chess = suggest("chess blak");
  REQUIRE_FALSE(chess.empty());
  CHECK(chess[0].query == "chess black");
  CHECK(chess[0].total == total_of("chess black"));

  const auto squared = suggest("sqaured latin capital letter t");
  REQUIRE_FALSE(squared.empty());
  CHECK(squared[0].query == "squared latin capital letter t");
  CHECK(squared[0].total > 0);

  const auto castle = suggest("cstle");
  REQUIRE_FALSE(castle.empty());
  CHECK(castle[0].query == "castle");

  CHECK(suggest("xyzzyq").empty());
  CHECK(suggest("chess black").empty());  // every word known: nothing to suggest
}

TEST_CASE("entry spelling: every suggestion's total is the search's count", "[entry_spelling]") {
  for (const std::string q : {"chess blak", "cstle", "lightnig", "flag frnace", "cat fcae"}) {
    CAPTURE(q);
    for (const Suggestion& s : suggest(q)) {
      CAPTURE(s.query);
      CHECK(s.total == total_of(s.query));
      CHECK(s.total > 0);
    }
  }
}

TEST_CASE("entry spelling: the vocabulary is every source's", "[entry_spelling]") {
  // POOP is no formal-name word (PILE OF POO): it comes from CLDR's English keywords.
  const auto poop = suggest("pooop");
  REQUIRE_FALSE(poop.empty());
  CHECK(poop[0].query == "poop");
  // Only the names: the other sources' words are out of scope.
  SearchScope names;
  names.sources = source_bit(Source::kNames);
  for (const Suggestion& s : suggest("pooop", names)) CHECK(s.query != "poop");
  // scope:names restricts the vocabulary the same way.
  for (const Suggestion& s : suggest("scope:names pooop")) CHECK(s.query != "scope:names poop");
}

TEST_CASE("entry spelling: languages in scope", "[entry_spelling]") {
  // KATZE is German: no suggestion in English, one with lang:de.
  const auto katze = suggest("lang:de katz");
  REQUIRE_FALSE(katze.empty());
  CHECK(katze[0].query.starts_with("lang:de "));
  const std::vector<std::string> de{"de"};
  SearchScope german;
  german.languages = de;  // a view: `de` outlives it
  const auto by_default = suggest("katzee", german);
  REQUIRE_FALSE(by_default.empty());
  CHECK(by_default[0].query == "katze");
}

TEST_CASE("entry spelling: a misspelt lang: code is corrected", "[entry_spelling]") {
  const auto dx = suggest("lang:dx katze");
  REQUIRE_FALSE(dx.empty());
  CHECK(dx[0].query == "lang:de katze");
  CHECK(dx[0].total == total_of("lang:de katze"));
  CHECK(suggest("lang:qqqqqq katze").empty());
}

TEST_CASE("entry spelling: letters read as literals are corrected as words", "[entry_spelling]") {
  // With Russian in scope КОШКА is a word; КОШКК is not, so rule 2 reads it as letters.
  const auto cat = suggest("lang:ru кошкк");
  REQUIRE_FALSE(cat.empty());
  CHECK(cat[0].query == "lang:ru кошка");
  CHECK(cat[0].total == total_of("lang:ru кошка"));
  // Symbols stand for characters: never corrected.
  CHECK(suggest("\xE2\x98\x83\xF0\x9F\x90\xB1").empty());
}

TEST_CASE("entry spelling: a negated typo is corrected only when it excludes something",
          "[entry_spelling]") {
  const auto s = suggest("chess -blak");
  REQUIRE_FALSE(s.empty());
  CHECK(s[0].query == "chess -black");
  for (const Suggestion& each : s) CHECK(each.total < total_of("chess -blak"));
}

TEST_CASE("entry spelling: completion", "[entry_spelling]") {
  const auto ches = completion_queries("ches");
  CHECK(std::find(ches.begin(), ches.end(), "chess") != ches.end());
  CHECK(ches.size() <= kMaxCompletions);
  const auto chess_bl = completion_queries("chess bl");
  REQUIRE_FALSE(chess_bl.empty());
  CHECK(chess_bl[0] == "chess black");
  for (const Completion& c : spelling().complete(parsed("ches"), {})) {
    CAPTURE(c.query);
    CHECK(c.total == total_of(c.query));
  }
  // Russian words complete with Russian in scope.
  const auto kosh = completion_queries("lang:ru кош");
  CHECK(std::find(kosh.begin(), kosh.end(), "lang:ru кошка") != kosh.end());
  CHECK(completion_queries("\xE2\x98\x83").empty());
}

TEST_CASE("entry spelling: memory of the structures", "[entry_spelling]") {
  INFO(spelling().words() << " words, " << spelling().memory_bytes() << " bytes");
  CHECK(spelling().memory_bytes() < std::size_t{8} * 1024 * 1024);
}

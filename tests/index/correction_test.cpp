#include "index/correction.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/index/test_index.hpp"

namespace charfinder {
namespace {

Query parsed(const std::string& text) {
  ParsedQuery result = parse_query(text);
  if (!result.query) throw std::runtime_error("'" + text + "': " + result.error);
  return *result.query;
}

bool same_terms(const Query& a, const Query& b) {
  if (a.terms.size() != b.terms.size()) return false;
  for (std::size_t i = 0; i < a.terms.size(); ++i) {
    const Term& x = a.terms[i];
    const Term& y = b.terms[i];
    if (x.kind != y.kind || x.negated != y.negated || x.words != y.words || x.first != y.first ||
        x.last != y.last || x.code_points != y.code_points)
      return false;
  }
  return true;
}

// A toy index: each entry is a sequence of words; word and phrase terms as in DESIGN.md.
class ToyOracle final : public CorrectionOracle {
 public:
  explicit ToyOracle(std::vector<std::vector<std::string>> entries) : entries_(std::move(entries)) {
    std::vector<std::string> words;
    for (const auto& entry : entries_) words.insert(words.end(), entry.begin(), entry.end());
    owned_ = std::make_unique<OwnedWords>(words);
    spelling_ = std::make_unique<SpellingIndex>(owned_->view());
  }
  const SpellingIndex& spelling() const { return *spelling_; }

  std::size_t entries_with(std::string_view word) const override {
    ++word_calls;
    return static_cast<std::size_t>(std::count_if(
        entries_.begin(), entries_.end(),
        [&](const auto& e) { return std::find(e.begin(), e.end(), word) != e.end(); }));
  }
  bool has_prefix(std::string_view prefix) const override {
    for (const auto& e : entries_)
      for (const auto& w : e)
        if (w.starts_with(prefix)) return true;
    return false;
  }
  std::size_t count(const Query& query) const override {
    ++count_calls;
    return static_cast<std::size_t>(
        std::count_if(entries_.begin(), entries_.end(), [&](const auto& e) {
          for (const Term& term : query.terms)
            if (matches(e, term) == term.negated) return false;
          return true;
        }));
  }
  mutable std::size_t count_calls = 0;
  mutable std::size_t word_calls = 0;

 private:
  static bool has(const std::vector<std::string>& e, const std::string& w) {
    return std::find(e.begin(), e.end(), w) != e.end();
  }
  static bool matches(const std::vector<std::string>& e, const Term& term) {
    switch (term.kind) {
      case Term::Kind::kWord:
        return std::all_of(term.words.begin(), term.words.end(),
                           [&](auto& w) { return has(e, w); });
      case Term::Kind::kPrefix:
        return std::all_of(term.words.begin(), term.words.end() - 1,
                           [&](auto& w) { return has(e, w); }) &&
               std::any_of(e.begin(), e.end(),
                           [&](auto& w) { return w.starts_with(term.words.back()); });
      case Term::Kind::kPhrase:
        return std::search(e.begin(), e.end(), term.words.begin(), term.words.end()) != e.end();
      default:
        return false;
    }
  }
  std::vector<std::vector<std::string>> entries_;
  std::unique_ptr<OwnedWords> owned_;
  std::unique_ptr<SpellingIndex> spelling_;
};

ToyOracle chess_oracle() {
  return ToyOracle({{"BLACK", "CHESS", "KING"},
                    {"BLACK", "CHESS", "QUEEN"},
                    {"BLEAK", "CHESS"},
                    {"BLANK"},
                    {"WHITE", "CHESS", "KING"},
                    {"BLANKS", "A"},
                    {"BLANKS", "B"},
                    {"BLANKS", "C"},
                    {"BLANKS", "D"},
                    {"BLANKS", "E"}});
}

std::vector<Suggestion> suggest(const ToyOracle& oracle, const std::string& text) {
  return suggest_corrections(parsed(text), oracle.spelling(), oracle);
}

TEST_CASE("query_text() renders a query that parses back to it", "[index][correction]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"chess black", "chess black"},
      {"Chess   BLACK", "chess black"},
      {"Café", "cafe"},
      {"ＣＡＴ face", "cat face"},
      {"euro-currency", "euro-currency"},
      {"arrow*", "arrow*"},
      {"euro-curr*", "euro-curr*"},
      {"\"Rightwards black  arrow\"", "\"rightwards black arrow\""},
      {"\"cat\"", "cat"},
      {"arrow -black", "arrow -black"},
      {"-\"black arrow\" arrow", "-\"black arrow\" arrow"},
      {"u+2600..U+26ff sun", "U+2600..U+26FF sun"},
      {"U+1F431", "U+1F431"},
      {"☃🐱", "☃🐱"},
      {"-", "-"},
      {"☃*", "☃*"},
      {"(cat),", "cat"},
  };
  for (const auto& [typed, rendered] : cases) {
    CAPTURE(typed);
    const Query query = parsed(typed);
    CHECK(query_text(query) == rendered);
    CHECK(same_terms(parsed(query_text(query)), query));
  }
}

TEST_CASE("suggestions rank by distance, then by matches", "[index][correction]") {
  const ToyOracle oracle = chess_oracle();
  // BLAK: BLACK (2 with chess), BLEAK (1), BLANK (none with chess: left out).
  CHECK(suggest(oracle, "chess blak") ==
        std::vector<Suggestion>{{"chess black", 2, 1}, {"chess bleak", 1, 1}});
  CHECK(suggest(oracle, "blak") ==
        std::vector<Suggestion>{{"black", 2, 1}, {"blank", 1, 1}, {"bleak", 1, 1}});
  // BLACKK: BLACK at distance 1 comes before BLANKS at 2, though BLANKS has more matches.
  CHECK(suggest(oracle, "blackk") ==
        std::vector<Suggestion>{{"black", 2, 1}, {"blanks", 5, 2}, {"blank", 1, 2}});
  // Two misspelt words: distances add up.
  CHECK(suggest(oracle, "whte kng") == std::vector<Suggestion>{{"white king", 1, 2}});
}

TEST_CASE("phrases, prefixes and negated terms are corrected word by word", "[index][correction]") {
  const ToyOracle oracle = chess_oracle();
  CHECK(suggest(oracle, "\"blak chess\"") ==
        std::vector<Suggestion>{{"\"black chess\"", 2, 1}, {"\"bleak chess\"", 1, 1}});
  // BLAK*: the candidate prefixes are BLACK, BLANK (BLANKS extends it, so BLANK stands for
  // both) and BLEAK, not BLA or BLAC.
  CHECK(suggest(oracle, "chess blak*") ==
        std::vector<Suggestion>{{"chess black*", 2, 1}, {"chess bleak*", 1, 1}});
  CHECK(suggest(oracle, "blak*") ==
        std::vector<Suggestion>{{"blank*", 6, 1}, {"black*", 2, 1}, {"bleak*", 1, 1}});
  // A word that exists stays, even when misspelt words around it change.
  CHECK(suggest(oracle, "chess -qeen") == std::vector<Suggestion>{{"chess -queen", 3, 1}});
  CHECK(suggest(oracle, "euro-chss") == std::vector<Suggestion>{});  // EURO has no candidate
  CHECK(suggest(oracle, "king-chss") == std::vector<Suggestion>{{"king-chess", 2, 1}});
}

TEST_CASE("no suggestion when nothing needs or allows correcting", "[index][correction]") {
  const ToyOracle oracle = chess_oracle();
  CHECK(suggest(oracle, "chess black").empty());   // every word known
  CHECK(suggest(oracle, "queen white").empty());   // known words, though no match
  CHECK(suggest(oracle, "chess xyzzyq").empty());  // no candidate
  CHECK(suggest(oracle, "U+2654 ☃").empty());
  CHECK(oracle.count_calls == 0);
}

TEST_CASE("pathological queries stay within the caps", "[index][correction]") {
  // Many words one edit apart, so every misspelt word has many candidates.
  std::vector<std::vector<std::string>> entries;
  for (char a = 'A'; a <= 'Z'; ++a)
    for (char b = 'A'; b <= 'Z'; ++b) entries.push_back({std::string{'Q', a, b}, "X"});
  const ToyOracle oracle(entries);
  // QA1 ... QF6: unknown, each with 26 candidates (QAA ... QAZ), no combination matching.
  std::string six;
  for (int i = 0; i < 6; ++i)
    six += std::string{'Q', static_cast<char>('A' + i), static_cast<char>('1' + i), ' '};
  CHECK(suggest(oracle, six).empty());
  CHECK(oracle.count_calls <= kMaxCountCalls);
  CHECK(oracle.word_calls <= 6 * (kMaxCandidatesExamined + 1));
  // Seven unknown words: no suggestion, nothing counted.
  oracle.count_calls = 0;
  CHECK(suggest(oracle, six + "QG7").empty());
  CHECK(oracle.count_calls == 0);
  // Over-long words get no candidates.
  CHECK(suggest(oracle, std::string(kMaxSpellingCodePoints + 1, 'Q')).empty());
  // 32 terms of long words, as much as the parser allows.
  std::string longest;
  for (std::size_t i = 0; i < kMaxQueryTerms; ++i) longest += std::string(30, 'Q') + " ";
  CHECK(suggest(oracle, longest).empty());
}

TEST_CASE("completion ranks by the matches kept with the rest", "[index][correction]") {
  const ToyOracle oracle = chess_oracle();
  auto words_of = [](const std::vector<Completion>& completions) {
    std::vector<std::string> out;
    out.reserve(completions.size());
    for (const Completion& c : completions) out.push_back(c.word + " " + std::to_string(c.total));
    return out;
  };
  // Alone: by entries with the word.
  CHECK(words_of(complete_last_word(parsed("bl"), oracle.spelling(), oracle)) ==
        std::vector<std::string>{"BLANKS 5", "BLACK 2", "BLANK 1", "BLEAK 1"});
  // With the rest of the query: by what is left, none-left words dropped.
  const auto with_chess = complete_last_word(parsed("chess bl"), oracle.spelling(), oracle);
  CHECK(words_of(with_chess) == std::vector<std::string>{"BLACK 2", "BLEAK 1"});
  CHECK(with_chess[0].query == "chess black");
  CHECK(complete_last_word(parsed("king-ch*"), oracle.spelling(), oracle)[0].query == "king-chess");
  CHECK(words_of(complete_last_word(parsed("bl"), oracle.spelling(), oracle, 2)) ==
        std::vector<std::string>{"BLANKS 5", "BLACK 2"});
  CHECK(complete_last_word(parsed("zz"), oracle.spelling(), oracle).empty());
  CHECK(complete_last_word(parsed("bl U+2654"), oracle.spelling(), oracle).empty());
}

// Today's formal-name index, as the front ends will use it.
const SpellingIndex& icu_spelling() {
  static const SpellingIndex spelling = spelling_index_of(testing::icu_index());
  return spelling;
}

std::vector<Suggestion> icu_suggest(const std::string& text) {
  const NameIndexOracle oracle(testing::icu_index());
  return suggest_corrections(parsed(text), icu_spelling(), oracle);
}

TEST_CASE("suggestions on the formal-name index", "[index][correction][icu]") {
  const std::vector<Suggestion> chess = icu_suggest("chess blak");
  REQUIRE(!chess.empty());
  CHECK(chess[0] == Suggestion{"chess black", 33, 1});
  CHECK(chess.size() <= kMaxSuggestions);

  const std::vector<Suggestion> castle = icu_suggest("cstle");
  REQUIRE(!castle.empty());
  CHECK(castle[0].query == "castle");

  CHECK(icu_suggest("xyzzyq").empty());

  const std::vector<Suggestion> squared = icu_suggest("sqaured latin capital letter t");
  REQUIRE(!squared.empty());
  CHECK(squared[0].query == "squared latin capital letter t");
  CHECK(squared[0].total > 0);
  CHECK(squared[0].total == testing::matches("squared latin capital letter t").size());

  CHECK(icu_suggest("chess black").empty());
  for (const Suggestion& s : icu_suggest("blak arow")) {
    CAPTURE(s.query);
    CHECK(s.total == testing::matches(s.query).size());
  }
}

TEST_CASE("completion on the formal-name index", "[index][correction][icu]") {
  const NameIndexOracle oracle(testing::icu_index());
  const std::vector<Completion> ches = complete_last_word(parsed("ches"), icu_spelling(), oracle);
  REQUIRE(!ches.empty());
  CHECK(ches.size() <= kMaxCompletions);
  CHECK(
      std::any_of(ches.begin(), ches.end(), [](const Completion& c) { return c.word == "CHESS"; }));
  for (const Completion& c : ches) CHECK(c.total == testing::matches(c.query).size());

  const std::vector<Completion> black =
      complete_last_word(parsed("chess bl"), icu_spelling(), oracle);
  REQUIRE(!black.empty());
  CHECK(black[0].query == "chess black");
  CHECK(black[0].total == 33);
}

}  // namespace
}  // namespace charfinder

TEST_CASE("query_text writes lang: and scope:names first", "[correction]") {
  using charfinder::parse_query;
  using charfinder::query_text;
  for (const std::string text : {"lang:de katze", "lang:de,fr_ca cat", "scope:names sun",
                                 "lang:all scope:names -black arrow*"}) {
    CAPTURE(text);
    const auto once = parse_query(text);
    REQUIRE(once.query);
    const std::string written = query_text(*once.query);
    const auto again = parse_query(written);
    REQUIRE(again.query);
    CHECK(again.query->languages == once.query->languages);
    CHECK(again.query->scope_names == once.query->scope_names);
    CHECK(query_text(*again.query) == written);
  }
  CHECK(query_text(*parse_query("katze lang:de").query) == "lang:de katze");
}

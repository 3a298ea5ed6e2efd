#include "index/query.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace charfinder;
using Kind = Term::Kind;

namespace {

// A compact picture of a term for table comparisons: "-word:EURO,CURRENCY",
// "prefix:ARROW", "phrase:BLACK,ARROW", "range:2600..26FF", "literal:2603,1F431".
std::string show(const Term& term) {
  std::string out = term.negated ? "-" : "";
  auto hex = [](char32_t c) {
    char buffer[16];
    (void)std::snprintf(buffer, sizeof buffer, "%X", static_cast<unsigned>(c));  // <= 8 digits
    return std::string(buffer);
  };
  auto join = [](const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words) s += (s.empty() ? "" : ",") + w;
    return s;
  };
  switch (term.kind) {
    case Kind::kWord:
      return out + "word:" + join(term.words);
    case Kind::kPrefix:
      return out + "prefix:" + join(term.words);
    case Kind::kPhrase:
      return out + "phrase:" + join(term.words);
    case Kind::kRange:
      return out + "range:" + hex(term.first) + ".." + hex(term.last);
    case Kind::kLiteral: {
      std::string s;
      for (char32_t c : term.code_points) s += (s.empty() ? "" : ",") + hex(c);
      return out + "literal:" + s;
    }
  }
  return "?";
}

std::vector<std::string> terms_of(const std::string& text) {
  ParsedQuery parsed = parse_query(text);
  INFO("error: " << parsed.error);
  REQUIRE(parsed.query.has_value());
  REQUIRE(parsed.error.empty());
  std::vector<std::string> out;
  for (const Term& term : parsed.query->terms) out.push_back(show(term));
  return out;
}

}  // namespace

TEST_CASE("every query form parses into its term", "[query]") {
  struct Case {
    std::string text;
    std::vector<std::string> terms;
  };
  const std::vector<Case> cases = {
      {"chess", {"word:CHESS"}},
      {"Chess BLACK", {"word:CHESS", "word:BLACK"}},
      {"  chess\t black  ", {"word:CHESS", "word:BLACK"}},
      {"chess\xE3\x80\x80"
       "black",
       {"word:CHESS", "word:BLACK"}},  // U+3000 IDEOGRAPHIC SPACE
      {"arrow*", {"prefix:ARROW"}},
      {"arrow**", {"prefix:ARROW"}},
      {"euro-curr*", {"prefix:EURO,CURR"}},
      {"arrow -black", {"word:ARROW", "-word:BLACK"}},
      {"arrow -arr*", {"word:ARROW", "-prefix:ARR"}},
      {"\"rightwards black arrow\"", {"phrase:RIGHTWARDS,BLACK,ARROW"}},
      {"-\"black arrow\" arrow", {"-phrase:BLACK,ARROW", "word:ARROW"}},
      {"\"cat\"", {"word:CAT"}},
      {"cat\"black arrow\"", {"word:CAT", "phrase:BLACK,ARROW"}},
      {"\"euro-currency sign\"", {"phrase:EURO,CURRENCY,SIGN"}},
      {"U+1F431", {"range:1F431..1F431"}},
      {"u+1f431", {"range:1F431..1F431"}},
      {"U+0041", {"range:41..41"}},
      {"U+10FFFF", {"range:10FFFF..10FFFF"}},
      {"U+2600..U+26FF sun", {"range:2600..26FF", "word:SUN"}},
      {"u+2600..u+26ff", {"range:2600..26FF"}},
      {"-U+2654 chess", {"-range:2654..2654", "word:CHESS"}},
      {"U+D800", {"range:D800..D800"}},
      {"☃", {"literal:2603"}},
      {"é", {"literal:E9"}},
      {"🐱", {"literal:1F431"}},
      {"☃🐱", {"literal:2603,1F431"}},
      {"ａ", {"literal:FF41"}},  // rule 3: a single code point, even if it folds to A
      {"ＣＡＴ", {"word:CAT"}},  // rule 2
      {"ＣＡＴ ｆａｃｅ", {"word:CAT", "word:FACE"}},
      {"Café", {"word:CAFE"}},  // rule 1: has ASCII letters
      {"ﬁ", {"literal:FB01"}},  // one code point: literal, though it folds to FI
      {"ﬁﬁ", {"word:FIFI"}},    // rule 2
      {"☃☃x", {"word:X"}},      // rule 1 wins; the snowmen are punctuation
      {"(cat),", {"word:CAT"}},
      {"euro-currency", {"word:EURO,CURRENCY"}},
      {"-euro-currency cat", {"-word:EURO,CURRENCY", "word:CAT"}},
      {"!!!", {"literal:21,21,21"}},
      {"*", {"literal:2A"}},  // `*` alone: the ASTERISK itself
      {"-", {"literal:2D"}},  // `-` alone: the HYPHEN-MINUS itself
      {"- cat", {"literal:2D", "word:CAT"}},
      {"-- cat", {"-literal:2D", "word:CAT"}},
      {"☃*", {"literal:2603,2A"}},
      {"4E00", {"word:4E00"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(terms_of(c.text) == c.terms);
  }
}

TEST_CASE("bad queries give one clear line", "[query]") {
  struct Case {
    std::string text;
    std::string error_contains;
  };
  const std::vector<Case> cases = {
      {"", "empty query"},
      {"   \t ", "empty query"},
      {"-black", "only negative terms"},
      {"-black -white", "only negative terms"},
      {"-U+2600", "only negative terms"},
      {std::string(1025, 'a'), "query too long: 1025 bytes"},
      {"U+12G4", "malformed code point or range 'U+12G4'"},
      {"U+123", "malformed code point or range 'U+123'"},
      {"U+1234567", "malformed code point or range 'U+1234567'"},
      {"U+", "malformed code point or range 'U+'"},
      {"U+2600..", "malformed code point or range 'U+2600..'"},
      {"U+2600..26FF", "malformed code point or range 'U+2600..26FF'"},
      {"U+2600...U+26FF", "malformed code point or range"},
      {"U+26FF..U+2600", "reversed range 'U+26FF..U+2600'"},
      {"U+110000", "code point U+110000 in 'U+110000' is beyond U+10FFFF"},
      {"U+0000..U+110000", "beyond U+10FFFF"},
      {"\"black arrow", "unterminated quote in '\"black arrow'"},
      {"cat \"", "unterminated quote"},
      {"\"\"", "empty quoted phrase"},
      {"\"  \" cat", "empty quoted phrase"},
      {"\"☃\"", "quoted phrase '☃' has no words"},
      {"U+1\x1b", "malformed code point or range 'U+1\\x1b'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    ParsedQuery parsed = parse_query(c.text);
    CHECK_FALSE(parsed.query.has_value());
    CHECK_THAT(parsed.error, Catch::Matchers::Contains(c.error_contains));
    CHECK(parsed.error.find('\n') == std::string::npos);
  }
}

TEST_CASE("term and size limits are exact", "[query]") {
  std::string thirty_two;
  for (int i = 0; i < 32; ++i) thirty_two += "a ";
  CHECK(parse_query(thirty_two).query.has_value());
  CHECK_THAT(parse_query(thirty_two + "b").error,
             Catch::Matchers::Contains("too many terms: 33 (at most 32)"));
  // A quoted phrase is one term however many words it has.
  CHECK(parse_query("\"" + thirty_two + "\" b").query.has_value());
  CHECK(parse_query(std::string(1024, 'a')).query.has_value());
  CHECK_FALSE(parse_query(std::string(1025, ' ')).query.has_value());
}

TEST_CASE("the parser never throws on arbitrary bytes", "[query]") {
  // Every two-byte combination of a few interesting bytes, plus invalid UTF-8.
  const std::string alphabet = std::string("aZ9 -*\"U+.\t\xE2\x98\x83\xFF\x80") + '\0';
  for (char a : alphabet) {
    for (char b : alphabet) {
      for (char c : alphabet) {
        const std::string text{a, b, c};
        CAPTURE(text);
        ParsedQuery parsed = parse_query(text);
        CHECK(parsed.query.has_value() != !parsed.error.empty());
      }
    }
  }
}

// The parsers of sources/parsers.hpp on small fixture files (tests/sources/fixtures/), each
// with malformed lines: good rows are kept, every bad line is one problem naming FILE:LINE.
#include "sources/parsers.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

using namespace charfinder::sources;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(CHARFINDER_SOURCE_DIR) + "/tests/sources/fixtures/" + name,
                   std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has_problem(const std::vector<std::string>& problems, const std::string& start) {
  for (const std::string& p : problems)
    if (p.starts_with(start)) return true;
  return false;
}

// Exactly as many problems as `starts`, and one beginning with each.
void check_problems(const std::vector<std::string>& problems,
                    const std::vector<std::string>& starts) {
  REQUIRE(problems.size() == starts.size());
  for (const std::string& start : starts) {
    CAPTURE(start);
    CHECK(has_problem(problems, start));
  }
}

}  // namespace

TEST_CASE("NameAliases.txt: every alias type, malformed lines are problems", "[sources]") {
  const auto parsed = parse_name_aliases(fixture("NameAliases.txt"), "NameAliases.txt");
  REQUIRE(parsed.rows.size() == 4);
  CHECK(parsed.rows[0].code == 0x0000);
  CHECK(parsed.rows[0].alias == "NULL");
  CHECK(parsed.rows[0].type == "control");
  CHECK(parsed.rows[2].alias == "NBSP");
  CHECK(parsed.rows[3].type == "correction");
  check_problems(parsed.problems, {"NameAliases.txt:7: expected 3 fields",
                                   "NameAliases.txt:8: malformed code point 'ZZZZ'",
                                   "NameAliases.txt:9: unknown alias type 'nickname'"});
}

TEST_CASE("NamedSequences.txt: sequences of two or more code points", "[sources]") {
  const auto parsed = parse_named_sequences(fixture("NamedSequences.txt"), "NamedSequences.txt");
  REQUIRE(parsed.rows.size() == 2);
  CHECK(parsed.rows[0].name == "KEYCAP NUMBER SIGN");
  CHECK(parsed.rows[0].code_points == U"\u0023\uFE0F\u20E3");
  CHECK(parsed.rows[1].code_points == U"\u0B95\u0BCD\u0BB7");
  check_problems(parsed.problems,
                 {"NamedSequences.txt:4:", "NamedSequences.txt:5:", "NamedSequences.txt:6:"});
}

TEST_CASE("NamesList.txt: = * x lines under their character, block notes skipped", "[sources]") {
  const auto parsed = parse_names_list(fixture("NamesList.txt"), "NamesList.txt");
  REQUIRE(parsed.rows.size() == 5);
  CHECK(parsed.rows[0].code == 0x000A);
  CHECK(parsed.rows[0].kind == '=');
  CHECK(parsed.rows[0].text == "LINE FEED (LF)");
  CHECK(parsed.rows[1].kind == '*');
  CHECK(parsed.rows[2].code == 0x26A1);
  CHECK(parsed.rows[2].text == "lightning symbol");
  CHECK(parsed.rows[3].kind == 'x');
  CHECK(parsed.rows[3].text == "2607");
  CHECK(parsed.rows[4].text == "2608");
  check_problems(parsed.problems,
                 {"NamesList.txt:14: malformed cross-reference", "NamesList.txt:15: empty '=' line",
                  "NamesList.txt:16: expected a character entry"});
}

TEST_CASE("UnicodeData.txt: field 10 where it is not empty", "[sources]") {
  const auto parsed = parse_unicode1_names(fixture("UnicodeData.txt"), "UnicodeData.txt");
  REQUIRE(parsed.rows.size() == 1);
  CHECK(parsed.rows[0].code == 0x002F);
  CHECK(parsed.rows[0].name == "SLASH");
  check_problems(parsed.problems, {"UnicodeData.txt:3: expected 15 fields",
                                   "UnicodeData.txt:4: malformed code point 'XYZ'"});
}

TEST_CASE("emoji-test.txt: fully-qualified only, X FE0F is X", "[sources]") {
  const auto parsed = parse_emoji_test(fixture("emoji-test.txt"), "emoji-test.txt");
  REQUIRE(parsed.rows.size() == 4);
  CHECK(parsed.rows[0].code_points == U"\U0001F431");
  CHECK(parsed.rows[0].name == "cat face");
  CHECK(parsed.rows[0].version == "E0.6");
  CHECK(parsed.rows[1].code_points == U"\u2764");
  CHECK(parsed.rows[2].code_points == U"\U0001F468\u200D\U0001F469\u200D\U0001F467");
  CHECK(parsed.rows[2].name == "family: man, woman, girl");
  CHECK(parsed.rows[3].code_points == U"\u0023\uFE0F\u20E3");
  CHECK(parsed.rows[3].name == "keycap: #");
  check_problems(parsed.problems, {"emoji-test.txt:7: unknown status", "emoji-test.txt:8: expected",
                                   "emoji-test.txt:9: malformed code points"});
}

TEST_CASE("CLDR annotations: keywords and tts, FE0F removed, bad elements are problems",
          "[sources]") {
  const auto parsed = parse_cldr_annotations(fixture("de.xml"), "de.xml");
  REQUIRE(parsed.rows.size() == 4);
  CHECK(parsed.rows[0].code_points == U"\U0001F431");
  CHECK(!parsed.rows[0].tts);
  CHECK(parsed.rows[0].text == "Gesicht | Katze | Tier");
  CHECK(parsed.rows[1].tts);
  CHECK(parsed.rows[1].text == "Katzengesicht");
  CHECK(parsed.rows[2].code_points == U"\U0001F468\u200D\U0001F469\u200D\U0001F467");
  CHECK(parsed.rows[2].text == "Familie | Mann | Frau | M\u00e4dchen");
  CHECK(parsed.rows[3].code_points == U"\u0023\u20E3");
  check_problems(parsed.problems, {"de.xml:11: unknown annotation type 'nickname'",
                                   "de.xml:12: <annotation> without cp"});
}

TEST_CASE("CLDR annotations: malformed XML is one problem with its line", "[sources]") {
  const auto parsed = parse_cldr_annotations(fixture("broken.xml"), "broken.xml");
  CHECK(parsed.rows.empty());
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems[0].starts_with("broken.xml:"));
  CHECK(parsed.problems[0].find("malformed XML") != std::string::npos);
}

TEST_CASE("Unihan_Readings.txt: kDefinition and readings, other fields skipped", "[sources]") {
  const auto parsed = parse_unihan_readings(fixture("Unihan_Readings.txt"), "Unihan_Readings.txt");
  REQUIRE(parsed.rows.size() == 3);
  CHECK(parsed.rows[0].code == 0x732B);
  CHECK(parsed.rows[0].field == "kDefinition");
  CHECK(parsed.rows[0].value == "cat");
  CHECK(parsed.rows[1].field == "kMandarin");
  CHECK(parsed.rows[2].value == "one; a, an; alone");
  check_problems(parsed.problems,
                 {"Unihan_Readings.txt:6: expected", "Unihan_Readings.txt:7: malformed code point",
                  "Unihan_Readings.txt:8: empty kDefinition"});
}

TEST_CASE("a parser never stops at the first problem and handles CRLF and no final newline",
          "[sources]") {
  const auto parsed = parse_name_aliases("0041;A;alternate\r\nbad\r\n0042;B;figment", "x.txt");
  REQUIRE(parsed.rows.size() == 2);
  CHECK(parsed.rows[1].alias == "B");
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems[0].starts_with("x.txt:2:"));
}

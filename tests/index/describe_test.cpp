#include "index/describe.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace charfinder;

TEST_CASE("code labels have at least four upper-case hex digits", "[describe]") {
  CHECK(code_label(0x41) == "U+0041");
  CHECK(code_label(0x265A) == "U+265A");
  CHECK(code_label(0x1F431) == "U+1F431");
  CHECK(code_label(0x10FFFF) == "U+10FFFF");
}

TEST_CASE("terminal glyphs never carry a control character", "[describe]") {
  struct Case {
    char32_t code;
    std::string glyph;
  };
  const std::vector<Case> cases = {
      {0x0000, "\u2400"},                      // SYMBOL FOR NULL
      {0x001B, "\u241B"},                      // SYMBOL FOR ESCAPE
      {0x001F, "\u241F"}, {0x007F, "\u2421"},  // SYMBOL FOR DELETE
      {0x0080, "\uFFFD"}, {0x0085, "\uFFFD"},  // NEXT LINE, a C1 control
      {0x009F, "\uFFFD"}, {0xD800, "\uFFFD"},  // a surrogate cannot be UTF-8
      {0x0041, "A"},      {0x00A0, "\u00A0"}, {0x265A, "♚"}, {0x1F431, "🐱"},
  };
  for (const Case& c : cases) {
    CAPTURE(static_cast<std::uint32_t>(c.code));
    CHECK(terminal_glyph(c.code) == c.glyph);
  }
  CHECK(utf8_of(0x85) == "\xC2\x85");
  CHECK(utf8_of(0xDFFF) == "\uFFFD");
  CHECK(utf8_of(0x1F431) == "🐱");
}

TEST_CASE("terminal rows: code, glyph, name or extended name", "[describe]") {
  CHECK(terminal_row(0x265A) == "U+265A\t♚\tBLACK CHESS KING");
  CHECK(terminal_row(0x1B) == "U+001B\t\u241B\t<control-001B>");
  CHECK(terminal_row(0x7F) == "U+007F\t\u2421\t<control-007F>");
  CHECK(terminal_row(0x85) == "U+0085\t\uFFFD\t<control-0085>");
  CHECK(terminal_row(0xD800) == "U+D800\t\uFFFD\t<lead surrogate-D800>");
  CHECK(terminal_row(0x4E00) == "U+4E00\t一\tCJK UNIFIED IDEOGRAPH-4E00");
}

TEST_CASE("status sentence and escaping of control characters", "[describe]") {
  struct Case {
    std::string query;
    std::size_t total;
    std::string sentence;
  };
  const std::vector<Case> cases = {
      {"zzz", 0, "No match for 'zzz'"},
      {"registered", 1, "1 match for 'registered'"},
      {"chess black", 33, "33 matches for 'chess black'"},
      {"cjk", 98263, "98263 matches for 'cjk'"},
      {"a\x1b[31mb", 0, "No match for 'a\\x1b[31mb'"},
      {std::string("nul\0x", 5), 0, "No match for 'nul\\x00x'"},
      {"del\x7f", 2, "2 matches for 'del\\x7f'"},
      {"c1\xC2\x85", 0, "No match for 'c1\\x85'"},  // U+0085 by code point
      {"bad\xFF", 0, "No match for 'bad\\xff'"},    // invalid UTF-8 by byte value
      {"tab\there", 0, "No match for 'tab\\x09here'"},
      {"Café ☃", 0, "No match for 'Café ☃'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    CHECK(status_sentence(c.query, c.total) == c.sentence);
  }
  CHECK(escape_controls("plain") == "plain");
  CHECK(escape_controls("") == "");
}

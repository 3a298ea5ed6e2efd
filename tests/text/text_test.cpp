// The text library, exhaustively: every code point through the UTF-8 encoder and decoder,
// every byte through the escaper in each style, and the tables of the rules in between.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "text/escape.hpp"
#include "text/form.hpp"
#include "text/hex.hpp"
#include "text/host_port.hpp"
#include "text/join.hpp"
#include "text/json_writer.hpp"
#include "text/utf8.hpp"

namespace charfinder {
namespace {

bool is_scalar(char32_t c) { return c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF); }

}  // namespace

TEST_CASE("UTF-8: every scalar value round-trips, surrogates become U+FFFD", "[text][utf8]") {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    const std::string bytes = utf8_of(c);
    if (!is_scalar(c)) {
      REQUIRE(bytes == "\xEF\xBF\xBD");
      continue;
    }
    const std::size_t expected = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    REQUIRE(bytes.size() == expected);
    char32_t decoded = 0;
    REQUIRE(decode_utf8(bytes, 0, decoded) == expected);
    REQUIRE(decoded == c);
    REQUIRE(is_valid_utf8(bytes));
  }
  CHECK(utf8_of(0x110000) == "\xEF\xBF\xBD");
}

TEST_CASE("UTF-8: every two-byte string is judged as RFC 3629 says", "[text][utf8]") {
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      const std::string text{static_cast<char>(a), static_cast<char>(b)};
      // Well-formed: two ASCII bytes, or one two-byte sequence C2..DF 80..BF.
      const bool expected =
          (a < 0x80 && b < 0x80) || (a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF);
      CAPTURE(a, b);
      REQUIRE(is_valid_utf8(text) == expected);
    }
  }
}

TEST_CASE("UTF-8: malformed sequences", "[text][utf8]") {
  struct Row {
    std::string text;
    bool valid;
  };
  const std::vector<Row> table = {
      {"", true},
      {"chess", true},
      {"\xe2\x98\x83", true},       // ☃
      {"\xf0\x9f\x90\xb1", true},   // 🐱
      {"\xf4\x8f\xbf\xbf", true},   // U+10FFFF
      {"\xc3", false},              // truncated
      {"\xc0\xaf", false},          // overlong '/'
      {"\xe0\x80\xaf", false},      // overlong
      {"\xed\xa0\x80", false},      // surrogate U+D800
      {"\xED\xBF\xBF", false},      // surrogate U+DFFF
      {"\xf4\x90\x80\x80", false},  // past U+10FFFF
      {"\x80", false},              // lone continuation
      {"\xff", false},              // IAC IAC's data byte
      {"a\xe2\x98", false},
      {"\xF0\x9F\x90", false},
      {"\xF8\x88\x80\x80\x80", false},
  };
  for (const Row& row : table) {
    CAPTURE(row.text);
    CHECK(is_valid_utf8(row.text) == row.valid);
  }
}

TEST_CASE("hex: digits both ways", "[text][hex]") {
  for (unsigned n = 0; n < 16; ++n) {
    CHECK(hex_value(hex_digit(n, HexCase::kLower)) == static_cast<int>(n));
    CHECK(hex_value(hex_digit(n, HexCase::kUpper)) == static_cast<int>(n));
  }
  for (int c = 0; c < 256; ++c) {
    const bool digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    CAPTURE(c);
    CHECK((hex_value(static_cast<char>(c)) >= 0) == digit);
  }
  std::string out;
  append_hex(out, 0xE9, 4, HexCase::kLower);
  CHECK(out == "00e9");
  out.clear();
  append_hex(out, 0xFEEDFACECAFEBEEFULL, 16, HexCase::kUpper);
  CHECK(out == "FEEDFACECAFEBEEF");
  out.clear();
  append_hex_min(out, 0x1F431, 4);
  CHECK(out == "1F431");
  char buffer[8];
  CHECK(hex_of(0x41, buffer) == "0041");
  CHECK(hex_of(0x4E00, buffer) == "4E00");
  CHECK(hex_of(0x10FFFF, buffer) == "10FFFF");
}

TEST_CASE("escape: every code point in every style", "[text][escape]") {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (!is_scalar(c)) continue;
    const std::string raw = utf8_of(c);
    const std::string message = escape_controls(raw, EscapeStyle::kMessage);
    const std::string terminal = escape_controls(raw, EscapeStyle::kTerminal);
    if (is_control(c)) {
      std::string x = "\\x";
      append_hex(x, c, 2, HexCase::kLower);
      REQUIRE(message == x);  // C1 by code point: U+0085 is \x85, not \xc2\x85
      REQUIRE(terminal == (c < 0x20    ? utf8_of(0x2400 + c)
                           : c == 0x7F ? utf8_of(0x2421)
                                       : utf8_of(0xFFFD)));
    } else {
      REQUIRE(message == raw);
      REQUIRE(terminal == raw);
    }
    REQUIRE(terminal == terminal_glyph(c));
  }
}

TEST_CASE("escape: every byte that is not UTF-8 is escaped by value", "[text][escape]") {
  for (unsigned b = 0x80; b < 0x100; ++b) {
    const std::string text(1, static_cast<char>(b));
    std::string x = "\\x";
    append_hex(x, b, 2, HexCase::kLower);
    CAPTURE(b);
    CHECK(escape_controls(text, EscapeStyle::kMessage) == x);
    CHECK(escape_controls(text, EscapeStyle::kLog) == x);
    CHECK(escape_controls(text, EscapeStyle::kTerminal) == "\xEF\xBF\xBD");
  }
  CHECK(escape_controls("bad \xFF\xC3") == "bad \\xff\\xc3");
  CHECK(escape_controls("overlong \xC0\xAF") == "overlong \\xc0\\xaf");
  CHECK(escape_controls("surrogate \xED\xA0\x80") == "surrogate \\xed\\xa0\\x80");
  CHECK(escape_controls("c1 \xC2\x9B") == "c1 \\x9b");
  CHECK(escape_controls("esc\x1b[31m back\\slash") == "esc\\x1b[31m back\\slash");
}

TEST_CASE("escape: the log style keeps printable ASCII only", "[text][escape]") {
  for (unsigned b = 0; b < 0x100; ++b) {
    const std::string text(1, static_cast<char>(b));
    const bool kept = b >= 0x20 && b < 0x7F && b != '"' && b != '\\';
    CAPTURE(b);
    CHECK((escape_controls(text, EscapeStyle::kLog) == text) == kept);
  }
  CHECK(escape_controls("/?q=caf\xC3\xA9 \"x\"", EscapeStyle::kLog) ==
        "/?q=caf\\xc3\\xa9 \\x22x\\x22");
}

TEST_CASE("quoted: quotes, escapes and cuts long values", "[text][escape]") {
  CHECK(quoted("abc") == "\"abc\"");
  CHECK(quoted("say \"hi\" \\") == "\"say \\\"hi\\\" \\\\\"");
  CHECK(quoted("tab\there") == "\"tab\\x09here\"");
  CHECK(quoted(std::string(100, 'a')) == "\"" + std::string(80, 'a') + "\xE2\x80\xA6\"");
  // Never cut inside a UTF-8 sequence.
  const std::string snowmen = std::string(79, 'a') + "\xE2\x98\x83";
  CHECK(quoted(snowmen + "b") == "\"" + std::string(79, 'a') + "\xE2\x80\xA6\"");
}

TEST_CASE("form encoding: unreserved bytes stay, space is +, the rest %XX", "[text][form]") {
  for (unsigned b = 0; b < 0x100; ++b) {
    const std::string text(1, static_cast<char>(b));
    const bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                            (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '~';
    std::string percent = "%";
    append_hex(percent, b, 2, HexCase::kUpper);
    const std::string expected = unreserved ? text : b == ' ' ? "+" : percent;
    CAPTURE(b);
    CHECK(form_encode(text, FormStar::kEncode) == expected);
    CHECK(form_encode(text, FormStar::kKeep) == (b == '*' ? "*" : expected));
  }
  CHECK(form_encode("cat face", FormStar::kEncode) == "cat+face");
  CHECK(form_encode("U+1F431", FormStar::kEncode) == "U%2B1F431");
  CHECK(form_encode("arrow*", FormStar::kKeep) == "arrow*");
}

TEST_CASE("host:port: format and split", "[text][host_port]") {
  CHECK(format_host_port("127.0.0.1", std::uint16_t{2323}) == "127.0.0.1:2323");
  CHECK(format_host_port("::1", std::uint16_t{2323}) == "[::1]:2323");
  CHECK(format_host_port("example.org", "80") == "example.org:80");
  struct Row {
    std::string text;
    bool ok;
    std::string host, port;
    bool bracketed;
    HostPortError error;
  };
  const std::vector<Row> table = {
      {"127.0.0.1:2323", true, "127.0.0.1", "2323", false, {}},
      {"[::1]:2323", true, "::1", "2323", true, {}},
      {"[]:80", true, "", "80", true, {}},
      {":80", true, "", "80", false, {}},
      {"host:", true, "host", "", false, {}},
      {"localhost", false, "", "", false, HostPortError::kNoColon},
      {"[::1", false, "", "", false, HostPortError::kBadBrackets},
      {"[::1]2323", false, "", "", false, HostPortError::kBadBrackets},
      {"[::1]:", true, "::1", "", true, {}},
      {"::1:2323", false, "", "", false, HostPortError::kBareIpv6},
  };
  for (const Row& row : table) {
    CAPTURE(row.text);
    HostPortError error{};
    const auto split = split_host_port(row.text, error);
    REQUIRE(split.has_value() == row.ok);
    if (split) {
      CHECK(split->host == row.host);
      CHECK(split->port == row.port);
      CHECK(split->bracketed == row.bracketed);
    } else {
      CHECK(error == row.error);
    }
  }
  CHECK(parse_port("0") == std::uint16_t{0});
  CHECK(parse_port("65535") == std::uint16_t{65535});
  CHECK_FALSE(parse_port("65536"));
  CHECK_FALSE(parse_port(""));
  CHECK_FALSE(parse_port("+80"));
  CHECK_FALSE(parse_port("123456"));
  CHECK_FALSE(parse_port("8o"));
}

TEST_CASE("JSON strings: every code point is valid JSON, C1 escaped on request", "[text][json]") {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (!is_scalar(c)) continue;
    std::string raw_c1;
    std::string escaped_c1;
    append_json_string(raw_c1, utf8_of(c));
    append_json_string(escaped_c1, utf8_of(c), JsonC1::kEscaped);
    if (c >= 0x80 && c <= 0x9F) {
      std::string u = "\"\\u";
      append_hex(u, c, 4, HexCase::kLower);
      REQUIRE(escaped_c1 == u + "\"");
      REQUIRE(raw_c1 == "\"" + utf8_of(c) + "\"");
    } else {
      REQUIRE(raw_c1 == escaped_c1);
    }
  }
}

}  // namespace charfinder

namespace charfinder {

TEST_CASE("hex: parse_hex takes 1 to 8 digits of either case", "[text][hex]") {
  CHECK(parse_hex("0") == 0u);
  CHECK(parse_hex("1F431") == 0x1F431u);
  CHECK(parse_hex("1f431") == 0x1F431u);
  CHECK(parse_hex("FFFFFFFF") == 0xFFFFFFFFu);
  CHECK_FALSE(parse_hex(""));
  CHECK_FALSE(parse_hex("123456789"));
  CHECK_FALSE(parse_hex("12G4"));
  CHECK_FALSE(parse_hex("+12"));
}

TEST_CASE("join puts the separator between items only", "[text][join]") {
  CHECK(join(std::vector<std::string>{}, ",").empty());
  CHECK(join(std::vector<std::string>{"de"}, ",") == "de");
  CHECK(join(std::vector<std::string>{"de", "fr", "ja"}, ",") == "de,fr,ja");
  CHECK(join(std::vector<std::string>{"telnet.banner", "log.level"}, ", ") ==
        "telnet.banner, log.level");
  CHECK(join(std::vector<std::string>{"", "x", ""}, "|") == "|x|");
}

}  // namespace charfinder

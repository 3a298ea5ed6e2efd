#include "text/json_writer.hpp"

#include <catch2/catch.hpp>

using charfinder::append_json_string;
using charfinder::JsonWriter;

namespace {
std::string quoted(std::string_view utf8) {
  std::string out;
  append_json_string(out, utf8);
  return out;
}
std::string quoted32(std::u32string_view codes) {
  std::string out;
  append_json_string(out, codes);
  return out;
}
}  // namespace

TEST_CASE("JSON strings escape quotes, backslashes and controls", "[http][json]") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const Case cases[] = {
      {"", "\"\""},
      {"cat", "\"cat\""},
      {"say \"hi\"", "\"say \\\"hi\\\"\""},
      {"a\\b", "\"a\\\\b\""},
      {"line\nfeed\ttab\rcr\bbs\fff", "\"line\\nfeed\\ttab\\rcr\\bbs\\fff\""},
      {std::string("nul\0here", 8), "\"nul\\u0000here\""},
      {"\x01\x1f", "\"\\u0001\\u001f\""},
      {"\x7f", "\"\\u007f\""},
      {"</script>", "\"</script>\""},
      {"\xF0\x9F\x90\xB1", "\"\xF0\x9F\x90\xB1\""},              // U+1F431 stays raw UTF-8
      {"\xC2\x85", "\"\xC2\x85\""},                              // C1 control NEL is legal JSON
      {"\xE2\x80\xA8", "\"\\u2028\""},                           // LINE SEPARATOR
      {"\xE2\x80\xA9", "\"\\u2029\""},                           // PARAGRAPH SEPARATOR
      {"\xFF", "\"\\ufffd\""},                                   // invalid byte
      {"a\xC3", "\"a\\ufffd\""},                                 // truncated sequence
      {"\xC0\xAF", "\"\\ufffd\\ufffd\""},                        // overlong '/'
      {"\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\""},             // UTF-8-encoded surrogate
      {"\xF4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""},  // above U+10FFFF
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(quoted(c.input) == c.expected);
  }
}

TEST_CASE("JSON strings from code points escape lone surrogates", "[http][json]") {
  CHECK(quoted32(std::u32string(1, 0xD800)) == "\"\\ud800\"");
  CHECK(quoted32(std::u32string(1, 0xDFFF)) == "\"\\udfff\"");
  CHECK(quoted32(U"\u2028x\u2029") == "\"\\u2028x\\u2029\"");
  CHECK(quoted32(std::u32string(1, 0)) == "\"\\u0000\"");
  CHECK(quoted32(U"\U0010FFFF") == "\"\xF4\x8F\xBF\xBF\"");
  CHECK(quoted32(std::u32string(1, 0x110000)) == "\"\\ufffd\"");
}

TEST_CASE("every code point becomes valid UTF-8 JSON", "[http][json]") {
  // No raw control byte, separator or surrogate may reach the output; count offenders.
  std::size_t bad = 0;
  char32_t first_bad = 0;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    const std::string out = quoted32(std::u32string_view(&c, 1));
    bool ok = out.size() >= 3 && out.front() == '"' && out.back() == '"';
    for (unsigned char b : out) ok = ok && b >= 0x20;
    if (c >= 0xD800 && c <= 0xDFFF) ok = ok && out.size() == 8 && out[1] == '\\';
    if (c == 0x2028 || c == 0x2029) ok = ok && out[1] == '\\';
    if (!ok && bad++ == 0) first_bad = c;
  }
  CAPTURE(static_cast<unsigned>(first_bad));
  CHECK(bad == 0);
}

TEST_CASE("JsonWriter puts commas and colons in the right places", "[http][json]") {
  JsonWriter json;
  json.begin_object();
  json.key("query").value("cat");
  json.key("total").value(std::uint64_t{3});
  json.key("results").begin_array();
  json.begin_object().key("code").value("U+1F431").end_object();
  json.begin_object().key("code").value("U+1F408").end_object();
  json.end_array();
  json.key("empty").begin_array().end_array();
  json.key("next").null();
  json.key("flag").value(true);
  json.key("half").value(0.5);
  json.key("big").value(1e12);
  json.end_object();
  CHECK(json.str() ==
        R"({"query":"cat","total":3,"results":[{"code":"U+1F431"},{"code":"U+1F408"}],)"
        R"("empty":[],"next":null,"flag":true,"half":0.5,"big":1000000000000})");
}

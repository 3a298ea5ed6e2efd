// tests/daemon/http/char_routes_test.cpp: the character routes (daemon/http/char_routes.*)
// through the router: /api/char's details, and a surrogate's lone JSON escape everywhere.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "daemon/http/http_request_parser.hpp"
#include "daemon/http/http_router.hpp"
#include "daemon/http/url.hpp"
#include "daemon/ops/metrics.hpp"
#include "tests/daemon/http/router_test_fixture.hpp"
#include "text/utf8.hpp"

using namespace charfinder;
using nlohmann::json;
using namespace router_test;

namespace {

// `text` with every `from` replaced by `to`; a marker that no parser accepts when `from` does
// not occur (so a missing escape fails the test instead of passing silently).
std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  std::size_t count = 0;
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    ++count;
  }
  return count ? text : "(not found: " + std::string(from) + ")";
}

}  // namespace

TEST_CASE("/api/char answers ICU's details", "[http][router]") {
  Fixture f;
  const HttpResponse response = f.get("/api/char/U+1F431");
  REQUIRE(response.status == 200);
  CHECK(header_of(response, "Cache-Control") == "public, max-age=86400");
  const std::string etag = header_of(response, "ETag");
  CHECK(f.get("/api/char/U+1F431", "GET", {{"If-None-Match", etag}}).status == 304);
  const json d = json::parse(response.body);
  CHECK(d.at("code") == "U+1F431");
  CHECK(d.at("char") == "\xF0\x9F\x90\xB1");
  CHECK(d.at("name") == "CAT FACE");
  CHECK(d.at("general_category") == "So");
  CHECK(d.at("block") == "Miscellaneous Symbols And Pictographs");
  CHECK(d.at("script") == "Common");
  CHECK(d.at("age") == "6.0");
  CHECK(d.at("bidi_class") == "ON");
  CHECK(d.at("east_asian_width") == "W");
  CHECK(d.at("numeric_value").is_null());
  CHECK(d.at("utf8") == "F0 9F 90 B1");
  CHECK(d.at("utf16") == "D83D DC31");
  CHECK(d.at("html") == "&#x1F431;");
  CHECK(d.at("canonical_decomposition").empty());

  const json e = json::parse(f.get("/api/char/U+00E9").body);
  CHECK(e.at("canonical_decomposition") == json::array({"U+0065", "U+0301"}));
  CHECK(e.at("uppercase") == "\xC3\x89");
  const json half = json::parse(f.get("/api/char/U+00BD").body);
  CHECK(half.at("numeric_value") == 0.5);
  CHECK(half.at("numeric_type") == "Numeric");

  // Code points JSON text cannot carry raw still give valid JSON.
  struct Case {
    std::string label;
    std::string expected_char;
  };
  const Case cases[] = {
      {"U+0000", std::string(1, '\0')},
      {"U+2028", "\xE2\x80\xA8"},
      {"U+10FFFF", "\xF4\x8F\xBF\xBF"},
      {"U+0022", "\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    const HttpResponse r = f.get("/api/char/" + c.label);
    REQUIRE(r.status == 200);
    const json details = json::parse(r.body);
    CHECK(details.at("code") == c.label);
    CHECK(details.at("char") == c.expected_char);
  }
  CHECK(f.get("/api/char/U+2028").body.find("\\u2028") != std::string::npos);
  const json missing = json::parse(f.get("/api/char/U+110000").body);
  CHECK(missing.at("error").get<std::string>().find("U+110000") != std::string::npos);
}

// A surrogate's "char" and case mappings are the lone \udXXX escape (RFC 8259 7): never
// U+FFFD, never UTF-8-encoded surrogate bytes. nlohmann-json refuses lone surrogate escapes,
// so the exact escapes are checked in the raw text, then replaced by null for it to parse.
TEST_CASE("a surrogate code point is one lone JSON escape (u+DXXX) everywhere", "[http][router]") {
  Fixture f;
  struct Case {
    std::string label;
    std::string escape;  // the exact JSON string expected for "char"
    std::string name;
  };
  const Case cases[] = {
      {"U+D800", "\"\\ud800\"", "<lead surrogate-D800>"},
      {"U+DBFF", "\"\\udbff\"", "<lead surrogate-DBFF>"},
      {"U+DC00", "\"\\udc00\"", "<trail surrogate-DC00>"},
      {"U+DFFF", "\"\\udfff\"", "<trail surrogate-DFFF>"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    const HttpResponse r = f.get("/api/char/" + c.label);
    REQUIRE(r.status == 200);
    CHECK(is_valid_utf8(r.body));
    CHECK(r.body.find("\xEF\xBF\xBD") == std::string::npos);
    CHECK(r.body.find("\\ufffd") == std::string::npos);
    for (const char* key : {"char", "uppercase", "lowercase", "titlecase"}) {
      CAPTURE(key);
      CHECK(r.body.find("\"" + std::string(key) + "\":" + c.escape) != std::string::npos);
    }
    const json details = json::parse(replace_all(r.body, ":" + c.escape, ":null"));
    CHECK(details.at("code") == c.label);
    CHECK(details.at("char").is_null());  // i.e. it was exactly the escape
    CHECK(details.at("uppercase").is_null());
    CHECK(details.at("name") == c.name);
    CHECK(details.at("general_category") == "Cs");
    CHECK(details.at("utf8").is_null());  // UTF-8 has no encoding for a surrogate
    CHECK(details.at("utf16") == c.label.substr(2));
    CHECK(details.at("canonical_decomposition").empty());

    // The same escape in /api/search rows.
    const HttpResponse row = f.get("/api/search?q=U%2B" + c.label.substr(2));
    REQUIRE(row.status == 200);
    CHECK(is_valid_utf8(row.body));
    const std::string expected_row =
        "{\"code\":\"" + c.label + "\",\"char\":" + c.escape + ",\"name\":\"" + c.name + "\",";
    CHECK(row.body.find(expected_row) != std::string::npos);
    const json page = json::parse(replace_all(row.body, ":" + c.escape, ":null"));
    REQUIRE(page.at("results").size() == 1);
    CHECK(page.at("results")[0].at("char").is_null());
  }

  // A page of a range over the surrogates: every row is its own lone escape, none U+FFFD.
  const HttpResponse range = f.get("/api/search?q=U%2BD7FF..U%2BE000&limit=1000&offset=0");
  REQUIRE(range.status == 200);
  CHECK(is_valid_utf8(range.body));
  CHECK(range.body.find("\\ufffd") == std::string::npos);
  std::string body = range.body;
  std::size_t replaced = 0;
  for (char32_t code = 0xD800; code < 0xD800 + 1000; ++code) {
    char escape[24];
    (void)std::snprintf(escape, sizeof escape, "\"char\":\"\\u%04x\"",
                        static_cast<unsigned>(code));  // 15 bytes fit
    const std::size_t at = body.find(escape);
    if (at == std::string::npos) continue;
    body.replace(at, std::strlen(escape), "\"char\":null");
    ++replaced;
  }
  CHECK(replaced == 1000);
  const json page = json::parse(body);
  REQUIRE(page.at("results").size() == 1000);
  CHECK(page.at("results")[0].at("code") == "U+D800");
  for (const json& result : page.at("results")) CHECK(result.at("char").is_null());
}

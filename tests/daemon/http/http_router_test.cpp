#include "daemon/http/http_router.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "daemon/http/http_request_parser.hpp"
#include "daemon/http/url.hpp"
#include "daemon/ops/metrics.hpp"
#include "text/utf8.hpp"

using namespace charfinder;
using nlohmann::json;

namespace {

const NameIndex& test_index() {
  static const NameIndex index = NameIndex::build_from_icu();
  return index;
}

struct Fixture {
  Config config;
  Metrics metrics;
  bool ready = true;

  HttpResponse get(std::string target, std::string method = "GET",
                   std::vector<HttpHeader> headers = {}) const {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.headers = std::move(headers);
    request.headers.push_back({"Host", "test"});
    return route_request(request, RouterContext{test_index(), config, metrics, ready});
  }
};

std::string header_of(const HttpResponse& response, std::string_view name) {
  const std::string* value = response.find_header(name);
  return value ? *value : std::string("(none)");
}

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

TEST_CASE("methods other than GET and HEAD get 405 with Allow", "[http][router]") {
  Fixture f;
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "get", "TRACE"}) {
    CAPTURE(method);
    const HttpResponse response = f.get("/api/search?q=cat", method);
    CHECK(response.status == 405);
    CHECK(header_of(response, "Allow") == "GET, HEAD");
  }
  CHECK(f.get("/api/search?q=cat", "HEAD").status == 200);
}

TEST_CASE("each route answers with the right status and type", "[http][router]") {
  Fixture f;
  struct Case {
    std::string target;
    int status;
    std::string content_type;
  };
  const Case cases[] = {
      {"/healthz", 200, "text/plain; charset=utf-8"},
      {"/readyz", 200, "text/plain; charset=utf-8"},
      {"/metrics", 200, "text/plain; version=0.0.4; charset=utf-8"},
      {"/api/search?q=cat", 200, "application/json; charset=utf-8"},
      {"/api/search?query=cat", 200, "application/json; charset=utf-8"},
      {"/api/char/U+1F431", 200, "application/json; charset=utf-8"},
      {"/api/char/U%2B1F431", 200, "application/json; charset=utf-8"},
      {"/api/char/U+110000", 404, "application/json; charset=utf-8"},
      {"/api/char/1F431", 404, "application/json; charset=utf-8"},
      {"/api/char/", 404, "application/json; charset=utf-8"},
      {"/api/nothing", 404, "application/json; charset=utf-8"},
      {"/nothing", 404, "text/plain; charset=utf-8"},
      {"/static/no-such-file.js", 404, "text/plain; charset=utf-8"},
      {"/api/search", 400, "application/json; charset=utf-8"},
      {"/api/search?q=", 400, "application/json; charset=utf-8"},
      {"/api/search?q=%22unterminated", 400, "application/json; charset=utf-8"},
      {"/api/search?q=-cat", 400, "application/json; charset=utf-8"},
      {"/api/search?q=%FF", 400, "application/json; charset=utf-8"},
      {"/api/search?q=%ZZ", 400, "application/json; charset=utf-8"},
      {"/api/search?q=cat&offset=-1", 400, "application/json; charset=utf-8"},
      {"/api/search?q=cat&offset=x", 400, "application/json; charset=utf-8"},
      {"/api/search?q=cat&limit=0", 400, "application/json; charset=utf-8"},
      {"/api/search?q=cat&limit=1.5", 400, "application/json; charset=utf-8"},
      {"/api/search?q=cat&limit=", 400, "application/json; charset=utf-8"},
      {"/%ZZ", 400, "text/plain; charset=utf-8"},
      {"/", 200, "text/html; charset=utf-8"},
      {"/?q=cat", 200, "text/html; charset=utf-8"},
      {"/?q=cat&page=2", 200, "text/html; charset=utf-8"},
      {"/?q=cat&page=0", 400, "text/html; charset=utf-8"},
      {"/?q=%22open", 400, "text/html; charset=utf-8"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.target);
    const HttpResponse response = f.get(c.target);
    CHECK(response.status == c.status);
    CHECK(response.content_type == c.content_type);
    if (c.content_type.starts_with("application/json")) {
      const json body = json::parse(response.body);  // throws if invalid
      if (c.status != 200) CHECK(body.at("error").is_string());
    }
  }
  f.ready = false;
  CHECK(f.get("/readyz").status == 503);
  CHECK(f.get("/healthz").status == 200);
}

TEST_CASE("/api/search answers the documented JSON with paging links", "[http][router]") {
  Fixture f;
  const HttpResponse cat = f.get("/api/search?q=cat+face");
  REQUIRE(cat.status == 200);
  CHECK(cat.is_query);
  const json body = json::parse(cat.body);
  CHECK(body.at("query") == "cat face");
  CHECK(body.at("offset") == 0);
  CHECK(body.at("limit") == 100);
  CHECK(body.at("next").is_null());
  CHECK(cat.find_header("Link") == nullptr);
  bool found = false;
  for (const json& row : body.at("results")) {
    if (row.at("code") == "U+1F431") {
      CHECK(row.at("char") == "\xF0\x9F\x90\xB1");
      CHECK(row.at("name") == "CAT FACE");
      found = true;
    }
  }
  CHECK(found);
  CHECK(body.at("total") == body.at("results").size());

  const json cjk = json::parse(f.get("/api/search?q=cjk&limit=50").body);
  CHECK(cjk.at("limit") == 50);
  CHECK(cjk.at("results").size() == 50);
  CHECK(cjk.at("total").get<std::size_t>() > 90000);
  CHECK(cjk.at("next") == "/api/search?q=cjk&offset=50&limit=50");
  CHECK(header_of(f.get("/api/search?q=cjk&limit=50"), "Link") ==
        "</api/search?q=cjk&offset=50&limit=50>; rel=\"next\"");

  // The limit is capped at http.max_page_size.
  const json capped = json::parse(f.get("/api/search?q=cjk&limit=999999").body);
  CHECK(capped.at("limit") == 1000);
  CHECK(capped.at("results").size() == 1000);

  // The last page has no next link; an offset past the end has no rows.
  const std::size_t total = cjk.at("total");
  const json last =
      json::parse(f.get("/api/search?q=cjk&offset=" + std::to_string(total - 3)).body);
  CHECK(last.at("results").size() == 3);
  CHECK(last.at("next").is_null());
  const json past = json::parse(f.get("/api/search?q=cjk&offset=999999999").body);
  CHECK(past.at("results").empty());
  CHECK(past.at("total") == total);

  // The next link encodes the query so that it round-trips.
  const json plus = json::parse(f.get("/api/search?q=U%2B0000..U%2B10FFFF&limit=10").body);
  CHECK(plus.at("query") == "U+0000..U+10FFFF");
  CHECK(plus.at("next") == "/api/search?q=U%2B0000..U%2B10FFFF&offset=10&limit=10");

  const json error = json::parse(f.get("/api/search?q=%22open").body);
  CHECK(error.at("error").get<std::string>().find("quote") != std::string::npos);
}

TEST_CASE("search answers carry an ETag and honour If-None-Match", "[http][router]") {
  Fixture f;
  const HttpResponse first = f.get("/api/search?q=cat");
  const std::string etag = header_of(first, "ETag");
  REQUIRE(etag.size() == 18);
  CHECK(etag.front() == '"');
  CHECK(header_of(first, "Cache-Control") == "public, max-age=86400");
  // The same request gives the same tag; a different one a different tag.
  CHECK(header_of(f.get("/api/search?q=cat"), "ETag") == etag);
  CHECK(header_of(f.get("/api/search?q=cat&offset=1"), "ETag") != etag);
  CHECK(header_of(f.get("/api/search?q=dog"), "ETag") != etag);

  struct Case {
    std::string if_none_match;
    int status;
  };
  const Case cases[] = {
      {etag, 304}, {"W/" + etag, 304}, {"\"other\", " + etag, 304},
      {"*", 304},  {"\"other\"", 200}, {"", 200},
  };
  for (const Case& c : cases) {
    CAPTURE(c.if_none_match);
    const HttpResponse response =
        f.get("/api/search?q=cat", "GET", {{"If-None-Match", c.if_none_match}});
    CHECK(response.status == c.status);
    CHECK(response.send_body == (c.status == 200));
    CHECK(response.body == first.body);  // Content-Length stays that of the full answer
  }
}

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
    std::snprintf(escape, sizeof escape, "\"char\":\"\\u%04x\"", static_cast<unsigned>(code));
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

TEST_CASE("HTML pages carry the security headers", "[http][router]") {
  Fixture f;
  const HttpResponse page = f.get("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  CHECK(header_of(page, "Content-Security-Policy") == kContentSecurityPolicy);
  CHECK(header_of(page, "Content-Security-Policy").find("unsafe-inline") == std::string::npos);
  CHECK(page.body.find("<script>alert(1)") == std::string::npos);
  CHECK(page.is_query);
  const HttpResponse start = f.get("/");
  CHECK(start.status == 200);
  CHECK_FALSE(start.is_query);
  const std::string etag = header_of(start, "ETag");
  CHECK(f.get("/", "GET", {{"If-None-Match", etag}}).status == 304);
}

TEST_CASE("the HTML page is rendered once per request and served from the cache",
          "[http][router]") {
  Config config;
  Metrics metrics;
  ResponseCache cache(1 << 20);
  auto get = [&](std::string target, std::vector<HttpHeader> headers = {}) {
    HttpRequest request;
    request.method = "GET";
    request.target = std::move(target);
    request.headers = std::move(headers);
    request.headers.push_back({"Host", "test"});
    RouterContext ctx{test_index(), config, metrics, true};
    ctx.cache = &cache;
    return route_request(request, ctx);
  };
  Fixture uncached;
  const HttpResponse fresh = uncached.get("/?q=chess+black");
  const HttpResponse first = get("/?q=chess+black");
  CHECK(cache.counters().misses == 1);
  CHECK(cache.counters().entries == 1);
  const HttpResponse second = get("/?q=chess+black");
  CHECK(cache.counters().hits == 1);
  for (const HttpResponse* r : {&first, &second}) {
    CHECK(r->status == 200);
    CHECK(r->is_query);
    CHECK(r->body == fresh.body);  // byte for byte what rendering gives
    CHECK(header_of(*r, "ETag") == header_of(fresh, "ETag"));
    CHECK(header_of(*r, "Cache-Control") == "public, max-age=3600");
    CHECK(header_of(*r, "Vary") == "Accept-Language");
    CHECK(header_of(*r, "Content-Security-Policy") == kContentSecurityPolicy);
    CHECK(r->content_type == "text/html; charset=utf-8");
  }
  const HttpResponse revalidated =
      get("/?q=chess+black", {{"If-None-Match", header_of(first, "ETag")}});
  CHECK(revalidated.status == 304);
  CHECK_FALSE(revalidated.send_body);
  // Another page, another query, the start page: other entries. Errors are not cached.
  CHECK(get("/?q=chess+black&page=2").body != first.body);
  CHECK(get("/").status == 200);
  CHECK(get("/?q=%22unterminated").status == 400);
  CHECK(get("/?q=%22unterminated").status == 400);
  CHECK(header_of(get("/?q=%22unterminated"), "Cache-Control") == "no-store");
  CHECK(cache.counters().entries == 3);
}

TEST_CASE("/metrics renders the Prometheus exposition", "[http][router]") {
  Fixture f;
  f.metrics.http_response(200, std::chrono::milliseconds(1));
  const HttpResponse response = f.get("/metrics");
  CHECK(response.body.find("charfinder_http_responses_total{code=\"200\"} 1") != std::string::npos);
  CHECK(response.body.find("charfinder_index_words ") != std::string::npos);
  CHECK(response.body.find("charfinder_build_info{") != std::string::npos);
  CHECK(header_of(response, "Cache-Control") == "no-store");
}

TEST_CASE("etag_matches follows RFC 9110 weak comparison", "[http][router]") {
  CHECK(etag_matches("\"a\"", "\"a\""));
  CHECK(etag_matches("W/\"a\"", "\"a\""));
  CHECK(etag_matches(" \"b\" , \"a\"", "\"a\""));
  CHECK(etag_matches("*", "\"a\""));
  CHECK_FALSE(etag_matches("\"ab\"", "\"a\""));
  CHECK_FALSE(etag_matches("a", "\"a\""));
  CHECK_FALSE(etag_matches("", "\"a\""));
}

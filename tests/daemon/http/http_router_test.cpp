#include "daemon/http/http_router.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "daemon/http/http_request_parser.hpp"
#include "daemon/http/url.hpp"
#include "daemon/ops/metrics.hpp"
#include "tests/daemon/http/router_test_fixture.hpp"
#include "text/utf8.hpp"

using namespace charfinder;
using nlohmann::json;
using namespace router_test;

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

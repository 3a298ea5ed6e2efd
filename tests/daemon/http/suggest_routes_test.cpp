// /api/complete, /opensearch.xml, the "suggestions" of /api/search and the page's "Did you
// mean" links, over the formal names (the router's fallback search, as in the router tests).
#include "daemon/http/suggest_routes.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/ops/metrics.hpp"

using namespace charfinder;
using nlohmann::json;

namespace {

const NameIndex& names() {
  static const NameIndex index = NameIndex::build_from_icu();
  return index;
}

struct Fixture {
  Config config;
  Metrics metrics;

  HttpResponse get(std::string target, std::vector<HttpHeader> headers = {{"Host", "test"}}) const {
    HttpRequest request;
    request.method = "GET";
    request.target = std::move(target);
    request.headers = std::move(headers);
    return route_request(request, RouterContext{names(), config, metrics, true});
  }
};

std::string header_of(const HttpResponse& response, std::string_view name) {
  const std::string* value = response.find_header(name);
  return value ? *value : std::string("(none)");
}

}  // namespace

TEST_CASE("suggestions: /api/search says what a misspelt query may have meant", "[http][suggest]") {
  Fixture f;
  const HttpResponse response = f.get("/api/search?q=chess+blak");
  REQUIRE(response.status == 200);
  const json body = json::parse(response.body);
  CHECK(body["total"] == 0);
  REQUIRE(body["suggestions"].is_array());
  REQUIRE_FALSE(body["suggestions"].empty());
  CHECK(body["suggestions"][0]["query"] == "chess black");
  CHECK(body["suggestions"][0]["total"] == 33);
  // Known words: an empty array, not a missing key.
  const json known = json::parse(f.get("/api/search?q=chess+black").body);
  CHECK(known["suggestions"] == json::array());
  const json nothing = json::parse(f.get("/api/search?q=xyzzyq").body);
  CHECK(nothing["suggestions"] == json::array());
}

TEST_CASE("suggestions: the page links them", "[http][suggest]") {
  Fixture f;
  const HttpResponse page = f.get("/?q=chess+blak");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("Did you mean: <a href=\"/?q=chess+black\">chess black</a> (33)?") !=
        std::string::npos);
  CHECK(page.body.find("<link rel=\"search\" type=\"application/opensearchdescription+xml\"") !=
        std::string::npos);
  CHECK(f.get("/?q=chess+black").body.find("id=\"suggestions\" class=\"suggestions\" hidden") !=
        std::string::npos);
}

TEST_CASE("completion: the OpenSearch suggestions format", "[http][suggest]") {
  Fixture f;
  const HttpResponse response = f.get("/api/complete?q=ches");
  REQUIRE(response.status == 200);
  CHECK(response.content_type == kSuggestionsJson);
  CHECK(header_of(response, "Vary") == "Accept-Language");
  const json body = json::parse(response.body);
  REQUIRE(body.is_array());
  REQUIRE(body.size() == 4);
  CHECK(body[0] == "ches");
  const json& queries = body[1];
  REQUIRE(queries.is_array());
  CHECK(queries.size() <= 10);
  CHECK(std::find(queries.begin(), queries.end(), "chess") != queries.end());
  CHECK(body[2].size() == queries.size());
  CHECK(body[3].size() == queries.size());
  CHECK(body[3][0] == "/?q=" + queries[0].get<std::string>());
  // The rest of the query stays; the last word is completed.
  const json two = json::parse(f.get("/api/complete?q=chess+bl").body);
  REQUIRE_FALSE(two[1].empty());
  CHECK(two[1][0] == "chess black");
  CHECK(two[2][0] == "33 matches");
}

TEST_CASE("completion: the same errors as a search", "[http][suggest]") {
  Fixture f;
  for (const char* target : {"/api/complete", "/api/complete?q=", "/api/complete?q=%22open",
                             "/api/complete?q=U%2B12G", "/api/complete?q=cat&lang=xx"}) {
    CAPTURE(target);
    const HttpResponse response = f.get(target);
    CHECK(response.status == 400);
    CHECK(json::parse(response.body).contains("error"));
  }
  std::string long_query = "/api/complete?q=";
  for (int i = 0; i < 300; ++i) long_query += "abcd+";
  CHECK(f.get(long_query).status == 400);
}

TEST_CASE("opensearch.xml: built from a valid Host only", "[http][suggest]") {
  Fixture f;
  const HttpResponse xml = f.get("/opensearch.xml", {{"Host", "chars.example.org:8888"}});
  REQUIRE(xml.status == 200);
  CHECK(xml.content_type == kOpenSearchXml);
  CHECK(xml.body.find("template=\"http://chars.example.org:8888/?q={searchTerms}\"") !=
        std::string::npos);
  CHECK(xml.body.find("template=\"http://chars.example.org:8888/api/complete?q={searchTerms}\"") !=
        std::string::npos);
  const HttpResponse https =
      f.get("/opensearch.xml", {{"Host", "[::1]:8443"}, {"X-Forwarded-Proto", "https"}});
  CHECK(https.body.find("https://[::1]:8443/?q=") != std::string::npos);
  for (const char* host : {"", "a\"b", "evil.org/<x>", "a b", "host:", "host:99999", "[::1",
                           "[zz]:80", "-bad.org", "x&y", "h\xC3\xA9.org", "a..b"}) {
    CAPTURE(host);
    const HttpResponse bad = f.get("/opensearch.xml", {{"Host", host}});
    CHECK(bad.status == 400);
    CHECK(bad.body.find("OpenSearch") == std::string::npos);
  }
  CHECK(f.get("/opensearch.xml", {}).status == 400);  // no Host at all (HTTP/1.0)
}

TEST_CASE("is_valid_host", "[http][suggest]") {
  for (const char* good : {"localhost", "127.0.0.1:8888", "[::1]", "[::1]:80", "a-b.example.",
                           "EXAMPLE.org:1", "[::ffff:10.0.0.1]:65535"})
    CHECK(is_valid_host(good));
  const std::string long_label(64, 'a');
  for (const std::string& bad : {std::string(), long_label + ".org", std::string("a:0x1"),
                                 std::string("a:-1"), std::string("[]"), std::string(":80")})
    CHECK_FALSE(is_valid_host(bad));
}

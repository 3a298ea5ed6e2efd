// The default languages of an HTTP request are its Config snapshot's search.languages
// (RouterContext::config): a request after a reload that changed them searches the new ones,
// and neither the answer cache nor the ETag gives it what was answered for the old ones.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/http/http_router.hpp"
#include "daemon/ops/metrics.hpp"
#include "tests/daemon/http/router_test_fixture.hpp"

using namespace charfinder;
using nlohmann::json;

namespace {

const CharacterSearch& full_search() {
  static const CharacterSearch search = [] {
    std::string error;
    const SourceTable* table = embedded_table(error);
    if (table == nullptr) throw std::runtime_error(error);
    return CharacterSearch(router_test::test_index(), table);
  }();
  return search;
}

HttpResponse get(const Config& config, ResponseCache& cache, std::string target,
                 std::vector<HttpHeader> headers = {}) {
  static Metrics metrics;
  HttpRequest request;
  request.method = "GET";
  request.target = std::move(target);
  request.headers = std::move(headers);
  request.headers.push_back({"Host", "test"});
  return route_request(request, RouterContext{router_test::test_index(), config, metrics, true,
                                              &cache, &full_search()});
}

}  // namespace

TEST_CASE("http: the default languages are the request's configuration's",
          "[daemon][http][languages]") {
  ResponseCache cache(1 << 20);
  Config german;
  german.search.languages = {"de"};
  const Config english;  // search.languages: none

  const HttpResponse de = get(german, cache, "/api/search?q=katze");
  REQUIRE(de.status == 200);
  CHECK(json::parse(de.body)["total"].get<int>() > 0);
  const HttpResponse en = get(english, cache, "/api/search?q=katze");  // same cache
  REQUIRE(en.status == 200);
  CHECK(json::parse(en.body)["total"].get<int>() == 0);
  CHECK(router_test::header_of(de, "ETag") != router_test::header_of(en, "ETag"));
  // A 304 for the old default's ETag would serve the old answer: not given.
  const HttpResponse revalidated = get(english, cache, "/api/search?q=katze",
                                       {{"If-None-Match", router_test::header_of(de, "ETag")}});
  CHECK(revalidated.status == 200);

  // Asked for (lang=, Accept-Language), the configuration's default does not matter.
  CHECK(json::parse(get(english, cache, "/api/search?q=katze&lang=de").body)["total"] ==
        json::parse(de.body)["total"]);
  CHECK(json::parse(get(english, cache, "/api/search?q=katze", {{"Accept-Language", "de"}})
                        .body)["total"] == json::parse(de.body)["total"]);
  CHECK(json::parse(get(german, cache, "/api/search?q=katze&lang=en").body)["total"] == 0);

  // The page and completion follow the same default.
  CHECK(get(german, cache, "/?q=katze").body.find("CAT FACE") != std::string::npos);
  CHECK(get(english, cache, "/?q=katze").body.find("CAT FACE") == std::string::npos);
  CHECK(router_test::header_of(get(german, cache, "/api/complete?q=katz"), "ETag") !=
        router_test::header_of(get(english, cache, "/api/complete?q=katz"), "ETag"));
}

// tests/daemon/http/router_test_fixture.hpp: what the router's tests share: the index (built
// once), a fixture that routes one request, a response's header.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/http_router.hpp"
#include "daemon/ops/metrics.hpp"

namespace router_test {

using namespace charfinder;

inline const NameIndex& test_index() {
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

inline std::string header_of(const HttpResponse& response, std::string_view name) {
  const std::string* value = response.find_header(name);
  return value ? *value : std::string("(none)");
}

}  // namespace router_test

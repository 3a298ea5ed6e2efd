#include "daemon/http/static_assets.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "daemon/http/web_asset.hpp"

namespace charfinder {
namespace {

TEST_CASE("static assets have the content type of their extension", "[http][static]") {
  struct Case {
    std::string_view name;
    std::string_view content_type;
  };
  const Case cases[] = {
      {"app.js", "text/javascript; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},
      {"favicon.svg", "image/svg+xml; charset=utf-8"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const StaticAsset* asset = find_static_asset(c.name);
    REQUIRE(asset != nullptr);
    CHECK(asset->name == c.name);
    CHECK(asset->content_type == c.content_type);
    CHECK_FALSE(asset->body.empty());
  }
}

TEST_CASE("every embedded file is served with its own bytes and a known type", "[http][static]") {
  REQUIRE_FALSE(web_assets().empty());
  for (const WebAsset& file : web_assets()) {
    CAPTURE(file.name);
    const StaticAsset* asset = find_static_asset(file.name);
    REQUIRE(asset != nullptr);
    CHECK(asset->body == file.bytes);
    // A file added to daemon/web/ whose extension has no type would be served as
    // application/octet-stream, which browsers refuse for scripts and styles under nosniff.
    CHECK(asset->content_type != "application/octet-stream");
  }
}

TEST_CASE("ETags are strong, quoted, stable and differ between assets", "[http][static]") {
  std::set<std::string_view> etags;
  for (const WebAsset& file : web_assets()) {
    CAPTURE(file.name);
    const StaticAsset* asset = find_static_asset(file.name);
    REQUIRE(asset != nullptr);
    const std::string_view etag = asset->etag;
    REQUIRE(etag.size() > 2);
    CHECK(etag.front() == '"');
    CHECK(etag.back() == '"');
    CHECK_FALSE(etag.starts_with("W/"));
    // RFC 9110 etagc: no quotes or controls inside the quotes.
    for (const char c : etag.substr(1, etag.size() - 2)) {
      CHECK(c != '"');
      CHECK(static_cast<unsigned char>(c) > 0x20);
    }
    // Computed once: a second lookup gives the very same asset and tag.
    const StaticAsset* again = find_static_asset(file.name);
    CHECK(again == asset);
    CHECK(again->etag == etag);
    etags.insert(etag);
  }
  CHECK(etags.size() == web_assets().size());
}

TEST_CASE("unknown or malformed names are not found", "[http][static]") {
  const std::string_view names[] = {
      "",
      "nope.js",
      "APP.JS",
      "app.js ",
      "/app.js",
      "../app.js",
      "web/app.js",
      "app.js/",
      "app",
      ".js",
      std::string_view("app.js\0", 7),
  };
  for (const std::string_view name : names) {
    CAPTURE(std::string(name));
    CHECK(find_static_asset(name) == nullptr);
  }
}

TEST_CASE("the table is built once even when first used from many threads", "[http][static]") {
  // Run under TSan this also shows the lazy initialisation is race-free.
  std::vector<const StaticAsset*> seen(8, nullptr);
  std::vector<std::thread> threads;
  threads.reserve(seen.size());
  for (const StaticAsset*& slot : seen)
    threads.emplace_back([&slot] { slot = find_static_asset("app.js"); });
  for (std::thread& thread : threads) thread.join();
  for (const StaticAsset* asset : seen) {
    REQUIRE(asset != nullptr);
    CHECK(asset == seen.front());
  }
}

}  // namespace
}  // namespace charfinder

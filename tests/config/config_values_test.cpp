// tests/config/config_values_test.cpp: how a config file is read into Config: defaults, every key
// into its member, address strings and lists.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "config/config_loader.hpp"

using namespace std::chrono_literals;
using charfinder::Config;
using charfinder::ListenAddress;
using charfinder::parse_config;

#include "tests/config/config_test_helpers.hpp"

using namespace config_test;

TEST_CASE("empty files, comment-only files and empty sections mean all defaults",
          "[config][loader]") {
  const char* cases[] = {"",
                         "\n\n",
                         "# nothing here\n",
                         "# a\n\n   # b\n",
                         "---\n",
                         "---\n# comment\n...\n",
                         "telnet:\n",
                         "telnet:\nhttp:\nlimits:\nserver:\nlog:\n",
                         "telnet:\n  # listen: [\"0.0.0.0:23\"]\n",
                         "telnet: {}\nhttp: {}\n",
                         "{}\n"};
  for (const char* yaml : cases) {
    CAPTURE(yaml);
    auto result = parse_config(yaml, "t.yaml");
    CHECK(result.problems.empty());
    REQUIRE(result.config);
    CHECK(*result.config == Config{});
  }
}

TEST_CASE("every key is read into its member", "[config][loader]") {
  const std::string yaml =
      "telnet:\n"
      "  listen: [\"0.0.0.0:23\", \"[::]:0\"]\n"
      "  banner: false\n"
      "  page_size: 0\n"
      "  idle_timeout: 5m\n"
      "  write_timeout: 1500ms\n"
      "http:\n"
      "  listen:\n"
      "    - 127.0.0.1:80\n"
      "    - \"[::1]:8080\"\n"
      "  page_size: 20\n"
      "  max_page_size: 20\n"
      "  idle_timeout: 1h\n"
      "  header_timeout: 2s\n"
      "limits:\n"
      "  max_connections: 1\n"
      "  max_connections_per_ip: 1\n"
      "  max_line_bytes: 64\n"
      "server:\n"
      "  threads: 1024\n"
      "  shutdown_grace: 1m30s\n"
      "log:\n"
      "  level: \"off\"\n"
      "  format: json\n";
  auto result = parse_config(yaml, "t.yaml");
  INFO(joined(result.problems));
  REQUIRE(result.config);
  const Config& c = *result.config;
  CHECK(c.telnet.listen == std::vector<ListenAddress>{{"0.0.0.0", 23}, {"::", 0}});
  CHECK(c.telnet.banner == false);
  CHECK(c.telnet.page_size == 0);
  CHECK(c.telnet.idle_timeout == 5min);
  CHECK(c.telnet.write_timeout == 1500ms);
  CHECK(c.http.listen == std::vector<ListenAddress>{{"127.0.0.1", 80}, {"::1", 8080}});
  CHECK(c.http.page_size == 20);
  CHECK(c.http.max_page_size == 20);
  CHECK(c.http.idle_timeout == 1h);
  CHECK(c.http.header_timeout == 2s);
  CHECK(c.limits.max_connections == 1);
  CHECK(c.limits.max_connections_per_ip == 1);
  CHECK(c.limits.max_line_bytes == 64);
  CHECK(c.server.threads == 1024);
  CHECK(c.server.shutdown_grace == 90s);
  CHECK(c.log.level == "off");
  CHECK(c.log.format == "json");
}

TEST_CASE("a key that is not set keeps its default", "[config][loader]") {
  auto result = parse_config("http:\n  page_size: 7\n", "t.yaml");
  REQUIRE(result.config);
  Config expected;
  expected.http.page_size = 7;
  CHECK(*result.config == expected);
}

TEST_CASE("a single address string is a one-element list, an empty list turns a protocol off",
          "[config][loader]") {
  auto single = parse_config("telnet:\n  listen: \"[::1]:2323\"\n", "t.yaml");
  REQUIRE(single.config);
  CHECK(single.config->telnet.listen == std::vector<ListenAddress>{{"::1", 2323}});
  auto off = parse_config("telnet:\n  listen: []\n", "t.yaml");
  REQUIRE(off.config);
  CHECK(off.config->telnet.listen.empty());
  CHECK(off.config->http.listen == Config{}.http.listen);
}

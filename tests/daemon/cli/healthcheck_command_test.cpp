// Pure parsing pieces of `charfinder healthcheck` (the probe itself is exercised against the
// real daemon by tests/deploy/container_test.sh through `podman healthcheck run`).
#include "daemon/cli/healthcheck_command.hpp"

#include <catch2/catch.hpp>

namespace charfinder {

TEST_CASE("parse_probe_target splits HOST:PORT and [IPv6]:PORT") {
  struct Case {
    const char* text;
    bool ok;
    const char* host;
    const char* port;
  };
  const Case cases[] = {
      {"127.0.0.1:8888", true, "127.0.0.1", "8888"},
      {"[::1]:8888", true, "::1", "8888"},
      {"localhost:1", true, "localhost", "1"},
      {"host:65535", true, "host", "65535"},
      {"127.0.0.1", false, "", ""},
      {"::1:8888", false, "", ""},
      {"[::1]8888", false, "", ""},
      {"[]:8888", false, "", ""},
      {":8888", false, "", ""},
      {"host:", false, "", ""},
      {"host:0", false, "", ""},
      {"host:65536", false, "", ""},
      {"host:+80", false, "", ""},
      {"host:123456", false, "", ""},
      {"", false, "", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    std::string error;
    auto target = parse_probe_target(c.text, error);
    REQUIRE(target.has_value() == c.ok);
    if (c.ok) {
      CHECK(target->host == c.host);
      CHECK(target->port == c.port);
      CHECK(error.empty());
    } else {
      CHECK(error.find(c.text) != std::string::npos);
    }
  }
}

TEST_CASE("parse_status_line reads the code of an HTTP/1.x status line") {
  struct Case {
    const char* line;
    std::optional<int> code;
  };
  const Case cases[] = {
      {"HTTP/1.1 200 OK", 200},
      {"HTTP/1.0 503 Service Unavailable", 503},
      {"HTTP/1.1 404", 404},
      {"HTTP/2 200 OK", std::nullopt},
      {"HTTP/1.1 20 OK", std::nullopt},
      {"HTTP/1.1 2000 OK", std::nullopt},
      {"HTTP/1.1 abc OK", std::nullopt},
      {"SSH-2.0-OpenSSH", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    CHECK(parse_status_line(c.line) == c.code);
  }
}

}  // namespace charfinder

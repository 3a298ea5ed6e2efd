#include "daemon/cli/overrides.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/listen_address.hpp"

using charfinder::Config;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("command-line overrides replace lists and the log level, all or nothing",
          "[cli][overrides]") {
  using charfinder::apply_overrides;
  struct Case {
    std::vector<std::string> telnet;
    std::vector<std::string> http;
    std::optional<std::string> level;
    std::vector<std::string> problems;
  };
  const Case cases[] = {
      {{}, {}, std::nullopt, {}},
      {{"127.0.0.1:0", "[::1]:0"}, {}, std::nullopt, {}},
      {{}, {"0.0.0.0:8080"}, "debug", {}},
      {{}, {}, "off", {}},
      {{"x"},
       {},
       std::nullopt,
       {"--telnet-listen: expected host:port, e.g. 127.0.0.1:2323, got \"x\""}},
      {{"127.0.0.1:1", "localhost:2"},
       {"[::1]"},
       "loud",
       {"--telnet-listen: expected an IPv4 or IPv6 address literal as host (names such as "
        "localhost are not resolved; use 127.0.0.1 or [::1]), got \"localhost:2\"",
        "--http-listen: expected [IPv6]:port, e.g. [::1]:2323, got \"[::1]\"",
        "--log-level: expected one of trace, debug, info, warn, error, off, got \"loud\""}},
      {{"127.0.0.1:5", "127.0.0.1:5"},
       {},
       std::nullopt,
       {"--telnet-listen: 127.0.0.1:5 is given twice"}},
      {{},
       {"127.0.0.1:2323"},
       std::nullopt,
       {"--http-listen: 127.0.0.1:2323 is also in telnet.listen"}},
      {{"127.0.0.1:8888"},
       {},
       std::nullopt,
       {"http.listen: 127.0.0.1:8888 is also in --telnet-listen"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.telnet, c.http, c.level.value_or("(none)"));
    Config config;
    config.limits.max_line_bytes = 99;  // stands for "what the file said": must survive
    const Config before = config;
    auto problems = apply_overrides(config, c.telnet, c.http, c.level);
    CHECK(joined(problems) == joined(c.problems));
    if (!problems.empty()) {
      CHECK(config == before);
      continue;
    }
    Config expected = before;
    std::string error;
    if (!c.telnet.empty()) {
      expected.telnet.listen.clear();
      for (const auto& text : c.telnet)
        expected.telnet.listen.push_back(*charfinder::parse_listen_address(text, error));
    }
    if (!c.http.empty()) {
      expected.http.listen.clear();
      for (const auto& text : c.http)
        expected.http.listen.push_back(*charfinder::parse_listen_address(text, error));
    }
    if (c.level) expected.log.level = *c.level;
    CHECK(config == expected);
  }
}

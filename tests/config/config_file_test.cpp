// to_yaml, the documented defaults file and reading files.
#include <unistd.h>

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

TEST_CASE("messages quote odd values safely", "[config][loader]") {
  auto problems = problems_of("log:\n  level: \"a\\tb\\\"c\"\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "t.yaml:2: log.level: expected one of trace, debug, info, warn, error, off, got "
        "\"a\\x09b\\\"c\"");
  problems = problems_of("log:\n  level: " + std::string(500, 'x') + "\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].size() < 200);
}

TEST_CASE("to_yaml prints every key and parses back to the same Config", "[config][loader]") {
  std::vector<Config> configs(4);
  configs[1].telnet.listen = {};
  configs[1].telnet.banner = false;
  configs[1].telnet.page_size = 0;
  configs[1].telnet.idle_timeout = 1500ms;
  configs[1].telnet.write_timeout = 8760h;
  configs[1].http.listen = {{"::", 0}, {"0.0.0.0", 80}, {"2001:db8::1", 65535}};
  configs[1].http.page_size = 1;
  configs[1].http.max_page_size = 100000;
  configs[1].http.idle_timeout = 1ms;
  configs[1].http.header_timeout = 2h;
  configs[1].limits.max_connections = 1;
  configs[1].limits.max_connections_per_ip = 18446744073709551615u;
  configs[1].limits.max_line_bytes = 1048576;
  configs[1].server.threads = 1024;
  configs[1].server.shutdown_grace = 61s;
  configs[1].server.drain_delay = 1500ms;
  configs[1].telnet.proxy_listen = {{"0.0.0.0", 2324}};
  configs[1].http.proxy_listen = {{"::", 8889}, {"127.0.0.1", 8890}};
  configs[1].log.level = "off";
  configs[1].log.format = "json";
  configs[2].http.listen = {};
  configs[2].log.level = "trace";
  configs[3].telnet.listen = {{"127.0.0.1", 1}, {"::1", 1}};
  configs[3].log.level = "error";
  for (const Config& config : configs) {
    const std::string yaml = charfinder::to_yaml(config);
    CAPTURE(yaml);
    auto back = parse_config(yaml, "effective.yaml");
    INFO(joined(back.problems));
    REQUIRE(back.config);
    CHECK(*back.config == config);
    CHECK(charfinder::to_yaml(*back.config) == yaml);
  }
  const std::string defaults = charfinder::to_yaml(Config{});
  for (const char* key :
       {"listen", "banner", "page_size", "idle_timeout", "write_timeout", "max_page_size",
        "header_timeout", "max_connections", "max_connections_per_ip", "max_line_bytes", "threads",
        "shutdown_grace", "drain_delay", "proxy_listen", "level", "format"}) {
    CAPTURE(key);
    CHECK_THAT(defaults, Catch::Contains(std::string("  ") + key + ": "));
  }
}

#ifdef CHARFINDER_SOURCE_DIR
// The documented defaults file must say exactly what the code does: same keys, same
// order, same values as to_yaml(Config{}), and each key has a comment.
TEST_CASE("config/charfinder.yaml parses to exactly the defaults", "[config][loader]") {
  const std::string path = std::string(CHARFINDER_SOURCE_DIR) + "/config/charfinder.yaml";
  auto result = charfinder::load_config_file(path);
  INFO(joined(result.problems));
  REQUIRE(result.config);
  CHECK(*result.config == Config{});

  std::ifstream file(path);
  std::string line;
  std::string stripped;
  while (std::getline(file, line)) {
    const auto hash = line.find('#');
    const bool is_key = line.size() > 2 && line[0] == ' ' && line.find(':') != std::string::npos &&
                        line.find_first_not_of(' ') < hash;
    if (is_key) {
      CAPTURE(line);
      CHECK(hash != std::string::npos);  // every key has its comment
    }
    line = line.substr(0, hash);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty()) continue;
    // "  banner:     true" -> "  banner: true"
    const auto colon = line.find(": ");
    if (colon != std::string::npos) {
      const auto value = line.find_first_not_of(' ', colon + 1);
      line = line.substr(0, colon + 2) + line.substr(value);
    }
    stripped += line + "\n";
  }
  CHECK(stripped == charfinder::to_yaml(Config{}));
}
#endif

TEST_CASE("load_config_file reads files and names unreadable ones", "[config][loader]") {
  TempDir dir;
  const std::string good = dir.write("good.yaml", "telnet:\n  page_size: 3\n");
  auto result = charfinder::load_config_file(good);
  REQUIRE(result.config);
  CHECK(result.config->telnet.page_size == 3);

  const std::string bad = dir.write("bad.yaml", "\n\ntelnet:\n  page_size: x\n");
  result = charfinder::load_config_file(bad);
  CHECK_FALSE(result.config);
  CHECK(joined(result.problems) ==
        joined({bad + ":4: telnet.page_size: expected an integer 0..100000, got \"x\""}));

  const std::string missing = (dir.path / "missing.yaml").string();
  result = charfinder::load_config_file(missing);
  CHECK_FALSE(result.config);
  CHECK(joined(result.problems) ==
        joined({"cannot read " + missing + ": No such file or directory"}));

  result = charfinder::load_config_file(dir.path.string());
  CHECK_FALSE(result.config);
  CHECK(joined(result.problems) ==
        joined({"cannot read " + dir.path.string() + ": Is a directory"}));

  const std::string big = dir.write("big.yaml", std::string((1 << 20) + 1, '#'));
  result = charfinder::load_config_file(big);
  CHECK_FALSE(result.config);
  REQUIRE(result.problems.size() == 1);
  CHECK_THAT(result.problems[0], Catch::StartsWith("cannot read " + big + ": larger than 1 MiB"));
}

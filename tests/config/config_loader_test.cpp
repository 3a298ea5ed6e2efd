#include "config/config_loader.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

// Every key with a value of the wrong type: exactly one problem, on line 2, naming the key.
TEST_CASE("wrong types are reported with file, line, key and what was expected",
          "[config][loader]") {
  struct Case {
    const char* section;
    const char* key;
    const char* value;
    const char* message;  // what follows "t.yaml:2: section.key: "
  };
  const Case cases[] = {
      {"telnet", "listen", "{a: 1}",
       "expected a list of \"host:port\" strings (an empty list [] turns it off), got a mapping"},
      {"telnet", "listen", "",
       "expected a list of \"host:port\" strings (an empty list [] turns it off), got nothing"},
      {"telnet", "banner", "maybe", "expected true or false, got \"maybe\""},
      {"telnet", "banner", "\"true\"",
       "expected true or false, got the string \"true\" (write it without quotes)"},
      {"telnet", "banner", "[true]", "expected true or false, got a list"},
      {"telnet", "banner", "", "expected true or false, got nothing"},
      {"telnet", "page_size", "abc", "expected an integer 0..100000, got \"abc\""},
      {"telnet", "page_size", "-1", "expected an integer 0..100000, got \"-1\""},
      {"telnet", "page_size", "1.5", "expected an integer 0..100000, got \"1.5\""},
      {"telnet", "page_size", "0x10", "expected an integer 0..100000, got \"0x10\""},
      {"telnet", "page_size", "~", "expected an integer 0..100000, got nothing"},
      {"telnet", "page_size", "{}", "expected an integer 0..100000, got a mapping"},
      {"telnet", "idle_timeout", "300",
       "expected a duration with a unit (ms, s, m, h), e.g. 30s or 1m30s, got \"300\""},
      {"telnet", "idle_timeout", "[1s]",
       "expected a duration with a unit (ms, s, m, h), e.g. 30s, got a list"},
      {"telnet", "write_timeout", "fast",
       "expected a duration with a unit (ms, s, m, h), e.g. 30s or 1m30s, got \"fast\""},
      {"http", "listen", "[[\"127.0.0.1:80\"]]", ""},  // element problem: see below
      {"http", "page_size", "\"100\"",
       "expected an integer 1..100000, got the string \"100\" (write it without quotes)"},
      {"http", "page_size", "true", "expected an integer 1..100000, got \"true\""},
      {"http", "max_page_size", "[]", "expected an integer 1..100000, got a list"},
      {"http", "idle_timeout", "15",
       "expected a duration with a unit (ms, s, m, h), e.g. 30s or 1m30s, got \"15\""},
      {"http", "header_timeout", "{}",
       "expected a duration with a unit (ms, s, m, h), e.g. 30s, got a mapping"},
      {"limits", "max_connections", "lots", "expected an integer >= 1, got \"lots\""},
      {"limits", "max_connections", "99999999999999999999999",
       "expected an integer >= 1, got \"99999999999999999999999\""},
      {"limits", "max_connections_per_ip", "-3", "expected an integer >= 1, got \"-3\""},
      {"limits", "max_line_bytes", "1k", "expected an integer 64..1048576, got \"1k\""},
      {"server", "threads", "auto", "expected an integer 0..1024, got \"auto\""},
      {"server", "shutdown_grace", "10",
       "expected a duration with a unit (ms, s, m, h), e.g. 30s or 1m30s, got \"10\""},
      {"log", "level", "[info]",
       "expected one of trace, debug, info, warn, error, off, got a list"},
      {"log", "level", "INFO",
       "expected one of trace, debug, info, warn, error, off, got \"INFO\""},
      {"log", "level", "warning",
       "expected one of trace, debug, info, warn, error, off, got \"warning\""},
      {"log", "level", "", "expected one of trace, debug, info, warn, error, off, got nothing"},
      {"log", "format", "xml", "expected one of text, json, got \"xml\""},
      {"log", "format", "1", "expected one of text, json, got \"1\""},
  };
  for (const Case& c : cases) {
    const std::string yaml = std::string(c.section) + ":\n  " + c.key + ": " + c.value + "\n";
    CAPTURE(yaml);
    auto problems = problems_of(yaml);
    REQUIRE(problems.size() == 1);
    const std::string path = std::string(c.section) + "." + c.key;
    if (*c.message == '\0') {
      CHECK_THAT(problems[0],
                 Catch::StartsWith("t.yaml:2: " + path +
                                   "[0]: expected a \"host:port\" string, got a list"));
    } else {
      CHECK(problems[0] == "t.yaml:2: " + path + ": " + c.message);
    }
  }
}

TEST_CASE("range checks", "[config][loader]") {
  struct Case {
    const char* yaml;
    const char* problem;  // nullptr: valid
  };
  const Case cases[] = {
      {"telnet:\n  page_size: 0\n", nullptr},
      {"telnet:\n  page_size: 100000\n", nullptr},
      {"telnet:\n  page_size: 100001\n",
       "t.yaml:2: telnet.page_size: expected an integer 0..100000, got 100001"},
      {"http:\n  page_size: 0\n", "t.yaml:2: http.page_size: expected an integer 1..100000, got 0"},
      {"http:\n  page_size: 1\n", nullptr},
      {"http:\n  page_size: 1000\n", nullptr},
      {"http:\n  page_size: 1001\n",
       "t.yaml:2: http.page_size: expected an integer 1..1000 (at most http.max_page_size), got "
       "1001"},
      {"http:\n  max_page_size: 50\n",
       "t.yaml:2: http.max_page_size: expected an integer 100..100000 (at least http.page_size, "
       "default 100), got 50"},
      {"http:\n  max_page_size: 50\n  page_size: 60\n",
       "t.yaml:3: http.page_size: expected an integer 1..50 (at most http.max_page_size), got 60"},
      {"http:\n  max_page_size: 50\n  page_size: 50\n", nullptr},
      {"http:\n  page_size: 100000\n  max_page_size: 100000\n", nullptr},
      {"http:\n  max_page_size: 0\n",
       "t.yaml:2: http.max_page_size: expected an integer 1..100000, got 0"},
      {"http:\n  max_page_size: 100001\n",
       "t.yaml:2: http.max_page_size: expected an integer 1..100000, got 100001"},
      {"limits:\n  max_connections: 0\n",
       "t.yaml:2: limits.max_connections: expected an integer >= 1, got 0"},
      {"limits:\n  max_connections: 1\n", nullptr},
      {"limits:\n  max_connections_per_ip: 0\n",
       "t.yaml:2: limits.max_connections_per_ip: expected an integer >= 1, got 0"},
      {"limits:\n  max_line_bytes: 63\n",
       "t.yaml:2: limits.max_line_bytes: expected an integer 64..1048576, got 63"},
      {"limits:\n  max_line_bytes: 1048576\n", nullptr},
      {"limits:\n  max_line_bytes: 1048577\n",
       "t.yaml:2: limits.max_line_bytes: expected an integer 64..1048576, got 1048577"},
      {"server:\n  threads: 0\n", nullptr},
      {"server:\n  threads: 1025\n",
       "t.yaml:2: server.threads: expected an integer 0..1024, got 1025"},
      {"telnet:\n  idle_timeout: 0s\n",
       "t.yaml:2: telnet.idle_timeout: expected a duration greater than zero, got \"0s\""},
      {"telnet:\n  write_timeout: 0ms\n",
       "t.yaml:2: telnet.write_timeout: expected a duration greater than zero, got \"0ms\""},
      {"http:\n  idle_timeout: 0h\n",
       "t.yaml:2: http.idle_timeout: expected a duration greater than zero, got \"0h\""},
      {"http:\n  header_timeout: 0m\n",
       "t.yaml:2: http.header_timeout: expected a duration greater than zero, got \"0m\""},
      {"server:\n  shutdown_grace: 0s\n",
       "t.yaml:2: server.shutdown_grace: expected a duration greater than zero, got \"0s\""},
      {"server:\n  shutdown_grace: 1ms\n", nullptr},
      {"server:\n  drain_delay: 0s\n", nullptr},  // the default: no drain
      {"server:\n  drain_delay: 5s\n", nullptr},
      {"server:\n  drain_delay: 5\n",
       "t.yaml:2: server.drain_delay: expected a duration with a unit (ms, s, m, h), e.g. 30s or "
       "1m30s, got \"5\""},
      {"server:\n  shutdown_grace: -1s\n",
       "t.yaml:2: server.shutdown_grace: expected a duration that is not negative, got \"-1s\""},
      {"server:\n  shutdown_grace: 8761h\n",
       "t.yaml:2: server.shutdown_grace: expected a duration of at most 8760h (a year), got "
       "\"8761h\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    auto problems = problems_of(c.yaml);
    if (c.problem == nullptr) {
      CHECK(problems.empty());
    } else {
      REQUIRE(problems.size() == 1);
      CHECK(problems[0] == c.problem);
    }
  }
}

TEST_CASE("listen lists: addresses checked one by one, both empty is an error",
          "[config][loader]") {
  struct Case {
    const char* yaml;
    std::vector<std::string> problems;
  };
  const Case cases[] = {
      {"telnet:\n  listen: []\nhttp:\n  listen: []\n",
       {"t.yaml:2: telnet.listen, http.listen: both lists are empty: nothing to listen on"}},
      {"http:\n  listen: []\ntelnet:\n  listen: []\n",
       {"t.yaml:4: telnet.listen, http.listen: both lists are empty: nothing to listen on"}},
      {"telnet:\n  listen: []\n", {}},
      {"http:\n  listen: []\n", {}},
      {"telnet:\n  listen:\n    - 127.0.0.1:1\n    - localhost:80\n    - \"[::1]:65536\"\n",
       {"t.yaml:4: telnet.listen[1]: expected an IPv4 or IPv6 address literal as host (names "
        "such as localhost are not resolved; use 127.0.0.1 or [::1]), got \"localhost:80\"",
        "t.yaml:5: telnet.listen[2]: expected a port 0..65535 after the colon, got "
        "\"[::1]:65536\""}},
      {"telnet:\n  listen: \"x\"\n",
       {"t.yaml:2: telnet.listen: expected host:port, e.g. 127.0.0.1:2323, got \"x\""}},
      {"telnet:\n  listen: [\"127.0.0.1\"]\n",
       {"t.yaml:2: telnet.listen[0]: expected host:port, e.g. 127.0.0.1:2323, got \"127.0.0.1\""}},
      // A rejected list keeps no addresses, so "both empty" is not claimed on top of it.
      {"telnet:\n  listen: [\"x\"]\nhttp:\n  listen: []\n",
       {"t.yaml:2: telnet.listen[0]: expected host:port, e.g. 127.0.0.1:2323, got \"x\""}},
      // The same address twice (port 0 is exempt: each gets its own free port).
      {"telnet:\n  listen: [\"[::]:0\", \"[::]:0\"]\nhttp:\n  listen: [\"[::]:0\"]\n", {}},
      {"telnet:\n  listen:\n    - 127.0.0.1:7\n    - 127.0.0.1:7\n",
       {"t.yaml:4: telnet.listen[1]: 127.0.0.1:7 is already in telnet.listen[0] at line 3"}},
      {"telnet:\n  listen: [\"[::1]:9\"]\nhttp:\n  listen: [\"[::1]:9\"]\n",
       {"t.yaml:4: http.listen[0]: [::1]:9 is already in telnet.listen[0] at line 2"}},
      {"http:\n  listen: [\"127.0.0.1:2323\"]\n",
       {"t.yaml:2: http.listen[0]: 127.0.0.1:2323 is already in telnet.listen[0] (default)"}},
      // PROXY listeners: a protocol may have only those; they count for "nothing to listen
      // on" and for duplicates like the plain lists.
      {"telnet:\n  listen: []\n  proxy_listen: [\"0.0.0.0:2324\"]\nhttp:\n  listen: []\n", {}},
      {"telnet:\n  listen: []\nhttp:\n  listen: []\n  proxy_listen: []\n",
       {"t.yaml:2: telnet.listen, http.listen: both lists are empty: nothing to listen on"}},
      {"http:\n  proxy_listen: [\"127.0.0.1:8888\"]\n",
       {"t.yaml:2: http.proxy_listen[0]: 127.0.0.1:8888 is already in http.listen[0] (default)"}},
      {"telnet:\n  proxy_listen: [\"x\"]\n",
       {"t.yaml:2: telnet.proxy_listen[0]: expected host:port, e.g. 127.0.0.1:2323, got \"x\""}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    CHECK(joined(problems_of(c.yaml)) == joined(c.problems));
  }
}

TEST_CASE("unknown keys at every level, with a did-you-mean", "[config][loader]") {
  struct Case {
    const char* yaml;
    const char* problem;
  };
  const Case cases[] = {
      {"telnt:\n  banner: true\n", "t.yaml:1: telnt: unknown key (did you mean telnet?)"},
      {"colour: red\n",
       "t.yaml:1: colour: unknown key (known keys: telnet, http, limits, server, search, memory, "
       "log)"},
      {"page_size: 5\n",
       "t.yaml:1: page_size: unknown key (did you mean telnet.page_size or http.page_size?)"},
      {"telnet:\n  pgae_size: 5\n",
       "t.yaml:2: telnet.pgae_size: unknown key (did you mean page_size?)"},
      {"# c\n\ntelnet:\n  banr: false\n",
       "t.yaml:4: telnet.banr: unknown key (did you mean banner?)"},
      {"telnet:\n  max_page_size: 5\n",
       "t.yaml:2: telnet.max_page_size: unknown key (did you mean http.max_page_size?)"},
      {"http:\n  banner: true\n",
       "t.yaml:2: http.banner: unknown key (did you mean telnet.banner?)"},
      {"http:\n  idle_timout: 1s\n",
       "t.yaml:2: http.idle_timout: unknown key (did you mean idle_timeout?)"},
      {"limits:\n  max_conections: 5\n",
       "t.yaml:2: limits.max_conections: unknown key (did you mean max_connections?)"},
      {"server:\n  workers: 4\n",
       "t.yaml:2: server.workers: unknown key (known keys: threads, shutdown_grace, drain_delay)"},
      {"log:\n  levle: info\n", "t.yaml:2: log.levle: unknown key (did you mean level?)"},
      {"log:\n  level: info\n  file: /tmp/x\n",
       "t.yaml:3: log.file: unknown key (known keys: level, format)"},
      {"telnet:\n  banner: true\n  banner: false\n",
       "t.yaml:3: telnet.banner: duplicate key (first at line 2)"},
      {"log: {}\nlog: {}\n", "t.yaml:2: log: duplicate key (first at line 1)"},
      {"telnet:\n  [a]: 1\n", "t.yaml:2: telnet: expected a key name, got a list"},
      {"telnet: 5\n", "t.yaml:1: telnet: expected a mapping of keys, got \"5\""},
      {"log: [info]\n", "t.yaml:1: log: expected a mapping of keys, got a list"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    CHECK(joined(problems_of(c.yaml)) == joined({c.problem}));
  }
}

TEST_CASE("documents that are not a mapping, or not YAML, are one problem with a line",
          "[config][loader]") {
  struct Case {
    const char* yaml;
    const char* problem;
  };
  const Case cases[] = {
      {"hello\n",
       "t.yaml:1: expected a mapping of sections (telnet, http, limits, server, search, memory, "
       "log) at "
       "the "
       "top level, got \"hello\""},
      {"# c\n- telnet\n",
       "t.yaml:2: expected a mapping of sections (telnet, http, limits, server, search, memory, "
       "log) at "
       "the "
       "top level, got a list"},
      {"telnet:\n  listen: [\"127.0.0.1:1\"\nhttp: {}\n",
       "t.yaml:3: invalid YAML: end of sequence flow not found (column 1)"},
      {"telnet:\n  banner: true\n page_size: 3\n",
       "t.yaml:3: invalid YAML: end of map not found (column 2)"},
      {"telnet: *nowhere\n",
       "t.yaml:1: invalid YAML: the referenced anchor is not defined (column 9)"},
      {"telnet: {}\n---\nhttp: {}\n",
       "t.yaml:3: expected one YAML document, found 2 (remove the extra '---')"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    CHECK(joined(problems_of(c.yaml)) == joined({c.problem}));
  }
}

TEST_CASE("every problem in a file is reported at once, in file order", "[config][loader]") {
  const std::string yaml =
      "telnet:\n"                       // 1
      "  banr: false\n"                 // 2
      "  page_size: lots\n"             // 3
      "  idle_timeout: 300\n"           // 4
      "http:\n"                         // 5
      "  page_size: 5000\n"             // 6
      "  listen: [\"localhost:80\"]\n"  // 7
      "limits:\n"                       // 8
      "  max_line_bytes: 1\n"           // 9
      "server:\n"                       // 10
      "  threads: -1\n"                 // 11
      "log:\n"                          // 12
      "  level: loud\n"                 // 13
      "  format: xml\n"                 // 14
      "extra: 1\n";                     // 15
  const std::vector<std::string> expected{
      "t.yaml:2: telnet.banr: unknown key (did you mean banner?)",
      "t.yaml:3: telnet.page_size: expected an integer 0..100000, got \"lots\"",
      "t.yaml:4: telnet.idle_timeout: expected a duration with a unit (ms, s, m, h), e.g. 30s "
      "or 1m30s, got \"300\"",
      "t.yaml:6: http.page_size: expected an integer 1..1000 (at most http.max_page_size), got "
      "5000",
      "t.yaml:7: http.listen[0]: expected an IPv4 or IPv6 address literal as host (names such "
      "as localhost are not resolved; use 127.0.0.1 or [::1]), got \"localhost:80\"",
      "t.yaml:9: limits.max_line_bytes: expected an integer 64..1048576, got 1",
      "t.yaml:11: server.threads: expected an integer 0..1024, got \"-1\"",
      "t.yaml:13: log.level: expected one of trace, debug, info, warn, error, off, got \"loud\"",
      "t.yaml:14: log.format: expected one of text, json, got \"xml\"",
      "t.yaml:15: extra: unknown key (known keys: telnet, http, limits, server, search, memory, "
      "log)",
  };
  CHECK(joined(problems_of(yaml)) == joined(expected));
}

// Found by tests/fuzz/config_loader_fuzz (corpus: regress-newline-in-yaml-cpp-message):
// yaml-cpp's message for a bad escape quotes the raw character, and a quoted key may hold
// any byte; both once put a newline (or an ESC) into a problem.
TEST_CASE("a problem is one line whatever control bytes the file holds", "[config][loader]") {
  const std::vector<std::string> files = {
      "telnet:\n  banner: \"a\\\nb\"\n",  // "unknown escape character: \n"
      "telnet:\n  \"bad\\nkey\": 1\n",    // an unknown key with a newline in its name
      "\"\\e[31mred\": 1\n",              // an ESC in an unknown section's name
  };
  for (const std::string& yaml : files) {
    CAPTURE(yaml);
    const charfinder::ConfigResult result = charfinder::parse_config(yaml, "c.yaml");
    REQUIRE_FALSE(result.problems.empty());
    for (const std::string& problem : result.problems) {
      CAPTURE(problem);
      CHECK(problem.rfind("c.yaml:", 0) == 0);
      CHECK(problem.find_first_of("\n\r\x1b") == std::string::npos);
    }
  }
}

// Found by tests/fuzz/config_loader_fuzz (corpus: regress-yaml-cpp-loadall-loop*): yaml-cpp
// 0.7's LoadAll() never returned on these, appending null documents until memory ran out.
TEST_CASE("text after the first node is an error, not an endless parse", "[config][loader]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{telnet: {}}, b}",
       "c.yaml:1: invalid YAML: unexpected text after the first node (column 13)"},
      {",", "c.yaml:1: invalid YAML: unexpected text after the first node (column 1)"},
      {"telnet: {}\n---\nhttp: {}\n---\n",
       "c.yaml:3: expected one YAML document, found 3 (remove the extra '---')"},
  };
  for (const auto& [yaml, problem] : cases) {
    CAPTURE(yaml);
    const charfinder::ConfigResult result = charfinder::parse_config(yaml, "c.yaml");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0] == problem);
  }
}

// tests/config/config_validation_test.cpp: the values a key refuses: wrong types, ranges, listen
// lists.
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

// tests/config/config_loader_test.cpp: the document as a whole: unknown keys, documents that are
// not a mapping or not YAML, every problem at once, one line a problem, one document.
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
  // Long messages are split into adjacent literals on purpose.
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
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
  // NOLINTEND(bugprone-suspicious-missing-comma)
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

#include "daemon/ops/logging.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace charfinder {
namespace {

// 2023-11-14T22:13:20.123Z
const auto kTime = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)) +
                   std::chrono::milliseconds(123);

}  // namespace

TEST_CASE("text log lines: UTC time, level, message with controls escaped", "[logging]") {
  struct Case {
    std::string message;
    std::string expected;  // the line after "2023-11-14T22:13:20.123Z info "
  };
  const std::vector<Case> cases = {
      {"ready telnet=127.0.0.1:2323 http=", "ready telnet=127.0.0.1:2323 http="},
      {"query 'chess black'", "query 'chess black'"},
      {"caf\xC3\xA9 \xE2\x98\x83 \xF0\x9F\x90\xB1", "caf\xC3\xA9 \xE2\x98\x83 \xF0\x9F\x90\xB1"},
      {"two\nlines", "two\\x0alines"},                       // no forged second line
      {"cr\r and esc\x1b[31m", "cr\\x0d and esc\\x1b[31m"},  // no terminal escapes
      {"del\x7f", "del\\x7f"},
      {"c1 \xC2\x9B", "c1 \\x9b"},         // C1 CSI, valid UTF-8: by code point, as everywhere
      {"bad \xFF\xC3", "bad \\xff\\xc3"},  // invalid and truncated UTF-8
      {"overlong \xC0\xAF", "overlong \\xc0\\xaf"},
      {"surrogate \xED\xA0\x80", "surrogate \\xed\\xa0\\x80"},
      {"", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    CHECK(format_log_line(LogFormat::kText, kTime, spdlog::level::info, c.message) ==
          "2023-11-14T22:13:20.123Z info " + c.expected + "\n");
  }
}

TEST_CASE("JSON log lines are one valid object with time, level and msg", "[logging]") {
  struct Case {
    std::string message;
    std::string expected_msg;  // after parsing the JSON
  };
  const std::vector<Case> cases = {
      {"plain", "plain"},
      {"quote \" backslash \\", "quote \" backslash \\"},
      {"two\nlines\ttab\r", "two\nlines\ttab\r"},
      {"nul \x01 esc \x1b", "nul \x01 esc \x1b"},
      {"caf\xC3\xA9 \xF0\x9F\x90\xB1", "caf\xC3\xA9 \xF0\x9F\x90\xB1"},
      {"bad \xFF end", "bad \xEF\xBF\xBD end"},  // invalid UTF-8 becomes U+FFFD
      {"truncated \xE2\x98", "truncated \xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    const std::string line =
        format_log_line(LogFormat::kJson, kTime, spdlog::level::warn, c.message);
    REQUIRE(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);  // exactly one line
    const auto object = nlohmann::json::parse(line);
    CHECK(object.size() == 3);
    CHECK(object.at("time") == "2023-11-14T22:13:20.123Z");
    CHECK(object.at("level") == "warn");
    CHECK(object.at("msg") == c.expected_msg);
  }
}

TEST_CASE("log levels and formats parse from their configuration names", "[logging]") {
  struct Case {
    std::string text;
    std::optional<spdlog::level::level_enum> level;
  };
  const std::vector<Case> cases = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"off", spdlog::level::off},
      {"INFO", std::nullopt},          {"", std::nullopt},
      {"loud", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_log_level(c.text) == c.level);
  }
  CHECK(parse_log_format("text") == LogFormat::kText);
  CHECK(parse_log_format("json") == LogFormat::kJson);
  CHECK_FALSE(parse_log_format("xml").has_value());
}

TEST_CASE("every level has its short name in the line", "[logging]") {
  using spdlog::level::level_enum;
  const std::vector<std::pair<level_enum, std::string>> cases = {
      {spdlog::level::trace, "trace"}, {spdlog::level::debug, "debug"},
      {spdlog::level::info, "info"},   {spdlog::level::warn, "warn"},
      {spdlog::level::err, "error"},   {spdlog::level::critical, "critical"},
  };
  for (const auto& [level, name] : cases) {
    CAPTURE(name);
    CHECK(format_log_line(LogFormat::kText, kTime, level, "m") ==
          "2023-11-14T22:13:20.123Z " + name + " m\n");
  }
}

}  // namespace charfinder

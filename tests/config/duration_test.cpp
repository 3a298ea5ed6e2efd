#include "config/duration.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace std::chrono_literals;
using charfinder::Duration;
using charfinder::format_duration;
using charfinder::parse_duration;

TEST_CASE("durations with a unit parse to milliseconds", "[config][duration]") {
  struct Case {
    const char* text;
    Duration expected;
  };
  const Case cases[] = {
      {"300s", 300s},    {"5m", 5min},           {"250ms", 250ms}, {"1h", 1h},
      {"0s", 0ms},       {"0ms", 0ms},           {"1m30s", 90s},   {"1h1m1s1ms", 3661001ms},
      {"10s", 10s},      {"8760h", 8760h},       {"007s", 7s},     {"1500ms", 1500ms},
      {"2h30m", 150min}, {"525600m", 525600min},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string error;
    auto parsed = parse_duration(c.text, error);
    REQUIRE(parsed);
    CHECK(*parsed == c.expected);
    CHECK(error.empty());
  }
}

TEST_CASE("malformed, negative or huge durations are rejected with a reason",
          "[config][duration]") {
  struct Case {
    const char* text;
    const char* reason;  // a fragment the message must contain
  };
  const Case cases[] = {
      {"0", "with a unit"},
      {"30", "with a unit"},
      {"", "with a unit"},
      {"s", "with a unit"},
      {"ms", "with a unit"},
      {"10 s", "with a unit"},
      {" 10s", "with a unit"},
      {"10s ", "with a unit"},
      {"10sec", "with a unit"},
      {"10S", "with a unit"},
      {"1.5s", "with a unit"},
      {"10d", "with a unit"},
      {"1e3ms", "with a unit"},
      {"+5s", "with a unit"},
      {"5s-", "with a unit"},
      {"abc", "with a unit"},
      {"-5s", "not negative"},
      {"-0s", "not negative"},
      {"8761h", "at most 8760h"},
      {"8760h1ms", "at most 8760h"},
      {"99999999999999999999999s", "at most 8760h"},
      {"9223372036854775807ms", "at most 8760h"},
      {"18446744073709551616h", "at most 8760h"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string error;
    CHECK_FALSE(parse_duration(c.text, error));
    CHECK_THAT(error, Catch::Contains(c.reason));
    CHECK_THAT(error, Catch::Contains(std::string("got \"") + c.text));
  }
}

TEST_CASE("format_duration writes what parse_duration reads back", "[config][duration]") {
  struct Case {
    Duration duration;
    const char* text;
  };
  const Case cases[] = {{300s, "300s"},     {0ms, "0s"},   {250ms, "250ms"},
                        {1500ms, "1500ms"}, {1h, "3600s"}, {8760h, "31536000s"}};
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(format_duration(c.duration) == c.text);
    std::string error;
    auto back = parse_duration(format_duration(c.duration), error);
    REQUIRE(back);
    CHECK(*back == c.duration);
  }
}

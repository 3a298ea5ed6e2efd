#include "config/duration.hpp"

#include <cstdint>

#include "text/escape.hpp"

namespace charfinder {

std::optional<Duration> parse_duration(std::string_view text, std::string& error) {
  const std::string expected =
      "expected a duration with a unit (ms, s, m, h), e.g. 30s or 1m30s, got " + quoted(text);
  if (text.empty()) {
    error = expected;
    return std::nullopt;
  }
  if (text.front() == '-') {
    error = "expected a duration that is not negative, got " + quoted(text);
    return std::nullopt;
  }
  const std::int64_t max_ms = kMaxDuration.count();
  const std::string too_large =
      "expected a duration of at most 8760h (a year), got " + quoted(text);
  std::int64_t total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') {
      error = expected;
      return std::nullopt;
    }
    std::int64_t number = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + (text[i] - '0');
      if (number > max_ms) {  // also bounds the multiplication below
        error = too_large;
        return std::nullopt;
      }
      ++i;
    }
    std::int64_t unit_ms = 0;
    if (text.substr(i, 2) == "ms") {
      unit_ms = 1;
      i += 2;
    } else if (i < text.size() && text[i] == 's') {
      unit_ms = 1000;
      ++i;
    } else if (i < text.size() && text[i] == 'm') {
      unit_ms = std::int64_t{60} * 1000;
      ++i;
    } else if (i < text.size() && text[i] == 'h') {
      unit_ms = std::int64_t{60} * 60 * 1000;
      ++i;
    } else {
      error = expected;
      return std::nullopt;
    }
    if (number > (max_ms - total_ms) / unit_ms) {
      error = too_large;
      return std::nullopt;
    }
    total_ms += number * unit_ms;
  }
  return Duration(total_ms);
}

std::string format_duration(Duration duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace charfinder

// config/duration.hpp
//
// Durations as written in the configuration: a sum of <digits><unit> parts with unit
// ms, s, m or h ("250ms", "30s", "5m", "1h", "1m30s"). A unit is required, so "0" and "30"
// are errors (a bare number would be ambiguous). Pure functions, no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace charfinder {

// The largest duration accepted: one year. Keeps every later conversion (to the
// nanoseconds of steady_clock, plus now()) far from overflow.
inline constexpr Duration kMaxDuration = std::chrono::hours(24 * 365);

// Parses a duration; nullopt (and `error` set to a phrase such as
// `expected a duration with a unit (ms, s, m, h), e.g. 30s, got "30"`) when malformed,
// negative or above kMaxDuration. Also declared in config/config_loader.hpp.
std::optional<Duration> parse_duration(std::string_view text, std::string& error);

// The shortest exact spelling parse_duration reads back: "300s", "250ms", "0s".
// Whole seconds are written in seconds (as the defaults in DESIGN.md are), the rest in ms.
std::string format_duration(Duration duration);

}  // namespace charfinder

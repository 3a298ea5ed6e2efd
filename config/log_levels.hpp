// config/log_levels.hpp
//
// The one list of log levels and log formats: config validation, the --log-level flag and
// the daemon's logger set-up all read these.
#pragma once

#include <array>
#include <string_view>

namespace charfinder {

// Most verbose first; "off" logs nothing.
inline constexpr std::array<std::string_view, 6> kLogLevels{"trace", "debug", "info",
                                                            "warn",  "error", "off"};
inline constexpr std::array<std::string_view, 2> kLogFormats{"text", "json"};

}  // namespace charfinder

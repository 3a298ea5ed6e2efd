// daemon/cli/overrides.hpp
//
// The command-line flags of `charfinder serve` that override the configuration file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace charfinder {

// Applies the command-line overrides of `charfinder serve` on top of a loaded (or default)
// Config: a non-empty `telnet_listen` / `http_listen` replaces that protocol's whole list;
// `log_level`, when set, replaces log.level. Returns the problems, each naming the flag:
//   --telnet-listen: expected host:port, got "x"
//   --log-level: expected one of trace, debug, info, warn, error, off, got "loud"
// and also an address repeated across the two lists. `config` is changed only when the
// result is empty (all or nothing), so on problems the caller prints them and exits 2.
[[nodiscard]] std::vector<std::string> apply_overrides(
    Config& config, const std::vector<std::string>& telnet_listen,
    const std::vector<std::string>& http_listen, const std::optional<std::string>& log_level);

}  // namespace charfinder

// config/config_loader.hpp
//
// YAML text -> Config. Every key is optional; unknown keys, wrong types and out-of-range
// values are all reported at once, each naming the file, line and key. Never throws:
// yaml-cpp's exceptions stop here. Pure functions: safe to call from any thread.
//
// The accepted language (config/charfinder.yaml shows every key with its default):
// - The top level is a mapping of sections (telnet, http, limits, server, log); an empty
//   file, a file of comments only, or a section left empty (`telnet:`) means "defaults".
// - Integers are plain decimal digits (no sign, no quotes, no 0x, no exponent).
// - Booleans are plain true/false (yaml-cpp also takes yes/no/on/off); quoted is a string.
// - Durations need a unit: "250ms", "30s", "5m", "1h", or a sum such as "1m30s"; a bare
//   "0" or "30" is an error. At most 8760h (a year), so chrono conversions never overflow.
//   Every timeout must be greater than zero.
// - `listen` is a list of "host:port" strings ("[v6]:port" for IPv6); a single string is
//   accepted as a one-element list. The host must be an IPv4 or IPv6 literal (names such as
//   localhost are rejected: nothing is resolved here). Port 0 asks for a free port. An empty
//   list turns that protocol off, but not both (nothing to listen on). The same address
//   (with a non-zero port) must not appear twice.
// - Ranges: telnet.page_size 0..100000 (0: no paging), http.page_size 1..max_page_size,
//   http.max_page_size 1..100000, limits.max_connections and max_connections_per_ip >= 1,
//   limits.max_line_bytes 64..1048576, server.threads 0..1024 (0: one per core),
//   log.level trace|debug|info|warn|error|off, log.format text|json.
// The keys, their rules and their order are the table in config/schema.hpp.
// Messages look like `charfinder.yaml:7: http.page_size: expected an integer 1..1000, got "abc"`
// and `charfinder.yaml:3: telnet.banr: unknown key (did you mean banner?)`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace charfinder {

struct ConfigResult {
  std::optional<Config> config;  // set only when `problems` is empty
  // In file order, e.g. "charfinder.yaml:7: http.page_size: expected an integer 1..1000
  // (at most http.max_page_size), got 5000".
  std::vector<std::string> problems;
};

// Parses `yaml`; `file_name` is only used in messages.
[[nodiscard]] ConfigResult parse_config(std::string_view yaml, std::string_view file_name);

// Reads and parses a file; an unreadable file is one problem naming it and the OS error
// ("cannot read /etc/charfinder.yaml: No such file or directory"). Messages use `path` as
// given. Files over 1 MiB are refused.
[[nodiscard]] ConfigResult load_config_file(const std::string& path);

// The effective configuration as YAML, every key present (what check-config prints).
// parse_config(to_yaml(c), …) gives back `c` exactly.
std::string to_yaml(const Config& config);

}  // namespace charfinder

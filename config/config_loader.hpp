// config/config_loader.hpp
//
// YAML text -> Config. Every key is optional; unknown keys, wrong types and out-of-range
// values are all reported at once, each naming the file, line and key. Never throws:
// yaml-cpp's exceptions stop here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace charfinder {

struct ConfigResult {
  std::optional<Config> config;       // set only when `problems` is empty
  std::vector<std::string> problems;  // "charfinder.yaml:7: http.page_size: expected 1..10000, got 0"
};

// Parses `yaml`; `file_name` is only used in messages.
[[nodiscard]] ConfigResult parse_config(std::string_view yaml, std::string_view file_name);

// Reads and parses a file; an unreadable file is one problem naming it and the OS error.
[[nodiscard]] ConfigResult load_config_file(const std::string& path);

// Parses one "host:port" / "[v6]:port" address; nullopt (and `error` set) when malformed.
std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error);

// Parses "300s", "5m", "250ms", "1h"; nullopt (and `error` set) when malformed.
std::optional<Duration> parse_duration(std::string_view text, std::string& error);

// The effective configuration as YAML, every key present (what check-config prints).
std::string to_yaml(const Config& config);

}  // namespace charfinder

// daemon/cli/commands.hpp
//
// The subcommands of the charfinder executable. Each returns the process exit code:
// 0 success; 1 runtime failure (port in use, nothing matched for `find`, probe failed);
// 2 usage or configuration error.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace charfinder {

struct ServeOptions {
  std::optional<std::string> config_file;  // -c/--config
  std::vector<std::string> telnet_listen;  // --telnet-listen (replaces the file's list)
  std::vector<std::string> http_listen;    // --http-listen (replaces the file's list)
  std::optional<std::string> log_level;    // --log-level
};

int run_serve(const ServeOptions& options);           // daemon/cli/serve_command.cpp
int run_find(const std::vector<std::string>& words);  // daemon/cli/find_command.cpp
int run_check_config(const std::string& file);        // daemon/cli/check_config_command.cpp
int run_healthcheck(const std::string& address);      // daemon/cli/healthcheck_command.cpp

// "charfinder 0.1.0 (ICU 72.1, Unicode 15.0)"
std::string version_line();  // daemon/cli/version.cpp: "charfinder 0.1.0 (ICU 72.1, Unicode 15.0)"

}  // namespace charfinder

// daemon/cli/healthcheck_command.hpp
//
// `charfinder healthcheck [HOST:PORT]`: a blocking probe of a running daemon's GET /healthz,
// for container HEALTHCHECKs and scripts. Exit 0 on HTTP 200; otherwise 1 and one line on
// stderr saying why (refused, timed out, bad answer, other status). The whole probe, name
// lookup included, is bounded by a deadline. The pure parsing pieces are exposed for tests.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace charfinder {

struct ProbeTarget {
  std::string host;  // name or IP literal, without brackets ("::1", "localhost")
  std::string port;  // decimal 1..65535, kept as text for the resolver
};

// "127.0.0.1:8888", "[::1]:8888", "localhost:8888" -> target; nullopt and `error` set
// (e.g. `expected HOST:PORT, got "x"`) when malformed. IPv6 needs the brackets.
std::optional<ProbeTarget> parse_probe_target(std::string_view text, std::string& error);

// The status code of an HTTP/1.x status line ("HTTP/1.1 200 OK"); nullopt when the line
// is not one.
std::optional<int> parse_status_line(std::string_view line);

// Sends GET /healthz to `target` and waits at most `timeout` for the status line.
// Returns the exit code and prints the verdict line (stdout on success, stderr otherwise).
int probe_healthz(const ProbeTarget& target, std::chrono::milliseconds timeout);

}  // namespace charfinder

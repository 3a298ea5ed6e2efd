// text/host_port.hpp
//
// "host:port" as DESIGN.md writes an address: IPv4 or a name as is ("127.0.0.1:2323"),
// IPv6 in brackets ("[::1]:2323"). Formatting and the syntactic split; what a host may be
// (an IP literal, a name to resolve) is each caller's rule. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace charfinder {

// "127.0.0.1:2323"; a host containing ':' (IPv6) is bracketed: "[::1]:2323".
std::string format_host_port(std::string_view host, std::uint16_t port);
std::string format_host_port(std::string_view host, std::string_view port);

struct HostPort {
  std::string_view host;  // without brackets; may be empty (":80", "[]:80")
  std::string_view port;  // the text after the colon, unchecked (see parse_port)
  bool bracketed = false;
};

enum class HostPortError {
  kNoColon,      // "localhost"
  kBadBrackets,  // "[::1", "[::1]2323"
  kBareIpv6,     // "::1:2323": an IPv6 address needs brackets
};

// Splits `text` at the port's colon. nullopt (and `error` set) when it is not host:port.
std::optional<HostPort> split_host_port(std::string_view text, HostPortError& error);

// A port: 1 to 5 decimal digits, at most 65535 (0 allowed). nullopt otherwise.
std::optional<std::uint16_t> parse_port(std::string_view text);

}  // namespace charfinder

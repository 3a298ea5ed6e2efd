// config/listen_address.cpp
//
// Listen addresses: "host:port", IPv6 as "[::1]:2323". The host must be an address literal
// (checked with inet_pton); names are never resolved here, so `localhost:80` is refused
// with a hint rather than bound to whatever the resolver says today.
#include "config/listen_address.hpp"

#include <arpa/inet.h>

#include <cstdint>

#include "text/escape.hpp"
#include "text/host_port.hpp"

namespace charfinder {
namespace {

// inet_pton reads a C string: "127.0.0.1\0junk" would pass as 127.0.0.1 and keep its NULs in
// the Config (found by config_loader_fuzz: to_yaml then printed a file that does not load).
bool has_nul(const std::string& host) { return host.find('\0') != std::string::npos; }

bool is_ipv4(const std::string& host) {
  in_addr address{};
  return !has_nul(host) && inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool is_ipv6(const std::string& host) {
  in6_addr address{};
  return !has_nul(host) && inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

}  // namespace

std::string ListenAddress::to_string() const { return format_host_port(host, port); }

std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error) {
  const std::string got = quoted(text);
  HostPortError split_error{};
  const std::optional<HostPort> split = split_host_port(text, split_error);
  if (!split) {
    switch (split_error) {
      case HostPortError::kBadBrackets:
        error = "expected [IPv6]:port, e.g. [::1]:2323, got " + got;
        break;
      case HostPortError::kNoColon:
        error = "expected host:port, e.g. 127.0.0.1:2323, got " + got;
        break;
      case HostPortError::kBareIpv6:
        error = "expected an IPv6 address in brackets, e.g. [::1]:2323, got " + got;
        break;
    }
    return std::nullopt;
  }
  std::string host(split->host);
  if (split->bracketed && !is_ipv6(host)) {
    error = "expected an IPv6 address literal inside the brackets, got " + got;
    return std::nullopt;
  }
  if (!split->bracketed && host.empty()) {
    error = "expected a host before the port (0.0.0.0 or [::] for every interface), got " + got;
    return std::nullopt;
  }
  if (!split->bracketed && !is_ipv4(host)) {
    error =
        "expected an IPv4 or IPv6 address literal as host (names such as localhost are "
        "not resolved; use 127.0.0.1 or [::1]), got " +
        got;
    return std::nullopt;
  }
  const std::optional<std::uint16_t> port = parse_port(split->port);
  if (!port) {
    error = "expected a port 0..65535 after the colon, got " + got;
    return std::nullopt;
  }
  return ListenAddress{std::move(host), *port};
}

std::vector<DuplicateAddress> find_duplicate_addresses(const std::vector<ListenAddress>& list) {
  std::vector<DuplicateAddress> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].port == 0) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (list[j] == list[i]) {
        out.push_back({j, i});
        break;
      }
    }
  }
  return out;
}

}  // namespace charfinder

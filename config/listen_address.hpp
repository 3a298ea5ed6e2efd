// config/listen_address.hpp
//
// Listen addresses as the configuration and the command line write them: "host:port"
// (text/host_port.hpp) whose host is an IPv4 or IPv6 literal. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace charfinder {

// Parses one "host:port" / "[v6]:port" address; nullopt (and `error` set) when malformed.
// `error` is a phrase without a key, e.g. `expected host:port, got "x"`.
std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error);

// One address given twice: indexes into the list passed to find_duplicate_addresses.
struct DuplicateAddress {
  std::size_t first;
  std::size_t second;
};

// Every address that repeats an earlier one, each reported once against its first
// occurrence. Port 0 never counts: every port-0 listener gets its own port.
std::vector<DuplicateAddress> find_duplicate_addresses(const std::vector<ListenAddress>& list);

}  // namespace charfinder

// Listen addresses: "host:port", IPv6 as "[::1]:2323". The host must be an address literal
// (checked with inet_pton); names are never resolved here, so `localhost:80` is refused
// with a hint rather than bound to whatever the resolver says today.
#include <arpa/inet.h>

#include <charconv>
#include <cstdint>

#include "config/config.hpp"
#include "config/config_loader.hpp"
#include "config/quote.hpp"

namespace charfinder {
namespace {

bool is_ipv4(const std::string& host) {
  in_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool is_ipv6(const std::string& host) {
  in6_addr address{};
  return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

}  // namespace

std::string ListenAddress::to_string() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error) {
  const std::string got = quoted(text);
  std::string host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      error = "expected [IPv6]:port, e.g. [::1]:2323, got " + got;
      return std::nullopt;
    }
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
    if (!is_ipv6(host)) {
      error = "expected an IPv6 address literal inside the brackets, got " + got;
      return std::nullopt;
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      error = "expected host:port, e.g. 127.0.0.1:2323, got " + got;
      return std::nullopt;
    }
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string::npos) {
      error = "expected an IPv6 address in brackets, e.g. [::1]:2323, got " + got;
      return std::nullopt;
    }
    if (host.empty()) {
      error = "expected a host before the port (0.0.0.0 or [::] for every interface), got " + got;
      return std::nullopt;
    }
    if (!is_ipv4(host)) {
      error =
          "expected an IPv4 or IPv6 address literal as host (names such as localhost are "
          "not resolved; use 127.0.0.1 or [::1]), got " +
          got;
      return std::nullopt;
    }
  }
  unsigned port = 0;
  const char* begin = port_text.data();
  const char* end = begin + port_text.size();
  bool digits_only = !port_text.empty() && port_text.size() <= 5;
  for (char c : port_text) digits_only = digits_only && c >= '0' && c <= '9';
  auto [rest, ec] = std::from_chars(begin, end, port);
  if (!digits_only || ec != std::errc() || rest != end || port > 65535) {
    error = "expected a port 0..65535 after the colon, got " + got;
    return std::nullopt;
  }
  return ListenAddress{std::move(host), static_cast<std::uint16_t>(port)};
}

}  // namespace charfinder

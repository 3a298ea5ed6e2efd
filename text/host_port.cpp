#include "text/host_port.hpp"

namespace charfinder {

std::string format_host_port(std::string_view host, std::string_view port) {
  std::string out;
  const bool v6 = host.find(':') != std::string_view::npos;
  if (v6) out += '[';
  out += host;
  if (v6) out += ']';
  out += ':';
  out += port;
  return out;
}

std::string format_host_port(std::string_view host, std::uint16_t port) {
  return format_host_port(host, std::to_string(port));
}

std::optional<HostPort> split_host_port(std::string_view text, HostPortError& error) {
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      error = HostPortError::kBadBrackets;
      return std::nullopt;
    }
    return HostPort{text.substr(1, close - 1), text.substr(close + 2), true};
  }
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    error = HostPortError::kNoColon;
    return std::nullopt;
  }
  const std::string_view host = text.substr(0, colon);
  if (host.find(':') != std::string_view::npos) {
    error = HostPortError::kBareIpv6;
    return std::nullopt;
  }
  return HostPort{host, text.substr(colon + 1), false};
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

}  // namespace charfinder

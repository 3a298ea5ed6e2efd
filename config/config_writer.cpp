// Config -> YAML: the effective configuration, every key present, in the order and form of
// config/charfinder.yaml, so parse_config() reads it back to the same Config (a test proves
// the round trip). What `charfinder check-config` prints.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_loader.hpp"
#include "config/duration.hpp"
#include "config/quote.hpp"

namespace charfinder {
namespace {

std::string yaml_string(std::string_view text) {
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? std::string(text) : quoted(text);
}

std::string yaml_listen(const std::vector<ListenAddress>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += quoted(list[i].to_string());
  }
  return out + "]";
}

}  // namespace

std::string to_yaml(const Config& c) {
  std::string out;
  auto line = [&out](std::string_view key, const std::string& value) {
    out += "  ";
    out += key;
    out += ": ";
    out += value;
    out += "\n";
  };
  auto boolean = [](bool b) { return std::string(b ? "true" : "false"); };
  out += "telnet:\n";
  line("listen", yaml_listen(c.telnet.listen));
  line("banner", boolean(c.telnet.banner));
  line("page_size", std::to_string(c.telnet.page_size));
  line("idle_timeout", format_duration(c.telnet.idle_timeout));
  line("write_timeout", format_duration(c.telnet.write_timeout));
  out += "http:\n";
  line("listen", yaml_listen(c.http.listen));
  line("page_size", std::to_string(c.http.page_size));
  line("max_page_size", std::to_string(c.http.max_page_size));
  line("idle_timeout", format_duration(c.http.idle_timeout));
  line("header_timeout", format_duration(c.http.header_timeout));
  out += "limits:\n";
  line("max_connections", std::to_string(c.limits.max_connections));
  line("max_connections_per_ip", std::to_string(c.limits.max_connections_per_ip));
  line("max_line_bytes", std::to_string(c.limits.max_line_bytes));
  out += "server:\n";
  line("threads", std::to_string(c.server.threads));
  line("shutdown_grace", format_duration(c.server.shutdown_grace));
  out += "log:\n";
  line("level", yaml_string(c.log.level));
  line("format", yaml_string(c.log.format));
  return out;
}

}  // namespace charfinder

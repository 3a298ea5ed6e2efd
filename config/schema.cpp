// config/schema.cpp: the table of keys (see schema.hpp).
#include "config/schema.hpp"

#include <algorithm>
#include <type_traits>

#include "config/duration.hpp"
#include "config/log_levels.hpp"
#include "text/escape.hpp"

namespace charfinder {
namespace {

using Kind = ValueRule::Kind;
constexpr std::uint64_t kMaxPageSize = 100000;

constexpr ValueRule integer(std::uint64_t lo, std::uint64_t hi) {
  return {Kind::kInteger, lo, hi, {}};
}
constexpr ValueRule rule(Kind kind) { return {kind, 0, 0, {}}; }
constexpr ValueRule one_of(std::span<const std::string_view> allowed) {
  return {Kind::kOneOf, 0, 0, allowed};
}
constexpr ValueRule subset_of(std::span<const std::string_view> allowed) {
  return {Kind::kSubsetOf, 0, 0, allowed};
}

// The member Config::*Section.*Member.
template <auto Section, auto Member>
ConfigField field(Config& config) {
  return &((config.*Section).*Member);
}

const SchemaKey kSchema[] = {
    {"telnet", "listen", rule(Kind::kListen), field<&Config::telnet, &TelnetConfig::listen>},
    {"telnet", "proxy_listen", rule(Kind::kListen),
     field<&Config::telnet, &TelnetConfig::proxy_listen>},
    {"telnet", "banner", rule(Kind::kBoolean), field<&Config::telnet, &TelnetConfig::banner>},
    {"telnet", "page_size", integer(0, kMaxPageSize),
     field<&Config::telnet, &TelnetConfig::page_size>},
    {"telnet", "idle_timeout", rule(Kind::kTimeout),
     field<&Config::telnet, &TelnetConfig::idle_timeout>},
    {"telnet", "write_timeout", rule(Kind::kTimeout),
     field<&Config::telnet, &TelnetConfig::write_timeout>},
    {"http", "listen", rule(Kind::kListen), field<&Config::http, &HttpConfig::listen>},
    {"http", "proxy_listen", rule(Kind::kListen), field<&Config::http, &HttpConfig::proxy_listen>},
    // The upper bound is max_page_size, checked once both are known (cross_check).
    {"http", "page_size", integer(1, kMaxPageSize), field<&Config::http, &HttpConfig::page_size>},
    {"http", "max_page_size", integer(1, kMaxPageSize),
     field<&Config::http, &HttpConfig::max_page_size>},
    {"http", "idle_timeout", rule(Kind::kTimeout), field<&Config::http, &HttpConfig::idle_timeout>},
    {"http", "header_timeout", rule(Kind::kTimeout),
     field<&Config::http, &HttpConfig::header_timeout>},
    {"limits", "max_connections", integer(1, ValueRule::kUnbounded),
     field<&Config::limits, &LimitsConfig::max_connections>},
    {"limits", "max_connections_per_ip", integer(1, ValueRule::kUnbounded),
     field<&Config::limits, &LimitsConfig::max_connections_per_ip>},
    {"limits", "max_line_bytes", integer(64, 1048576),
     field<&Config::limits, &LimitsConfig::max_line_bytes>},
    {"server", "threads", integer(0, 1024), field<&Config::server, &ServerConfig::threads>},
    {"server", "shutdown_grace", rule(Kind::kTimeout),
     field<&Config::server, &ServerConfig::shutdown_grace>},
    {"server", "drain_delay", rule(Kind::kDuration),
     field<&Config::server, &ServerConfig::drain_delay>},
    {"search", "sources", subset_of(kSearchSources),
     field<&Config::search, &SearchConfig::sources>},
    {"search", "languages", rule(Kind::kLanguages),
     field<&Config::search, &SearchConfig::languages>},
    {"memory", "http_cache_bytes", integer(0, ValueRule::kUnbounded),
     field<&Config::memory, &MemoryConfig::http_cache_bytes>},
    {"memory", "telnet_cache_bytes", integer(0, ValueRule::kUnbounded),
     field<&Config::memory, &MemoryConfig::telnet_cache_bytes>},
    {"memory", "trim_after", rule(Kind::kTimeout),
     field<&Config::memory, &MemoryConfig::trim_after>},
    {"log", "level", one_of(kLogLevels), field<&Config::log, &LogConfig::level>},
    {"log", "format", one_of(kLogFormats), field<&Config::log, &LogConfig::format>},
};

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

std::string yaml_words(const std::vector<std::string>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += yaml_string(list[i]);
  }
  return out + "]";
}

}  // namespace

std::span<const SchemaKey> config_schema() { return kSchema; }

const SchemaKey* find_schema_key(std::string_view section, std::string_view name) {
  for (const SchemaKey& key : kSchema)
    if (key.section == section && key.name == name) return &key;
  return nullptr;
}

std::string yaml_value(const SchemaKey& key, const Config& config) {
  Config copy = config;  // field() hands out a mutable member; this reads only
  return std::visit(
      [](auto* member) -> std::string {
        using T = std::remove_cvref_t<decltype(*member)>;
        if constexpr (std::is_same_v<T, bool>)
          return *member ? "true" : "false";
        else if constexpr (std::is_same_v<T, Duration>)
          return format_duration(*member);
        else if constexpr (std::is_same_v<T, std::string>)
          return yaml_string(*member);
        else if constexpr (std::is_same_v<T, std::vector<ListenAddress>>)
          return yaml_listen(*member);
        else if constexpr (std::is_same_v<T, std::vector<std::string>>)
          return yaml_words(*member);
        else
          return std::to_string(*member);
      },
      key.field(copy));
}

std::string join_words(std::span<const std::string_view> words, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += separator;
    out += words[i];
  }
  return out;
}

}  // namespace charfinder

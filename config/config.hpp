// config/config.hpp
//
// The configuration of DESIGN.md as plain structs whose member initialisers are the
// built-in defaults (config/charfinder.yaml documents the same values). No I/O here.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace charfinder {

using Duration = std::chrono::milliseconds;

// A listen address "host:port"; IPv6 as "[::1]:2323". Port 0 asks for a free port.
struct ListenAddress {
  std::string host;  // an IPv4 or IPv6 literal without brackets, e.g. "127.0.0.1", "::1"
  std::uint16_t port = 0;
  std::string to_string() const;  // "127.0.0.1:2323", "[::1]:2323"
  bool operator==(const ListenAddress&) const = default;
};

struct TelnetConfig {
  std::vector<ListenAddress> listen{{"127.0.0.1", 2323}};
  // Listeners whose connections must start with a PROXY protocol v1/v2 header (from a load
  // balancer); the header's client address is the peer for limits and logs.
  std::vector<ListenAddress> proxy_listen{};
  bool banner = true;
  std::size_t page_size = 100;  // 0: no paging
  Duration idle_timeout = std::chrono::seconds(300);
  Duration write_timeout = std::chrono::seconds(30);
  bool operator==(const TelnetConfig&) const = default;
};

struct HttpConfig {
  std::vector<ListenAddress> listen{{"127.0.0.1", 8888}};
  std::vector<ListenAddress> proxy_listen{};  // as telnet.proxy_listen
  std::size_t page_size = 100;
  std::size_t max_page_size = 1000;
  Duration idle_timeout = std::chrono::seconds(15);
  Duration header_timeout = std::chrono::seconds(10);
  bool operator==(const HttpConfig&) const = default;
};

struct LimitsConfig {
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_ip = 256;
  std::size_t max_line_bytes = 1024;
  bool operator==(const LimitsConfig&) const = default;
};

struct ServerConfig {
  unsigned threads = 0;  // 0: one per CPU core
  Duration shutdown_grace = std::chrono::seconds(10);
  // After SIGTERM/SIGINT: /readyz answers 503 at once, the listeners keep answering for
  // this long, then the graceful shutdown runs. 0: shut down at once.
  Duration drain_delay = std::chrono::seconds(0);
  bool operator==(const ServerConfig&) const = default;
};

// What the daemon may hold besides the index: the caches of rendered answers (their real
// heap bytes: keys, bodies, nodes) and when freed memory goes back to the system.
struct MemoryConfig {
  std::size_t http_cache_bytes = std::size_t{32} << 20;    // rendered HTTP answers; 0: no cache
  std::size_t telnet_cache_bytes = std::size_t{16} << 20;  // rendered telnet pages; 0: no cache
  Duration trim_after = std::chrono::seconds(2);           // quiet this long: return freed memory
  bool operator==(const MemoryConfig&) const = default;
};

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error, off
  std::string format = "text";  // text or json
  bool operator==(const LogConfig&) const = default;
};

// DESIGN.md "Beyond formal names". The names are those of index/sources.hpp; config/ does
// not link index/, so the daemon maps them (a test checks the two lists agree).
struct SearchConfig {
  std::vector<std::string> sources{
      "names", "aliases", "named_sequences", "informal_aliases", "unicode1_names",
      "emoji", "cldr",    "unihan"};
  std::vector<std::string> languages;  // CLDR locales searched besides English ("de", "all")
  bool operator==(const SearchConfig&) const = default;
};

struct Config {
  TelnetConfig telnet;
  HttpConfig http;
  LimitsConfig limits;
  ServerConfig server;
  SearchConfig search;
  MemoryConfig memory;
  LogConfig log;
  bool operator==(const Config&) const = default;
};

}  // namespace charfinder

// daemon/runtime/config_reload.hpp
//
// What a SIGHUP reload may change (DESIGN.md "Lifecycle"): a pure function from the running
// configuration and the freshly loaded one to the configuration to put in force.
//
//   live (new connections and requests): every key not listed below, i.e. log level and
//     format, limits, timeouts, page sizes, the banner, shutdown_grace, drain_delay,
//     search.languages (new HTTP requests and new telnet sessions, which read it from the
//     Config snapshot they hold);
//   restart-only: telnet.listen, telnet.proxy_listen, http.listen, http.proxy_listen,
//     server.threads, search.sources, memory.*: a change is reported and the running value
//     kept.
//
// The configuration to put in force is checked against the index exactly as at start-up
// (scope_from_config: an unknown language is a problem); any problem rejects the whole file.
//
// Keys are compared through the schema table (config/schema.hpp: yaml_value of each row), so
// a key added to the schema is live unless it is named in kRestartOnlyKeys. Pure: no I/O,
// no logging; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "index/entry_search.hpp"

namespace charfinder {

inline constexpr std::string_view kRestartOnlyKeys[] = {
    "telnet.listen",
    "telnet.proxy_listen",
    "http.listen",
    "http.proxy_listen",
    "server.threads",
    "search.sources",
    "memory.http_cache_bytes",
    "memory.telnet_cache_bytes",
    "memory.trim_after",
};

struct ReloadPlan {
  Config next;                       // what to put in force
  std::vector<std::string> changed;  // live keys whose value changes ("log.level"), schema order
  std::vector<std::string> restart_only;  // restart-only keys the file changed (kept as running)
  // Why `next` cannot be put in force ("search.languages: unknown language 'xx' (...)");
  // non-empty: the file is rejected and the running configuration stays.
  std::vector<std::string> problems;
};

// `index`: the running server's (its source table decides which languages exist).
ReloadPlan plan_reload(const Config& running, const Config& loaded, const CharacterIndex& index);

}  // namespace charfinder

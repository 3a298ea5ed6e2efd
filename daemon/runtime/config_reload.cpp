#include "daemon/runtime/config_reload.hpp"

#include <algorithm>

#include "config/schema.hpp"

namespace charfinder {
namespace {

bool restart_only(std::string_view key) {
  return std::find(std::begin(kRestartOnlyKeys), std::end(kRestartOnlyKeys), key) !=
         std::end(kRestartOnlyKeys);
}

// Keeps the running value of every restart-only key (one line per key of kRestartOnlyKeys).
void keep_restart_only(const Config& running, Config& next) {
  next.telnet.listen = running.telnet.listen;
  next.telnet.proxy_listen = running.telnet.proxy_listen;
  next.http.listen = running.http.listen;
  next.http.proxy_listen = running.http.proxy_listen;
  next.server.threads = running.server.threads;
  next.search.sources = running.search.sources;  // the index is built from them at start-up
  // The Server's CharacterSearch holds the checked default languages (scope_from_config at
  // start-up); the front ends read them there, not from the Config, so they need a restart.
  next.search.languages = running.search.languages;
  // The caches and the trimmer are built with their caps at start-up.
  next.memory = running.memory;
}

}  // namespace

ReloadPlan plan_reload(const Config& running, const Config& loaded) {
  ReloadPlan plan{loaded, {}, {}};
  for (const SchemaKey& key : config_schema()) {
    if (yaml_value(key, running) == yaml_value(key, loaded)) continue;
    std::string name = std::string(key.section) + "." + std::string(key.name);
    (restart_only(name) ? plan.restart_only : plan.changed).push_back(std::move(name));
  }
  keep_restart_only(running, plan.next);
  return plan;
}

}  // namespace charfinder

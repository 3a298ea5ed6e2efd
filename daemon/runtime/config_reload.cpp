#include "daemon/runtime/config_reload.hpp"

#include <algorithm>
#include <variant>

#include "config/schema.hpp"
#include "daemon/search/character_search.hpp"

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
  // The front ends' CharacterSearch is built with them at start-up (search.languages is
  // live: checked in plan_reload; requests and sessions read it from their Config snapshot).
  next.search.sources = running.search.sources;
  // The caches and the trimmer are built with their caps at start-up.
  next.memory = running.memory;
}

}  // namespace

ReloadPlan plan_reload(const Config& running, const Config& loaded, const CharacterIndex& index) {
  ReloadPlan plan{loaded, {}, {}, {}};
  for (const SchemaKey& key : config_schema()) {
    if (yaml_value(key, running) == yaml_value(key, loaded)) continue;
    std::string name = std::string(key.section) + "." + std::string(key.name);
    (restart_only(name) ? plan.restart_only : plan.changed).push_back(std::move(name));
  }
  keep_restart_only(running, plan.next);
  // As serve checks them at start-up: the sources (kept) and the new default languages.
  auto checked = scope_from_config(plan.next.search, index);
  if (auto* problem = std::get_if<std::string>(&checked)) plan.problems.push_back(*problem);
  return plan;
}

}  // namespace charfinder

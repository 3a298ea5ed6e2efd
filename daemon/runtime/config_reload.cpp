#include "daemon/runtime/config_reload.hpp"

#include <algorithm>
#include <map>

#include "config/config_loader.hpp"

namespace charfinder {
namespace {

bool restart_only(std::string_view key) {
  return std::find(std::begin(kRestartOnlyKeys), std::end(kRestartOnlyKeys), key) !=
         std::end(kRestartOnlyKeys);
}

// Keeps the running value of every restart-only key. One line per key; a key named in
// kRestartOnlyKeys that this build's Config does not have (search.sources before it exists)
// is simply never reported as changed.
void keep_restart_only(const Config& running, Config& next) {
  next.telnet.listen = running.telnet.listen;
  next.telnet.proxy_listen = running.telnet.proxy_listen;
  next.http.listen = running.http.listen;
  next.http.proxy_listen = running.http.proxy_listen;
  next.server.threads = running.server.threads;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> flatten_config(const Config& config) {
  // to_yaml writes "section:\n" lines and "  key: value\n" lines, nothing else.
  std::vector<std::pair<std::string, std::string>> out;
  const std::string yaml = to_yaml(config);
  std::string section;
  std::size_t start = 0;
  while (start < yaml.size()) {
    std::size_t end = yaml.find('\n', start);
    if (end == std::string::npos) end = yaml.size();
    const std::string_view line = std::string_view(yaml).substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (line[0] != ' ') {
      section = std::string(line.substr(0, colon));
      continue;
    }
    const std::size_t key_start = line.find_first_not_of(' ');
    std::string key = section + "." + std::string(line.substr(key_start, colon - key_start));
    std::string value(colon + 2 <= line.size() ? line.substr(colon + 2) : std::string_view{});
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

ReloadPlan plan_reload(const Config& running, const Config& loaded) {
  ReloadPlan plan{loaded, {}, {}};
  const auto before = flatten_config(running);
  const std::map<std::string, std::string> after_map = [&] {
    auto flat = flatten_config(loaded);
    return std::map<std::string, std::string>(flat.begin(), flat.end());
  }();
  for (const auto& [key, value] : before) {
    auto it = after_map.find(key);
    if (it == after_map.end() || it->second == value) continue;
    (restart_only(key) ? plan.restart_only : plan.changed).push_back(key);
  }
  keep_restart_only(running, plan.next);
  return plan;
}

}  // namespace charfinder

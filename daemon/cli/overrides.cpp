// daemon/cli/overrides.cpp: --telnet-listen, --http-listen and --log-level over the file.
#include "daemon/cli/overrides.hpp"

#include <algorithm>
#include <string_view>

#include "config/listen_address.hpp"
#include "config/log_levels.hpp"
#include "config/schema.hpp"
#include "text/escape.hpp"

namespace charfinder {

std::vector<std::string> apply_overrides(Config& config,
                                         const std::vector<std::string>& telnet_listen,
                                         const std::vector<std::string>& http_listen,
                                         const std::optional<std::string>& log_level) {
  std::vector<std::string> problems;
  Config updated = config;
  auto replace = [&problems](std::vector<ListenAddress>& list,
                             const std::vector<std::string>& texts, std::string_view flag) {
    if (texts.empty()) return;
    list.clear();
    for (const std::string& text : texts) {
      std::string error;
      if (auto address = parse_listen_address(text, error))
        list.push_back(*address);
      else
        problems.push_back(std::string(flag) + ": " + error);
    }
  };
  replace(updated.telnet.listen, telnet_listen, "--telnet-listen");
  replace(updated.http.listen, http_listen, "--http-listen");
  if (log_level) {
    if (std::find(kLogLevels.begin(), kLogLevels.end(), *log_level) == kLogLevels.end())
      problems.push_back("--log-level: expected one of " + join_words(kLogLevels, ", ") + ", got " +
                         quoted(*log_level));
    else
      updated.log.level = *log_level;
  }
  if (problems.empty() && (!telnet_listen.empty() || !http_listen.empty())) {
    std::vector<ListenAddress> addresses;
    std::vector<std::string_view> origins;  // the flag or key each address came from
    auto add = [&](const std::vector<ListenAddress>& list, bool overridden, std::string_view flag,
                   std::string_view key) {
      for (const ListenAddress& address : list) {
        addresses.push_back(address);
        origins.push_back(overridden ? flag : key);
      }
    };
    add(updated.telnet.listen, !telnet_listen.empty(), "--telnet-listen", "telnet.listen");
    add(updated.http.listen, !http_listen.empty(), "--http-listen", "http.listen");
    for (const DuplicateAddress& d : find_duplicate_addresses(addresses)) {
      const std::string_view first = origins[d.first];
      const std::string_view second = origins[d.second];
      const std::string where = first == second ? "given twice" : "also in " + std::string(first);
      problems.push_back(std::string(second) + ": " + addresses[d.second].to_string() + " is " +
                         where);
    }
  }
  if (problems.empty()) config = std::move(updated);
  return problems;
}

}  // namespace charfinder

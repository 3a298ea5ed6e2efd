// `charfinder serve`: configuration, logging, socket activation, index, listeners, run.
// Errors before the daemon is up are plain "charfinder: …" lines on stderr (whatever the
// log format), like any command-line tool's: exit 2 for configuration, 1 for runtime.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

#include "config/config_loader.hpp"
#include "daemon/commands.hpp"
#include "daemon/logging.hpp"
#include "daemon/server.hpp"
#include "daemon/systemd_notify.hpp"
#include "index/name_index.hpp"

namespace charfinder {
namespace {

void print_error(const std::string& message) {
  std::fprintf(stderr, "charfinder: %s\n", message.c_str());
}

}  // namespace

int run_serve(const ServeOptions& options) {
  Config config;
  if (options.config_file) {
    ConfigResult loaded = load_config_file(*options.config_file);
    if (!loaded.config) {
      for (const std::string& problem : loaded.problems) print_error(problem);
      return 2;
    }
    config = std::move(*loaded.config);
  }
  std::vector<std::string> problems =
      apply_overrides(config, options.telnet_listen, options.http_listen, options.log_level);
  const auto level = parse_log_level(config.log.level);
  const auto format = parse_log_format(config.log.format);
  if (problems.empty() && !level)
    problems.push_back("log.level: unknown level " + config.log.level);
  if (problems.empty() && !format)
    problems.push_back("log.format: expected text or json, got " + config.log.format);
  if (!problems.empty()) {
    for (const std::string& problem : problems) print_error(problem);
    return 2;
  }
  setup_logging(*level, *format);

  std::string error;
  const std::optional<ActivatedSockets> activated = take_activated_sockets(error);
  if (!error.empty()) {
    print_error(error);
    return 2;
  }

  const auto started = std::chrono::steady_clock::now();
  NameIndex index = NameIndex::build_from_icu();
  const IndexFacts facts = index.facts();
  spdlog::info("{}: index of {} words over {} characters built in {} ms", version_line(),
               facts.words, facts.named_chars,
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count());

  Server server(std::move(config), std::move(index));
  if (!server.open(activated, error)) {
    print_error(error);
    return 1;
  }
  if (activated)
    spdlog::info("using {} sockets from systemd socket activation",
                 activated->telnet.size() + activated->http.size());
  return server.run();
}

}  // namespace charfinder

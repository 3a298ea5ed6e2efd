// `charfinder serve`: configuration, logging, socket activation, index, listeners, run.
// Errors before the daemon is up are plain "charfinder: …" lines on stderr (whatever the
// log format), like any command-line tool's: exit 2 for configuration, 1 for runtime.
#include <spdlog/spdlog.h>

#include <bit>
#include <chrono>
#include <cstdio>

#include "config/config_loader.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/overrides.hpp"
#include "daemon/ops/logging.hpp"
#include "daemon/ops/systemd_notify.hpp"
#include "daemon/runtime/server.hpp"
#include "daemon/runtime/signals.hpp"
#include "daemon/search/character_search.hpp"
#include "index/name_index.hpp"

namespace charfinder {
namespace {

void print_error(const std::string& message) {
  (void)std::fprintf(stderr, "charfinder: %s\n", message.c_str());  // nowhere else to report
}

}  // namespace

int run_serve(const ServeOptions& options) {
  // Until the Server's signal_set has installed its handler, SIGTERM/SIGINT have their
  // default action (kill, exit 143). Block them first thing, before any thread exists (a
  // thread inherits the mask), so one that arrives during start-up stays pending; it is
  // delivered into the graceful shutdown once the handler is in place, and an operator's
  // "stop right after start" exits 0. Threads created meanwhile keep them blocked; that is
  // harmless: asio's handler is process-wide, and the main thread (and the io threads that
  // run() starts after the unblock, inheriting its mask) can take them.
  block_termination_signals(true);
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
  if (!problems.empty()) {
    for (const std::string& problem : problems) print_error(problem);
    return 2;
  }
  // Both were checked against kLogLevels / kLogFormats by the loader and apply_overrides.
  setup_logging(parse_log_level(config.log.level).value_or(spdlog::level::info),
                parse_log_format(config.log.format).value_or(LogFormat::kText));

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

  // The source table is part of the binary: opening it checks a header, nothing is parsed.
  const SourceTable* table = embedded_table(error);
  if (table == nullptr) {
    print_error(error);
    return 2;
  }
  SearchScope scope;
  {
    const CharacterIndex check(index, table);
    auto checked = scope_from_config(config.search, check);
    if (const auto* problem = std::get_if<std::string>(&checked)) {
      print_error((options.config_file ? *options.config_file + ": " : std::string()) + *problem);
      return 2;
    }
    scope = std::get<SearchScope>(std::move(checked));
  }
  spdlog::info(
      "source table: {} entries, {} texts, {} languages; search.sources {} of 8, "
      "default languages: {}",
      table->facts().entries, table->facts().texts, table->facts().languages,
      std::popcount(static_cast<unsigned>(scope.sources)), describe_languages(scope.languages));

  // SIGHUP re-reads the same file and applies the same command-line flags on top of it.
  Server::Reloader reloader;
  if (options.config_file) {
    reloader.file = *options.config_file;
    reloader.load = [options]() {
      ConfigResult loaded = load_config_file(*options.config_file);
      if (loaded.config) {
        std::vector<std::string> flags = apply_overrides(*loaded.config, options.telnet_listen,
                                                         options.http_listen, options.log_level);
        if (!flags.empty()) {
          loaded.config.reset();
          loaded.problems = std::move(flags);
        }
      }
      return loaded;
    };
  }
  Server server(std::move(config), std::move(index), table, scope.sources,
                std::move(reloader));  // registers the signal_sets
  block_termination_signals(false);    // a pending signal reaches the signal_set now
  if (!server.open(activated, error)) {
    print_error(error);
    return 1;
  }
  if (activated)
    spdlog::info("using {} sockets from systemd socket activation",
                 activated->telnet.size() + activated->http.size());
  const int status = server.run();
  // The signal_set's destructor restores the default action: a late signal must not turn a
  // clean stop into a kill while the Server is torn down.
  block_termination_signals(true);
  return status;
}

}  // namespace charfinder

// charfinder: finds Unicode characters by the words in their names.
// Subcommands: serve (the default), find, check-config, healthcheck. See daemon/cli/commands.hpp.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "daemon/cli/commands.hpp"

// jemalloc's options, read when it starts, if it is the allocator (daemon/CMakeLists.txt;
// unused with glibc's malloc): a background thread purges, and freed dirty pages go back to
// the system after 1 s. MALLOC_CONF in the environment overrides them.
extern "C" {
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

namespace {

int run(int argc, char** argv) {
  using namespace charfinder;
  CLI::App app{
      "charfinder: find Unicode characters by the words in their names.\n"
      "Without a subcommand, runs the daemon (`serve`)."};
  app.set_version_flag("-V,--version", version_line());

  ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "Run the daemon (telnet and HTTP front ends)");
  serve->add_option("-c,--config", serve_options.config_file, "YAML configuration file");
  serve->add_option("--telnet-listen", serve_options.telnet_listen,
                    "Telnet listen address host:port or [v6]:port (repeatable)");
  serve->add_option("--http-listen", serve_options.http_listen,
                    "HTTP listen address host:port or [v6]:port (repeatable)");
  serve->add_option("--log-level", serve_options.log_level,
                    "trace, debug, info, warn, error or off");

  std::vector<std::string> words;
  auto* find = app.add_subcommand(
      "find", "Print the characters whose names match WORDS… (find [-c FILE] [--lang L] WORDS…)");
  // Everything after `find` is the query, including terms that look like options (`-black`).
  find->prefix_command();
  find->footer(
      "Terms: word, word*, -term, \"adjacent words\", U+XXXX, U+XXXX..U+YYYY, literal "
      "characters, lang:de, scope:names.\nOptions before the words: -c FILE (its search "
      "settings), --lang L[,L…] (languages besides English; --lang list lists them).\n"
      "Exit: 0 matched, 1 nothing matched, 2 bad query or usage.");

  std::string config_file;
  auto* check = app.add_subcommand("check-config",
                                   "Validate a configuration file and print the effective one");
  check->add_option("file", config_file, "YAML configuration file")->required();

  std::string probe_address = "127.0.0.1:8888";
  auto* healthcheck = app.add_subcommand(
      "healthcheck", "Probe a running daemon's GET /healthz (for container HEALTHCHECK)");
  healthcheck->add_option("address", probe_address, "HTTP address host:port")
      ->capture_default_str();

  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help/version (code 0) or the usage error
    return code == 0 ? 0 : 2;
  }

  if (*find) {
    words = find->remaining();
    if (words.empty()) {
      std::cerr << "charfinder: find needs at least one word (see `charfinder find --help`)\n";
      return 2;
    }
    return run_find(words);
  }
  if (*check) return run_check_config(config_file);
  if (*healthcheck) return run_healthcheck(probe_address);
  return run_serve(serve_options);
}

}  // namespace

// An exception that escapes a subcommand (bad_alloc, say) is a runtime failure: exit 1 with
// its message, rather than std::terminate's abort and core dump.
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "charfinder: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "charfinder: unknown exception\n";
  }
  return 1;
}

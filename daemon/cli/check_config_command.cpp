// `charfinder check-config FILE`: validates a configuration file. On success prints the
// effective configuration (every key, defaults filled in) on stdout and exits 0; otherwise
// prints every problem on stderr, one per line prefixed "charfinder: ", and exits 2. An
// unreadable file is such a problem (it names the file and the OS error), and so is a
// search.languages locale the built-in source table does not have.
#include <iostream>

#include "config/config_loader.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/search/character_search.hpp"

namespace charfinder {

int run_check_config(const std::string& file) {
  const ConfigResult result = load_config_file(file);
  if (!result.config) {
    for (const std::string& problem : result.problems)
      std::cerr << "charfinder: " << problem << '\n';
    std::cerr << std::flush;
    return 2;
  }
  // search.languages must name locales the built-in table has (serve checks the same).
  std::string error;
  if (const SourceTable* table = embedded_table(error)) {
    const NameIndex no_names = NameIndex::build({});
    const CharacterIndex index(no_names, table);
    if (std::string bad = index.check_languages(result.config->search.languages); !bad.empty()) {
      std::cerr << "charfinder: " << file << ": search.languages: " << bad << '\n' << std::flush;
      return 2;
    }
  }
  std::cout << to_yaml(*result.config) << std::flush;
  if (!std::cout) {  // stdout closed or full: a runtime failure, not a bad config
    std::cerr << "charfinder: cannot write the configuration to stdout\n";
    return 1;
  }
  return 0;
}

}  // namespace charfinder

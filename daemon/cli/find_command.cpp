// `charfinder find [-c FILE] [--lang L[,L…]] WORDS...`: one-shot search from the command
// line. The words are joined with spaces into one query (so `charfinder find chess black` and
// `charfinder find "chess black"` agree); every match is printed as a terminal row (other-tier
// rows with their fourth field), then the status sentence. `-c FILE` reads the `search`
// settings of a configuration file as `serve` does; `--lang` sets the languages searched
// besides English (`--lang list` prints them). The options are read only before the first
// word, so a negative term such as `-black` is never taken for one.
// Exit codes: 0 something matched (or --lang list), 1 nothing matched, 2 bad query, option
// or configuration.
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <variant>

#include "config/config_loader.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/search/character_search.hpp"
#include "index/describe.hpp"
#include "index/entry_rows.hpp"
#include "index/icu_names.hpp"
#include "index/name_index.hpp"

namespace charfinder {
namespace {

std::vector<std::string> split_languages(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i < list.size() && list[i] != ',') continue;
    if (i > start) out.push_back(list.substr(start, i - start));
    start = i + 1;
  }
  return out;
}

}  // namespace

int run_find(const std::vector<std::string>& arguments) {
  std::optional<std::string> config_file;
  std::optional<std::string> languages;
  std::size_t first = 0;
  while (first < arguments.size()) {
    const std::string& a = arguments[first];
    if ((a == "-c" || a == "--config") && first + 1 < arguments.size()) {
      config_file = arguments[first + 1];
      first += 2;
    } else if (a == "--lang" && first + 1 < arguments.size()) {
      languages = arguments[first + 1];
      first += 2;
    } else if (a.starts_with("--lang=")) {
      languages = a.substr(7);
      ++first;
    } else if (a == "--") {
      ++first;
      break;
    } else {
      break;
    }
  }
  Config config;
  if (config_file) {
    ConfigResult loaded = load_config_file(*config_file);
    if (!loaded.config) {
      for (const std::string& problem : loaded.problems)
        std::cerr << "charfinder: " << problem << '\n';
      return 2;
    }
    config = std::move(*loaded.config);
  }
  std::string error;
  const SourceTable* table = embedded_table(error);
  if (table == nullptr) {
    std::cerr << "charfinder: " << error << '\n';
    return 2;
  }
  const NameIndex names = NameIndex::build_from_icu();
  CharacterSearch search(names, table);
  auto checked = scope_from_config(config.search, search.index);
  if (const auto* problem = std::get_if<std::string>(&checked)) {
    std::cerr << "charfinder: " << (config_file ? *config_file + ": " : "") << *problem << '\n';
    return 2;
  }
  // The scope views its languages: config.search.languages, or `asked` (--lang).
  std::vector<std::string> asked;
  SearchScope scope = std::get<SearchScope>(std::move(checked));
  if (languages) {
    if (*languages == "list") {
      for (const std::string& lang : search.index.languages()) std::cout << lang << '\n';
      return 0;
    }
    asked = split_languages(*languages);
    scope.languages = asked;
    if (std::string bad = search.index.check_languages(scope.languages); !bad.empty()) {
      std::cerr << "charfinder: --lang: " << bad << '\n';
      return 2;
    }
  }
  std::string query;
  for (std::size_t i = first; i < arguments.size(); ++i) {
    if (!query.empty()) query += ' ';
    query += arguments[i];
  }
  if (query.empty()) {
    std::cerr << "charfinder: find needs at least one word (see `charfinder find --help`)\n";
    return 2;
  }
  auto answer = search.index.run(query, scope);
  if (const auto* problem = std::get_if<std::string>(&answer)) {
    std::cerr << "charfinder: " << *problem << did_you_mean(search.suggest(query, scope)) << '\n';
    return 2;
  }
  EntryPage& page = std::get<EntryPage>(answer);
  search.index.describe(page);
  std::string out;
  for (const EntryHit& hit : page.hits) {
    out += entry_terminal_row(search.index, hit, scope.sources);
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  out += status_sentence(query, page.total);
  out += did_you_mean(search.suggest(query, scope));
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return page.total == 0 ? 1 : 0;
}

}  // namespace charfinder

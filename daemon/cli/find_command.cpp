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

// The command line, split. (Small functions, each with a few branches: clang-tidy's
// optional-access dataflow ran for over ten minutes on one function that did all of this.)
struct FindOptions {
  std::optional<std::string> config_file;
  std::optional<std::string> languages;
  std::string query;  // the words after the options, joined with spaces
};

FindOptions parse_options(const std::vector<std::string>& arguments) {
  FindOptions options;
  std::size_t first = 0;
  while (first < arguments.size()) {
    const std::string& a = arguments[first];
    if ((a == "-c" || a == "--config") && first + 1 < arguments.size()) {
      options.config_file = arguments[first + 1];
      first += 2;
    } else if (a == "--lang" && first + 1 < arguments.size()) {
      options.languages = arguments[first + 1];
      first += 2;
    } else if (a.starts_with("--lang=")) {
      options.languages = a.substr(7);
      ++first;
    } else {
      if (a == "--") ++first;
      break;
    }
  }
  for (std::size_t i = first; i < arguments.size(); ++i) {
    if (!options.query.empty()) options.query += ' ';
    options.query += arguments[i];
  }
  return options;
}

// Reads the configuration file into `config`; false after printing its problems.
bool load_config(const std::string& file, Config& config) {
  ConfigResult loaded = load_config_file(file);
  if (!loaded.config) {
    for (const std::string& problem : loaded.problems)
      std::cerr << "charfinder: " << problem << '\n';
    return false;
  }
  config = std::move(*loaded.config);
  return true;
}

// Applies `--lang L[,L…]`: the scope's languages then view `asked`. Returns false after
// printing an unknown language.
bool apply_languages(const std::string& languages, const CharacterSearch& search,
                     SearchScope& scope, std::vector<std::string>& asked) {
  asked = split_languages(languages);
  scope.languages = asked;
  if (std::string bad = search.index.check_languages(scope.languages); !bad.empty()) {
    std::cerr << "charfinder: --lang: " << bad << '\n';
    return false;
  }
  return true;
}

// Runs the query and prints its rows and status sentence; the exit code.
int print_answer(CharacterSearch& search, const std::string& query, const SearchScope& scope) {
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
      // A failed write sets the stream's error flag, which the end checks.
      (void)std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  out += status_sentence(query, page.total);
  out += did_you_mean(search.suggest(query, scope));
  out += '\n';
  (void)std::fwrite(out.data(), 1, out.size(), stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    std::cerr << "charfinder: the answer could not be written to standard output\n";
    return 1;
  }
  return page.total == 0 ? 1 : 0;
}

}  // namespace

int run_find(const std::vector<std::string>& arguments) {
  const FindOptions options = parse_options(arguments);
  Config config;
  if (options.config_file && !load_config(*options.config_file, config)) return 2;
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
    std::cerr << "charfinder: " << options.config_file.value_or("")
              << (options.config_file ? ": " : "") << *problem << '\n';
    return 2;
  }
  // The scope views its languages: config.search.languages, or `asked` (--lang).
  std::vector<std::string> asked;
  SearchScope scope = std::get<SearchScope>(std::move(checked));
  if (options.languages == "list") {
    for (const std::string& lang : search.index.languages()) std::cout << lang << '\n';
    return 0;
  }
  if (options.languages && !apply_languages(*options.languages, search, scope, asked)) return 2;
  if (options.query.empty()) {
    std::cerr << "charfinder: find needs at least one word (see `charfinder find --help`)\n";
    return 2;
  }
  return print_answer(search, options.query, scope);
}

}  // namespace charfinder

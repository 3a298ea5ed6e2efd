// daemon/search/character_search.hpp
//
// What every front end searches with (DESIGN.md "Beyond formal names"): the CharacterIndex
// over ICU's names and the source table embedded in the binary, and the scope the
// configuration gives (search.sources, search.languages). Built once at start-up; read-only
// afterwards, so any thread may use it.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "index/entry_search.hpp"

namespace charfinder {

struct CharacterSearch {
  CharacterSearch(const NameIndex& names, const SourceTable* table, SearchScope search_scope)
      : index(names, table), scope(std::move(search_scope)) {}
  CharacterIndex index;
  SearchScope scope;  // the configured sources and default languages

  // The scope with `languages` instead of the default (when given).
  SearchScope with_languages(const std::vector<std::string>* languages) const {
    SearchScope s = scope;
    if (languages != nullptr) s.languages = *languages;
    return s;
  }
};

// The table compiled into this binary, opened in place once. Its check cannot fail for a
// binary this build produced; if it did, the message says so (serve exits 2).
const SourceTable* embedded_table(std::string& error);

// search.sources and search.languages as a SearchScope, or the problem (an unknown
// language: the table decides which exist).
std::variant<SearchScope, std::string> scope_from_config(const SearchConfig& config,
                                                         const CharacterIndex& index);

// "de, fr" or "English only" (telnet /lang, logs).
std::string describe_languages(const std::vector<std::string>& languages);

}  // namespace charfinder

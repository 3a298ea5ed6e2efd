// daemon/search/character_search.hpp
//
// What every front end searches with (DESIGN.md "Beyond formal names"): the CharacterIndex
// over ICU's names and the source table embedded in the binary, and the scope the
// configuration gives (search.sources, search.languages). Built once at start-up; any thread
// may use it. The index and the sources never change; the default languages may (a SIGHUP
// reload puts new ones in force, checked first): each request or session takes one snapshot
// of them (default_languages()) and uses it for its search and its cache keys alike.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "index/entry_search.hpp"
#include "index/entry_spelling.hpp"

namespace charfinder {

struct CharacterSearch {
  // `search_scope`: the configured sources and the default languages (checked by the caller,
  // as scope_from_config does).
  CharacterSearch(const NameIndex& names, const SourceTable* table, SearchScope search_scope);
  CharacterIndex index;
  SourceSet sources;  // search.sources: fixed at start-up (restart-only)

  // The default languages in force (search.languages): a snapshot that a later
  // set_default_languages() leaves as it is. Never null. Thread-safe.
  std::shared_ptr<const std::vector<std::string>> default_languages() const {
    return default_languages_.load(std::memory_order_acquire);
  }
  // Puts `languages` (checked against `index` by the caller) in force for whoever takes a
  // snapshot from now on (SIGHUP reload). Thread-safe.
  void set_default_languages(std::vector<std::string> languages) {
    default_languages_.store(std::make_shared<const std::vector<std::string>>(std::move(languages)),
                             std::memory_order_release);
  }

  // The sources with `languages`, or (null) with the default languages in force now.
  SearchScope with_languages(const std::vector<std::string>* languages) const {
    SearchScope s;
    s.sources = sources;
    s.languages = languages != nullptr ? *languages : *default_languages();
    return s;
  }

  // The spelling structures over `index`, built on first use (about 100 ms for every source;
  // the server builds them before it says it is ready). Thread-safe.
  const EntrySpelling& spelling() const;

  // "Did you mean" for the query `text` (issue 10): up to three corrected queries with their
  // matches when a word of it is not in the vocabulary in `search_scope` (or a `lang:` code is
  // unknown); empty otherwise and for a query that does not parse. Cheap when every word is
  // known.
  std::vector<Suggestion> suggest(std::string_view text, const SearchScope& search_scope) const;
  // Completions of the last word of `text` (at most `limit`), or the parse error.
  std::variant<std::vector<Completion>, std::string> complete(std::string_view text,
                                                              const SearchScope& search_scope,
                                                              std::size_t limit) const;

 private:
  std::atomic<std::shared_ptr<const std::vector<std::string>>> default_languages_;
  mutable std::once_flag spelling_once_;
  mutable std::unique_ptr<EntrySpelling> spelling_;
};

// ". Did you mean: chess black (33)?" (several: "a (3), b (1)"), or "" for none: what the
// telnet and CLI status sentence gets after it. Control characters are written \xNN.
std::string did_you_mean(const std::vector<Suggestion>& suggestions);

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

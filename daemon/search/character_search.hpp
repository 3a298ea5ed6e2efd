// daemon/search/character_search.hpp
//
// What every front end searches with (DESIGN.md "Beyond formal names"): the CharacterIndex
// over ICU's names and the source table embedded in the binary, and the scope the
// configuration gives (search.sources). Built once at start-up; any thread may use it. The
// index and the sources never change. The default languages (search.languages) are not kept
// here: they change on a SIGHUP reload, so each request or session reads them from the
// Config snapshot it already holds (ConfigStore::current()) and uses that one list for its
// search and its cache keys alike.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "index/entry_search.hpp"
#include "index/entry_spelling.hpp"

namespace charfinder {

struct CharacterSearch {
  // `search_sources`: the configured sources (search.sources, as scope_from_config gives).
  CharacterSearch(const NameIndex& names, const SourceTable* table,
                  SourceSet search_sources = kAllSources);
  CharacterIndex index;
  SourceSet sources;  // search.sources: fixed at start-up (restart-only)

  // The sources with `languages` (a view, not copied: the caller keeps the strings alive
  // while the scope is used, e.g. its Config snapshot's search.languages).
  SearchScope with_languages(std::span<const std::string> languages) const {
    return SearchScope{sources, languages};
  }

  // The spelling structures over `index`, built on first use (about 100 ms for every source,
  // 2.4 s under ASan; the server builds them on a thread of its own, build_spelling(), while
  // it starts). Thread-safe. A caller that comes while build_spelling() runs waits for it; if
  // that build was stopped, the caller builds them itself, in full. Either way what it gets is
  // complete: spelling() never returns, and no caller ever sees, a structure built halfway.
  const EntrySpelling& spelling() const;
  // Builds the spelling structures unless they are built already, giving up at the next
  // checkpoint (EntrySpelling::build) once `stop` is requested. True when they are built;
  // false when stopped: nothing of that build is kept, and a later spelling() builds afresh.
  // Thread-safe.
  bool build_spelling(const std::stop_token& stop) const;

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
  // spelling_ is set once, whole, under spelling_mutex_, and never changed afterwards;
  // spelling_ready_ then publishes it (release), so readers skip the mutex.
  mutable std::mutex spelling_mutex_;
  mutable std::unique_ptr<EntrySpelling> spelling_;
  mutable std::atomic<const EntrySpelling*> spelling_ready_{nullptr};
};

// ". Did you mean: chess black (33)?" (several: "a (3), b (1)"), or "" for none: what the
// telnet and CLI status sentence gets after it. Control characters are written \xNN.
std::string did_you_mean(const std::vector<Suggestion>& suggestions);

// The table compiled into this binary, opened in place once. Its check cannot fail for a
// binary this build produced; if it did, the message says so (serve exits 2).
const SourceTable* embedded_table(std::string& error);

// search.sources and search.languages as a SearchScope, or the problem (an unknown
// language: the table decides which exist). The scope's languages view config.languages.
std::variant<SearchScope, std::string> scope_from_config(const SearchConfig& config,
                                                         const CharacterIndex& index);

// "de, fr" or "English only" (telnet /lang, logs).
std::string describe_languages(std::span<const std::string> languages);

}  // namespace charfinder

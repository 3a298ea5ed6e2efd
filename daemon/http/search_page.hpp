// daemon/http/search_page.hpp
//
// The server-rendered HTML search page (GET /): search box, example-word links, status
// sentence, the first page of rows, previous/next links, so it works without JavaScript.
// /static/app.js then adds endless scroll, search-as-you-type and details. Pure; thread-safe.
// Everything echoed is HTML-escaped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "index/correction.hpp"
#include "index/entry_search.hpp"
#include "index/search.hpp"

namespace charfinder {

struct SearchPageModel {
  std::string_view query;     // as typed ("" shows the start page)
  std::string_view error;     // the parser's message when the query is bad, else ""
  const SearchPage* results;  // nullptr when there is no query or it is bad
  std::size_t page = 1;       // 1-based page number
  std::size_t page_size = 100;
  // Entry results (the server's search); when set they are shown instead of `results`:
  // a row shows what matched when it is not the name, and a sequence as one glyph.
  const EntryPage* entries = nullptr;
  const CharacterIndex* index = nullptr;
  SourceSet sources = kAllSources;
  // The language control: the `lang` parameter as given (nullptr: the browser's
  // languages) and the locales to offer.
  const std::string* lang = nullptr;
  std::vector<std::string> languages = {};
  // "Did you mean" (issue 10): links to corrected queries with their matches, shown after
  // the status (also after an error, for an unknown `lang:` code).
  std::vector<Suggestion> suggestions = {};
};

std::string render_search_page(const SearchPageModel& model);

}  // namespace charfinder

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

#include "index/search.hpp"

namespace charfinder {

struct SearchPageModel {
  std::string_view query;     // as typed ("" shows the start page)
  std::string_view error;     // the parser's message when the query is bad, else ""
  const SearchPage* results;  // nullptr when there is no query or it is bad
  std::size_t page = 1;       // 1-based page number
  std::size_t page_size = 100;
};

std::string render_search_page(const SearchPageModel& model);

}  // namespace charfinder

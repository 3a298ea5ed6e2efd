// daemon/telnet/telnet_page_cache.hpp
//
// The telnet front end's cache of rendered answer pages (daemon/cache/lru_cache.hpp), keyed
// by (page size, first row, query); see telnet_commands.hpp.
#pragma once

#include <cstddef>
#include <string>

#include "daemon/cache/lru_cache.hpp"

namespace charfinder {

struct TelnetPage {
  std::string body;       // the rows and the status line, CRLF-terminated
  std::size_t total = 0;  // the query's match count (for paging and the log line)
  std::size_t heap_bytes() const { return charfinder::heap_bytes(body); }
};

using TelnetPageCache = LruCache<TelnetPage>;

}  // namespace charfinder

// daemon/http/response_cache.hpp
//
// The HTTP front end's cache of rendered search answers (daemon/cache/lru_cache.hpp), keyed
// by the canonical request: "search\n…" for /api/search, "page\n…" for the HTML page (GET /).
// Answers depend only on (build, ICU data, canonical request), so a cached body is
// byte-for-byte the one a fresh search would render.
#pragma once

#include <string>

#include "daemon/cache/lru_cache.hpp"

namespace charfinder {

struct CachedAnswer {
  std::string body;
  std::string link;  // the Link header value, or "" when there is no next page
  std::string etag;  // the page's ETag (of its body); "" for the API (derived from the key)
  std::size_t heap_bytes() const {
    return charfinder::heap_bytes(body) + charfinder::heap_bytes(link) +
           charfinder::heap_bytes(etag);
  }
};

using ResponseCache = LruCache<CachedAnswer>;

}  // namespace charfinder

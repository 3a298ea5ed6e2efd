// daemon/http/http_router.hpp
//
// Request -> response for every route of DESIGN.md "HTTP". No I/O: the session parses and
// writes, this decides. Thread-safe (reads only immutable data and the lock-free metrics).
//
//   GET /?q=QUERY&page=N    HTML search page (render_search_page); `query=` is a synonym of
//                           `q=`; a bad query renders the page with its error, status 400.
//   GET /api/search?q=QUERY&offset=0&limit=N
//       200 application/json {"query": "cat", "total": 123, "offset": 0, "limit": 100,
//                             "results": [{"code": "U+1F431", "char": "🐱", "name": "CAT FACE"}],
//                             "next": "/api/search?q=cat&offset=100&limit=100" or null,
//                             "suggestions": [{"query": "chess black", "total": 33}]}
//       "suggestions" (suggest_routes.hpp) is empty unless a word of the query is in no text
//       in scope; a 400 for an unknown `lang:` code carries it too when a known code is near.
//       plus `Link: </api/search?...>; rel="next"` when there is more. `limit` defaults to
//       http.page_size and is capped at http.max_page_size (the answer says the limit used).
//       400 {"error": "..."} for a missing or bad query, or a bad offset/limit (non-negative
//       decimal integers; limit >= 1).
//   GET /api/char/U+1F431
//       200 application/json {"code": "U+1F431", "char": "🐱", "name": "CAT FACE",
//           "aliases": [], "assigned": true, "general_category": "So",
//           "general_category_name": "Other Symbol", "block": "...", "script": "Common",
//           "age": "6.0" or null, "bidi_class": "ON", "bidi_class_name": "Other Neutral",
//           "east_asian_width": "W", "numeric_type": "Decimal" or null,
//           "numeric_value": 7 or null, "uppercase": "...", "lowercase": "...",
//           "titlecase": "...", "canonical_decomposition": ["U+0065", "U+0301"],
//           "compatibility_decomposition": [...], "utf8": "F0 9F 90 B1" or null,
//           "utf16": "D83D DC31", "html": "&#x1F431;"}
//       A surrogate code point's "char" (in search rows too) and its case mappings (the
//       surrogate itself) are the lone escape "\ud800" (RFC 8259 7 allows it; the body stays
//       valid UTF-8), its "utf8" is null and "utf16" names the unit. 404 {"error": ...}
//       outside U+0000..U+10FFFF or when malformed.
//   GET /api/languages  200 {"always": "en", "languages": ["af", ..., "zu"]}: the CLDR
//       locales that `lang=` (and `lang:` in a query) accept.
//   Search, page and character answers depend on the languages (lang=, else
//   Accept-Language, else search.languages) and say Vary: Accept-Language.
//   GET /api/complete, GET /opensearch.xml: see suggest_routes.hpp.
//   GET /healthz  200 "ok";  GET /readyz  200 "ready" or 503 "not ready";
//   GET /metrics  Prometheus text 0.0.4;  GET /static/NAME  embedded asset.
//   Any other method: 405 with Allow: GET, HEAD. Any other path: 404.
// Search and character answers carry a strong ETag derived from (version, ICU version, the
// canonical request) and Cache-Control: public, max-age=86400; a matching If-None-Match
// gets 304. HTML pages carry the Content-Security-Policy below; the page is cached like the
// API (in RouterContext::cache, keyed by everything it depends on) with the ETag of its body
// and Cache-Control: public, max-age=3600.
#pragma once

#include <string_view>

#include "config/config.hpp"
#include "daemon/http/http_request.hpp"
#include "daemon/http/http_response.hpp"
#include "daemon/http/response_cache.hpp"
#include "daemon/search/character_search.hpp"
#include "index/name_index.hpp"

namespace charfinder {

class Metrics;

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct RouterContext {
  const NameIndex& index;
  const Config& config;
  const Metrics& metrics;
  bool ready;  // for /readyz
  // The server's cache of rendered search answers (must serve this index only); nullptr:
  // every answer is rendered afresh.
  ResponseCache* cache = nullptr;
  // Names and the source table with the configured scope; null: the formal names alone.
  const CharacterSearch* search = nullptr;
};

// The response to `request` (HEAD is answered like GET; the caller drops the body).
HttpResponse route_request(const HttpRequest& request, const RouterContext& ctx);

// True when an If-None-Match field value matches `etag` (weak comparison, `*` matches).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace charfinder

// daemon/http/suggest_routes.hpp
//
// The routes of issue 10 ("did you mean", completion, charfinder as a browser search engine),
// and the JSON of suggestions the search answer carries. Pure; thread-safe.
//
//   GET /api/complete?q=PREFIX[&lang=de]
//       200 application/x-suggestions+json (the OpenSearch suggestions format):
//       ["ches", ["chess", "chest", ...], ["33 matches", "21 matches", ...],
//        ["/?q=chess", "/?q=chest", ...]]: the query as typed, then up to 10 queries with its
//       last word completed from the vocabulary in scope, ranked by their matches, their
//       descriptions and their page URLs. The same limits and errors as /api/search: 400
//       {"error": ...} for a missing or bad query or an unknown language; Vary:
//       Accept-Language; strong ETag, Cache-Control as search answers.
//   GET /opensearch.xml
//       200 application/opensearchdescription+xml: the search URL (/?q={searchTerms}) and
//       the suggestions URL (/api/complete?q={searchTerms}) on the request's Host, which
//       must be a valid host[:port] (RFC 3986 reg-name, IPv4 or [IPv6]; at most 255
//       bytes): else 400 and nothing of it is echoed. http, or https when
//       X-Forwarded-Proto says exactly that (a TLS proxy in front).
//   "suggestions": [{"query": "chess black", "total": 33}, ...] in /api/search answers.
#pragma once

#include <string_view>
#include <vector>

#include "daemon/http/http_request.hpp"
#include "daemon/http/http_response.hpp"
#include "daemon/http/http_router.hpp"
#include "daemon/http/url.hpp"
#include "index/correction.hpp"
#include "text/json_writer.hpp"

namespace charfinder {

inline constexpr std::string_view kSuggestionsJson =
    "application/x-suggestions+json; charset=utf-8";
inline constexpr std::string_view kOpenSearchXml =
    "application/opensearchdescription+xml; charset=utf-8";

HttpResponse complete_api(const HttpRequest& request, const QueryParams& params,
                          const RouterContext& ctx);
HttpResponse opensearch_description(const HttpRequest& request);

// 400 {"error": error}, with "suggestions" when there are any.
HttpResponse query_error(std::string_view error, const std::vector<Suggestion>& suggestions);

// Writes `[{"query": ..., "total": ...}, ...]` (an empty array for none).
void write_suggestions_json(JsonWriter& json, const std::vector<Suggestion>& suggestions);

// True when `host` is a Host header value we may echo: host [":" port], where host is an
// RFC 3986 reg-name of letters, digits, '-' and '.' (labels of 1-63, not starting or ending
// with '-'), an IPv4 address, or a bracketed IPv6 address (hex digits, ':' and '.'); port
// is 1-5 digits up to 65535. At most 255 bytes.
bool is_valid_host(std::string_view host);

}  // namespace charfinder

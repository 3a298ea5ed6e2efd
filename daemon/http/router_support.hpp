// daemon/http/router_support.hpp
//
// What the routes of http_router.cpp share: ETags and caching headers, JSON errors, the
// search a request uses, and the languages it asks for (lang=, Accept-Language, the
// configured default). Pure functions; the fallback search is per thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "daemon/http/http_request.hpp"
#include "daemon/http/http_response.hpp"
#include "daemon/http/http_router.hpp"
#include "daemon/http/url.hpp"
#include "daemon/search/character_search.hpp"

namespace charfinder {

inline constexpr std::string_view kJson = "application/json; charset=utf-8";
inline constexpr std::string_view kCacheForADay = "public, max-age=86400";
// The HTML page and the static assets it links: an hour, then revalidated by ETag.
inline constexpr std::string_view kPageCacheControl = "public, max-age=3600";

// A strong ETag for a canonical request: the version and ICU version are part of it, so an
// upgrade (new code or new Unicode data) never serves a stale answer.
std::string etag_of(std::string_view canonical_request);

std::string to_decimal(std::uint64_t value);

// {"error": message} with `status`, never cached.
HttpResponse json_error(int status, std::string_view message);

// Adds the ETag and caching headers; turns the response into a 304 when the client has it.
void make_cacheable(HttpResponse& response, const HttpRequest& request, std::string etag,
                    std::string_view cache_control);

// The server's CharacterSearch; without one (router unit tests), the formal names alone.
const CharacterSearch& search_of(const RouterContext& ctx);

// The language tags of an Accept-Language value (RFC 9110 12.5.4), most wanted first;
// q=0 tags are dropped.
std::vector<std::string> accept_language_tags(std::string_view header);

// The languages of a request besides English: `lang=de,fr` (the page's control; "" or
// "en" is English only), else Accept-Language, else the configured default (search.languages
// of ctx.config, the request's Config snapshot: SIGHUP may change it for later requests). An
// unknown `lang=` code is the one-line error. Resolve them once per request, then use that
// list for the search and the cache key alike.
// The answer is a view, not a copy: of `asked`, which receives the languages the request names
// itself, or of ctx.config. Both must outlive its use.
std::variant<std::span<const std::string>, std::string> request_languages(
    const HttpRequest& request, const QueryParams& params, const RouterContext& ctx,
    std::vector<std::string>& asked);

}  // namespace charfinder

// daemon/http/char_routes.hpp
//
// The character routes of the JSON API (DESIGN.md "JSON API"). Pure; thread-safe.
//
//   GET /api/char/LABEL[?lang=de]   LABEL is U+XXXX, or a sequence "U+1F1EB U+1F1F7" (the
//       path's %20 decoded) or "U+1F1EB,U+1F1F7": the details of that code point or
//       sequence, in the request's languages. 400 for a malformed label or an unknown
//       language, 404 for a sequence no source knows; Vary: Accept-Language; strong ETag.
//   GET /api/languages   the CLDR locales that `lang=` and `lang:` accept (English is always
//       searched).
#pragma once

#include <string_view>

#include "daemon/http/http_request.hpp"
#include "daemon/http/http_response.hpp"
#include "daemon/http/http_router.hpp"
#include "daemon/http/url.hpp"

namespace charfinder {

HttpResponse char_api(const HttpRequest& request, const QueryParams& params, std::string_view label,
                      const RouterContext& ctx);

HttpResponse languages_api(const HttpRequest& request, const RouterContext& ctx);

}  // namespace charfinder

#include "daemon/http/http_router.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <variant>

#include "daemon/http/char_routes.hpp"
#include "daemon/http/response_cache.hpp"
#include "daemon/http/router_support.hpp"
#include "daemon/http/search_page.hpp"
#include "daemon/http/static_assets.hpp"
#include "daemon/http/suggest_routes.hpp"
#include "daemon/http/url.hpp"
#include "daemon/ops/metrics.hpp"
#include "index/describe.hpp"
#include "index/entry_rows.hpp"
#include "index/icu_names.hpp"
#include "index/search.hpp"
#include "index/tokenize.hpp"
#include "text/form.hpp"
#include "text/join.hpp"
#include "text/json_writer.hpp"

namespace charfinder {
namespace {

// The query text: `q`, else its synonym `query`; nullptr when neither is present.
const std::string* query_param(const QueryParams& params) {
  if (const std::string* q = params.find("q")) return q;
  return params.find("query");
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

HttpResponse search_api(const HttpRequest& request, const QueryParams& params,
                        const RouterContext& ctx) {
  const std::string* q = query_param(params);
  if (q == nullptr) return json_error(400, "missing parameter q");
  const CharacterSearch& search = search_of(ctx);
  std::vector<std::string> asked;  // `languages` and `scope` may view it
  auto languages = request_languages(request, params, ctx, asked);
  if (const auto* error = std::get_if<std::string>(&languages)) return json_error(400, *error);
  const SearchScope scope = search.with_languages(std::get<0>(languages));
  std::uint64_t offset = 0;
  std::uint64_t limit = ctx.config.http.page_size;
  if (const std::string* text = params.find("offset")) {
    const auto value = parse_non_negative(*text);
    if (!value) return json_error(400, "offset must be a non-negative integer");
    offset = *value;
  }
  if (const std::string* text = params.find("limit")) {
    const auto value = parse_non_negative(*text);
    if (!value || *value == 0) return json_error(400, "limit must be a positive integer");
    limit = *value;
  }
  if (limit > ctx.config.http.max_page_size) limit = ctx.config.http.max_page_size;
  // Whether the languages are the server's default decides the `next` link (below), so it is
  // part of the key: after a reload changes search.languages, a body cached while `de` was the
  // default (its link without `&lang=`) is not served to a `lang=de` request.
  const bool default_languages = std::ranges::equal(scope.languages, ctx.config.search.languages);

  std::string canonical = "search\n";
  canonical += *q;
  canonical += '\n';
  canonical += to_decimal(offset);
  canonical += '\n';
  canonical += to_decimal(limit);
  canonical += '\n';
  canonical += join(scope.languages, ",");
  canonical += '\n';
  canonical += to_decimal(scope.sources);
  canonical += default_languages ? "\ndefault" : "\nasked";

  HttpResponse response;
  response.content_type = kJson;
  response.is_query = true;
  response.add_header("Vary", "Accept-Language");
  if (const auto cached = ctx.cache ? ctx.cache->find(canonical) : nullptr) {
    response.body = cached->body;
    if (!cached->link.empty()) response.add_header("Link", cached->link);
    make_cacheable(response, request, etag_of(canonical), kCacheForADay);
    return response;
  }

  auto answer = search.index.run(*q, scope, offset, limit);
  if (const auto* error = std::get_if<std::string>(&answer)) {
    // An unknown `lang:` code may be a typo: the error says what it may have been.
    return query_error(*error, search.suggest(*q, scope));
  }
  EntryPage& page = std::get<EntryPage>(answer);
  search.index.describe(page);

  std::string next;
  if (offset + limit < page.total) {
    next = "/api/search?q=" + form_encode(*q, FormStar::kEncode) +
           "&offset=" + to_decimal(offset + limit) + "&limit=" + to_decimal(limit);
    // The languages go with the link when they are not the server's default, so that the next
    // page searches what this one did whatever the client sends with it (and a cached body,
    // keyed by the resolved languages, is right for every request that shares it).
    if (!default_languages)
      next += "&lang=" + (scope.languages.empty() ? std::string("en") : join(scope.languages, ","));
  }

  JsonWriter json;
  json.reserve(128 + page.hits.size() * 128);
  json.begin_object();
  json.key("query").value(*q);
  json.key("total").value(static_cast<std::uint64_t>(page.total));
  json.key("by_name").value(static_cast<std::uint64_t>(page.by_name));
  json.key("offset").value(offset);
  json.key("limit").value(limit);
  json.key("results").begin_array();
  // The rows are the hot path of the API: appended directly, without per-value bookkeeping
  // or allocations (same output as JsonWriter would give).
  for (const EntryHit& hit : page.hits) write_entry_json(json, search.index, hit, scope.sources);
  json.end_array();
  json.key("next");
  if (next.empty())
    json.null();
  else
    json.value(next);
  json.key("suggestions");
  write_suggestions_json(json, search.suggest(*q, scope));
  json.end_object();
  auto fresh = std::make_shared<CachedAnswer>();
  response.body = json.take();
  fresh->body = response.body;  // an exact copy: cached for long, with no slack
  if (!next.empty()) fresh->link = "<" + next + ">; rel=\"next\"";
  if (!fresh->link.empty()) response.add_header("Link", fresh->link);
  if (ctx.cache) ctx.cache->insert(canonical, std::move(fresh));
  make_cacheable(response, request, etag_of(canonical), kCacheForADay);
  return response;
}

// The HTML page's canonical request: everything the rendered page depends on.
std::string page_key(std::string_view query, const QueryParams& params,
                     std::span<const std::string> languages, const RouterContext& ctx) {
  std::string key = "page\n";
  key += query;
  key += '\n';
  if (const std::string* page = params.find("page")) key += *page;
  key += '\n';
  key += to_decimal(ctx.config.http.page_size);
  key += '\n';
  key += join(languages, ",");
  key += '\n';
  if (const std::string* lang = params.find("lang")) key += "=" + *lang;  // the control
  key += '\n';
  key += to_decimal(search_of(ctx).sources);
  return key;
}

// `languages`: the request's, resolved once by the caller (its cache key has the same ones).
HttpResponse render_html(const QueryParams& params,
                         const std::variant<std::span<const std::string>, std::string>& languages,
                         const RouterContext& ctx) {
  const std::string* q = query_param(params);
  const std::string_view query = q ? std::string_view(*q) : std::string_view();
  const std::size_t page_size = ctx.config.http.page_size;
  SearchPageModel model{query, {}, nullptr, 1, page_size};
  const CharacterSearch& search = search_of(ctx);
  model.index = &search.index;
  model.sources = search.sources;
  model.lang = params.find("lang");
  model.languages = search.index.languages();
  std::string error;
  std::variant<EntryPage, std::string> answer;
  int status = 200;
  bool is_query = false;
  std::optional<std::uint64_t> page = 1;
  if (const std::string* text = params.find("page")) page = parse_non_negative(*text);
  if (!page || *page == 0 || *page > (std::uint64_t{1} << 40)) {
    error = "page must be a positive integer";
    status = 400;
  } else if (const auto* bad = std::get_if<std::string>(&languages)) {
    error = *bad;
    status = 400;
  } else if (!is_blank(query)) {
    model.page = static_cast<std::size_t>(*page);
    const SearchScope scope = search.with_languages(std::get<0>(languages));
    answer = search.index.run(query, scope, (model.page - 1) * page_size, page_size);
    is_query = true;
    if (const auto* message = std::get_if<std::string>(&answer)) {
      error = *message;
      status = 400;
      model.suggestions = search.suggest(query, scope);
    } else {
      EntryPage& entries = std::get<EntryPage>(answer);
      search.index.describe(entries);
      model.entries = &entries;
      model.suggestions = search.suggest(query, scope);
    }
  }
  model.error = error;

  HttpResponse response;
  response.status = status;
  response.is_query = is_query;
  response.body = render_search_page(model);
  return response;
}

// GET /: rendered once per canonical request (page_key) into the Server's ResponseCache,
// like the API; a cached page is served with the ETag of its body.
HttpResponse search_html(const HttpRequest& request, const QueryParams& params,
                         const RouterContext& ctx) {
  const std::string* q = query_param(params);
  const std::string_view query = q ? std::string_view(*q) : std::string_view();
  std::string key;
  std::shared_ptr<const CachedAnswer> cached;
  // Resolved once: the page rendered and the key it is cached under have the same languages
  // even when a reload changes the default meanwhile.
  std::vector<std::string> asked;  // `languages` may view it
  const auto languages = request_languages(request, params, ctx, asked);
  if (ctx.cache) {
    if (const auto* known = std::get_if<0>(&languages)) {
      key = page_key(query, params, *known, ctx);
      cached = ctx.cache->find(key);
    }
  }
  HttpResponse response;
  std::string etag;
  if (cached) {
    response.is_query = !is_blank(query);
    response.body = cached->body;
    etag = cached->etag;
  } else {
    response = render_html(params, languages, ctx);
    if (response.status == 200) {
      // The page embeds asset references that may change with the build: hash the body.
      etag = etag_of(response.body);
      if (!key.empty()) {
        auto fresh = std::make_shared<CachedAnswer>();
        fresh->body = response.body;
        fresh->etag = etag;
        ctx.cache->insert(key, std::move(fresh));
      }
    }
  }
  response.content_type = "text/html; charset=utf-8";
  static const std::string csp(kContentSecurityPolicy);
  response.add_header("Content-Security-Policy", csp);
  response.add_header("Vary", "Accept-Language");
  response.add_header("Referrer-Policy", "no-referrer");
  if (response.status == 200) {
    // As long as the static assets the page links (a new build may change both).
    make_cacheable(response, request, std::move(etag), kPageCacheControl);
  } else {
    response.add_header("Cache-Control", "no-store");
  }
  return response;
}

HttpResponse static_file(const HttpRequest& request, std::string_view name) {
  const StaticAsset* asset = find_static_asset(name);
  if (asset == nullptr) return plain_error(404, "no such file");
  HttpResponse response;
  response.content_type = asset->content_type;
  response.body = asset->body;
  make_cacheable(response, request, std::string(asset->etag), kPageCacheControl);
  return response;
}

HttpResponse text(int status, std::string body,
                  std::string_view content_type = "text/plain; charset=utf-8") {
  HttpResponse response;
  response.status = status;
  response.content_type = content_type;
  response.body = std::move(body);
  response.add_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  const auto strip_weak = [](std::string_view tag) {
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
    return tag;
  };
  etag = strip_weak(etag);
  std::size_t start = 0;
  while (start <= if_none_match.size()) {
    std::size_t end = if_none_match.find(',', start);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view element = if_none_match.substr(start, end - start);
    while (!element.empty() && (element.front() == ' ' || element.front() == '\t'))
      element.remove_prefix(1);
    while (!element.empty() && (element.back() == ' ' || element.back() == '\t'))
      element.remove_suffix(1);
    if (element == "*" || (!element.empty() && strip_weak(element) == etag)) return true;
    start = end + 1;
  }
  return false;
}

HttpResponse route_request(const HttpRequest& request, const RouterContext& ctx) {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse response = plain_error(405, "only GET and HEAD are supported");
    response.add_header("Allow", "GET, HEAD");
    return response;
  }
  const SplitTarget split = split_target(request.target);
  const auto path = percent_decode(split.path, false);
  if (!path) return plain_error(400, "malformed percent-encoding in the path");
  const bool api = path->starts_with("/api/");
  std::string error;
  const auto params = parse_query_string(split.query, error);
  if (!params) return api ? json_error(400, error) : plain_error(400, error);

  if (*path == "/") return search_html(request, *params, ctx);
  if (*path == "/api/search") return search_api(request, *params, ctx);
  if (*path == "/api/complete") return complete_api(request, *params, ctx);
  if (*path == "/opensearch.xml") return opensearch_description(request);
  if (*path == "/api/languages") return languages_api(request, ctx);
  if (path->starts_with("/api/char/"))
    return char_api(request, *params,
                    std::string_view(*path).substr(std::string_view("/api/char/").size()), ctx);
  if (*path == "/healthz") return text(200, "ok\n");
  if (*path == "/readyz") return ctx.ready ? text(200, "ready\n") : text(503, "not ready\n");
  if (*path == "/metrics")
    return text(200, ctx.metrics.render_prometheus(ctx.index.facts()),
                "text/plain; version=0.0.4; charset=utf-8");
  if (path->starts_with("/static/"))
    return static_file(request,
                       std::string_view(*path).substr(std::string_view("/static/").size()));
  if (api) return json_error(404, "no such API endpoint");
  return plain_error(404, "no such page");
}

}  // namespace charfinder

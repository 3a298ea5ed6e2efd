#include "daemon/http/http_router.hpp"

#include <unicode/uversion.h>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <variant>

#include "daemon/http/response_cache.hpp"
#include "daemon/http/search_page.hpp"
#include "daemon/http/static_assets.hpp"
#include "daemon/http/url.hpp"
#include "daemon/metrics.hpp"
#include "index/char_details.hpp"
#include "index/describe.hpp"
#include "index/icu_names.hpp"
#include "index/search.hpp"
#include "index/tokenize.hpp"
#include "text/form.hpp"
#include "text/hex.hpp"
#include "text/json_writer.hpp"

namespace charfinder {
namespace {

constexpr std::string_view kJson = "application/json; charset=utf-8";
constexpr std::string_view kCacheForADay = "public, max-age=86400";
// Rendered search answers kept for repeated requests (see response_cache.hpp).
constexpr std::size_t kSearchCacheBytes = 32 * 1024 * 1024;

// FNV-1a, 64 bits: ETags only need to change when the answer may change.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// A strong ETag for a canonical request: the version and ICU version are part of it, so an
// upgrade (new code or new Unicode data) never serves a stale answer.
std::string etag_of(std::string_view canonical_request) {
  std::uint64_t h = fnv1a("charfinder/" CHARFINDER_VERSION " icu/" U_ICU_VERSION "\n");
  h = fnv1a(canonical_request, h);
  std::string etag = "\"";
  append_hex(etag, h, 16, HexCase::kLower);
  etag += '"';
  return etag;
}

std::string to_decimal(std::uint64_t value) {
  char buffer[24];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

HttpResponse json_error(int status, std::string_view message) {
  HttpResponse response;
  response.status = status;
  response.content_type = kJson;
  JsonWriter json;
  json.begin_object().key("error").value(message).end_object();
  response.body = json.take();
  response.add_header("Cache-Control", "no-store");
  return response;
}

// Adds the ETag and caching headers; turns the response into a 304 when the client has it.
void make_cacheable(HttpResponse& response, const HttpRequest& request, std::string etag,
                    std::string_view cache_control) {
  const std::string* if_none_match = request.header("If-None-Match");
  if (if_none_match && etag_matches(*if_none_match, etag)) {
    response.status = 304;
    response.send_body = false;
  }
  response.add_header("ETag", std::move(etag));
  response.add_header("Cache-Control", std::string(cache_control));
}

// The query text: `q`, else its synonym `query`; nullptr when neither is present.
const std::string* query_param(const QueryParams& params) {
  if (const std::string* q = params.find("q")) return q;
  return params.find("query");
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// {"code":"U+1F431","char":"🐱","name":"CAT FACE"}; the name is display_name(code): the
// Unicode name, or ICU's extended name for unnamed code points (one ICU call with
// NameChoice::kExtended gives exactly that, into a stack buffer).
void append_search_row(std::string& out, char32_t code) {
  char hex[8];
  out += "{\"code\":\"U+";
  out += hex_of(code, hex);
  out += "\",\"char\":";
  // The code point itself, through the u32string overload: a surrogate becomes its \udXXX
  // escape (RFC 8259 7), never UTF-8 bytes, which cannot carry it.
  append_json_string(out, std::u32string_view(&code, 1));
  out += ",\"name\":";
  char buffer[128];
  const std::string_view name = name_into(code, NameChoice::kExtended, buffer);
  append_json_string(out, name.empty() ? display_name(code) : std::string(name));
  out += '}';
}

HttpResponse search_api(const HttpRequest& request, const QueryParams& params,
                        const RouterContext& ctx) {
  const std::string* q = query_param(params);
  if (q == nullptr) return json_error(400, "missing parameter q");
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

  std::string canonical = "search\n";
  canonical += *q;
  canonical += '\n';
  canonical += to_decimal(offset);
  canonical += '\n';
  canonical += to_decimal(limit);

  HttpResponse response;
  response.content_type = kJson;
  response.is_query = true;
  static ResponseCache cache(kSearchCacheBytes);
  if (const auto cached = cache.find(canonical)) {
    response.body = cached->body;
    if (!cached->link.empty()) response.add_header("Link", cached->link);
    make_cacheable(response, request, etag_of(canonical), kCacheForADay);
    return response;
  }

  auto answer = run_query(ctx.index, *q, offset, limit);
  if (const auto* error = std::get_if<std::string>(&answer)) return json_error(400, *error);
  const SearchPage& page = std::get<SearchPage>(answer);

  std::string next;
  if (offset + limit < page.total) {
    next = "/api/search?q=" + form_encode(*q, FormStar::kEncode) +
           "&offset=" + to_decimal(offset + limit) + "&limit=" + to_decimal(limit);
  }

  JsonWriter json;
  json.reserve(128 + page.code_points.size() * 64);
  json.begin_object();
  json.key("query").value(*q);
  json.key("total").value(static_cast<std::uint64_t>(page.total));
  json.key("offset").value(offset);
  json.key("limit").value(limit);
  json.key("results").begin_array();
  // The rows are the hot path of the API: appended directly, without per-value bookkeeping
  // or allocations (same output as JsonWriter would give).
  std::string rows;
  rows.reserve(page.code_points.size() * 72);
  for (char32_t code : page.code_points) {
    if (!rows.empty()) rows += ',';
    append_search_row(rows, code);
  }
  json.raw(rows);
  json.end_array();
  json.key("next");
  if (next.empty())
    json.null();
  else
    json.value(next);
  json.end_object();
  auto fresh = std::make_shared<CachedAnswer>();
  fresh->body = json.take();
  if (!next.empty()) fresh->link = "<" + next + ">; rel=\"next\"";
  response.body = fresh->body;
  if (!fresh->link.empty()) response.add_header("Link", fresh->link);
  cache.insert(canonical, std::move(fresh));
  make_cacheable(response, request, etag_of(canonical), kCacheForADay);
  return response;
}

std::string hex_bytes(const auto& units, int digits) {
  std::string out;
  for (const auto unit : units) {
    if (!out.empty()) out += ' ';
    append_hex(out, static_cast<std::uint64_t>(unit), digits, HexCase::kUpper);
  }
  return out;
}

void code_list(JsonWriter& json, std::u32string_view codes) {
  json.begin_array();
  for (char32_t c : codes) json.value(code_label(c));
  json.end_array();
}

HttpResponse char_api(const HttpRequest& request, std::string_view label) {
  const auto code = parse_code_label(label);
  if (!code) {
    std::string message = "no such code point: '";
    message += label;
    message += "' (expected U+0000..U+10FFFF)";
    return json_error(404, message);
  }
  const CharDetails d = char_details(*code);
  HttpResponse response;
  response.content_type = kJson;
  JsonWriter json;
  json.begin_object();
  json.key("code").value(code_label(d.code));
  // Code points, not UTF-8: a surrogate's "char" (and its case mappings, which are itself)
  // is written as the \udXXX escape, never as bytes.
  json.key("char").value(std::u32string_view(&d.code, 1));
  json.key("name").value(d.name);
  json.key("aliases").begin_array();
  for (const std::string& alias : d.aliases) json.value(alias);
  json.end_array();
  json.key("assigned").value(d.assigned);
  json.key("general_category").value(d.general_category);
  json.key("general_category_name").value(d.general_category_name);
  json.key("block").value(d.block);
  json.key("script").value(d.script);
  json.key("age");
  if (d.age.empty())
    json.null();
  else
    json.value(d.age);
  json.key("bidi_class").value(d.bidi_class);
  json.key("bidi_class_name").value(d.bidi_class_name);
  json.key("east_asian_width").value(d.east_asian_width);
  json.key("numeric_type");
  if (d.numeric_type.empty())
    json.null();
  else
    json.value(d.numeric_type);
  json.key("numeric_value");
  if (d.numeric_value)
    json.value(*d.numeric_value);
  else
    json.null();
  json.key("uppercase").value(std::u32string_view(d.uppercase));
  json.key("lowercase").value(std::u32string_view(d.lowercase));
  json.key("titlecase").value(std::u32string_view(d.titlecase));
  json.key("canonical_decomposition");
  code_list(json, d.canonical_decomposition);
  json.key("compatibility_decomposition");
  code_list(json, d.compatibility_decomposition);
  json.key("utf8");  // null for a surrogate: UTF-8 has no encoding for it
  if (d.utf8.empty())
    json.null();
  else
    json.value(hex_bytes(d.utf8, 2));
  json.key("utf16").value(hex_bytes(d.utf16, 4));
  json.key("html").value(d.html_reference);
  json.end_object();
  response.body = json.take();
  make_cacheable(response, request, etag_of("char\n" + code_label(d.code)), kCacheForADay);
  return response;
}

HttpResponse search_html(const HttpRequest& request, const QueryParams& params,
                         const RouterContext& ctx) {
  const std::string* q = query_param(params);
  const std::string_view query = q ? std::string_view(*q) : std::string_view();
  const std::size_t page_size = ctx.config.http.page_size;
  SearchPageModel model{query, {}, nullptr, 1, page_size};
  std::string error;
  std::variant<SearchPage, std::string> answer;
  int status = 200;
  bool is_query = false;
  std::optional<std::uint64_t> page = 1;
  if (const std::string* text = params.find("page")) page = parse_non_negative(*text);
  if (!page || *page == 0 || *page > (std::uint64_t{1} << 40)) {
    error = "page must be a positive integer";
    status = 400;
  } else if (!is_blank(query)) {
    model.page = static_cast<std::size_t>(*page);
    answer = run_query(ctx.index, query, (model.page - 1) * page_size, page_size);
    is_query = true;
    if (const auto* message = std::get_if<std::string>(&answer)) {
      error = *message;
      status = 400;
    } else {
      model.results = &std::get<SearchPage>(answer);
    }
  }
  model.error = error;

  HttpResponse response;
  response.status = status;
  response.is_query = is_query;
  response.content_type = "text/html; charset=utf-8";
  response.body = render_search_page(model);
  static const std::string csp(kContentSecurityPolicy);
  response.add_header("Content-Security-Policy", csp);
  response.add_header("Referrer-Policy", "no-referrer");
  if (status == 200) {
    // The page embeds asset references that may change with the build: hash the body.
    make_cacheable(response, request, etag_of(response.body), "no-cache");
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
  make_cacheable(response, request, std::string(asset->etag), "public, max-age=3600");
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
  if (path->starts_with("/api/char/"))
    return char_api(request, std::string_view(*path).substr(std::string_view("/api/char/").size()));
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

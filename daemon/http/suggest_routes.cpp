#include "daemon/http/suggest_routes.hpp"

#include <string>
#include <variant>

#include "daemon/http/router_support.hpp"
#include "text/form.hpp"
#include "text/host_port.hpp"
#include "text/join.hpp"

namespace charfinder {
namespace {

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A DNS-style name or a dotted IPv4 address: labels of letters, digits and inner hyphens.
bool is_valid_name(std::string_view name) {
  if (name.empty()) return false;
  if (name.back() == '.') name.remove_suffix(1);  // a fully qualified "example.org."
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('.', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view label = name.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label)
      if (!is_ascii_alnum(c) && c != '-') return false;
    start = end + 1;
  }
  return true;
}

bool is_valid_ipv6(std::string_view text) {
  if (text.size() < 2) return false;
  for (char c : text)
    if (!is_hex(c) && c != ':' && c != '.') return false;
  return text.find(':') != std::string_view::npos;
}

// "http://HOST" for the request, or "" when its Host is missing or malformed.
std::string origin_of(const HttpRequest& request) {
  const std::string* host = request.header("Host");
  if (host == nullptr || !is_valid_host(*host)) return {};
  const std::string* proto = request.header("X-Forwarded-Proto");
  const std::string scheme = proto != nullptr && *proto == "https" ? "https" : "http";
  // Only letters, digits, '-', '.', ':', '[' and ']' get here: nothing to escape in XML.
  return scheme + "://" + *host;
}

std::string matches_text(std::size_t total) {
  return total == 1 ? "1 match" : std::to_string(total) + " matches";
}

}  // namespace

bool is_valid_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  std::string_view name = host;
  std::string_view port;
  if (host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos || !is_valid_ipv6(host.substr(1, close - 1))) return false;
    const std::string_view rest = host.substr(close + 1);
    if (rest.empty()) return true;
    if (rest.front() != ':') return false;
    port = rest.substr(1);
    return !port.empty() && parse_port(port).has_value();
  }
  if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
    name = host.substr(0, colon);
    port = host.substr(colon + 1);
    if (port.empty() || !parse_port(port)) return false;
  }
  return is_valid_name(name);
}

void write_suggestions_json(JsonWriter& json, const std::vector<Suggestion>& suggestions) {
  json.begin_array();
  for (const Suggestion& s : suggestions) {
    json.begin_object();
    json.key("query").value(s.query);
    json.key("total").value(static_cast<std::uint64_t>(s.total));
    json.end_object();
  }
  json.end_array();
}

HttpResponse query_error(std::string_view error, const std::vector<Suggestion>& suggestions) {
  HttpResponse response = json_error(400, error);
  if (suggestions.empty()) return response;
  JsonWriter body;
  body.begin_object().key("error").value(error).key("suggestions");
  write_suggestions_json(body, suggestions);
  body.end_object();
  response.body = body.take();
  return response;
}

HttpResponse complete_api(const HttpRequest& request, const QueryParams& params,
                          const RouterContext& ctx) {
  const std::string* q = params.find("q");
  if (q == nullptr) q = params.find("query");
  if (q == nullptr) return json_error(400, "missing parameter q");
  const CharacterSearch& search = search_of(ctx);
  std::vector<std::string> asked;  // `languages` and `scope` may view it
  auto languages = request_languages(request, params, ctx, asked);
  if (const auto* error = std::get_if<std::string>(&languages)) return json_error(400, *error);
  const SearchScope scope = search.with_languages(std::get<0>(languages));
  auto completions = search.complete(*q, scope, kMaxCompletions);
  if (const auto* error = std::get_if<std::string>(&completions)) return json_error(400, *error);
  const auto& found = std::get<std::vector<Completion>>(completions);

  JsonWriter json;
  json.begin_array();
  json.value(*q);
  json.begin_array();
  for (const Completion& c : found) json.value(c.query);
  json.end_array();
  json.begin_array();
  for (const Completion& c : found) json.value(matches_text(c.total));
  json.end_array();
  json.begin_array();
  for (const Completion& c : found) json.value("/?q=" + form_encode(c.query, FormStar::kKeep));
  json.end_array();
  json.end_array();

  HttpResponse response;
  response.content_type = kSuggestionsJson;
  response.is_query = true;
  response.body = json.take();
  response.add_header("Vary", "Accept-Language");
  make_cacheable(response, request,
                 etag_of("complete\n" + *q + "\n" + join(scope.languages, ",") + "\n" +
                         to_decimal(scope.sources)),
                 kCacheForADay);
  return response;
}

HttpResponse opensearch_description(const HttpRequest& request) {
  const std::string origin = origin_of(request);
  if (origin.empty()) return plain_error(400, "missing or malformed Host header");
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
      "  <ShortName>charfinder</ShortName>\n"
      "  <Description>Find Unicode characters by the words in their names</Description>\n"
      "  <InputEncoding>UTF-8</InputEncoding>\n"
      "  <Image width=\"16\" height=\"16\" type=\"image/svg+xml\">";
  xml += origin + "/static/favicon.svg</Image>\n";
  xml +=
      "  <Url type=\"text/html\" method=\"get\" template=\"" + origin + "/?q={searchTerms}\"/>\n";
  xml += "  <Url type=\"application/x-suggestions+json\" method=\"get\" template=\"" + origin +
         "/api/complete?q={searchTerms}\"/>\n";
  xml += "  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" + origin +
         "/opensearch.xml\"/>\n";
  xml += "</OpenSearchDescription>\n";
  HttpResponse response;
  response.content_type = kOpenSearchXml;
  response.body = std::move(xml);
  response.add_header("Vary", "Host, X-Forwarded-Proto");
  make_cacheable(response, request, etag_of("opensearch\n" + origin), "public, max-age=3600");
  return response;
}

}  // namespace charfinder

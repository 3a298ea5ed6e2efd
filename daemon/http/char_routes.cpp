// The character routes: /api/char/LABEL (a code point's or a sequence's details) and
// /api/languages. See char_routes.hpp.
#include "daemon/http/char_routes.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "daemon/http/router_support.hpp"
#include "index/char_details.hpp"
#include "index/describe.hpp"
#include "index/entry_details.hpp"
#include "index/entry_rows.hpp"
#include "text/hex.hpp"
#include "text/join.hpp"
#include "text/json_writer.hpp"

namespace charfinder {
namespace {

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

// "U+1F1EB U+1F1F7" (the path's %20 decoded) or "U+1F1EB,U+1F1F7": a sequence's labels.
std::optional<std::u32string> parse_code_labels(std::string_view text) {
  std::u32string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ' ' && text[i] != ',') continue;
    if (i > start) {
      const auto code = parse_code_label(text.substr(start, i - start));
      if (!code) return std::nullopt;
      out.push_back(*code);
    }
    start = i + 1;
  }
  if (out.empty() || out.size() > 32) return std::nullopt;
  return out;
}

HttpResponse sequence_api(const HttpRequest& request, const QueryParams& params,
                          std::u32string_view codes, const RouterContext& ctx) {
  const CharacterSearch& search = search_of(ctx);
  std::vector<std::string> asked;  // `languages` may view it
  auto languages = request_languages(request, params, ctx, asked);
  if (const auto* error = std::get_if<std::string>(&languages)) return json_error(400, *error);
  const auto details = entry_details(search.index, codes, std::get<0>(languages), search.sources);
  if (!details) return json_error(404, "no such sequence: " + entry_code_label(codes));
  HttpResponse response;
  response.content_type = kJson;
  JsonWriter json;
  json.begin_object();
  json.key("code").value(entry_code_label(codes));
  json.key("char").value(codes);
  json.key("name").value(details->name);
  write_entry_details_json(json, *details);
  json.end_object();
  response.body = json.take();
  response.add_header("Vary", "Accept-Language");
  make_cacheable(
      response, request,
      etag_of("char\n" + entry_code_label(codes) + "\n" + join(std::get<0>(languages), ",")),
      kCacheForADay);
  return response;
}

}  // namespace

HttpResponse char_api(const HttpRequest& request, const QueryParams& params, std::string_view label,
                      const RouterContext& ctx) {
  auto code = parse_code_label(label);
  if (!code) {
    if (const auto codes = parse_code_labels(label)) {
      if (codes->size() > 1) return sequence_api(request, params, *codes, ctx);
      code = (*codes)[0];
    }
  }
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
  json.key("age").string_or_null(d.age);
  json.key("bidi_class").value(d.bidi_class);
  json.key("bidi_class_name").value(d.bidi_class_name);
  json.key("east_asian_width").value(d.east_asian_width);
  json.key("numeric_type").string_or_null(d.numeric_type);
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
  // What the source table adds: every alias by type, NamesList, CLDR, Unihan, emoji.
  const CharacterSearch& search = search_of(ctx);
  std::vector<std::string> asked;  // `languages` may view it
  auto languages = request_languages(request, params, ctx, asked);
  if (const auto* error = std::get_if<std::string>(&languages)) return json_error(400, *error);
  const std::u32string one(1, d.code);
  if (const auto details = entry_details(search.index, one, std::get<0>(languages), search.sources))
    write_entry_details_json(json, *details);
  json.end_object();
  response.body = json.take();
  response.add_header("Vary", "Accept-Language");
  make_cacheable(response, request,
                 etag_of("char\n" + code_label(d.code) + "\n" + join(std::get<0>(languages), ",")),
                 kCacheForADay);
  return response;
}

HttpResponse languages_api(const HttpRequest& request, const RouterContext& ctx) {
  HttpResponse response;
  response.content_type = kJson;
  JsonWriter json;
  json.begin_object().key("always").value("en").key("languages").begin_array();
  for (const std::string& lang : search_of(ctx).index.languages()) json.value(lang);
  json.end_array().end_object();
  response.body = json.take();
  make_cacheable(response, request, etag_of("languages"), kCacheForADay);
  return response;
}

}  // namespace charfinder

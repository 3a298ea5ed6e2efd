#include "daemon/http/router_support.hpp"

#include <unicode/uversion.h>

#include <algorithm>
#include <charconv>
#include <memory>

#include "text/hex.hpp"
#include "text/json_writer.hpp"

namespace charfinder {
namespace {

// FNV-1a, 64 bits: ETags only need to change when the answer may change.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

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

const CharacterSearch& search_of(const RouterContext& ctx) {
  if (ctx.search != nullptr) return *ctx.search;
  thread_local std::unique_ptr<CharacterSearch> fallback;
  thread_local const NameIndex* fallback_for = nullptr;
  if (!fallback || fallback_for != &ctx.index) {
    fallback = std::make_unique<CharacterSearch>(ctx.index, nullptr);
    fallback_for = &ctx.index;
  }
  return *fallback;
}

std::vector<std::string> accept_language_tags(std::string_view header) {
  struct Tag {
    std::string tag;
    double q;
  };
  std::vector<Tag> tags;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(start, end - start);
    start = end + 1;
    const std::size_t semicolon = item.find(';');
    std::string_view tag = item.substr(0, semicolon);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    double q = 1.0;
    if (semicolon != std::string_view::npos) {
      std::string_view rest = item.substr(semicolon + 1);
      const std::size_t at = rest.find("q=");
      if (at != std::string_view::npos) {
        rest.remove_prefix(at + 2);
        q = 0;
        double scale = 1;
        bool fraction = false;
        for (char c : rest) {
          if (c == '.') {
            fraction = true;
          } else if (c >= '0' && c <= '9') {
            if (fraction) {
              scale /= 10;
              q += (c - '0') * scale;
            } else {
              q = q * 10 + (c - '0');
            }
          } else {
            break;
          }
        }
      }
    }
    if (!tag.empty() && q > 0 && tag.size() <= 35) tags.push_back(Tag{std::string(tag), q});
  }
  std::stable_sort(tags.begin(), tags.end(), [](const Tag& a, const Tag& b) { return a.q > b.q; });
  std::vector<std::string> out;
  out.reserve(tags.size());
  for (Tag& t : tags) out.push_back(std::move(t.tag));
  return out;
}

std::variant<std::span<const std::string>, std::string> request_languages(
    const HttpRequest& request, const QueryParams& params, const RouterContext& ctx,
    std::vector<std::string>& asked) {
  const CharacterSearch& search = search_of(ctx);
  if (const std::string* lang = params.find("lang")) {
    std::vector<std::string>& codes = asked;
    codes.clear();
    std::size_t start = 0;
    for (std::size_t i = 0; i <= lang->size(); ++i) {
      if (i < lang->size() && (*lang)[i] != ',') continue;
      std::string code = lang->substr(start, i - start);
      start = i + 1;
      for (char& c : code) {
        if (c == '-') c = '_';
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      if (!code.empty() && code != "en") codes.push_back(std::move(code));
    }
    if (std::string error = search.index.check_languages(codes); !error.empty()) return error;
    return std::span<const std::string>(codes);
  }
  if (const std::string* header = request.header("Accept-Language")) {
    asked = search.index.known_languages(accept_language_tags(*header));
    return std::span<const std::string>(asked);
  }
  // Checked against the index when the snapshot was put in force (start-up, plan_reload).
  return std::span<const std::string>(ctx.config.search.languages);
}

}  // namespace charfinder

#include "daemon/http/url.hpp"

#include "text/hex.hpp"
#include "text/utf8.hpp"

namespace charfinder {

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

SplitTarget split_target(std::string_view target) {
  if (const auto hash = target.find('#'); hash != std::string_view::npos)
    target = target.substr(0, hash);
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

const std::string* QueryParams::find(std::string_view name) const {
  for (const auto& [key, value] : pairs)
    if (key == name) return &value;
  return nullptr;
}

std::optional<QueryParams> parse_query_string(std::string_view query, std::string& error) {
  QueryParams params;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view part = query.substr(start, end - start);
    if (!part.empty()) {
      const auto equals = part.find('=');
      const std::string_view raw_name = part.substr(0, equals);
      const std::string_view raw_value =
          equals == std::string_view::npos ? std::string_view() : part.substr(equals + 1);
      auto name = percent_decode(raw_name, true);
      auto value = percent_decode(raw_value, true);
      if (!name || !value) {
        error = "malformed percent-encoding or invalid UTF-8 in the query string";
        return std::nullopt;
      }
      params.pairs.emplace_back(std::move(*name), std::move(*value));
    }
    start = end + 1;
  }
  return params;
}

std::optional<std::uint64_t> parse_non_negative(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

}  // namespace charfinder

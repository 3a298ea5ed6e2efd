// daemon/http/url.hpp
//
// Request-target pieces (RFC 3986 / the HTML form encoding): splitting path and query,
// percent-decoding (with `+` as a space in query strings), parameters, and the reverse for
// building links (text/form.hpp). Decoded text must be valid UTF-8, so everything after this point
// can trust it. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace charfinder {

// Percent-decodes `text`; `plus_is_space` for query strings. nullopt on a malformed escape
// ("%", "%4", "%G0") or when the result is not valid UTF-8.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// "/api/search?q=cat" -> {"/api/search", "q=cat"}; a fragment (never sent by browsers) is
// dropped.
struct SplitTarget {
  std::string_view path;
  std::string_view query;
};
SplitTarget split_target(std::string_view target);

// The decoded name=value pairs of a query string, in order ("a&b=" gives {"a",""},{"b",""}).
struct QueryParams {
  std::vector<std::pair<std::string, std::string>> pairs;
  // The value of the first parameter called `name`, or nullptr.
  const std::string* find(std::string_view name) const;
};

// nullopt (and `error` set) when a name or value is badly percent-encoded or not UTF-8.
std::optional<QueryParams> parse_query_string(std::string_view query, std::string& error);

// A non-negative decimal integer parameter ("0", "100"; no sign, no spaces, at most 18
// digits). nullopt when malformed.
std::optional<std::uint64_t> parse_non_negative(std::string_view text);

}  // namespace charfinder

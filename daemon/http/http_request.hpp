// daemon/http/http_request.hpp
//
// One parsed HTTP/1.x request head (requests never have a body here: see the parser).
// Plain data; header names keep their case, lookups ignore it (RFC 9110 5.1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

struct HttpHeader {
  std::string name;
  std::string value;  // leading and trailing whitespace removed
};

struct HttpRequest {
  std::string method;     // case-sensitive token: "GET"
  std::string target;     // origin-form, "/api/search?q=cat" (absolute-form is reduced to it)
  int version_minor = 1;  // HTTP/1.0 -> 0, HTTP/1.1 -> 1
  std::vector<HttpHeader> headers;
  bool keep_alive = true;  // after the version default and the Connection header

  // The first header called `name` (ASCII case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  void clear();
};

// ASCII case-insensitive equality of two tokens.
bool iequals(std::string_view a, std::string_view b);

}  // namespace charfinder

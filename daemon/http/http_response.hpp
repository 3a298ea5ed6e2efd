// daemon/http/http_response.hpp
//
// An HTTP response as plain data, and its wire form. Every response carries Content-Length,
// Content-Type (with charset), Date (RFC 9110 IMF-fixdate), Server: charfinder/VERSION and
// X-Content-Type-Options: nosniff; `Connection: close` when the connection ends after it.
// A HEAD answer and a 304 keep the Content-Length of the full answer but send no body
// (RFC 9110 8.6, 15.4.5). Pure functions except http_date_now(); thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/http/http_request.hpp"

namespace charfinder {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra: ETag, Link, Allow, ...
  std::string body;
  bool send_body = true;  // false for 304 (and for HEAD, see serialize_head)
  bool close = false;     // the connection must close after this response
  bool is_query = false;  // answered a search (counted as a query in the metrics)

  void add_header(std::string_view name, std::string value) {
    // Filled in place: moving a std::pair of strings trips GCC 12's bogus -Warray-bounds.
    auto& header = headers.emplace_back();
    header.first.assign(name);
    header.second = std::move(value);
  }
  const std::string* find_header(std::string_view name) const;
};

// "OK", "Not Found", ... ("Unknown" for codes we never send).
std::string_view reason_phrase(int status);

// The status line and headers, ending with the empty line. `close` adds Connection: close;
// `keep_alive_http10` adds Connection: keep-alive (an HTTP/1.0 client asked for it).
// `date` is an IMF-fixdate such as http_date_now() returns.
std::string serialize_head(const HttpResponse& response, std::string_view date, bool close,
                           bool keep_alive_http10);

// "Sun, 06 Nov 1994 08:49:37 GMT" for `time`.
std::string http_date(std::chrono::system_clock::time_point time);
// http_date(now), formatted at most once per second per thread.
std::string_view http_date_now();

// A small response with a plain-text body "<status> <reason>: <detail>\n".
HttpResponse plain_error(int status, std::string_view detail);

// What happens to the connection around one response: whether it closes after it
// (Connection: close), whether an HTTP/1.0 client's keep-alive is confirmed (Connection:
// keep-alive), and whether the body is left out (HEAD).
struct ConnectionDisposition {
  bool close = false;
  bool keep_alive_http10 = false;
  bool head_only = false;
};

// The disposition of `response` to `request`: close when the client asked for it, when the
// response says so (errors), or when the server is `stopping`; an HTTP/1.0 request that
// keeps the connection gets keep-alive confirmed. Pure.
ConnectionDisposition connection_disposition(const HttpRequest& request,
                                             const HttpResponse& response, bool stopping);

// A response that ends the connection, whatever the request was (a refusal, a request that
// could not be parsed).
inline constexpr ConnectionDisposition kCloseAfterResponse{true, false, false};

}  // namespace charfinder

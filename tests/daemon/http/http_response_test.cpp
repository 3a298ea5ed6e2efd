#include "daemon/http/http_response.hpp"

#include <catch2/catch.hpp>
#include <regex>

using namespace charfinder;

TEST_CASE("the head has every mandatory header", "[http][response]") {
  HttpResponse response;
  response.body = "hello";
  response.add_header("ETag", "\"x\"");
  const std::string head = serialize_head(response, "Sun, 06 Nov 1994 08:49:37 GMT", false, false);
  CHECK(head.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(head.find("\r\nServer: charfinder/" CHARFINDER_VERSION "\r\n") != std::string::npos);
  CHECK(head.find("\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n") != std::string::npos);
  CHECK(head.find("\r\nContent-Type: text/plain; charset=utf-8\r\n") != std::string::npos);
  CHECK(head.find("\r\nContent-Length: 5\r\n") != std::string::npos);
  CHECK(head.find("\r\nX-Content-Type-Options: nosniff\r\n") != std::string::npos);
  CHECK(head.find("\r\nETag: \"x\"\r\n") != std::string::npos);
  CHECK(head.find("Connection") == std::string::npos);
  CHECK(head.ends_with("\r\n\r\n"));

  CHECK(serialize_head(response, "d", true, false).find("\r\nConnection: close\r\n") !=
        std::string::npos);
  CHECK(serialize_head(response, "d", false, true).find("\r\nConnection: keep-alive\r\n") !=
        std::string::npos);

  // A 304 (or HEAD) keeps the full answer's Content-Length.
  response.status = 304;
  response.send_body = false;
  const std::string not_modified = serialize_head(response, "d", false, false);
  CHECK(not_modified.starts_with("HTTP/1.1 304 Not Modified\r\n"));
  CHECK(not_modified.find("\r\nContent-Length: 5\r\n") != std::string::npos);
}

TEST_CASE("status lines have the standard reason phrases", "[http][response]") {
  const std::pair<int, std::string_view> cases[] = {{200, "OK"},
                                                    {304, "Not Modified"},
                                                    {400, "Bad Request"},
                                                    {404, "Not Found"},
                                                    {405, "Method Not Allowed"},
                                                    {408, "Request Timeout"},
                                                    {413, "Content Too Large"},
                                                    {414, "URI Too Long"},
                                                    {431, "Request Header Fields Too Large"},
                                                    {503, "Service Unavailable"},
                                                    {505, "HTTP Version Not Supported"}};
  for (const auto& [status, reason] : cases) {
    CAPTURE(status);
    CHECK(reason_phrase(status) == reason);
    HttpResponse response = plain_error(status, "why");
    CHECK(serialize_head(response, "d", true, false)
              .starts_with("HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
                           "\r\n"));
    CHECK(response.body == std::to_string(status) + " " + std::string(reason) + ": why\n");
  }
}

TEST_CASE("dates are RFC 9110 IMF-fixdate", "[http][response]") {
  CHECK(http_date(std::chrono::system_clock::from_time_t(784111777)) ==
        "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(http_date(std::chrono::system_clock::from_time_t(0)) == "Thu, 01 Jan 1970 00:00:00 GMT");
  const std::regex imf_fixdate(
      R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)");
  CHECK(std::regex_match(std::string(http_date_now()), imf_fixdate));
}

TEST_CASE("connection_disposition: close, HTTP/1.0 keep-alive and HEAD", "[http][response]") {
  struct Case {
    bool keep_alive;
    int minor;
    std::string method;
    bool response_close;
    bool stopping;
    ConnectionDisposition expected;
  };
  const Case cases[] = {
      {true, 1, "GET", false, false, {false, false, false}},
      {true, 0, "GET", false, false, {false, true, false}},
      {false, 1, "GET", false, false, {true, false, false}},
      {true, 1, "HEAD", false, false, {false, false, true}},
      {true, 1, "GET", true, false, {true, false, false}},
      {true, 0, "GET", false, true, {true, false, false}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.keep_alive, c.minor, c.method, c.response_close, c.stopping);
    HttpRequest request;
    request.keep_alive = c.keep_alive;
    request.version_minor = c.minor;
    request.method = c.method;
    HttpResponse response;
    response.close = c.response_close;
    const ConnectionDisposition d = connection_disposition(request, response, c.stopping);
    CHECK(d.close == c.expected.close);
    CHECK(d.keep_alive_http10 == c.expected.keep_alive_http10);
    CHECK(d.head_only == c.expected.head_only);
  }
}

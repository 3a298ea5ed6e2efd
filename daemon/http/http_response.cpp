#include "daemon/http/http_response.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "daemon/http/http_request.hpp"

namespace charfinder {

const std::string* HttpResponse::find_header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return &value;
  return nullptr;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string serialize_head(const HttpResponse& response, std::string_view date, bool close,
                           bool keep_alive_http10) {
  std::string head;
  head.reserve(256 + response.headers.size() * 64);
  char number[24];
  head += "HTTP/1.1 ";
  head.append(number, std::to_chars(number, number + sizeof number, response.status).ptr);
  head += ' ';
  head += reason_phrase(response.status);
  head += "\r\nServer: charfinder/" CHARFINDER_VERSION "\r\nDate: ";
  head += date;
  head += "\r\nContent-Type: ";
  head += response.content_type;
  head += "\r\nContent-Length: ";
  head.append(number, std::to_chars(number, number + sizeof number, response.body.size()).ptr);
  head += "\r\nX-Content-Type-Options: nosniff\r\n";
  for (const auto& [name, value] : response.headers) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (close) {
    head += "Connection: close\r\n";
  } else if (keep_alive_http10) {
    head += "Connection: keep-alive\r\n";
  }
  head += "\r\n";
  return head;
}

std::string http_date(std::chrono::system_clock::time_point time) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[40];
  // 29 characters for any year of four digits; snprintf cuts anything longer, never overruns.
  (void)std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                      kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900,
                      tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string_view http_date_now() {
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached;
  const auto now = std::chrono::system_clock::now();
  const std::time_t second = std::chrono::system_clock::to_time_t(now);
  if (second != cached_second) {
    cached = http_date(now);
    cached_second = second;
  }
  return cached;
}

HttpResponse plain_error(int status, std::string_view detail) {
  HttpResponse response;
  response.status = status;
  response.body = std::to_string(status);
  response.body += ' ';
  response.body += reason_phrase(status);
  if (!detail.empty()) {
    response.body += ": ";
    response.body += detail;
  }
  response.body += '\n';
  response.add_header("Cache-Control", "no-store");
  return response;
}

ConnectionDisposition connection_disposition(const HttpRequest& request,
                                             const HttpResponse& response, bool stopping) {
  ConnectionDisposition d;
  d.close = !request.keep_alive || response.close || stopping;
  d.keep_alive_http10 = !d.close && request.version_minor == 0;
  d.head_only = request.method == "HEAD";
  return d;
}

}  // namespace charfinder

// tests/e2e/http_test_client.hpp
//
// HTTP/1.1 on top of TestClient for the end-to-end tests: a response parser that works on a
// byte stream (so pipelined responses are split correctly) and small helpers.
#pragma once

#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tests/e2e/sanitized_build.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {

struct HttpReply {
  int status = 0;
  std::string head;  // status line and headers, with the final CRLF CRLF
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) !=
          std::tolower(static_cast<unsigned char>(b[i])))
        return false;
    return true;
  }
  // The first header called `name` (case-insensitive), or nullopt.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (same_name(key, name)) return value;
    return std::nullopt;
  }
  std::size_t header_count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& entry : headers)
      if (same_name(entry.first, name)) ++n;
    return n;
  }
};

// Takes one complete response off the front of `stream`; nullopt while incomplete.
// `no_body`: the request was HEAD (or the status is 304/1xx/204): Content-Length is not
// followed by a body.
inline std::optional<HttpReply> take_reply(std::string& stream, bool no_body) {
  const auto end = stream.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  HttpReply reply;
  reply.head = stream.substr(0, end + 4);
  std::size_t line_end = reply.head.find("\r\n");
  const std::string status_line = reply.head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.compare(0, 9, "HTTP/1.1 ") != 0)
    throw std::runtime_error("bad status line: " + status_line);
  reply.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end + 2;
  while (pos < end) {
    line_end = reply.head.find("\r\n", pos);
    const std::string line = reply.head.substr(pos, line_end - pos);
    const auto colon = line.find(':');
    if (colon == std::string::npos) throw std::runtime_error("bad header line: " + line);
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    reply.headers.emplace_back(line.substr(0, colon), value);
    pos = line_end + 2;
  }
  const auto length_text = reply.header("Content-Length");
  if (!length_text) throw std::runtime_error("no Content-Length in:\n" + reply.head);
  std::size_t length = std::stoul(*length_text);
  if (no_body || reply.status == 304 || reply.status == 204 || reply.status < 200) length = 0;
  if (stream.size() < end + 4 + length) return std::nullopt;
  reply.body = stream.substr(end + 4, length);
  stream.erase(0, end + 4 + length);
  return reply;
}

// Reads one response from `client`, keeping bytes of later responses in `stream`.
inline HttpReply read_reply(TestClient& client, std::string& stream, bool no_body = false,
                            std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
  const auto until = std::chrono::steady_clock::now() + arrival_deadline(deadline);
  for (;;) {
    if (auto reply = take_reply(stream, no_body)) return std::move(*reply);
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) throw std::runtime_error("timed out waiting for a response; got:\n" + stream);
    std::string chunk =
        client.read_some(std::chrono::duration_cast<std::chrono::milliseconds>(until - now));
    if (chunk.empty() && client.closed_by_peer())
      throw std::runtime_error("connection closed before a complete response; got:\n" + stream);
    stream += chunk;
  }
}

// A keep-alive HTTP/1.1 connection to the daemon.
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port) : client_(TestClient::connect(port)) {}

  HttpReply get(const std::string& target, const std::string& extra_headers = "",
                const std::string& method = "GET") {
    client_.send_all(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers +
                     "\r\n");
    return read_reply(client_, stream_, method == "HEAD");
  }
  void send(std::string_view bytes) { client_.send_all(bytes); }
  HttpReply read(bool no_body = false) { return read_reply(client_, stream_, no_body); }
  // Everything until the server closes; fails the test if it does not within `deadline`.
  std::string read_to_eof(std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
    return stream_ + client_.read_to_eof(deadline);
  }
  TestClient& client() { return client_; }

 private:
  TestClient client_;
  std::string stream_;
};

}  // namespace charfinder

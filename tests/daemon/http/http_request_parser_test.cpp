#include "daemon/http/http_request_parser.hpp"

#include <catch2/catch.hpp>

using charfinder::HttpRequest;
using charfinder::HttpRequestParser;
using Result = HttpRequestParser::Result;

namespace {

struct Outcome {
  Result result;
  int error;
  std::size_t consumed;
};

Outcome parse_all(std::string_view wire, HttpRequest& request) {
  HttpRequestParser parser;
  const auto progress = parser.feed(wire, request);
  return {progress.result, progress.error, progress.consumed};
}

Outcome parse_all(std::string_view wire) {
  HttpRequest request;
  return parse_all(wire, request);
}

}  // namespace

TEST_CASE("request parses the same however the bytes are split", "[http][parser]") {
  const std::string_view wire =
      "GET /api/search?q=cat HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nX-Empty:\r\n\r\n";
  for (std::size_t cut = 1; cut < wire.size(); ++cut) {
    CAPTURE(cut);
    HttpRequestParser parser;
    HttpRequest request;
    const auto first = parser.feed(wire.substr(0, cut), request);
    REQUIRE(first.result == Result::kNeedMore);
    REQUIRE(first.consumed == cut);
    const auto second = parser.feed(wire.substr(cut), request);
    REQUIRE(second.result == Result::kComplete);
    REQUIRE(second.consumed == wire.size() - cut);
    CHECK(request.method == "GET");
    CHECK(request.target == "/api/search?q=cat");
    CHECK(request.version_minor == 1);
    REQUIRE(request.headers.size() == 3);
    CHECK(*request.header("host") == "a");
    CHECK(*request.header("ACCEPT") == "*/*");
    CHECK(*request.header("x-empty") == "");
    CHECK(request.keep_alive);
  }
}

TEST_CASE("a request fed one byte at a time parses", "[http][parser]") {
  const std::string_view wire = "HEAD /x HTTP/1.0\nConnection: keep-alive\n\n";  // bare LFs
  HttpRequestParser parser;
  HttpRequest request;
  for (std::size_t i = 0; i + 1 < wire.size(); ++i) {
    CAPTURE(i);
    REQUIRE(parser.feed(wire.substr(i, 1), request).result == Result::kNeedMore);
  }
  REQUIRE(parser.feed(wire.substr(wire.size() - 1), request).result == Result::kComplete);
  CHECK(request.method == "HEAD");
  CHECK(request.version_minor == 0);
  CHECK(request.keep_alive);
}

TEST_CASE("pipelined requests are parsed one after another", "[http][parser]") {
  const std::string wire =
      "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
      "GET /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
      "GET /c HTTP/1.1\r\nHo";
  HttpRequestParser parser;
  HttpRequest request;
  std::string_view rest = wire;
  auto progress = parser.feed(rest, request);
  REQUIRE(progress.result == Result::kComplete);
  CHECK(request.target == "/a");
  CHECK(request.keep_alive);
  rest.remove_prefix(progress.consumed);
  parser.reset();
  progress = parser.feed(rest, request);
  REQUIRE(progress.result == Result::kComplete);
  CHECK(request.target == "/b");
  CHECK_FALSE(request.keep_alive);
  CHECK(request.headers.size() == 2);  // the first request's headers are gone
  rest.remove_prefix(progress.consumed);
  parser.reset();
  progress = parser.feed(rest, request);
  CHECK(progress.result == Result::kNeedMore);
  CHECK(progress.consumed == rest.size());
  CHECK(parser.in_progress());
  progress = parser.feed("st: h\r\n\r\n", request);
  REQUIRE(progress.result == Result::kComplete);
  CHECK(request.target == "/c");
}

TEST_CASE("empty lines before a request are skipped", "[http][parser]") {
  HttpRequest request;
  const auto outcome = parse_all("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", request);
  CHECK(outcome.result == Result::kComplete);
  CHECK(request.target == "/");
  HttpRequestParser parser;
  parser.feed("\r\n", request);
  CHECK_FALSE(parser.in_progress());
}

TEST_CASE("bad requests get the right status", "[http][parser]") {
  struct Case {
    std::string wire;
    int status;
  };
  const std::string host = "Host: h\r\n";
  const Case cases[] = {
      // request line
      {"GET\r\n\r\n", 400},
      {"GET /\r\n\r\n", 400},  // HTTP/0.9
      {"GET / HTTP/1.1 extra\r\n\r\n", 400},
      {" / HTTP/1.1\r\n\r\n", 400},
      {"G@T / HTTP/1.1\r\n" + host + "\r\n", 400},
      {"GET  / HTTP/1.1\r\n" + host + "\r\n", 400},
      {"GET / http/1.1\r\n" + host + "\r\n", 400},
      {"GET / HTTP/1.10\r\n" + host + "\r\n", 400},
      {"GET / HTTP/1\r\n" + host + "\r\n", 400},
      {"GET / HTTP/2.0\r\n" + host + "\r\n", 505},
      {"GET / HTTP/1.2\r\n" + host + "\r\n", 505},
      {"GET / HTTP/0.9\r\n" + host + "\r\n", 505},
      {"GET x HTTP/1.1\r\n" + host + "\r\n", 400},
      {"GET ftp://h/x HTTP/1.1\r\n" + host + "\r\n", 400},
      {"GET /a\x01 HTTP/1.1\r\n" + host + "\r\n", 400},
      {std::string("GET /a\0b HTTP/1.1\r\n", 19) + host + "\r\n", 400},
      {"GET /\x7f HTTP/1.1\r\n" + host + "\r\n", 400},
      {"GET / HTTP/1.1\rX\n" + host + "\r\n", 400},  // bare CR
      // headers
      {"GET / HTTP/1.1\r\n" + host + " folded\r\n\r\n", 400},  // obs-fold
      {"GET / HTTP/1.1\r\n\tX: y\r\n" + host + "\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "X: a\rb\r\n\r\n", 400},  // bare CR in a value
      {"GET / HTTP/1.1\r\n" + host + "X: a\r\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "\r\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + std::string("X: a\0b\r\n\r\n", 10), 400},  // NUL
      {"GET / HTTP/1.1\r\n" + host + "X: a\x01\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "X : a\r\n\r\n", 400},  // space before colon
      {"GET / HTTP/1.1\r\n" + host + "X\r\n\r\n", 400},      // no colon
      {"GET / HTTP/1.1\r\n" + host + ": a\r\n\r\n", 400},    // empty name
      {"GET / HTTP/1.1\r\n" + host + "X(y): a\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n\r\n", 400},  // HTTP/1.1 without Host
      {"GET / HTTP/1.1\r\n" + host + host + "\r\n", 400},
      // bodies
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhello", 413},
      {"GET / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n", 413},
      {"GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 413},
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: 0\r\nContent-Length: 0\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: 0\r\nContent-Length: 5\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: 5, 5\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: +0\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999999\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
       400},
  };
  for (const Case& c : cases) {
    CAPTURE(c.wire);
    const Outcome outcome = parse_all(c.wire);
    CHECK(outcome.result == Result::kBad);
    CHECK(outcome.error == c.status);
  }
}

TEST_CASE("acceptable variations parse", "[http][parser]") {
  struct Case {
    std::string wire;
    std::string target;
    bool keep_alive;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1\r\nHost: h\r\n\r\n", "/", true},
      {"GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", "/", false},
      {"GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", "/", false},
      {"GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\n\r\n", "/", true},
      {"GET / HTTP/1.0\r\n\r\n", "/", false},
      {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "/", true},
      {"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", "/", false},
      {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", "/", true},
      {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length:  00 \r\n\r\n", "/", true},
      {"GET http://h:8888/api/search?q=x HTTP/1.1\r\nHost: h\r\n\r\n", "/api/search?q=x", true},
      {"GET HTTP://h HTTP/1.1\r\nHost: h\r\n\r\n", "/", true},
      {"GET http://h?q=1 HTTP/1.1\r\nHost: h\r\n\r\n", "/?q=1", true},
      {"GET /%E2%98%83?q=\xE2\x98\x83 HTTP/1.1\r\nHost: h\r\n\r\n", "/%E2%98%83?q=\xE2\x98\x83",
       true},
      {"GET / HTTP/1.1\r\nHost: h\r\nX:   spaced \t \r\nY: caf\xC3\xA9\r\n\r\n", "/", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.wire);
    HttpRequest request;
    const Outcome outcome = parse_all(c.wire, request);
    REQUIRE(outcome.result == Result::kComplete);
    CHECK(outcome.consumed == c.wire.size());
    CHECK(request.target == c.target);
    CHECK(request.keep_alive == c.keep_alive);
  }
  HttpRequest request;
  parse_all("GET / HTTP/1.1\r\nHost: h\r\nX:   spaced \t \r\n\r\n", request);
  CHECK(*request.header("x") == "spaced");
}

TEST_CASE("the request line is limited to 8 KiB", "[http][parser]") {
  const auto request_line = [](std::size_t length) {
    // "GET " + target + " HTTP/1.1" has `length` bytes.
    std::string target = "/" + std::string(length - 4 - 9 - 1, 'a');
    return "GET " + target + " HTTP/1.1";
  };
  const std::string at_limit = request_line(charfinder::kMaxRequestLineBytes);
  REQUIRE(at_limit.size() == 8192);
  CHECK(parse_all(at_limit + "\r\nHost: h\r\n\r\n").result == Result::kComplete);
  const Outcome over = parse_all(request_line(8193) + "\r\nHost: h\r\n\r\n");
  CHECK(over.result == Result::kBad);
  CHECK(over.error == 414);
  // The parser stops at the limit without waiting for the end of the line.
  const Outcome endless = parse_all("GET /" + std::string(20000, 'a'));
  CHECK(endless.result == Result::kBad);
  CHECK(endless.error == 414);
  CHECK(endless.consumed == 8193);
  const Outcome long_method = parse_all(std::string(9000, 'G'));
  CHECK(long_method.error == 414);
}

TEST_CASE("headers are limited to 16 KiB and 100 fields", "[http][parser]") {
  const std::string start = "GET / HTTP/1.1\r\nHost: h\r\n";  // Host: h\r\n is 9 bytes
  // Header section = 9 (Host) + filler line + 2 (final CRLF).
  const auto with_filler = [&](std::size_t section_bytes) {
    const std::size_t line = section_bytes - 9 - 2;  // "X: " + value + "\r\n"
    return start + "X: " + std::string(line - 5, 'v') + "\r\n\r\n";
  };
  CHECK(parse_all(with_filler(charfinder::kMaxHeaderBytes)).result == Result::kComplete);
  const Outcome over = parse_all(with_filler(charfinder::kMaxHeaderBytes + 1));
  CHECK(over.result == Result::kBad);
  CHECK(over.error == 431);
  const Outcome endless = parse_all(start + "X: " + std::string(40000, 'v'));
  CHECK(endless.error == 431);

  std::string fields = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 1; i < 100; ++i) fields += "F" + std::to_string(i) + ": x\r\n";
  CHECK(parse_all(fields + "\r\n").result == Result::kComplete);  // exactly 100
  const Outcome too_many = parse_all(fields + "F100: x\r\n\r\n");
  CHECK(too_many.result == Result::kBad);
  CHECK(too_many.error == 431);
}

TEST_CASE("mutated requests give the same verdict whole or split", "[http][parser]") {
  // Deterministic pseudo-random mutations of a valid request: the verdict, error status and
  // parsed fields must not depend on how the bytes are split (and nothing may crash).
  const std::string base =
      "GET /api/search?q=cat HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-A: b\r\n\r\n";
  const char alphabet[] = {'\r', '\n', ' ', '\t', ':', '\0', 'a', '/', '1', '\x7f', '\xff', 'H'};
  std::uint32_t state = 12345;
  const auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7FFF;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string wire = base;
    const int edits = 1 + static_cast<int>(next() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = next() % wire.size();
      const char c = alphabet[next() % sizeof alphabet];
      if (next() % 2)
        wire[at] = c;
      else
        wire.insert(at, 1, c);
    }
    CAPTURE(round, wire);
    HttpRequest whole_request;
    const Outcome whole = parse_all(wire, whole_request);
    const std::size_t cut = 1 + next() % (wire.size() - 1);
    HttpRequestParser parser;
    HttpRequest split_request;
    auto first = parser.feed(std::string_view(wire).substr(0, cut), split_request);
    Outcome split{first.result, first.error, first.consumed};
    if (first.result == Result::kNeedMore) {
      const auto second = parser.feed(std::string_view(wire).substr(cut), split_request);
      split = {second.result, second.error, cut + second.consumed};
    }
    REQUIRE(split.result == whole.result);
    REQUIRE(split.error == whole.error);
    if (whole.result == Result::kComplete) {
      REQUIRE(split.consumed == whole.consumed);
      REQUIRE(split_request.target == whole_request.target);
      REQUIRE(split_request.headers.size() == whole_request.headers.size());
      REQUIRE(split_request.keep_alive == whole_request.keep_alive);
    }
  }
}

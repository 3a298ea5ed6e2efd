// tests/fuzz/http_request_parser_fuzz.cpp
//
// libFuzzer target: HttpRequestParser on arbitrary bytes, fed three ways (all at once, in
// chunks whose sizes come from the input's first two bytes, one byte at a time), as the
// HTTP session feeds whatever a read returned, pipelined requests included.
// Properties: `consumed` never exceeds the bytes fed, kNeedMore uses all of them and
// kComplete at least one; the three feeds give the same requests, the same error at the same
// offset and the same final state; a complete request has a token method, an origin-form
// target without controls, version 1.0 or 1.1, at most 100 well-formed header fields with
// trimmed values, exactly one Host for HTTP/1.1 and no body; an error is one of the statuses
// the parser documents, with a reason.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/http_request_parser.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using charfinder::HttpRequest;
using charfinder::HttpRequestParser;

struct Outcome {
  struct Entry {
    HttpRequestParser::Result result;
    std::size_t end;  // absolute offset just after the request (or the bad byte)
    int error;
    std::string detail;
    std::string method, target;
    int version_minor;
    std::vector<std::pair<std::string, std::string>> headers;
    bool keep_alive;
    bool operator==(const Entry&) const = default;
  };
  std::vector<Entry> entries;
  bool pending = false;  // bytes of an unfinished request at the end
  bool operator==(const Outcome&) const = default;
};

bool is_tchar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

void check_request(const HttpRequest& request) {
  FUZZ_CHECK(!request.method.empty(), "method is non-empty");
  for (char c : request.method)
    FUZZ_CHECK(is_tchar(static_cast<unsigned char>(c)), "method is a token");
  FUZZ_CHECK(!request.target.empty() && request.target.front() == '/', "origin-form target");
  for (char c : request.target) {
    const auto b = static_cast<unsigned char>(c);
    FUZZ_CHECK(b > 0x20 && b != 0x7F, "target has no space or control byte");
  }
  FUZZ_CHECK(request.version_minor == 0 || request.version_minor == 1, "HTTP/1.0 or 1.1");
  FUZZ_CHECK(request.headers.size() <= charfinder::kMaxHeaderFields, "at most 100 fields");
  int hosts = 0;
  for (const auto& header : request.headers) {
    FUZZ_CHECK(!header.name.empty(), "header name is non-empty");
    for (char c : header.name)
      FUZZ_CHECK(is_tchar(static_cast<unsigned char>(c)), "header name is a token");
    for (char c : header.value) {
      const auto b = static_cast<unsigned char>(c);
      FUZZ_CHECK(b == '\t' || (b >= 0x20 && b != 0x7F), "header value has no control byte");
    }
    if (!header.value.empty()) {
      FUZZ_CHECK(header.value.front() != ' ' && header.value.front() != '\t', "value trimmed");
      FUZZ_CHECK(header.value.back() != ' ' && header.value.back() != '\t', "value trimmed");
    }
    if (charfinder::iequals(header.name, "Host")) ++hosts;
    FUZZ_CHECK(!charfinder::iequals(header.name, "Transfer-Encoding"), "no body accepted");
    if (charfinder::iequals(header.name, "Content-Length"))
      FUZZ_CHECK(header.value.find_first_not_of('0') == std::string::npos, "no body accepted");
  }
  FUZZ_CHECK(hosts <= 1, "at most one Host");
  if (request.version_minor == 1) FUZZ_CHECK(hosts == 1, "HTTP/1.1 has a Host");
  FUZZ_CHECK(request.header("host") == request.header("HOST"), "lookups ignore case");
}

// Feeds `wire` in chunks of the sizes `next_size()` returns, like a session's reads.
template <typename NextSize>
Outcome parse(std::string_view wire, NextSize next_size) {
  Outcome outcome;
  HttpRequestParser parser;
  HttpRequest request;
  std::size_t chunk_start = 0;
  while (chunk_start < wire.size()) {
    const std::string_view chunk = wire.substr(chunk_start, next_size());
    std::size_t used = 0;
    while (used < chunk.size()) {
      const std::string_view rest = chunk.substr(used);
      const HttpRequestParser::Progress progress = parser.feed(rest, request);
      FUZZ_CHECK(progress.consumed <= rest.size(), "consumed never exceeds the input");
      const std::size_t end = chunk_start + used + progress.consumed;
      switch (progress.result) {
        case HttpRequestParser::Result::kNeedMore:
          FUZZ_CHECK(progress.consumed == rest.size(), "kNeedMore uses every byte");
          FUZZ_CHECK(parser.in_progress() || rest.find_first_not_of("\r\n") == rest.npos,
                     "only empty lines leave the parser at the start");
          break;
        case HttpRequestParser::Result::kComplete: {
          FUZZ_CHECK(progress.consumed > 0, "a request uses at least one byte");
          check_request(request);
          std::vector<std::pair<std::string, std::string>> headers;
          for (const auto& h : request.headers) headers.emplace_back(h.name, h.value);
          outcome.entries.push_back({progress.result,
                                     end,
                                     0,
                                     {},
                                     request.method,
                                     request.target,
                                     request.version_minor,
                                     std::move(headers),
                                     request.keep_alive});
          parser.reset();
          FUZZ_CHECK(!parser.in_progress(), "reset() starts afresh");
          break;
        }
        case HttpRequestParser::Result::kBad: {
          FUZZ_CHECK(progress.consumed > 0, "an error is found at a byte");
          const int e = progress.error;
          FUZZ_CHECK(e == 400 || e == 413 || e == 414 || e == 431 || e == 505,
                     "a documented status");
          FUZZ_CHECK(!progress.detail.empty(), "an error has a reason");
          outcome.entries.push_back(
              {progress.result, end, e, std::string(progress.detail), {}, {}, 0, {}, false});
          return outcome;  // the session answers and closes
        }
      }
      used += progress.consumed;
    }
    chunk_start += chunk.size();
  }
  outcome.pending = parser.in_progress();
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // Bytes 0-1 seed the chunk sizes; the rest is what the client sent.
  std::uint32_t state = (static_cast<std::uint32_t>(data[0]) << 8 | data[1]) * 2654435761u + 1;
  const std::string_view wire(reinterpret_cast<const char*>(data) + 2, size - 2);
  const std::size_t max_chunk = 1 + (data[0] % 64);

  const Outcome whole = parse(wire, [&] { return wire.size(); });
  const Outcome chunked = parse(wire, [&] {
    state ^= state << 13, state ^= state >> 17, state ^= state << 5;
    return 1 + state % max_chunk;
  });
  FUZZ_CHECK(whole == chunked, "the same requests however the bytes are split");
  const Outcome bytewise = parse(wire, [] { return std::size_t{1}; });
  FUZZ_CHECK(whole == bytewise, "the same requests fed a byte at a time");
  return 0;
}

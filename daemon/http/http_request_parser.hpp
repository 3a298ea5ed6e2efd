// daemon/http/http_request_parser.hpp
//
// Incremental HTTP/1.x request-head parser (RFC 9112). Feed whatever bytes arrived; it keeps
// its place between calls, never buffers beyond the limits, and says how many bytes it used,
// so pipelined requests are parsed one after another from the same buffer.
//
// Limits and refusals (DESIGN.md "HTTP"): a request line over 8 KiB -> 414; a header section
// over 16 KiB or over 100 fields -> 431; a version other than HTTP/1.0 or HTTP/1.1 -> 505;
// a body (Content-Length > 0 or any Transfer-Encoding) -> 413; duplicate or malformed
// Content-Length, duplicate Host, no Host in HTTP/1.1, obs-fold, a bare CR, NUL or another
// control character, whitespace before a header colon, a non-token method or header name,
// an empty or malformed target -> 400. After kBad the connection must be closed.
// Leniencies: empty lines before the request line are skipped and a bare LF ends a line
// (RFC 9112 2.2 allows both); an absolute-form target ("http://host/path") is reduced to
// its origin-form. Not thread-safe: one parser per connection.
#pragma once

#include <cstddef>
#include <string_view>

#include "daemon/http/http_request.hpp"

namespace charfinder {

inline constexpr std::size_t kMaxRequestLineBytes = std::size_t{8} * 1024;
inline constexpr std::size_t kMaxHeaderBytes = std::size_t{16} * 1024;
inline constexpr std::size_t kMaxHeaderFields = 100;

class HttpRequestParser {
 public:
  enum class Result { kNeedMore, kComplete, kBad };
  struct Progress {
    Result result;
    std::size_t consumed;          // bytes of the input used (the rest belong to the next request)
    int error = 0;                 // the status to answer with, iff kBad
    std::string_view detail = {};  // why, for the error body and the log, iff kBad
  };

  // Parses the next bytes of a request into `out` (cleared when a new request begins).
  // kNeedMore: all of `bytes` was used, feed more. kComplete: `out` holds the request and
  // `consumed` bytes were used. kBad: stop reading and answer `error`, then close.
  Progress feed(std::string_view bytes, HttpRequest& out);

  // Ready for the next (pipelined) request. Unconsumed bytes stay with the caller.
  void reset();

  // True when some bytes of a request have been seen (a header timeout then answers 408;
  // otherwise the connection was merely idle).
  bool in_progress() const { return state_ != State::kStart; }

 private:
  enum class State {
    kStart,  // before the request line; empty lines are skipped
    kMethod,
    kTarget,
    kVersion,
    kRequestLineLf,  // saw CR after the version
    kHeaderStart,    // at the start of a header line (or the final empty line)
    kHeaderName,
    kHeaderValue,
    kHeaderLf,  // saw CR at the end of a header value
    kFinalLf,   // saw CR on the empty line
  };
  Progress bad(std::size_t consumed, int status, std::string_view detail);
  Progress finish(std::size_t consumed, HttpRequest& out);

  State state_ = State::kStart;
  bool fresh_ = true;  // `out` has not been cleared for the request being parsed
  std::size_t line_bytes_ = 0;
  std::size_t header_bytes_ = 0;
  std::size_t fields_ = 0;
  std::string version_;
};

}  // namespace charfinder

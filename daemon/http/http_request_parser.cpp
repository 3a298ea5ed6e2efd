#include "daemon/http/http_request_parser.hpp"

#include <charconv>

namespace charfinder {
namespace {

// RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
// "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
bool is_tchar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// Bytes allowed in a request target: visible ASCII and (leniently) obs-text; never
// controls, space or DEL.
bool is_target_byte(unsigned char c) { return c > 0x20 && c != 0x7F; }

// field-vchar / obs-text / SP / HTAB (RFC 9110 5.5).
bool is_field_byte(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7F); }

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Calls on_token(token) for each element of a comma-separated list, trimmed, empty skipped.
template <typename F>
void for_each_list_element(std::string_view list, F&& on_token) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    const std::string_view element = trim_ows(list.substr(start, end - start));
    if (!element.empty()) on_token(element);
    start = end + 1;
  }
}

}  // namespace

const std::string* HttpRequest::header(std::string_view name) const {
  for (const HttpHeader& h : headers)
    if (iequals(h.name, name)) return &h.value;
  return nullptr;
}

void HttpRequest::clear() {
  method.clear();
  target.clear();
  version_minor = 1;
  headers.clear();
  keep_alive = true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]);
    unsigned char y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

void HttpRequestParser::reset() {
  state_ = State::kStart;
  fresh_ = true;
  line_bytes_ = 0;
  header_bytes_ = 0;
  fields_ = 0;
  version_.clear();
}

HttpRequestParser::Progress HttpRequestParser::bad(std::size_t consumed, int status,
                                                   std::string_view detail) {
  return {Result::kBad, consumed, status, detail};
}

HttpRequestParser::Progress HttpRequestParser::feed(std::string_view bytes, HttpRequest& out) {
  if (fresh_) {
    out.clear();
    fresh_ = false;
  }
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    switch (state_) {
      case State::kStart:
        if (c == '\r' || c == '\n') {
          // Empty lines before a request are ignored (RFC 9112 2.2), within the line budget.
          if (++line_bytes_ > kMaxRequestLineBytes) return bad(i + 1, 400, "too many empty lines");
          continue;
        }
        line_bytes_ = 0;
        state_ = State::kMethod;
        [[fallthrough]];
      case State::kMethod:
      case State::kTarget: {
        // The method and the target: a space ends each, its own byte class extends it.
        const bool method = state_ == State::kMethod;
        if (++line_bytes_ > kMaxRequestLineBytes) return bad(i + 1, 414, "request line too long");
        std::string& field = method ? out.method : out.target;
        if (c == ' ') {
          if (field.empty())
            return bad(i + 1, 400, method ? "empty method" : "empty request target");
          state_ = method ? State::kTarget : State::kVersion;
        } else if (method ? is_tchar(c) : is_target_byte(c)) {
          field += static_cast<char>(c);
        } else {
          return bad(i + 1, 400, method ? "malformed method" : "malformed request target");
        }
        break;
      }
      case State::kVersion:
        if (c == '\r' || c == '\n') {
          // "HTTP/" DIGIT "." DIGIT (RFC 9112 2.3).
          const bool well_formed = version_.size() == 8 && version_.compare(0, 5, "HTTP/") == 0 &&
                                   version_[5] >= '0' && version_[5] <= '9' && version_[6] == '.' &&
                                   version_[7] >= '0' && version_[7] <= '9';
          if (!well_formed) return bad(i + 1, 400, "malformed HTTP version");
          if (version_ == "HTTP/1.1") {
            out.version_minor = 1;
          } else if (version_ == "HTTP/1.0") {
            out.version_minor = 0;
          } else {
            return bad(i + 1, 505, "HTTP version not supported");
          }
          state_ = c == '\r' ? State::kRequestLineLf : State::kHeaderStart;
          break;
        }
        if (++line_bytes_ > kMaxRequestLineBytes) return bad(i + 1, 414, "request line too long");
        if (version_.size() >= 8 || c <= 0x20 || c == 0x7F)
          return bad(i + 1, 400, "malformed HTTP version");
        version_ += static_cast<char>(c);
        break;
      case State::kRequestLineLf:
        if (c != '\n') return bad(i + 1, 400, "bare CR in request line");
        state_ = State::kHeaderStart;
        break;
      case State::kHeaderStart:
        if (++header_bytes_ > kMaxHeaderBytes) return bad(i + 1, 431, "header section too large");
        if (c == '\r') {
          state_ = State::kFinalLf;
        } else if (c == '\n') {
          return finish(i + 1, out);
        } else if (c == ' ' || c == '\t') {
          // obs-fold, or whitespace between the start line and the first field: both are
          // request smuggling vectors (RFC 9112 2.2, 5.2).
          return bad(i + 1, 400, "obsolete line folding");
        } else if (is_tchar(c)) {
          if (++fields_ > kMaxHeaderFields) return bad(i + 1, 431, "too many header fields");
          out.headers.push_back({std::string(1, static_cast<char>(c)), {}});
          state_ = State::kHeaderName;
        } else {
          return bad(i + 1, 400, "malformed header name");
        }
        break;
      case State::kHeaderName:
        if (++header_bytes_ > kMaxHeaderBytes) return bad(i + 1, 431, "header section too large");
        if (c == ':') {
          state_ = State::kHeaderValue;
        } else if (is_tchar(c)) {
          out.headers.back().name += static_cast<char>(c);
        } else if (c == ' ' || c == '\t') {
          return bad(i + 1, 400, "whitespace before a header colon");
        } else {
          return bad(i + 1, 400, "malformed header name");
        }
        break;
      case State::kHeaderValue:
        if (++header_bytes_ > kMaxHeaderBytes) return bad(i + 1, 431, "header section too large");
        if (c == '\r' || c == '\n') {
          std::string& value = out.headers.back().value;
          const std::string_view trimmed = trim_ows(value);
          if (trimmed.size() != value.size()) value = std::string(trimmed);
          state_ = c == '\r' ? State::kHeaderLf : State::kHeaderStart;
        } else if (is_field_byte(c)) {
          std::string& value = out.headers.back().value;
          if (!value.empty() || (c != ' ' && c != '\t')) value += static_cast<char>(c);
        } else {
          return bad(i + 1, 400,
                     c == 0 ? "NUL in a header value" : "control character in a header value");
        }
        break;
      case State::kHeaderLf:
        if (++header_bytes_ > kMaxHeaderBytes) return bad(i + 1, 431, "header section too large");
        if (c != '\n') return bad(i + 1, 400, "bare CR in a header");
        state_ = State::kHeaderStart;
        break;
      case State::kFinalLf:
        if (++header_bytes_ > kMaxHeaderBytes) return bad(i + 1, 431, "header section too large");
        if (c != '\n') return bad(i + 1, 400, "bare CR in a header");
        return finish(i + 1, out);
    }
  }
  return {Result::kNeedMore, bytes.size()};
}

HttpRequestParser::Progress HttpRequestParser::finish(std::size_t consumed, HttpRequest& out) {
  // Absolute-form (RFC 9112 3.2.2): keep the path and query; the Host header still counts.
  if (out.target.front() != '/') {
    std::string_view target = out.target;
    const bool http = target.size() > 7 && iequals(target.substr(0, 7), "http://");
    const bool https = target.size() > 8 && iequals(target.substr(0, 8), "https://");
    if (!http && !https) return bad(consumed, 400, "request target must start with /");
    target.remove_prefix(http ? 7 : 8);
    const auto slash = target.find_first_of("/?");
    if (slash == 0) return bad(consumed, 400, "malformed absolute-form target");
    std::string origin = slash == std::string_view::npos ? "/" : std::string(target.substr(slash));
    if (origin.front() == '?') origin.insert(origin.begin(), '/');
    out.target = std::move(origin);
  }

  int hosts = 0, content_lengths = 0;
  bool transfer_encoding = false, body = false, close = false, keep_alive = false;
  for (const HttpHeader& h : out.headers) {
    if (iequals(h.name, "Host")) {
      ++hosts;
    } else if (iequals(h.name, "Content-Length")) {
      if (++content_lengths > 1) return bad(consumed, 400, "duplicate Content-Length");
      std::uint64_t length = 0;
      const char* first = h.value.data();
      const char* last = first + h.value.size();
      const auto [end, ec] = std::from_chars(first, last, length);
      if (h.value.empty() || ec != std::errc() || end != last || h.value.front() == '-' ||
          h.value.front() == '+')
        return bad(consumed, 400, "malformed Content-Length");
      if (length > 0) body = true;
    } else if (iequals(h.name, "Transfer-Encoding")) {
      transfer_encoding = true;
    } else if (iequals(h.name, "Connection")) {
      for_each_list_element(h.value, [&](std::string_view token) {
        if (iequals(token, "close")) close = true;
        if (iequals(token, "keep-alive")) keep_alive = true;
      });
    }
  }
  if (transfer_encoding && content_lengths > 0)
    return bad(consumed, 400, "both Transfer-Encoding and Content-Length");
  if (transfer_encoding || body) return bad(consumed, 413, "requests with a body are not accepted");
  if (hosts > 1) return bad(consumed, 400, "duplicate Host");
  if (hosts == 0 && out.version_minor == 1) return bad(consumed, 400, "missing Host");
  out.keep_alive = out.version_minor == 1 ? !close : (keep_alive && !close);
  return {Result::kComplete, consumed};
}

}  // namespace charfinder

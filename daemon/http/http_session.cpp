// daemon/http/http_session.cpp
//
// One coroutine per HTTP connection, on its shard's thread (runtime/shard.hpp). Framing is
// HttpRequestParser, answers come from route_request(); this file moves bytes, keeps time,
// logs and counts.
//
// Memory: an idle keep-alive connection holds no buffer. It waits for readability and then
// reads into a per-thread buffer; only bytes of pipelined requests that are still unparsed
// when a response must be written are copied into the session (at most one read chunk), so
// the pipeline is bounded by the read size: the session reads nothing more until every
// request in hand has been answered.
//
// Time: one steady_timer per session is a watchdog over a deadline that the session moves
// (header deadline from the first byte of a request; idle deadline between keep-alive
// requests; write deadline while a client is not reading). Moving a deadline later costs no
// syscall. When the deadline passes the watchdog cancels the socket's operations.
//   - the head of a request (or of the first request) not complete within http.header_timeout
//     -> 408 with Connection: close;
//   - no new request within http.idle_timeout after a response -> closed quietly;
//   - a client that takes no response bytes for http.idle_timeout -> dropped.
//
// Shutdown (daemon/runtime/session_context.hpp): total cancellation may interrupt only the waits
// for the client (between requests, or for the rest of a request head); a response being written
// accepts only terminal cancellation. `stopping` is checked before each wait and before each
// response, so the response in flight says Connection: close and the connection then ends.
//
// Errors (400, 408, 413, 414, 431, 505, 503 refusals) are answered with Connection: close,
// then the write side is shut down and unread input is drained briefly, so the kernel does
// not reset the connection (destroying the answer) because of bytes the client already sent.
#include "daemon/http/http_session.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <asio/this_coro.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "daemon/http/http_request_parser.hpp"
#include "daemon/http/http_response.hpp"
#include "daemon/http/http_router.hpp"
#include "daemon/ops/metrics.hpp"
#include "daemon/runtime/awaitable_util.hpp"
#include "daemon/runtime/connection.hpp"
#include "text/escape.hpp"

namespace charfinder {
namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// A request target or method for the access log: printable ASCII stays, `"`, `\` and every
// other byte become \xNN, so a log line is one line of ASCII whatever the client sent.
std::string log_escape(std::string_view text, std::size_t max_bytes = 2048) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  append_escaped(out, text.substr(0, max_bytes), EscapeStyle::kLog);
  if (text.size() > max_bytes) out += "...";
  return out;
}

class HttpSession {
 public:
  HttpSession(tcp::socket socket, SessionContext& ctx, std::string peer)
      : conn_(std::make_shared<Connection>(std::move(socket))),
        ctx_(ctx),
        config_(ctx.configs.current()),
        peer_(peer.empty() ? describe_peer(conn_->socket) : std::move(peer)) {}
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  asio::awaitable<void> run();

 private:
  enum class Flow { kGoOn, kEnd };
  // Parses and answers every complete request in `data`; the rest stays in the parser.
  asio::awaitable<Flow> process(std::string_view data);
  // Writes one response; the disposition says what happens to the connection after it.
  asio::awaitable<bool> respond(HttpResponse& response, const ConnectionDisposition& disposition,
                                Clock::time_point started);
  asio::awaitable<void> refuse(int status, std::string_view detail);
  void log_access(int status, std::size_t bytes, Clock::time_point started);

  std::shared_ptr<Connection> conn_;
  SessionContext& ctx_;
  // Taken afresh before each request: a SIGHUP reload applies from the next request on.
  std::shared_ptr<const Config> config_;
  std::string peer_;
  HttpRequestParser parser_;
  HttpRequest request_;
  std::string carry_;  // unparsed pipelined bytes held across a write; usually empty
  Clock::time_point request_started_{};
  bool answered_any_ = false;
};

asio::awaitable<void> HttpSession::run() {
  std::error_code ignored;
  conn_->socket.non_blocking(true, ignored);
  // Cancellation is handled by looking at error codes; never throw from a co_await.
  co_await asio::this_coro::throw_if_cancelled(false);
  co_await asio::this_coro::reset_cancellation_state(asio::enable_terminal_cancellation());
  const Clock::time_point accepted = Clock::now();
  for (;;) {
    const bool in_request = parser_.in_progress();
    if (!in_request && ctx_.stopping.load(std::memory_order_acquire)) break;  // idle: close
    if (!in_request && answered_any_) config_ = ctx_.configs.current();
    // The first request's head is due header_timeout after accept; a later one
    // header_timeout after its first byte; between requests the idle timeout applies.
    Clock::time_point deadline;
    if (in_request)
      deadline = request_started_ + config_->http.header_timeout;
    else if (!answered_any_)
      deadline = accepted + config_->http.header_timeout;
    else
      deadline = Clock::now() + config_->http.idle_timeout;
    arm_deadline_at(conn_, deadline);

    // Only this wait for the client may be interrupted by a graceful shutdown.
    co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
    auto [wait_error] = co_await conn_->socket.async_wait(tcp::socket::wait_read, kTupleToken);
    const asio::cancellation_type cancelled =
        (co_await asio::this_coro::cancellation_state).cancelled();
    co_await asio::this_coro::reset_cancellation_state(asio::enable_terminal_cancellation());
    if (wait_error) {
      const bool forced =
          (cancelled & asio::cancellation_type::terminal) != asio::cancellation_type::none;
      if (!forced && conn_->timed_out && (in_request || !answered_any_)) {
        co_await refuse(408, "the request head did not arrive in time");
        co_return;
      }
      break;  // idle timeout, shutdown, or the socket failed: close quietly
    }
    std::error_code read_error;
    auto& buffer = read_scratch();
    const std::size_t n = conn_->socket.read_some(asio::buffer(buffer), read_error);
    if (read_error == asio::error::would_block || read_error == asio::error::try_again) continue;
    if (read_error) break;  // EOF or reset: the client is gone
    if (!parser_.in_progress()) request_started_ = Clock::now();
    if (co_await process(std::string_view(buffer.data(), n)) == Flow::kEnd) co_return;
  }
  stop_deadline(*conn_);
  conn_->socket.shutdown(tcp::socket::shutdown_both, ignored);
  conn_->socket.close(ignored);
}

asio::awaitable<HttpSession::Flow> HttpSession::process(std::string_view data) {
  bool in_carry = false;  // `data` is a suffix of carry_
  while (!data.empty()) {
    if (!parser_.in_progress()) request_started_ = Clock::now();
    const HttpRequestParser::Progress progress = parser_.feed(data, request_);
    data.remove_prefix(progress.consumed);
    if (progress.result == HttpRequestParser::Result::kNeedMore) break;
    if (progress.result == HttpRequestParser::Result::kBad) {
      co_await refuse(progress.error, progress.detail);
      co_return Flow::kEnd;
    }
    // A complete request. `data` may point into the per-thread buffer, which another session
    // may reuse while this one waits for its write: keep the rest here.
    if (!data.empty() && !in_carry) {
      carry_.assign(data);
      data = carry_;
      in_carry = true;
    }
    const Clock::time_point started = Clock::now();
    const bool stopping = ctx_.stopping.load(std::memory_order_acquire);
    HttpResponse response;
    try {
      response = route_request(request_, RouterContext{ctx_.index, *config_, ctx_.metrics,
                                                       ctx_.ready.load(std::memory_order_acquire),
                                                       &ctx_.http_answers, &ctx_.search});
    } catch (const std::exception& e) {
      // A bug or std::bad_alloc while answering: this request fails, the server goes on.
      spdlog::error("http {} \"{}\": {}", peer_, log_escape(request_.target), e.what());
      response = plain_error(500, "internal error");
      response.close = true;
    }
    const ConnectionDisposition disposition = connection_disposition(request_, response, stopping);
    const bool written = co_await respond(response, disposition, started);
    answered_any_ = true;
    parser_.reset();
    if (!written) co_return Flow::kEnd;
    if (disposition.close) {
      co_await linger_close(conn_);
      co_return Flow::kEnd;
    }
  }
  if (!carry_.empty()) std::string().swap(carry_);  // idle sessions hold no buffer
  co_return Flow::kGoOn;
}

asio::awaitable<bool> HttpSession::respond(HttpResponse& response,
                                           const ConnectionDisposition& disposition,
                                           Clock::time_point started) {
  const std::string head =
      serialize_head(response, http_date_now(), disposition.close, disposition.keep_alive_http10);
  const bool with_body = response.send_body && !disposition.head_only && !response.body.empty();
  const std::array<asio::const_buffer, 2> buffers = {
      asio::buffer(head), with_body ? asio::buffer(response.body) : asio::const_buffer()};
  // A client that takes nothing for idle_timeout is dropped.
  arm_deadline_at(conn_, Clock::now() + config_->http.idle_timeout);
  auto [ec, written] = co_await asio::async_write(conn_->socket, buffers, kTupleToken);
  const auto latency = Clock::now() - started;
  ctx_.metrics.http_response(response.status, latency);
  if (response.is_query) ctx_.metrics.query_answered(Protocol::kHttp, latency);
  log_access(response.status, written, started);
  if (ec) {
    if (conn_->timed_out) warn_write_timeout("http", peer_, config_->http.idle_timeout);
    close_now(*conn_);
    co_return false;
  }
  co_return true;
}

asio::awaitable<void> HttpSession::refuse(int status, std::string_view detail) {
  HttpResponse response = plain_error(status, detail);
  if (request_.method.empty()) request_.method = "-";
  const bool written = co_await respond(response, kCloseAfterResponse, Clock::now());
  if (written) co_await linger_close(conn_);
}

void HttpSession::log_access(int status, std::size_t bytes, Clock::time_point started) {
  if (!spdlog::should_log(spdlog::level::info)) return;
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
  spdlog::info("http {} \"{} {} HTTP/1.{}\" {} {} {}us", peer_, log_escape(request_.method, 32),
               request_.target.empty() ? std::string("-") : log_escape(request_.target),
               request_.version_minor, status, bytes, micros);
}

}  // namespace

asio::awaitable<void> run_http_session(tcp::socket socket, SessionContext& ctx, std::string peer) {
  HttpSession session(std::move(socket), ctx, std::move(peer));
  co_await session.run();
}

asio::awaitable<void> refuse_http_session(tcp::socket socket, SessionContext& ctx) {
  auto conn = std::make_shared<Connection>(std::move(socket));
  HttpResponse response = plain_error(503, "too many connections; try again later");
  response.add_header("Retry-After", "1");
  const std::string head = serialize_head(response, http_date_now(), true, false);
  const std::array<asio::const_buffer, 2> buffers = {asio::buffer(head),
                                                     asio::buffer(response.body)};
  const RefusalResult result = co_await write_refusal(
      conn, buffers, std::chrono::duration_cast<Duration>(kRefusalWriteTimeout));
  ctx.metrics.http_response(503, result.write_time);
  if (result.written)
    co_await linger_close(conn);
  else
    close_now(*conn);
}

}  // namespace charfinder

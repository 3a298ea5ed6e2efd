// daemon/telnet/telnet_session.cpp
//
// One coroutine per telnet connection, running on the connection's strand. The protocol
// itself lives in TelnetDecoder (bytes → lines and events) and TelnetCommands (line →
// answer text); this file only moves bytes, keeps time and logs.
//
// Memory: an idle session holds no read or write buffer. It waits for readability
// (async_wait) and then reads into a per-thread buffer; answers are rendered into a
// per-thread buffer and written with one non-blocking send. Only when the client does not
// take everything at once is the unsent rest (at most one rendering budget) copied into the
// session and written asynchronously, under telnet.write_timeout. The per-thread buffers
// are only touched between two suspension points: after a resume the coroutine may be on
// another thread, so they are always fetched anew through a non-inlined function.
//
// Time: one steady_timer per session is a watchdog over a deadline that the session moves
// forward (idle deadline before each read, write deadline before each blocked write). The
// timer is re-armed only when a deadline moves earlier, so a query costs no timer syscalls.
// When a deadline passes the watchdog cancels the socket's operations and says why.
//
// Shutdown (daemon/session_context.hpp): total cancellation may interrupt only the idle
// wait for the client's next bytes; writes accept only terminal cancellation, so an answer
// page in progress completes. `stopping` is checked before every idle wait and between
// pipelined lines; then the session says "server shutting down, goodbye".
#include "daemon/telnet/telnet_session.hpp"

#include <array>
#include <chrono>
#include <memory>
#include <string>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/write.hpp>
#include <spdlog/spdlog.h>

#include "daemon/awaitable_util.hpp"
#include "daemon/listener.hpp"
#include "daemon/metrics.hpp"
#include "daemon/telnet/telnet_commands.hpp"
#include "daemon/telnet/telnet_decoder.hpp"
#include "index/describe.hpp"

namespace charfinder {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 16 * 1024;
// Rows are rendered up to this many bytes, then written, then rendered further.
constexpr std::size_t kWriteBudget = 64 * 1024;
// A refusal's busy line is tiny; if it cannot be written within this long, drop it.
constexpr std::chrono::seconds kRefusalWriteTimeout{5};

// Per-thread scratch buffers; see the file comment for the rules of their use.
[[gnu::noinline]] std::array<char, kReadChunk>& read_scratch() {
  thread_local std::array<char, kReadChunk> buffer;
  return buffer;
}
[[gnu::noinline]] std::string& write_scratch() {
  thread_local std::string buffer;
  return buffer;
}

// The socket and its watchdog, shared with the watchdog's pending handler so that neither
// outlives the other's use.
struct Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}

  tcp::socket socket;
  asio::steady_timer timer;
  Clock::time_point deadline{};
  bool watching = false;   // a wait on `timer` is pending
  bool timed_out = false;  // the watchdog cancelled the socket's operations
  bool closed = false;
};

void watch(std::shared_ptr<Connection> conn) {
  Connection& c = *conn;
  c.watching = true;
  c.timer.async_wait([conn = std::move(conn)](const std::error_code& ec) mutable {
    // operation_aborted: a newer wait replaced this one, or the session ended.
    if (ec || conn->closed) return;
    if (Clock::now() >= conn->deadline) {
      conn->watching = false;
      conn->timed_out = true;
      std::error_code ignored;  // nothing pending is fine: the session sees timed_out
      conn->socket.cancel(ignored);
      return;
    }
    conn->timer.expires_at(conn->deadline);
    watch(std::move(conn));
  });
}

// Sets the deadline for the next operation on the socket.
void arm(const std::shared_ptr<Connection>& conn, Duration timeout) {
  Connection& c = *conn;
  c.deadline = Clock::now() + timeout;
  c.timed_out = false;
  if (!c.watching || c.deadline < c.timer.expiry()) {
    c.timer.expires_at(c.deadline);  // cancels a pending wait; its handler sees aborted
    watch(conn);
  }
}

// FIN after what we wrote, then close. Unread input at close() would make the kernel send
// RST, which can destroy our last line in flight, so take what is already there first.
void close_gracefully(Connection& c) {
  c.closed = true;
  std::error_code ignored;
  c.timer.cancel();
  c.socket.shutdown(tcp::socket::shutdown_send, ignored);
  for (int i = 0; i < 4; ++i) {
    std::error_code ec;
    c.socket.read_some(asio::buffer(read_scratch()), ec);
    if (ec) break;
  }
  c.socket.close(ignored);
}

bool peer_gone(const std::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted;
}

std::string describe_peer(const tcp::socket& socket) {
  std::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  return ec ? std::string("?") : format_endpoint(peer);
}

TelnetGoodbye goodbye_for(TelnetEnd end) {
  switch (end) {
    case TelnetEnd::kInterrupt: return TelnetGoodbye::kInterrupt;
    case TelnetEnd::kControlCharacter: return TelnetGoodbye::kControlCharacter;
    case TelnetEnd::kEndOfFile:
    case TelnetEnd::kNone: break;
  }
  return TelnetGoodbye::kEndOfInput;
}

class TelnetSession {
 public:
  TelnetSession(tcp::socket socket, SessionContext& ctx)
      : conn_(std::make_shared<Connection>(std::move(socket))),
        ctx_(ctx),
        decoder_(ctx.config.limits.max_line_bytes),
        commands_(ctx.index, ctx.config.telnet.page_size),
        peer_(describe_peer(conn_->socket)),
        started_(Clock::now()) {}
  TelnetSession(const TelnetSession&) = delete;
  TelnetSession& operator=(const TelnetSession&) = delete;

  static asio::awaitable<void> run(tcp::socket socket, SessionContext& ctx);

 private:
  enum class Flow { kGoOn, kEnd };

  asio::awaitable<Flow> handle(TelnetEvent& event, std::vector<TelnetEvent>& events,
                               std::size_t index);
  asio::awaitable<Flow> answer();
  // Writes and empties write_scratch(). False when the session must end without a goodbye
  // (peer gone, write timeout, terminal cancellation).
  asio::awaitable<bool> flush();
  asio::awaitable<void> say_goodbye(TelnetGoodbye why);

  std::shared_ptr<Connection> conn_;
  SessionContext& ctx_;
  TelnetDecoder decoder_;
  TelnetCommands commands_;
  std::string peer_;
  std::string backlog_;  // unsent output while a write waits for the client; usually empty
  Clock::time_point started_;
  std::size_t queries_ = 0;
  std::string_view end_reason_ = "peer gone";
};

// The whole session. The TelnetSession lives in this coroutine's own frame, so an idle
// session holds one frame, not two (idle sessions are most of the memory; see the header).
asio::awaitable<void> TelnetSession::run(tcp::socket socket, SessionContext& ctx) {
  TelnetSession self(std::move(socket), ctx);
  spdlog::info("telnet {} connected", self.peer_);
  std::error_code ignored;
  self.conn_->socket.non_blocking(true, ignored);
  co_await asio::this_coro::reset_cancellation_state(asio::enable_terminal_cancellation());
  {
    std::string& out = write_scratch();
    out.clear();  // only ever non-empty here if an exception cut another session's step short
    if (self.ctx_.config.telnet.banner) out += banner_line(CHARFINDER_VERSION);
    out += kPrompt;
  }
  bool open = co_await self.flush();
  while (open) {
    if (self.ctx_.stopping.load(std::memory_order_acquire)) {
      co_await self.say_goodbye(TelnetGoodbye::kShutdown);
      break;
    }
    // Only this wait for the client may be interrupted by a graceful shutdown.
    co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
    arm(self.conn_, self.ctx_.config.telnet.idle_timeout);
    auto [wait_error] =
        co_await self.conn_->socket.async_wait(tcp::socket::wait_read, kTupleToken);
    const asio::cancellation_type cancelled =
        (co_await asio::this_coro::cancellation_state).cancelled();
    co_await asio::this_coro::reset_cancellation_state(asio::enable_terminal_cancellation());
    write_scratch().clear();  // see above: never another session's bytes
    if (wait_error) {
      if ((cancelled & asio::cancellation_type::terminal) != asio::cancellation_type::none) {
        self.end_reason_ = "forced close at shutdown";
      } else if (self.conn_->timed_out) {
        co_await self.say_goodbye(TelnetGoodbye::kIdleTimeout);
      } else if (self.ctx_.stopping.load(std::memory_order_acquire)) {
        co_await self.say_goodbye(TelnetGoodbye::kShutdown);
      } else {
        self.end_reason_ = "wait failed";
        spdlog::debug("telnet {} wait: {}", self.peer_, wait_error.message());
      }
      break;
    }
    std::error_code read_error;
    auto& buffer = read_scratch();
    const std::size_t n = self.conn_->socket.read_some(asio::buffer(buffer), read_error);
    if (read_error == asio::error::would_block || read_error == asio::error::try_again) continue;
    if (read_error) {
      if (read_error == asio::error::eof) {
        // The client closed its side; it may still read, so try a goodbye (never wait).
        write_scratch() += goodbye_line(TelnetGoodbye::kEndOfInput);
        std::error_code ec;
        self.conn_->socket.write_some(asio::buffer(write_scratch()), ec);
        write_scratch().clear();
        self.end_reason_ = goodbye_reason(TelnetGoodbye::kEndOfInput);
      } else if (!peer_gone(read_error)) {
        spdlog::debug("telnet {} read: {}", self.peer_, read_error.message());
      }
      break;
    }
    // The events are the decoder's own vector; it is not fed again until they are handled.
    std::vector<TelnetEvent>& events = self.decoder_.feed({buffer.data(), n});
    Flow flow = Flow::kGoOn;
    for (std::size_t i = 0; i < events.size() && flow == Flow::kGoOn; ++i)
      flow = co_await self.handle(events[i], events, i);
    if (flow == Flow::kEnd) break;
    if (!write_scratch().empty()) open = co_await self.flush();  // replies, short texts
  }
  close_gracefully(*self.conn_);
  const auto duration = std::chrono::duration<double>(Clock::now() - self.started_).count();
  spdlog::info("telnet {} closed: {}, {} queries, {:.3f}s", self.peer_, self.end_reason_,
               self.queries_, duration);
}

asio::awaitable<TelnetSession::Flow> TelnetSession::handle(TelnetEvent& event,
                                                           std::vector<TelnetEvent>& events,
                                                           std::size_t index) {
  switch (event.kind) {
    case TelnetEvent::Kind::kReply:
      write_scratch() += event.text;
      co_return Flow::kGoOn;
    case TelnetEvent::Kind::kEnd:
      // Answers to negotiation that came with the interrupt go first: a client that sent
      // IAC IP IAC DO TIMING-MARK discards our output until it sees the TIMING-MARK answer.
      for (std::size_t i = index + 1; i < events.size(); ++i)
        if (events[i].kind == TelnetEvent::Kind::kReply) write_scratch() += events[i].text;
      co_await say_goodbye(goodbye_for(event.end));
      co_return Flow::kEnd;
    case TelnetEvent::Kind::kLineTooLong:
      commands_.line_too_long(ctx_.config.limits.max_line_bytes);
      write_scratch() += commands_.text();
      write_scratch() += kPrompt;
      co_return Flow::kGoOn;
    case TelnetEvent::Kind::kLine:
      break;
  }
  // Pipelined lines: once shutdown has begun, do not start another answer.
  if (ctx_.stopping.load(std::memory_order_acquire)) {
    co_await say_goodbye(TelnetGoodbye::kShutdown);
    co_return Flow::kEnd;
  }
  switch (commands_.interpret(event.text)) {
    case TelnetCommands::Action::kText:
      write_scratch() += commands_.text();
      write_scratch() += kPrompt;
      co_return Flow::kGoOn;
    case TelnetCommands::Action::kQuit:
      co_await say_goodbye(TelnetGoodbye::kQuit);
      co_return Flow::kEnd;
    case TelnetCommands::Action::kAnswer:
      break;
  }
  co_return co_await answer();
}

asio::awaitable<TelnetSession::Flow> TelnetSession::answer() {
  const auto start = Clock::now();
  ++queries_;
  for (;;) {
    const bool more = commands_.render(write_scratch(), kWriteBudget);
    if (!more) write_scratch() += kPrompt;
    if (!co_await flush()) co_return Flow::kEnd;
    if (!more) break;
  }
  const auto latency = Clock::now() - start;
  ctx_.metrics.query_answered(Protocol::kTelnet, latency);
  if (spdlog::should_log(spdlog::level::info)) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
    if (commands_.failed()) {
      spdlog::info("telnet {} query '{}' rejected in {} µs", peer_,
                   escape_controls(commands_.query()), micros);
    } else {
      spdlog::info("telnet {} query '{}' rows {} of {} in {} µs", peer_,
                   escape_controls(commands_.query()), commands_.rows_sent(),
                   commands_.total(), micros);
    }
  }
  co_return Flow::kGoOn;
}

asio::awaitable<bool> TelnetSession::flush() {
  std::string& out = write_scratch();
  if (out.empty()) co_return true;
  std::error_code ec;
  const std::size_t sent = conn_->socket.write_some(asio::buffer(out), ec);
  if (!ec && sent == out.size()) {
    out.clear();
    co_return true;
  }
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
    out.clear();
    end_reason_ = "peer gone";
    co_return false;
  }
  // The client is not keeping up: keep the rest here and wait for it, with a deadline.
  backlog_.assign(out, ec ? 0 : sent);
  out.clear();
  arm(conn_, ctx_.config.telnet.write_timeout);
  auto [write_error, written] =
      co_await asio::async_write(conn_->socket, asio::buffer(backlog_), kTupleToken);
  std::string().swap(backlog_);  // give the memory back: most sessions are idle
  if (!write_error) co_return true;
  if (conn_->timed_out) {
    spdlog::warn("telnet {} write timeout: the client took nothing for {} ms; dropped", peer_,
                 ctx_.config.telnet.write_timeout.count());
    end_reason_ = "write timeout";
  } else if (write_error == asio::error::operation_aborted) {
    end_reason_ = "forced close at shutdown";
  } else {
    end_reason_ = "peer gone";
  }
  co_return false;
}

asio::awaitable<void> TelnetSession::say_goodbye(TelnetGoodbye why) {
  end_reason_ = goodbye_reason(why);  // flush() replaces it if the goodbye cannot be sent
  write_scratch() += goodbye_line(why);
  co_await flush();
}

}  // namespace

asio::awaitable<void> run_telnet_session(tcp::socket socket, SessionContext& ctx) {
  return TelnetSession::run(std::move(socket), ctx);  // not a coroutine: no frame of its own
}

asio::awaitable<void> refuse_telnet_session(tcp::socket socket, SessionContext& ctx) {
  auto conn = std::make_shared<Connection>(std::move(socket));
  std::error_code ec;
  conn->socket.non_blocking(true, ec);
  const auto timeout = std::min<Duration>(ctx.config.telnet.write_timeout,
                                          std::chrono::duration_cast<Duration>(kRefusalWriteTimeout));
  arm(conn, timeout);
  co_await asio::async_write(conn->socket, asio::buffer(kBusyLine), kTupleToken);
  close_gracefully(*conn);
}

}  // namespace charfinder

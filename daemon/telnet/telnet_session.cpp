// daemon/telnet/telnet_session.cpp
//
// One coroutine per telnet connection, running on its shard's thread. The protocol
// itself lives in TelnetDecoder (bytes → lines and events) and TelnetCommands (line →
// answer text); this file only moves bytes, keeps time and logs.
//
// Memory: an idle session holds only a 32-byte inbox for its pending read (enough for a
// typical line; more is then read at once into a per-thread buffer) and no write buffer:
// answers are rendered into the per-thread write buffer (runtime/connection.hpp) and written
// with one non-blocking send, and only when the client does not take everything at once is
// the unsent rest (at most one rendering budget) copied, into the frame of flush(), and
// written asynchronously, under telnet.write_timeout.
//
// Time: one steady_timer per session is a watchdog over a deadline that the session moves
// forward (idle deadline before each read, write deadline before each blocked write). The
// timer is re-armed only when a deadline moves earlier, so a query costs no timer syscalls.
// When a deadline passes the watchdog cancels the socket's operations and says why.
//
// Shutdown (daemon/runtime/session_context.hpp): total cancellation may interrupt only the idle
// wait for the client's next bytes; writes accept only terminal cancellation, so an answer
// page in progress completes. `stopping` is checked before every idle wait and between
// pipelined lines; then the session says "server shutting down, goodbye".
#include "daemon/telnet/telnet_session.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/this_coro.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>

#include "daemon/ops/metrics.hpp"
#include "daemon/runtime/awaitable_util.hpp"
#include "daemon/runtime/connection.hpp"
#include "daemon/telnet/telnet_commands.hpp"
#include "daemon/telnet/telnet_decoder.hpp"
#include "index/describe.hpp"

namespace charfinder {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kInboxBytes = 32;
// Rows are rendered up to this many bytes, then written, then rendered further.
constexpr std::size_t kWriteBudget = std::size_t{64} * 1024;

bool peer_gone(const std::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted;
}

TelnetGoodbye goodbye_for(TelnetEnd end) {
  switch (end) {
    case TelnetEnd::kInterrupt:
      return TelnetGoodbye::kInterrupt;
    case TelnetEnd::kControlCharacter:
      return TelnetGoodbye::kControlCharacter;
    case TelnetEnd::kEndOfFile:
    case TelnetEnd::kNone:
      break;
  }
  return TelnetGoodbye::kEndOfInput;
}

class TelnetSession {
 public:
  TelnetSession(std::shared_ptr<Connection> conn, SessionContext& ctx, std::string peer)
      : conn_(std::move(conn)),
        ctx_(ctx),
        config_(ctx.configs.current()),
        decoder_(config_->limits.max_line_bytes),
        // config_ (declared before commands_) outlives it: its search.languages is the
        // default this session keeps.
        commands_(ctx.index, config_->telnet.page_size, &ctx.telnet_pages, &ctx.search,
                  config_->search.languages),
        peer_(peer.empty() ? describe_peer(conn_->socket) : std::move(peer)),
        started_(Clock::now()) {}
  TelnetSession(const TelnetSession&) = delete;
  TelnetSession& operator=(const TelnetSession&) = delete;

  // Takes the Connection, not the socket: a coroutine's parameters stay in its frame for
  // its whole life, and a moved-from socket is 88 bytes against a pointer's 16.
  static asio::awaitable<void> run(std::shared_ptr<Connection> conn, SessionContext& ctx,
                                   std::string peer);

 private:
  enum class Flow { kGoOn, kEnd };

  // Logs the connection and sends the banner and first prompt. False: the session is over.
  asio::awaitable<bool> greet();
  // Handles what the idle read brought (or its error). False: the session is over.
  asio::awaitable<bool> take(std::error_code read_error, std::size_t n);
  // Before each idle wait: false (after the goodbye) once shutdown has begun; else enables
  // total cancellation for the wait.
  asio::awaitable<bool> wait_next();
  void finish();  // closes the connection and logs the session's end
  asio::awaitable<Flow> handle(TelnetEvent& event);
  asio::awaitable<Flow> answer();
  // Writes and empties write_scratch(). False when the session must end without a goodbye
  // (peer gone, write timeout, terminal cancellation).
  asio::awaitable<bool> flush();
  asio::awaitable<void> say_goodbye(TelnetGoodbye why);
  // The idle read failed: says why, if there is still someone to tell. Its own coroutine, so
  // that its awaits take no room in the frame of run(), which every idle session holds.
  asio::awaitable<void> end_after_read(std::error_code error, asio::cancellation_type cancelled);

  std::shared_ptr<Connection> conn_;
  SessionContext& ctx_;
  // The configuration this session started with: a SIGHUP reload applies to new sessions.
  std::shared_ptr<const Config> config_;
  TelnetDecoder decoder_;
  TelnetCommands commands_;
  std::string peer_;
  // The idle read lands here: a read (unlike a readiness wait, which makes Asio re-arm
  // epoll with one epoll_ctl per query) costs no syscall besides the recv itself. Small,
  // as every idle session holds it; a longer input is taken behind it without waiting.
  std::array<char, kInboxBytes> inbox_;
  Clock::time_point started_;
  std::size_t queries_ = 0;
  std::string_view end_reason_ = "peer gone";
};

// The whole session. The TelnetSession lives in this coroutine's own frame, so an idle
// session holds one frame, not two (idle sessions are most of the memory; see the header).
// Everything but the idle read happens in other coroutines, whose frames exist only while
// they run: every co_await takes room in the frame that holds it, for the frame's lifetime.
asio::awaitable<void> TelnetSession::run(std::shared_ptr<Connection> conn, SessionContext& ctx,
                                         std::string peer) {
  TelnetSession self(std::move(conn), ctx, std::move(peer));
  bool open = co_await self.greet();
  while (open) {
    // greet() and take() left total cancellation enabled for this wait alone.
    arm_deadline_after(self.conn_, self.config_->telnet.idle_timeout);
    auto [read_error, n] =
        co_await self.conn_->socket.async_read_some(asio::buffer(self.inbox_), kTupleToken);
    open = co_await self.take(read_error, n);
  }
  self.finish();
}

asio::awaitable<bool> TelnetSession::greet() {
  // A cancelled idle read must not make the next co_await (of take()) throw: the session
  // learns of cancellations from error codes and the cancellation state, read in take().
  // (The setting belongs to this co_spawn'ed thread, which ends with the session.)
  co_await asio::this_coro::throw_if_cancelled(false);
  spdlog::info("telnet {} connected", peer_);
  std::error_code ignored;
  conn_->socket.non_blocking(true, ignored);
  co_await asio::this_coro::reset_cancellation_state(asio::enable_terminal_cancellation());
  std::string& out = write_scratch();
  out.clear();  // only ever non-empty here if an exception cut another session's step short
  if (config_->telnet.banner) out += banner_line(CHARFINDER_VERSION);
  out += kPrompt;
  if (!co_await flush()) co_return false;
  co_return co_await wait_next();
}

asio::awaitable<bool> TelnetSession::take(std::error_code read_error, std::size_t n) {
  const asio::cancellation_type cancelled =
      (co_await asio::this_coro::cancellation_state).cancelled();
  co_await asio::this_coro::reset_cancellation_state(asio::enable_terminal_cancellation());
  write_scratch().clear();  // see greet(): never another session's bytes
  if (read_error == asio::error::eof) {
    // The client closed its side; it may still read, so try a goodbye (never wait).
    write_scratch() += goodbye_line(TelnetGoodbye::kEndOfInput);
    std::error_code ec;
    conn_->socket.write_some(asio::buffer(write_scratch()), ec);
    write_scratch().clear();
    end_reason_ = goodbye_reason(TelnetGoodbye::kEndOfInput);
    co_return false;
  }
  if (read_error) {
    co_await end_after_read(read_error, cancelled);
    co_return false;
  }
  // A full inbox may mean more is waiting: take it now, without waiting, behind it.
  auto& buffer = read_scratch();
  std::memcpy(buffer.data(), inbox_.data(), n);
  std::size_t size = n;
  if (n == inbox_.size()) {
    std::error_code later;  // would_block: nothing more yet; else the next read sees it
    size += conn_->socket.read_some(asio::buffer(buffer.data() + n, buffer.size() - n), later);
  }
  // The events are the decoder's own vector; it is not fed again until they are handled.
  std::vector<TelnetEvent>& events = decoder_.feed({buffer.data(), size});
  Flow flow = Flow::kGoOn;
  for (std::size_t i = 0; i < events.size() && flow == Flow::kGoOn; ++i)
    flow = co_await handle(events[i]);
  if (flow == Flow::kEnd) co_return false;
  if (!write_scratch().empty() && !co_await flush()) co_return false;  // replies, short texts
  co_return co_await wait_next();
}

asio::awaitable<bool> TelnetSession::wait_next() {
  if (ctx_.stopping.load(std::memory_order_acquire)) {
    co_await say_goodbye(TelnetGoodbye::kShutdown);
    co_return false;
  }
  // Only the idle wait that follows may be interrupted by a graceful shutdown. No suspension
  // comes between here and that wait: the `stopping` check above cannot miss the signal.
  co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
  co_return true;
}

void TelnetSession::finish() {
  close_gracefully(*conn_);
  const auto duration = std::chrono::duration<double>(Clock::now() - started_).count();
  spdlog::info("telnet {} closed: {}, {} queries, {:.3f}s", peer_, end_reason_, queries_, duration);
}

asio::awaitable<TelnetSession::Flow> TelnetSession::handle(TelnetEvent& event) {
  switch (event.kind) {
    case TelnetEvent::Kind::kReply:
      write_scratch() += event.text;
      co_return Flow::kGoOn;
    case TelnetEvent::Kind::kEnd:
      write_scratch() += event.text;  // the decoder's replies that must precede the goodbye
      co_await say_goodbye(goodbye_for(event.end));
      co_return Flow::kEnd;
    case TelnetEvent::Kind::kLineTooLong:
      commands_.line_too_long(config_->limits.max_line_bytes);
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
                   escape_controls(commands_.query()), commands_.rows_sent(), commands_.total(),
                   micros);
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
  // The rest lives in this call's frame only, not in the session: most sessions are idle.
  std::string backlog(out, ec ? 0 : sent);
  out.clear();
  arm_deadline_after(conn_, config_->telnet.write_timeout);
  auto [write_error, written] =
      co_await asio::async_write(conn_->socket, asio::buffer(backlog), kTupleToken);
  if (!write_error) co_return true;
  if (conn_->timed_out) {
    warn_write_timeout("telnet", peer_, config_->telnet.write_timeout);
    end_reason_ = "write timeout";
  } else if (write_error == asio::error::operation_aborted) {
    end_reason_ = "forced close at shutdown";
  } else {
    end_reason_ = "peer gone";
  }
  co_return false;
}

asio::awaitable<void> TelnetSession::end_after_read(std::error_code error,
                                                    asio::cancellation_type cancelled) {
  if ((cancelled & asio::cancellation_type::terminal) != asio::cancellation_type::none) {
    end_reason_ = "forced close at shutdown";
  } else if (conn_->timed_out) {
    co_await say_goodbye(TelnetGoodbye::kIdleTimeout);
  } else if (peer_gone(error)) {
    end_reason_ = "peer gone";
  } else if (ctx_.stopping.load(std::memory_order_acquire)) {
    co_await say_goodbye(TelnetGoodbye::kShutdown);
  } else {
    end_reason_ = "read failed";
    spdlog::debug("telnet {} read: {}", peer_, error.message());
  }
}

asio::awaitable<void> TelnetSession::say_goodbye(TelnetGoodbye why) {
  end_reason_ = goodbye_reason(why);  // flush() replaces it if the goodbye cannot be sent
  write_scratch() += goodbye_line(why);
  co_await flush();
}

}  // namespace

asio::awaitable<void> run_telnet_session(tcp::socket socket, SessionContext& ctx,
                                         std::string peer) {
  // Not a coroutine: no frame of its own.
  return TelnetSession::run(std::make_shared<Connection>(std::move(socket)), ctx, std::move(peer));
}

asio::awaitable<void> refuse_telnet_session(tcp::socket socket, SessionContext& ctx) {
  auto conn = std::make_shared<Connection>(std::move(socket));
  const std::array<asio::const_buffer, 1> busy = {asio::buffer(kBusyLine)};
  const auto timeout =
      std::min<Duration>(ctx.configs.current()->telnet.write_timeout,
                         std::chrono::duration_cast<Duration>(kRefusalWriteTimeout));
  co_await write_refusal(conn, busy, timeout);
  close_gracefully(*conn);
}

}  // namespace charfinder

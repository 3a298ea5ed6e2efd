#include "daemon/runtime/listener.hpp"

#include <spdlog/spdlog.h>

#include <asio/co_spawn.hpp>
#include <asio/post.hpp>
#include <asio/read.hpp>
#include <cerrno>
#include <system_error>
#include <tuple>

#include "daemon/http/http_session.hpp"
#include "daemon/proxy/proxy_protocol.hpp"
#include "daemon/runtime/awaitable_util.hpp"
#include "daemon/runtime/connection.hpp"
#include "daemon/runtime/connection_deadline.hpp"
#include "daemon/telnet/telnet_session.hpp"

namespace charfinder {
namespace {

using asio::ip::tcp;

std::string_view protocol_name(Protocol protocol) {
  return protocol == Protocol::kTelnet ? "telnet" : "http";
}

bool is_resource_exhaustion(const std::error_code& ec) {
  return ec == asio::error::no_descriptors ||               // EMFILE
         ec == std::errc::too_many_files_open_in_system ||  // ENFILE
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

}  // namespace

Listener::Listener(asio::io_context& io, Protocol protocol, bool proxy_protocol,
                   tcp::acceptor acceptor, SessionRegistry& registry,
                   std::vector<ShardTarget> targets,
                   std::shared_ptr<std::atomic<std::size_t>> exhausted)
    : io_(io),
      protocol_(protocol),
      proxy_protocol_(proxy_protocol),
      acceptor_(std::move(acceptor)),
      backoff_timer_(io),
      registry_(registry),
      targets_(std::move(targets)),
      exhausted_(exhausted ? std::move(exhausted) : std::make_shared<std::atomic<std::size_t>>(0)) {
  std::error_code ec;
  const tcp::endpoint local = acceptor_.local_endpoint(ec);
  address_ = ec ? "?" : format_endpoint(local);
  name_ = std::string(protocol_name(protocol_)) + (proxy_protocol_ ? "-proxy " : " ") + address_;
}

void Listener::start() {
  asio::co_spawn(io_, accept_loop(), LogFailure("accept loop on " + name_));
}

asio::awaitable<void> Listener::stop() {
  // The acceptor belongs to the listener's io_context (its shard's thread); close it there.
  co_await asio::co_spawn(
      io_,
      [this]() -> asio::awaitable<void> {
        std::error_code ignored;  // closing an already closed acceptor is fine
        acceptor_.close(ignored);
        backoff_timer_.cancel();
        co_return;
      },
      asio::use_awaitable);
}

asio::awaitable<void> Listener::accept_loop() {
  using namespace std::chrono_literals;
  std::chrono::milliseconds backoff{0};
  std::size_t failures_in_episode = 0;
  for (;;) {
    // The shard that serves this connection: the socket is built on its io_context, so the
    // connection lives on that one thread from here to its close.
    const ShardTarget& target = targets_[next_target_];
    if (++next_target_ == targets_.size()) next_target_ = 0;
    const asio::any_io_executor executor = target.io->get_executor();
    // In an episode, after the back-off: one non-blocking try, not async_accept (see
    // accept_now). `idle`: descriptors are back and nobody is waiting on this socket.
    // (An `a ? co_await x : y` here built, with g++ 12, a daemon that closed every connection
    // at once; hence the if.)
    std::tuple<std::error_code, tcp::socket> accepted{std::error_code{}, tcp::socket(executor)};
    if (failures_in_episode == 0)
      accepted = co_await acceptor_.async_accept(executor, kTupleToken);
    else
      accepted = accept_now(executor);
    auto& [ec, socket] = accepted;
    // operation_aborted, or a closed acceptor: stop() ran, we are shutting down.
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    const bool idle = ec == asio::error::would_block || ec == asio::error::try_again;
    if (ec && !idle) {
      if (!is_resource_exhaustion(ec)) {
        // ECONNABORTED and friends: that one connection is gone, the listener is fine.
        spdlog::debug("accept on {}: {}", name_, ec.message());
        continue;
      }
      backoff = backoff == 0ms ? 50ms : std::min<std::chrono::milliseconds>(backoff * 2, 1s);
      // Logged by the first of the address's listeners to run out (one per shard).
      if (failures_in_episode++ == 0 && exhausted_->fetch_add(1) == 0) {
        spdlog::warn("accept on {}: {}; backing off (established sessions keep running)", name_,
                     ec.message());
      }
      backoff_timer_.expires_after(backoff);
      co_await backoff_timer_.async_wait(kTupleToken);
      continue;
    }
    if (failures_in_episode > 0) {
      if (exhausted_->fetch_sub(1) == 1)  // the last of the address's listeners to recover
        spdlog::info("accept on {} recovered after {} failed attempts", name_, failures_in_episode);
      failures_in_episode = 0;
      backoff = 0ms;
    }
    if (idle) continue;  // back to waiting in async_accept
    if (target.ctx->stopping.load(std::memory_order_acquire)) co_return;  // raced with shutdown
    serve(std::move(socket), target);
  }
}

std::tuple<std::error_code, tcp::socket> Listener::accept_now(
    const asio::any_io_executor& executor) {
  // Why not async_accept: accept() takes a descriptor before it looks at the queue, so at the
  // limit even an empty queue answers EMFILE, and Asio tries accept() at once before it waits.
  // A listener can therefore enter an episode with nobody waiting on its socket; in
  // async_accept it would leave the episode only when a connection next arrives on that very
  // socket, which with SO_REUSEPORT (the kernel picks the socket) may be never, and the
  // address's episode would never end: no "recovered", no warning for the next one.
  tcp::socket socket(executor);
  std::error_code ec;
  acceptor_.non_blocking(true, ec);  // for this synchronous call only: async ops ignore it
  if (!ec) acceptor_.accept(socket, ec);
  return {ec, std::move(socket)};
}

void Listener::serve(tcp::socket socket, const ShardTarget& target) {
  // Runs on the listener's thread; everything the session does runs on `executor`.
  const asio::any_io_executor executor = socket.get_executor();
  SessionContext& ctx = *target.ctx;
  std::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;  // the peer is already gone (ENOTCONN): nothing to serve
  socket.set_option(tcp::no_delay(true), ec);  // best effort
  const std::string peer_text = format_endpoint(peer);
  if (proxy_protocol_) {
    // Tracked (so a shutdown cancels the header wait) but not admitted yet: the limits
    // count the client the header names, not the balancer.
    asio::co_spawn(executor, serve_proxied(std::move(socket), peer_text, ctx),
                   registry_.track(executor, SessionRegistry::unadmitted(),
                                   LogFailure("PROXY connection " + peer_text)));
    return;
  }
  SessionRegistry::Ticket ticket = registry_.admit(peer.address().to_string());
  const SessionRegistry::Admission admission = ticket.admission();
  const std::string what = std::string(protocol_name(protocol_)) + " session " + peer_text;

  if (admission == SessionRegistry::Admission::kAdmitted) {
    spdlog::debug("accepted {} on {} (shard {})", peer_text, name_, ctx.shard);
    ctx.metrics.connection_opened(protocol_);
    ctx.metrics.shard_connection_opened(ctx.shard);
    Metrics* metrics = &ctx.metrics;
    const Protocol protocol = protocol_;
    auto done = [metrics, protocol, shard = ctx.shard,
                 log = LogFailure(what)](const std::exception_ptr& error) {
      metrics->connection_closed(protocol);
      metrics->shard_connection_closed(shard);
      log(error);
    };
    auto session = protocol_ == Protocol::kTelnet ? run_telnet_session(std::move(socket), ctx)
                                                  : run_http_session(std::move(socket), ctx);
    asio::co_spawn(executor, std::move(session),
                   registry_.track(executor, std::move(ticket), std::move(done)));
    return;
  }

  ctx.metrics.connection_refused(protocol_);
  log_refusal(peer_text, admission);
  if (admission == SessionRegistry::Admission::kDrop) return;  // socket closes here
  auto refusal = protocol_ == Protocol::kTelnet ? refuse_telnet_session(std::move(socket), ctx)
                                                : refuse_http_session(std::move(socket), ctx);
  asio::co_spawn(executor, std::move(refusal),
                 registry_.track(executor, std::move(ticket), LogFailure("refusal of " + what)));
}

// GCC 12 sees the frame allocated by asio's recycling allocator (global operator new inside
// awaitable_frame_base::operator new) and freed by awaitable_frame_base::operator delete,
// and warns of a mismatch that is not one (the same pair every Asio coroutine uses; it shows
// here only because of how this frame is inlined). Silenced for this function alone.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
asio::awaitable<void> Listener::serve_proxied(tcp::socket accepted, std::string balancer,
                                              SessionContext& ctx) {
  co_await asio::this_coro::throw_if_cancelled(false);
  // A graceful shutdown may interrupt the wait for the header: nothing has been said yet.
  co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
  // The watchdog cancels the reads below when the header is not complete in time.
  auto conn = std::make_shared<DeadlineConnection>(std::move(accepted));
  arm_deadline_after(conn, std::chrono::duration_cast<Duration>(kProxyHeaderTimeout));
  ProxyHeaderParser parser;
  ProxyHeader header;
  std::array<char, 536> peeked;  // a v1 header (107 bytes) fits whole; v2 comes in steps
  std::string refusal;
  for (;;) {
    // Peek, so that bytes after the header stay in the socket for the session to read.
    auto [ec, n] = co_await conn->socket.async_receive(asio::buffer(peeked),
                                                       tcp::socket::message_peek, kTupleToken);
    if (ec == asio::error::operation_aborted && conn->timed_out) {
      refusal =
          parser.started() ? "incomplete PROXY header after 5 s" : "no PROXY header within 5 s";
      break;
    }
    if (ec == asio::error::operation_aborted) {  // shutting down
      stop_deadline(*conn);
      co_return;
    }
    if (ec || n == 0) {
      refusal = parser.started() ? "closed in the middle of its PROXY header"
                                 : "closed before sending a PROXY header";
      break;
    }
    const ProxyHeaderParser::Progress progress = parser.feed({peeked.data(), n}, header);
    if (progress.consumed > 0) {
      // Those bytes are in the socket's buffer (just peeked): this read does not block.
      std::error_code read_error;
      asio::read(conn->socket, asio::buffer(peeked.data(), progress.consumed), read_error);
      if (read_error) {
        refusal = "read failed: " + read_error.message();
        break;
      }
    }
    if (progress.result == ProxyHeaderParser::Result::kComplete) break;
    if (progress.result == ProxyHeaderParser::Result::kBad) {
      refusal = std::string(progress.error);
      break;
    }
  }
  stop_deadline(*conn);  // the watchdog lets go of the socket: the session takes it
  tcp::socket socket = std::move(conn->socket);
  if (!refusal.empty()) {
    ctx.metrics.connection_refused(protocol_);
    spdlog::info("refused {} on {}: {}", balancer, name_, refusal);
    std::error_code ignored;
    socket.close(ignored);
    co_return;
  }
  std::string ip;
  std::string peer;
  if (header.has_addresses) {
    ip = header.source_address;
    peer = (header.ipv6 ? "[" + ip + "]" : ip) + ":" + std::to_string(header.source_port);
  } else {  // LOCAL (a health check) or UNKNOWN: the connection is the balancer's own
    std::error_code ec;
    ip = socket.remote_endpoint(ec).address().to_string();
    peer = balancer;
  }
  if (ctx.stopping.load(std::memory_order_acquire)) co_return;  // raced with shutdown
  SessionRegistry::Ticket ticket = registry_.admit(ip);
  const SessionRegistry::Admission admission = ticket.admission();
  if (admission == SessionRegistry::Admission::kAdmitted) {
    spdlog::debug("accepted {} via {} on {} (shard {})", peer, balancer, name_, ctx.shard);
    ctx.metrics.connection_opened(protocol_);
    ctx.metrics.shard_connection_opened(ctx.shard);
    struct Closed {  // counts the session closed however the coroutine ends
      Metrics& metrics;
      Protocol protocol;
      std::size_t shard;
      ~Closed() {
        metrics.connection_closed(protocol);
        metrics.shard_connection_closed(shard);
      }
    } closed{ctx.metrics, protocol_, ctx.shard};
    if (protocol_ == Protocol::kTelnet)
      co_await run_telnet_session(std::move(socket), ctx, std::move(peer));
    else
      co_await run_http_session(std::move(socket), ctx, std::move(peer));
    co_return;
  }
  ctx.metrics.connection_refused(protocol_);
  log_refusal(peer, admission);
  if (admission == SessionRegistry::Admission::kDrop) co_return;
  if (protocol_ == Protocol::kTelnet)
    co_await refuse_telnet_session(std::move(socket), ctx);
  else
    co_await refuse_http_session(std::move(socket), ctx);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

void Listener::log_refusal(const std::string& peer, SessionRegistry::Admission admission) {
  std::lock_guard lock(refusal_mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - last_refusal_log_ < std::chrono::seconds(1)) {
    ++refusals_not_logged_;
    return;
  }
  const char* reason = "";
  switch (admission) {
    case SessionRegistry::Admission::kOverTotal:
      reason = "limits.max_connections reached";
      break;
    case SessionRegistry::Admission::kOverPerIp:
      reason = "limits.max_connections_per_ip reached";
      break;
    default:
      reason = "over a connection limit with too many refusals in flight; closed";
      break;
  }
  if (refusals_not_logged_ > 0) {
    spdlog::warn("refused {} on {}: {} ({} more refusals in the last second not logged)", peer,
                 name_, reason, refusals_not_logged_);
  } else {
    spdlog::warn("refused {} on {}: {}", peer, name_, reason);
  }
  last_refusal_log_ = now;
  refusals_not_logged_ = 0;
}

}  // namespace charfinder

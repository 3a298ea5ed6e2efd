// daemon/runtime/listener.hpp
//
// One Listener per listening socket: an accept loop (a coroutine on its shard's io_context)
// that accepts every connection straight onto the executor of the shard that will serve it
// (asio's async_accept(executor) overload builds the socket there), asks the SessionRegistry
// whether it may be served, and spawns run_*_session (admitted) or refuse_*_session (over a
// limit) on that shard. A listener has one or more targets: its own shard (threads: 1, and
// the SO_REUSEPORT sockets of threads: N, one per shard, where the kernel spreads the
// connections), or every shard in turn (round-robin: the one socket of socket activation,
// which shard 0 accepts on and hands out). Sessions are never spawned `detached`: their
// completion handler logs an escaped exception and updates the metrics.
//
// Accepted sockets get TCP_NODELAY: both protocols write whole answers (or whole chunks) and
// then wait for the peer, so Nagle's algorithm would only delay the prompt / response.
//
// Out of file descriptors (EMFILE/ENFILE) or kernel memory: the loop backs off (50 ms,
// doubling up to 1 s) and logs once per episode; established sessions keep being served. After
// each back-off it tries one non-blocking accept: the episode ends at the first try that is not
// refused for resources, whether or not a connection was waiting (accept_now says why). The
// shards' SO_REUSEPORT listeners of one address share the episode (`exhausted`: how many of
// them are in one), so the warning and the recovery are logged once per address, not per shard.
//
// A PROXY listener (telnet.proxy_listen, http.proxy_listen) first reads the PROXY protocol
// v1/v2 header every connection must start with (daemon/proxy/proxy_protocol.hpp), within
// kProxyHeaderTimeout, consuming exactly its bytes (peek, parse, read what it used), and only
// then admits the connection under the limits, by the client's address from the header, and
// runs the session with that address as its peer. A connection without a valid header is
// closed without a word (logged at info). Plain listeners never look for a header: a PROXY
// line sent there is a query like any other.
//
// Thread safety: start() and stop() may be called (awaited) from any thread; the accept loop
// runs on the listener's io_context (one thread: no strand needed). Not copyable or movable
// (the accept loop refers to it); the server keeps it alive until every io_context has stopped.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

#include "config/config.hpp"
#include "daemon/ops/metrics.hpp"
#include "daemon/runtime/listen_sockets.hpp"
#include "daemon/runtime/session_context.hpp"
#include "daemon/runtime/session_registry.hpp"

namespace charfinder {

inline constexpr std::chrono::seconds kProxyHeaderTimeout{5};

// A shard a listener may hand connections to: its io_context and its sessions' context.
struct ShardTarget {
  asio::io_context* io;
  SessionContext* ctx;
};

class Listener {
 public:
  // `acceptor` belongs to `io`; `targets` (at least one) are served in turn. `exhausted` is
  // shared by the listeners of one address (null: this listener's own).
  Listener(asio::io_context& io, Protocol protocol, bool proxy_protocol,
           asio::ip::tcp::acceptor acceptor, SessionRegistry& registry,
           std::vector<ShardTarget> targets,
           std::shared_ptr<std::atomic<std::size_t>> exhausted = nullptr);
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // The bound address, e.g. "127.0.0.1:40001" (the real port when 0 was asked for).
  const std::string& address() const { return address_; }
  Protocol protocol() const { return protocol_; }
  bool proxy_protocol() const { return proxy_protocol_; }

  void start();  // spawns the accept loop
  // Closes the acceptor (on the listener's io_context) and completes once it is closed: the
  // port is free and new connections are refused from then on. The accept loop then ends.
  asio::awaitable<void> stop();

 private:
  asio::awaitable<void> accept_loop();
  // One non-blocking accept onto `executor` (would_block: nobody is waiting).
  std::tuple<std::error_code, asio::ip::tcp::socket> accept_now(
      const asio::any_io_executor& executor);
  void serve(asio::ip::tcp::socket socket, const ShardTarget& target);
  // A PROXY listener's connection: header, then admission and the session (on `socket`'s
  // shard, whose context is `ctx`).
  asio::awaitable<void> serve_proxied(asio::ip::tcp::socket socket, std::string balancer,
                                      SessionContext& ctx);
  void log_refusal(const std::string& peer, SessionRegistry::Admission admission);

  asio::io_context& io_;
  Protocol protocol_;
  bool proxy_protocol_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer backoff_timer_;
  SessionRegistry& registry_;
  std::vector<ShardTarget> targets_;
  std::size_t next_target_ = 0;  // round-robin; touched by the accept loop only
  std::shared_ptr<std::atomic<std::size_t>> exhausted_;  // listeners of the address backing off
  std::string address_;
  std::string name_;  // "telnet 127.0.0.1:2323", for log lines
  // Refusal log rate limit (one line per second, with the count of those not logged).
  // Guarded by refusal_mutex_: proxied connections are refused on their own shards.
  std::mutex refusal_mutex_;
  std::chrono::steady_clock::time_point last_refusal_log_{};
  std::size_t refusals_not_logged_ = 0;
};

}  // namespace charfinder

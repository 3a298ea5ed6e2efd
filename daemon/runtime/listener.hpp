// daemon/runtime/listener.hpp
//
// One Listener per bound address: an accept loop (a coroutine on the listener's own strand)
// that gives every accepted connection its own strand, asks the SessionRegistry whether it
// may be served, and spawns run_*_session (admitted) or refuse_*_session (over a limit).
// Sessions are never spawned `detached`: their completion handler logs an escaped
// exception and updates the metrics.
//
// Accepted sockets get TCP_NODELAY: both protocols write whole answers (or whole chunks) and
// then wait for the peer, so Nagle's algorithm would only delay the prompt / response.
//
// Out of file descriptors (EMFILE/ENFILE) or kernel memory: the loop backs off (50 ms,
// doubling up to 1 s) and logs once per episode; established sessions keep being served.
//
// A PROXY listener (telnet.proxy_listen, http.proxy_listen) first reads the PROXY protocol
// v1/v2 header every connection must start with (daemon/proxy/proxy_protocol.hpp), within
// kProxyHeaderTimeout, consuming exactly its bytes (peek, parse, read what it used), and only
// then admits the connection under the limits, by the client's address from the header, and
// runs the session with that address as its peer. A connection without a valid header is
// closed without a word (logged at info). Plain listeners never look for a header: a PROXY
// line sent there is a query like any other.
//
// Thread safety: start() and stop() may be called (awaited) from any thread; everything else runs
// on the listener's strand. Not copyable or movable (the accept loop refers to it); the server
// keeps it alive until its io_context has stopped.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <mutex>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "daemon/ops/metrics.hpp"
#include "daemon/runtime/session_context.hpp"
#include "daemon/runtime/session_registry.hpp"

namespace charfinder {

// Opens a listening socket on `address` (an IP literal): SO_REUSEADDR, IPV6_V6ONLY on IPv6
// (so [::]:P and 0.0.0.0:P can both be bound), backlog SOMAXCONN; port 0 picks a free port.
// On failure returns nullopt and sets `error` to
// "cannot listen on 127.0.0.1:2323: Address already in use".
std::optional<asio::ip::tcp::acceptor> open_acceptor(asio::io_context& io,
                                                     const ListenAddress& address,
                                                     std::string& error);

// Adopts an already listening socket (socket activation). Takes ownership of `fd` on success.
std::optional<asio::ip::tcp::acceptor> adopt_acceptor(asio::io_context& io, int fd,
                                                      std::string& error);

inline constexpr std::chrono::seconds kProxyHeaderTimeout{5};

class Listener {
 public:
  Listener(asio::io_context& io, Protocol protocol, bool proxy_protocol,
           asio::ip::tcp::acceptor acceptor, SessionRegistry& registry, SessionContext& ctx);
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // The bound address, e.g. "127.0.0.1:40001" (the real port when 0 was asked for).
  const std::string& address() const { return address_; }
  Protocol protocol() const { return protocol_; }
  bool proxy_protocol() const { return proxy_protocol_; }

  void start();  // spawns the accept loop
  // Closes the acceptor (on the listener's strand) and completes once it is closed: the
  // port is free and new connections are refused from then on. The accept loop then ends.
  asio::awaitable<void> stop();

 private:
  asio::awaitable<void> accept_loop();
  void serve(asio::ip::tcp::socket socket, asio::any_io_executor strand);
  // A PROXY listener's connection: header, then admission and the session (on `socket`'s strand).
  asio::awaitable<void> serve_proxied(asio::ip::tcp::socket socket, std::string balancer);
  void log_refusal(const std::string& peer, SessionRegistry::Admission admission);

  asio::io_context& io_;
  Protocol protocol_;
  bool proxy_protocol_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer backoff_timer_;
  SessionRegistry& registry_;
  SessionContext& ctx_;
  std::string address_;
  std::string name_;  // "telnet 127.0.0.1:2323", for log lines
  // Refusal log rate limit (one line per second, with the count of those not logged).
  // Guarded by refusal_mutex_: proxied connections are refused on their own strands.
  std::mutex refusal_mutex_;
  std::chrono::steady_clock::time_point last_refusal_log_{};
  std::size_t refusals_not_logged_ = 0;
};

}  // namespace charfinder

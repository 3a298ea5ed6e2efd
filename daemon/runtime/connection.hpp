// daemon/runtime/connection.hpp
//
// The connection plumbing both sessions share, below them and the listener (so none of
// them includes another): how a peer is named, the per-thread scratch buffers, the two ways
// of closing after our last bytes, refusing a connection over a limit, and the write-timeout
// warning. The deadline watchdog itself is connection_deadline.hpp.
//
// Scratch buffers: one read buffer and one write buffer per thread, shared by every session
// on it, so an idle session holds no buffer. A session may touch them only between two
// suspension points: after a resume the coroutine may be on another thread, so it fetches
// them anew each time (the functions are [[gnu::noinline]] so the compiler cannot keep the
// thread-local's address across a co_await). A session now stays on its shard's one thread,
// but other sessions of that thread use the same buffers while it is suspended.
#pragma once

#include <array>
#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "daemon/runtime/connection_deadline.hpp"

namespace charfinder {

using Connection = DeadlineConnection;

inline constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
// A refusal's few bytes: if they cannot be written within this long, drop the connection.
inline constexpr std::chrono::seconds kRefusalWriteTimeout{5};

[[gnu::noinline]] std::array<char, kReadChunk>& read_scratch();
[[gnu::noinline]] std::string& write_scratch();

// "127.0.0.1:2323", "[::1]:2323".
std::string format_endpoint(const asio::ip::tcp::endpoint& endpoint);
// The peer of `socket` as format_endpoint() writes it, or "?" once it is gone.
std::string describe_peer(const asio::ip::tcp::socket& socket);

// FIN after what we wrote, take what the peer already sent (unread input at close() makes
// the kernel send RST, which can destroy our last line in flight), then close. Never waits.
void close_gracefully(Connection& conn);

// FIN after what we wrote, then drain what the client still sends for up to 2 s (256 KiB
// at most), then close: for a peer that may still be sending a request we refused. Total
// cancellation (shutdown) may cut the drain short.
asio::awaitable<void> linger_close(std::shared_ptr<Connection> conn);

// Stops the watchdog and closes the socket at once (no FIN dance).
void close_now(Connection& conn);

struct RefusalResult {
  bool written = false;
  std::chrono::steady_clock::duration write_time{};  // start to last byte handed over
};

// Writes `bytes` (a busy line, a 503 response) to a connection refused over a limit, within
// `timeout`. The caller then closes it its protocol's way.
asio::awaitable<RefusalResult> write_refusal(const std::shared_ptr<Connection>& conn,
                                             std::span<const asio::const_buffer> bytes,
                                             Duration timeout);

// "telnet 127.0.0.1:5000 write timeout: the client took nothing for 30000 ms; dropped"
void warn_write_timeout(std::string_view protocol, std::string_view peer, Duration timeout);

}  // namespace charfinder

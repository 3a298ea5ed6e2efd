#include "daemon/runtime/connection.hpp"

#include <spdlog/spdlog.h>

#include <asio/this_coro.hpp>
#include <asio/write.hpp>

#include "daemon/runtime/awaitable_util.hpp"
#include "text/host_port.hpp"

namespace charfinder {
namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerBytes = std::size_t{256} * 1024;

}  // namespace

std::array<char, kReadChunk>& read_scratch() {
  thread_local std::array<char, kReadChunk> buffer;
  return buffer;
}

std::string& write_scratch() {
  thread_local std::string buffer;
  return buffer;
}

std::string format_endpoint(const tcp::endpoint& endpoint) {
  return format_host_port(endpoint.address().to_string(), endpoint.port());
}

std::string describe_peer(const tcp::socket& socket) {
  std::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  return ec ? std::string("?") : format_endpoint(peer);
}

void close_gracefully(Connection& c) {
  stop_deadline(c);
  std::error_code ignored;
  c.socket.shutdown(tcp::socket::shutdown_send, ignored);
  for (int i = 0; i < 4; ++i) {
    std::error_code ec;
    c.socket.read_some(asio::buffer(read_scratch()), ec);
    if (ec) break;
  }
  c.socket.close(ignored);
}

asio::awaitable<void> linger_close(std::shared_ptr<Connection> conn) {
  std::error_code ignored;
  conn->socket.shutdown(tcp::socket::shutdown_send, ignored);
  arm_deadline_at(conn, Clock::now() + kLingerTime);
  co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
  std::size_t drained = 0;
  while (drained < kLingerBytes) {
    auto [ec] = co_await conn->socket.async_wait(tcp::socket::wait_read, kTupleToken);
    if (ec) break;
    std::error_code read_error;
    const std::size_t n = conn->socket.read_some(asio::buffer(read_scratch()), read_error);
    if (read_error == asio::error::would_block || read_error == asio::error::try_again) continue;
    if (read_error) break;
    drained += n;
  }
  stop_deadline(*conn);
  conn->socket.close(ignored);
}

void close_now(Connection& conn) {
  stop_deadline(conn);
  std::error_code ignored;
  conn.socket.close(ignored);
}

asio::awaitable<RefusalResult> write_refusal(const std::shared_ptr<Connection>& conn,
                                             std::span<const asio::const_buffer> bytes,
                                             Duration timeout) {
  co_await asio::this_coro::throw_if_cancelled(false);
  std::error_code ignored;
  conn->socket.non_blocking(true, ignored);
  arm_deadline_after(conn, timeout);
  const auto started = Clock::now();
  auto [ec, written] = co_await asio::async_write(conn->socket, bytes, kTupleToken);
  co_return RefusalResult{!ec, Clock::now() - started};
}

void warn_write_timeout(std::string_view protocol, std::string_view peer, Duration timeout) {
  spdlog::warn("{} {} write timeout: the client took nothing for {} ms; dropped", protocol, peer,
               timeout.count());
}

}  // namespace charfinder

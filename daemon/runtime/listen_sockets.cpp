#include "daemon/runtime/listen_sockets.hpp"

#include <sys/socket.h>

#include <asio/detail/socket_option.hpp>
#include <asio/ip/v6_only.hpp>
#include <cerrno>
#include <system_error>

namespace charfinder {
namespace {

using asio::ip::tcp;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

// open, SO_REUSEADDR (and SO_REUSEPORT when asked), IPV6_V6ONLY, bind; `ec` says what failed.
tcp::acceptor bound_socket(asio::io_context& io, const tcp::endpoint& endpoint, bool reuse_port,
                           std::error_code& ec) {
  tcp::acceptor acceptor(io);
  // ASIO_NO_DEPRECATED: the error_code overloads return void, so check `ec` after each step.
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec && reuse_port) acceptor.set_option(ReusePort(true), ec);
  if (!ec && endpoint.address().is_v6()) acceptor.set_option(asio::ip::v6_only(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  return acceptor;
}

}  // namespace

std::optional<tcp::acceptor> open_acceptor(asio::io_context& io, const ListenAddress& address,
                                           std::string& error) {
  const std::string shown = address.to_string();
  std::error_code ec;
  const asio::ip::address ip = asio::ip::make_address(address.host, ec);
  if (ec) {
    error = "cannot listen on " + shown + ": not an IP address";
    return std::nullopt;
  }
  tcp::acceptor acceptor = bound_socket(io, tcp::endpoint(ip, address.port), false, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on " + shown + ": " + ec.message();
    return std::nullopt;
  }
  return acceptor;
}

std::vector<tcp::acceptor> open_shard_acceptors(const std::vector<asio::io_context*>& shards,
                                                const ListenAddress& address, std::string& error) {
  const std::string shown = address.to_string();
  std::error_code ec;
  const asio::ip::address ip = asio::ip::make_address(address.host, ec);
  if (ec || shards.empty()) {
    error = "cannot listen on " + shown + ": not an IP address";
    return {};
  }
  tcp::endpoint endpoint(ip, address.port);
  {
    // The probe, without SO_REUSEPORT: fails if anyone holds the port (see the header).
    tcp::acceptor probe = bound_socket(*shards.front(), endpoint, false, ec);
    if (!ec) endpoint.port(probe.local_endpoint(ec).port());
    if (ec) {
      error = "cannot listen on " + shown + ": " + ec.message();
      return {};
    }
  }  // closed here, so that the shards can bind its port
  std::vector<tcp::acceptor> acceptors;
  acceptors.reserve(shards.size());
  for (asio::io_context* io : shards) {
    tcp::acceptor acceptor = bound_socket(*io, endpoint, true, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      error = "cannot listen on " + shown + ": " + ec.message();
      return {};  // the ones already open close here
    }
    acceptors.push_back(std::move(acceptor));
  }
  return acceptors;
}

std::optional<tcp::acceptor> adopt_acceptor(asio::io_context& io, int fd, std::string& error) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    error = "socket activation: fd " + std::to_string(fd) + ": " +
            std::error_code(errno, std::system_category()).message();
    return std::nullopt;
  }
  const tcp protocol = storage.ss_family == AF_INET6 ? tcp::v6() : tcp::v4();
  tcp::acceptor acceptor(io);
  std::error_code ec;
  acceptor.assign(protocol, fd, ec);
  if (ec) {
    error = "socket activation: fd " + std::to_string(fd) + ": " + ec.message();
    return std::nullopt;
  }
  return acceptor;
}

}  // namespace charfinder

// daemon/runtime/listen_sockets.hpp
//
// Opening the listening sockets: one per configured address (threads: 1), one per shard and
// address with SO_REUSEPORT (threads: N > 1), or adopting the sockets systemd passed
// (socket activation). Not the accept loop: that is listener.hpp.
//
// SO_REUSEPORT and "Address already in use": a port that another process (same uid) has
// bound with SO_REUSEPORT can be bound again with it, silently, and the kernel would then
// split that process's connections with ours. So open_shard_acceptors() first binds a probe
// socket WITHOUT SO_REUSEPORT (SO_REUSEADDR as always): it fails with EADDRINUSE when anyone
// holds the port, reuseport or not, which keeps the error "cannot listen on 127.0.0.1:2323:
// Address already in use". The probe's port (the kernel's pick when 0 was asked for) is the
// one every shard then binds, so port 0 gives all shards the same ephemeral port. The probe
// is closed just before the shards bind: a second process would have to bind that port with
// SO_REUSEPORT in those few microseconds to join us; once our sockets listen, a second
// charfinder's probe fails on them.
//
// Thread safety: plain functions; call them before the io_contexts run.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace charfinder {

// Opens a listening socket on `address` (an IP literal): SO_REUSEADDR, IPV6_V6ONLY on IPv6
// (so [::]:P and 0.0.0.0:P can both be bound), backlog SOMAXCONN; port 0 picks a free port.
// On failure returns nullopt and sets `error` to
// "cannot listen on 127.0.0.1:2323: Address already in use".
std::optional<asio::ip::tcp::acceptor> open_acceptor(asio::io_context& io,
                                                     const ListenAddress& address,
                                                     std::string& error);

// One listening socket per io_context in `shards`, all on `address` (one port, also for
// port 0) with SO_REUSEPORT, after the probe above. On failure returns an empty vector, sets
// `error` as open_acceptor() does, and no socket stays open.
std::vector<asio::ip::tcp::acceptor> open_shard_acceptors(
    const std::vector<asio::io_context*>& shards, const ListenAddress& address, std::string& error);

// Adopts an already listening socket (socket activation). Takes ownership of `fd` on success.
std::optional<asio::ip::tcp::acceptor> adopt_acceptor(asio::io_context& io, int fd,
                                                      std::string& error);

}  // namespace charfinder

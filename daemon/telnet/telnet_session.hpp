// daemon/telnet/telnet_session.hpp
//
// The telnet prompt protocol of DESIGN.md as one coroutine per connection.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <string>

#include "daemon/runtime/session_context.hpp"

namespace charfinder {

// Runs one telnet session to its end (see the shutdown contract in session_context.hpp).
// Owns the socket. Logs session start/end and one line per query. Never throws for
// network errors. `peer` is the client's address for logs ("192.0.2.7:40001") when a PROXY
// header gave it; empty: the socket's own peer.
asio::awaitable<void> run_telnet_session(asio::ip::tcp::socket socket, SessionContext& ctx,
                                         std::string peer = {});

// Over a connection limit: writes the one-line "busy" message and closes (bounded by a short
// write timeout).
asio::awaitable<void> refuse_telnet_session(asio::ip::tcp::socket socket, SessionContext& ctx);

}  // namespace charfinder

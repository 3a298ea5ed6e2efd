// daemon/http/http_session.hpp
//
// HTTP/1.1 (and 1.0) as one coroutine per connection: keep-alive, pipelining, limits.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <string>

#include "daemon/runtime/session_context.hpp"

namespace charfinder {

// Serves requests on one connection until it closes (see the shutdown contract in
// session_context.hpp). Owns the socket. Logs one access-log line per request. `peer` is
// the client's address for logs when a PROXY header gave it; empty: the socket's own peer.
asio::awaitable<void> run_http_session(asio::ip::tcp::socket socket, SessionContext& ctx,
                                       std::string peer = {});

// Over a connection limit: writes a short 503 response and closes.
asio::awaitable<void> refuse_http_session(asio::ip::tcp::socket socket, SessionContext& ctx);

}  // namespace charfinder

// STUB (to be replaced by the HTTP session implementation).
#include "daemon/http/http_session.hpp"

namespace charfinder {
asio::awaitable<void> run_http_session(asio::ip::tcp::socket socket, SessionContext&) {
  socket.close();
  co_return;
}
asio::awaitable<void> refuse_http_session(asio::ip::tcp::socket socket, SessionContext&) {
  socket.close();
  co_return;
}
}  // namespace charfinder

// STUB (to be replaced by the telnet session implementation).
#include "daemon/telnet/telnet_session.hpp"

namespace charfinder {
asio::awaitable<void> run_telnet_session(asio::ip::tcp::socket socket, SessionContext&) {
  socket.close();
  co_return;
}
asio::awaitable<void> refuse_telnet_session(asio::ip::tcp::socket socket, SessionContext&) {
  socket.close();
  co_return;
}
}  // namespace charfinder

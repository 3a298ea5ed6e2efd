// daemon/runtime/connection_deadline.cpp
#include "daemon/runtime/connection_deadline.hpp"

#include <system_error>
#include <utility>

namespace charfinder {
namespace {

using Clock = DeadlineConnection::Clock;

void watch(std::shared_ptr<DeadlineConnection> conn) {
  DeadlineConnection& c = *conn;
  c.watching = true;
  c.timer.async_wait([conn = std::move(conn)](const std::error_code& ec) mutable {
    // operation_aborted: a newer wait replaced this one, or the session ended.
    if (ec || conn->closed) return;
    if (Clock::now() >= conn->deadline) {
      conn->watching = false;
      conn->timed_out = true;
      std::error_code ignored;  // nothing pending is fine: the session sees timed_out
      conn->socket.cancel(ignored);
      return;
    }
    conn->timer.expires_at(conn->deadline);
    watch(std::move(conn));
  });
}

}  // namespace

void arm_deadline_at(const std::shared_ptr<DeadlineConnection>& conn, Clock::time_point deadline) {
  DeadlineConnection& c = *conn;
  c.deadline = deadline;
  c.timed_out = false;
  if (!c.watching || c.deadline < c.timer.expiry()) {
    c.timer.expires_at(c.deadline);  // cancels a pending wait; its handler sees aborted
    watch(conn);
  }
}

void arm_deadline_after(const std::shared_ptr<DeadlineConnection>& conn, Duration timeout) {
  arm_deadline_at(conn, Clock::now() + timeout);
}

void stop_deadline(DeadlineConnection& conn) {
  conn.closed = true;
  conn.timer.cancel();
}

}  // namespace charfinder

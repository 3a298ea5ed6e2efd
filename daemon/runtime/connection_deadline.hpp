// daemon/runtime/connection_deadline.hpp
//
// DeadlineConnection: a session's socket plus one steady_timer acting as a watchdog over a
// deadline that the session moves. Shared by the telnet and HTTP sessions.
//
// Contract:
//   - Strand: every call here, every member access and the session's socket operations run
//     on the connection's executor (its shard's one thread; the timer is created on it too),
//     so nothing is locked.
//   - arm_deadline_at()/arm_deadline_after() set the deadline for the socket operations
//     that follow. Moving the deadline later costs no syscall: the pending wait wakes at
//     the old expiry and waits again. The timer is re-armed only when the deadline moves
//     earlier or no wait is pending.
//   - When the deadline passes, the watchdog sets `timed_out` and cancels the socket's
//     pending operations (they complete with operation_aborted). `timed_out` therefore
//     means "the last deadline passed and the watchdog cancelled the socket"; arming again
//     clears it.
//   - Lifetime: hold it by std::shared_ptr. A pending watchdog wait holds a reference, so
//     the socket and timer stay alive until that wait completes, whatever the session did. Call
//     stop_deadline() (sets `closed`, cancels the timer) before closing the socket, so the
//     watchdog lets go promptly and never touches a closed socket.
#pragma once

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <memory>

#include "config/config.hpp"

namespace charfinder {

// Plain members, no virtuals: the idle telnet session's footprint counts every byte.
struct DeadlineConnection {
  using Clock = std::chrono::steady_clock;

  explicit DeadlineConnection(asio::ip::tcp::socket s)
      : socket(std::move(s)), timer(socket.get_executor()) {}

  asio::ip::tcp::socket socket;
  asio::steady_timer timer;
  Clock::time_point deadline{};
  bool watching = false;   // a wait on `timer` is pending
  bool timed_out = false;  // the watchdog cancelled the socket's operations
  bool closed = false;     // the session is done; the watchdog does nothing more
};

// Sets the deadline for the next operations on the socket; clears `timed_out`.
void arm_deadline_at(const std::shared_ptr<DeadlineConnection>& conn,
                     DeadlineConnection::Clock::time_point deadline);
void arm_deadline_after(const std::shared_ptr<DeadlineConnection>& conn, Duration timeout);

// Marks the connection closed and cancels a pending watchdog wait. The socket is left to
// the caller (each protocol closes it its own way).
void stop_deadline(DeadlineConnection& conn);

}  // namespace charfinder

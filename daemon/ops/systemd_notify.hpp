// daemon/ops/systemd_notify.hpp
//
// The daemon's side of systemd: socket activation (sd_listen_fds_with_names) and the
// sd_notify protocol (READY=1, STOPPING=1, STATUS=, WATCHDOG=1). Outside systemd
// (no LISTEN_FDS, no NOTIFY_SOCKET) every function is a cheap no-op.
// Thread safety: the notify functions may be called from any thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

// Listening sockets passed by the service manager, by FileDescriptorName= (`telnet`, `http`).
struct ActivatedSockets {
  std::vector<int> telnet;
  std::vector<int> http;
};

// nullopt when the process was not socket-activated (LISTEN_FDS unset or for another pid).
// Otherwise the sockets, each checked to be a listening TCP socket, or `error` set (a
// socket with another name, or not a listening stream socket) and an empty result.
// Unsets LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES so children do not inherit them.
std::optional<ActivatedSockets> take_activated_sockets(std::string& error);

void notify_ready(std::string_view status);      // READY=1 + STATUS=
void notify_stopping(std::string_view status);   // STOPPING=1 + STATUS=
void notify_reloading(std::string_view status);  // RELOADING=1 + STATUS= (then notify_ready)
void notify_watchdog();                          // WATCHDOG=1

// Half the watchdog interval the manager asked for (WATCHDOG_USEC), or nullopt when the
// watchdog is off: how often notify_watchdog() should run.
std::optional<std::chrono::microseconds> watchdog_ping_interval();

}  // namespace charfinder

#include "daemon/ops/systemd_notify.hpp"

#include <sys/socket.h>
#include <systemd/sd-daemon.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>

namespace charfinder {

std::optional<ActivatedSockets> take_activated_sockets(std::string& error) {
  char** names = nullptr;
  const int count = sd_listen_fds_with_names(/*unset_environment=*/1, &names);
  if (count < 0) {
    error = std::string("socket activation: ") + std::generic_category().message(-count);
    return ActivatedSockets{};
  }
  if (count == 0) {
    std::free(names);
    return std::nullopt;
  }
  ActivatedSockets sockets;
  for (int i = 0; i < count; ++i) {
    const int fd = SD_LISTEN_FDS_START + i;
    const std::string name = names != nullptr && names[i] != nullptr ? names[i] : "unknown";
    if (error.empty()) {
      if (sd_is_socket(fd, AF_INET, SOCK_STREAM, /*listening=*/1) <= 0 &&
          sd_is_socket(fd, AF_INET6, SOCK_STREAM, /*listening=*/1) <= 0) {
        error = "socket activation: fd " + std::to_string(fd) + " (" + name +
                ") is not a listening TCP socket";
      } else if (name == "telnet") {
        sockets.telnet.push_back(fd);
      } else if (name == "http") {
        sockets.http.push_back(fd);
      } else {
        error = "socket activation: fd " + std::to_string(fd) + " is named '" + name +
                "'; expected FileDescriptorName=telnet or FileDescriptorName=http";
      }
    }
    if (names != nullptr) std::free(names[i]);
  }
  std::free(names);
  if (!error.empty()) return ActivatedSockets{};
  return sockets;
}

void notify_ready(std::string_view status) {
  sd_notifyf(0, "READY=1\nSTATUS=%.*s", static_cast<int>(status.size()), status.data());
}

void notify_stopping(std::string_view status) {
  sd_notifyf(0, "STOPPING=1\nSTATUS=%.*s", static_cast<int>(status.size()), status.data());
}

void notify_reloading(std::string_view status) {
  sd_notifyf(0, "RELOADING=1\nSTATUS=%.*s", static_cast<int>(status.size()), status.data());
}

void notify_watchdog() { sd_notify(0, "WATCHDOG=1"); }

std::optional<std::chrono::microseconds> watchdog_ping_interval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(/*unset_environment=*/0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace charfinder

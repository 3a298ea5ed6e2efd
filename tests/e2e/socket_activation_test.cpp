// End-to-end tests of the daemon under systemd: socket activation, READY=1, watchdog pings,
// STOPPING=1. Real binary, loopback only.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/test_client.hpp"
#include "tests/e2e/test_listener.hpp"

namespace charfinder {

using namespace std::chrono_literals;

TEST_CASE("socket activation: the daemon serves the sockets it is given",
          "[e2e][lifecycle][systemd]") {
  TestListener telnet;
  TestListener http;
  TestListener occupied;  // the configured address is in use: it must be ignored
  REQUIRE((telnet.ok() && http.ok() && occupied.ok()));
  DaemonProcess::Options options;
  options.default_listen = false;
  options.config_yaml = "telnet:\n  listen: [\"" + addr(occupied.port()) + "\"]\n";
  options.listen_fds = {{telnet.fd(), "telnet"}, {http.fd(), "http"}};
  DaemonProcess daemon(options);
  REQUIRE(daemon.telnet_addresses() == std::vector<std::string>{addr(telnet.port())});
  REQUIRE(daemon.http_addresses() == std::vector<std::string>{addr(http.port())});
  CHECK(daemon.log().find("socket activation") != std::string::npos);
  // Close our copies: only the daemon holds the listening sockets now.
  telnet.close();
  http.close();
  auto a = TestClient::connect(daemon.telnet_port());
  auto b = TestClient::connect(daemon.http_port());
  daemon.send_signal(SIGTERM);
  REQUIRE(daemon.wait_exit(10s) == 0);
}

TEST_CASE("socket activation: a misnamed or non-listening socket is a configuration error",
          "[e2e][lifecycle][systemd]") {
  TestListener listening;
  REQUIRE(listening.ok());
  const int not_listening = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(not_listening >= 0);
  struct Case {
    int fd;
    std::string name;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {listening.fd(), "gopher", "is named 'gopher'; expected FileDescriptorName=telnet"},
      {not_listening, "telnet", "(telnet) is not a listening TCP socket"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name, c.expected);
    DaemonProcess::Options options;
    options.default_listen = false;
    options.wait_ready = false;
    options.args = {"serve"};
    options.listen_fds = {{c.fd, c.name}};
    DaemonProcess daemon(options);
    REQUIRE(daemon.wait_exit(10s) == 2);
    CAPTURE(daemon.log());
    CHECK(daemon.log().find(c.expected) != std::string::npos);
  }
  ::close(not_listening);
}

namespace {
// The receiving end of NOTIFY_SOCKET: a datagram socket in a temporary directory.
class NotifySocket {
 public:
  NotifySocket() {
    char dir[] = "/tmp/charfinder-notify-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    dir_ = dir;
    path_ = dir_ + "/notify";
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof address.sun_path);
    (void)std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path_.c_str());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  }
  ~NotifySocket() {
    ::close(fd_);
    std::filesystem::remove_all(dir_);
  }
  const std::string& path() const { return path_; }
  // Messages until one contains `needle` (returned), or "" after `deadline`.
  std::string receive_until(std::string_view needle, std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) != 1) return "";
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return "";
      std::string message(buffer, static_cast<std::size_t>(n));
      if (message.find(needle) != std::string::npos) return message;
    }
  }

 private:
  std::string dir_, path_;
  int fd_ = -1;
};

// Open descriptors of process `pid`.
}  // namespace

TEST_CASE("under systemd: READY=1 once listening, watchdog pings, STOPPING=1 on shutdown",
          "[e2e][lifecycle][systemd]") {
  NotifySocket notify;
  DaemonProcess::Options options;
  options.env = {"NOTIFY_SOCKET=" + notify.path(), "WATCHDOG_USEC=200000"};
  DaemonProcess daemon(options);
  const std::string ready = notify.receive_until("READY=1", 5s);
  CHECK(ready.find("STATUS=ready telnet=" + addr(daemon.telnet_port())) != std::string::npos);
  CHECK(notify.receive_until("WATCHDOG=1", 5s) == "WATCHDOG=1");
  CHECK(notify.receive_until("WATCHDOG=1", 5s) == "WATCHDOG=1");  // and again: it is periodic
  daemon.send_signal(SIGTERM);
  CHECK(notify.receive_until("STOPPING=1", 5s).find("STOPPING=1") != std::string::npos);
  REQUIRE(daemon.wait_exit(10s) == 0);
}

}  // namespace charfinder

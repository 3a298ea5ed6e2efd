// End-to-end tests of the daemon's lifecycle: start-up, listening, socket activation,
// connection limits, logging options and the graceful shutdown. Real binary, loopback only.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;

// A listening socket owned by the test (to occupy a port, or to hand to the daemon).
class TestListener {
 public:
  explicit TestListener(const std::string& host = "127.0.0.1", std::uint16_t port = 0) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (host.find(':') == std::string::npos) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      ::inet_pton(AF_INET, host.c_str(), &v4->sin_addr);
      length = sizeof *v4;
    } else {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      ::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr);
      length = sizeof *v6;
    }
    fd_ = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&storage), length) == 0 &&
          ::listen(fd_, 16) == 0;
    if (!ok_) error_ = std::strerror(errno);
    if (ok_) {
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&storage), &length);
      port_ = ntohs(storage.ss_family == AF_INET
                        ? reinterpret_cast<sockaddr_in*>(&storage)->sin_port
                        : reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port);
    }
  }
  ~TestListener() { close(); }
  TestListener(const TestListener&) = delete;
  TestListener& operator=(const TestListener&) = delete;
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }  // why not ok()
  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  bool ok_ = false;
  std::string error_;
  std::uint16_t port_ = 0;
};

bool has_ipv6_loopback() { return TestListener("::1").ok(); }

std::string addr(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

}  // namespace

TEST_CASE("serve logs exactly one ready line with the bound ports", "[e2e][lifecycle]") {
  DaemonProcess daemon;
  CHECK(daemon.telnet_port() != 0);
  CHECK(daemon.http_port() != 0);
  CHECK(daemon.telnet_port() != daemon.http_port());
  CHECK(daemon.count_in_log("ready telnet=") == 1);
  REQUIRE(daemon.telnet_addresses().size() == 1);
  REQUIRE(daemon.http_addresses().size() == 1);
  CHECK(daemon.telnet_addresses()[0] == addr(daemon.telnet_port()));
  CHECK(daemon.log().find("ready telnet=" + addr(daemon.telnet_port()) +
                          " http=" + addr(daemon.http_port())) != std::string::npos);
  // Both ports accept connections.
  TestClient::connect(daemon.telnet_port());
  TestClient::connect(daemon.http_port());
}

TEST_CASE("port 0 picks a different free port for each daemon", "[e2e][lifecycle]") {
  DaemonProcess first;
  DaemonProcess second;
  CHECK(first.telnet_port() != second.telnet_port());
  CHECK(first.http_port() != second.http_port());
}

TEST_CASE("several listen addresses per protocol, IPv4 and IPv6", "[e2e][lifecycle]") {
  if (!has_ipv6_loopback()) {
    WARN("no IPv6 loopback on this machine: skipping the [::1] listener test");
    return;
  }
  DaemonProcess daemon({"serve", "--telnet-listen", "127.0.0.1:0", "--telnet-listen", "[::1]:0",
                        "--http-listen", "[::1]:0"},
                       /*default_listen=*/false);
  REQUIRE(daemon.telnet_addresses().size() == 2);
  REQUIRE(daemon.http_addresses().size() == 1);
  CHECK(daemon.telnet_addresses()[0].rfind("127.0.0.1:", 0) == 0);
  CHECK(daemon.telnet_addresses()[1].rfind("[::1]:", 0) == 0);
  CHECK(daemon.http_addresses()[0].rfind("[::1]:", 0) == 0);
  TestClient::connect(port_of(daemon.telnet_addresses()[0]));
  TestClient::connect(port_of(daemon.telnet_addresses()[1]), 5s, "::1");
  TestClient::connect(port_of(daemon.http_addresses()[0]), 5s, "::1");
}

TEST_CASE("an empty protocol list logs an empty address list", "[e2e][lifecycle]") {
  DaemonProcess daemon =
      DaemonProcess::with_config("http:\n  listen: []\n", {"--telnet-listen", "127.0.0.1:0"},
                                 /*default_listen=*/false);
  CHECK(daemon.http_addresses().empty());
  CHECK(daemon.telnet_addresses().size() == 1);
  CHECK(daemon.log().find(" http=\n") != std::string::npos);
}

TEST_CASE("a port already in use: exit 1 naming the address and the OS error", "[e2e][lifecycle]") {
  TestListener occupied;
  INFO("occupying a port: " << occupied.error());
  REQUIRE(occupied.ok());
  DaemonProcess::Options options;
  options.default_listen = false;
  options.wait_ready = false;
  options.args = {"serve", "--telnet-listen", "127.0.0.1:0", "--http-listen",
                  addr(occupied.port())};
  DaemonProcess daemon(options);
  REQUIRE(daemon.wait_exit(10s) == 1);
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("charfinder: cannot listen on " + addr(occupied.port()) +
                 ": Address already in use") != std::string::npos);
  CHECK(log.find("ready telnet=") == std::string::npos);
}

TEST_CASE("a bad configuration: exit 2 with every problem before listening", "[e2e][lifecycle]") {
  // The configured address is occupied: a daemon that tried to listen before checking the
  // whole configuration would exit 1 with "cannot listen on" instead.
  TestListener occupied;
  INFO("occupying a port: " << occupied.error());
  REQUIRE(occupied.ok());
  DaemonProcess::Options options;
  options.default_listen = false;
  options.wait_ready = false;
  options.args = {"--telnet-listen", addr(occupied.port())};
  options.config_yaml = "telnet:\n  listen: [\"" + addr(occupied.port()) +
                        "\"]\n  page_sise: 10\nserver:\n  threads: many\n";
  DaemonProcess daemon(options);
  REQUIRE(daemon.wait_exit(10s) == 2);
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("page_sise") != std::string::npos);
  CHECK(log.find("threads") != std::string::npos);
  CHECK(log.find("cannot listen") == std::string::npos);
  CHECK(log.find("ready telnet=") == std::string::npos);
}

TEST_CASE("bad command-line values: exit 2 naming the flag", "[e2e][lifecycle]") {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{"serve", "--telnet-listen", "nonsense"}, "--telnet-listen"},
      {{"serve", "--http-listen", "127.0.0.1:99999"}, "--http-listen"},
      {{"serve", "--log-level", "loud"}, "--log-level"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args);
    DaemonProcess::Options options;
    options.default_listen = false;
    options.wait_ready = false;
    options.args = c.args;
    DaemonProcess daemon(options);
    REQUIRE(daemon.wait_exit(10s) == 2);
    const std::string log = daemon.log();
    CAPTURE(log);
    CHECK(log.find(c.expected) != std::string::npos);
    CHECK(log.find("ready telnet=") == std::string::npos);
  }
}

TEST_CASE("the log level flag overrides the configured level", "[e2e][lifecycle]") {
  SECTION("the flag turns debug on over the file's warn") {
    DaemonProcess daemon =
        DaemonProcess::with_config("log:\n  level: warn\n", {"--log-level", "debug"});
    CHECK(daemon.wait_for_log(" debug serving with ", 5s));
  }
  SECTION("the default info level hides debug lines") {
    DaemonProcess daemon;
    daemon.send_signal(SIGTERM);
    REQUIRE(daemon.wait_exit(10s) == 0);
    CHECK(daemon.log().find(" debug ") == std::string::npos);
    CHECK(daemon.log().find(" info ready ") != std::string::npos);
  }
  SECTION("the file's warn level hides info lines, the flag can bring them back") {
    // warn: no ready line, so hand the daemon a socket we know and make it log a warning.
    TestListener telnet;
    REQUIRE(telnet.ok());
    DaemonProcess::Options options;
    options.default_listen = false;
    options.wait_ready = false;
    options.config_yaml = "log:\n  level: warn\nlimits:\n  max_connections_per_ip: 1\n";
    options.listen_fds = {{telnet.fd(), "telnet"}};
    DaemonProcess daemon(options);
    auto first = TestClient::connect(telnet.port());
    // Retry until the second connection is refused (the first is admitted once the daemon
    // has started accepting); bounded.
    bool refused = false;
    for (int attempt = 0; attempt < 50 && !refused; ++attempt) {
      auto second = TestClient::connect(telnet.port());
      refused = daemon.wait_for_log("refused 127.0.0.1:", 200ms);
    }
    CHECK(refused);
    daemon.send_signal(SIGTERM);
    REQUIRE(daemon.wait_exit(10s) == 0);
    const std::string log = daemon.log();
    CAPTURE(log);
    CHECK(log.find(" info ") == std::string::npos);
    CHECK(log.find(" warn refused 127.0.0.1:") != std::string::npos);
  }
}

TEST_CASE("log.format json writes one JSON object per line", "[e2e][lifecycle]") {
  DaemonProcess daemon = DaemonProcess::with_config("log:\n  format: json\n");
  CHECK(daemon.telnet_port() != 0);  // the harness found the ready line inside the JSON
  daemon.send_signal(SIGTERM);
  REQUIRE(daemon.wait_exit(10s) == 0);
  std::istringstream lines(daemon.log());
  std::size_t count = 0;
  bool saw_ready = false;
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    const auto object = nlohmann::json::parse(line);  // throws (fails) when not JSON
    REQUIRE(object.is_object());
    CHECK(object.at("time").is_string());
    CHECK(object.at("level").is_string());
    CHECK(object.at("msg").is_string());
    if (object["msg"].get<std::string>().rfind("ready telnet=", 0) == 0) saw_ready = true;
    ++count;
  }
  CHECK(count >= 3);  // index, ready, shutting down, stopped
  CHECK(saw_ready);
}

TEST_CASE("SIGTERM with idle connections: exit 0 within the grace, ports free again",
          "[e2e][lifecycle][shutdown]") {
  auto sig = GENERATE(SIGTERM, SIGINT);
  CAPTURE(sig);
  DaemonProcess daemon = DaemonProcess::with_config("server:\n  shutdown_grace: 5s\n");
  const std::uint16_t telnet_port = daemon.telnet_port();
  const std::uint16_t http_port = daemon.http_port();
  std::vector<TestClient> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(TestClient::connect(telnet_port));
    clients.push_back(TestClient::connect(http_port));
  }
  daemon.send_signal(sig);
  REQUIRE(daemon.wait_exit(8s) == 0);
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("shutting down") != std::string::npos);
  CHECK(log.find(" info stopped") != std::string::npos);
  CHECK(log.find("forcing") == std::string::npos);  // idle sessions end within the grace
  // Every connection was closed by the server.
  for (auto& client : clients) client.read_to_eof(5s);
  CHECK(TestListener("127.0.0.1", telnet_port).ok());
  CHECK(TestListener("127.0.0.1", http_port).ok());
}

namespace {
// A telnet client that asks for every assigned code point (an answer of ~11 MB with paging
// off) through a tiny receive window and reads only its start: the session is then stuck
// mid-answer, where shutdown's *total* cancellation must not interrupt it.
TestClient stalled_reader(const DaemonProcess& daemon) {
  auto client = TestClient::connect(daemon.telnet_port(), 5s, "127.0.0.1", 4096);
  client.read_until("?> ", 5s);
  client.send_all("U+0000..U+10FFFF\r\n");
  client.read_until("U+0001", 5s);  // the answer has started
  return client;
}
}  // namespace

TEST_CASE("a session still busy after the grace is forced, exit 0", "[e2e][lifecycle][shutdown]") {
  DaemonProcess daemon = DaemonProcess::with_config(
      "telnet:\n  page_size: 0\n  write_timeout: 60s\nserver:\n  shutdown_grace: 1s\n");
  auto idle = TestClient::connect(daemon.telnet_port());
  auto stalled = stalled_reader(daemon);
  daemon.send_signal(SIGTERM);
  REQUIRE(daemon.wait_exit(10s) == 0);
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("waiting up to 1000 ms for 2 sessions") != std::string::npos);
  CHECK(log.find("forcing 1 sessions to close") != std::string::npos);
  CHECK(log.find(" info stopped") != std::string::npos);
  idle.read_to_eof(5s);
}

TEST_CASE("shutdown closes the listeners at once and a second signal exits with status 1",
          "[e2e][lifecycle][shutdown]") {
  DaemonProcess daemon = DaemonProcess::with_config(
      "telnet:\n  page_size: 0\n  write_timeout: 60s\nserver:\n  shutdown_grace: 60s\n");
  auto stalled = stalled_reader(daemon);
  daemon.send_signal(SIGTERM);
  REQUIRE(daemon.wait_for_log("waiting up to 60000 ms for 1 sessions", 5s));
  // Still in its grace period, but no longer listening: connections are refused and the
  // ports can be bound by someone else.
  CHECK_FALSE(daemon.wait_exit(0ms).has_value());
  CHECK_THROWS(TestClient::connect(daemon.telnet_port()));
  CHECK(TestListener("127.0.0.1", daemon.http_port()).ok());
  daemon.send_signal(SIGINT);
  REQUIRE(daemon.wait_exit(5s) == 1);
  CHECK(daemon.log().find("second signal (SIGINT) during shutdown: exiting at once") !=
        std::string::npos);
}

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
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path_.c_str());
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
std::size_t open_fds(pid_t pid) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
    ++count;
  return count;
}
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

TEST_CASE("out of file descriptors: accept backs off, logs once, sessions keep working",
          "[e2e][lifecycle][limits]") {
  DaemonProcess daemon;
  auto served = TestClient::connect(daemon.telnet_port());
  served.read_until("?> ", 5s);
  // Leave the daemon room for exactly two more connections.
  // Only the soft limit changes: raising a hard limit needs CAP_SYS_RESOURCE.
  rlimit old{};
  REQUIRE(::prlimit(daemon.pid(), RLIMIT_NOFILE, nullptr, &old) == 0);
  const rlimit low{open_fds(daemon.pid()) + 2, old.rlim_max};
  REQUIRE(::prlimit(daemon.pid(), RLIMIT_NOFILE, &low, nullptr) == 0);
  std::vector<TestClient> clients;
  for (int i = 0; i < 6; ++i) clients.push_back(TestClient::connect(daemon.telnet_port()));
  REQUIRE(daemon.wait_for_log("backing off", 5s));
  // The established session is still answered while accept keeps failing.
  served.send_all("U+2603\r\n");
  CHECK(served.read_until("?> ", 5s).find("SNOWMAN") != std::string::npos);
  for (int i = 0; i < 4; ++i) clients.push_back(TestClient::connect(daemon.telnet_port()));
  // Give descriptors back: the waiting connections are accepted and it says so once.
  REQUIRE(::prlimit(daemon.pid(), RLIMIT_NOFILE, &old, nullptr) == 0);
  REQUIRE(daemon.wait_for_log("recovered after", 5s));
  CHECK(daemon.count_in_log("backing off") == 1);
  for (auto& client : clients) client.read_until("?> ", 5s);
}

TEST_CASE("connection limits refuse what is over them and keep serving",
          "[e2e][lifecycle][limits]") {
  struct Case {
    std::string yaml;
    std::string reason;
  };
  const Case c = GENERATE(
      Case{"limits:\n  max_connections_per_ip: 2\n", "limits.max_connections_per_ip reached"},
      Case{"limits:\n  max_connections: 2\n", "limits.max_connections reached"});
  CAPTURE(c.yaml);
  DaemonProcess daemon = DaemonProcess::with_config(c.yaml, {"--log-level", "debug"});
  // Two admitted sessions (one per protocol: the total limit counts both), held open.
  auto a = TestClient::connect(daemon.telnet_port());
  REQUIRE(daemon.wait_for_log("accepted 127.0.0.1:", 5s));
  auto b = TestClient::connect(daemon.http_port());
  REQUIRE(daemon.wait_for_log(" on http ", 5s));
  // While both are open, a third is refused and closed by the server.
  auto refused = TestClient::connect(daemon.telnet_port());
  REQUIRE(daemon.wait_for_log(c.reason, 5s));
  refused.read_to_eof(5s);
  CHECK(daemon.log().find("refused 127.0.0.1:") != std::string::npos);
  // Once one admitted session ends, a new connection is admitted again.
  const std::size_t accepted_before = daemon.count_in_log("accepted 127.0.0.1:");
  a.close();
  // The server notices `a` is gone asynchronously: until then a new one is refused; retry.
  bool admitted = false;
  for (int attempt = 0; attempt < 25 && !admitted; ++attempt) {
    auto again = TestClient::connect(daemon.telnet_port());
    admitted = daemon.wait_for_log_count("accepted 127.0.0.1:", accepted_before + 1, 200ms);
  }
  CHECK(admitted);
}

namespace {
// A FIFO in a fresh temporary directory, removed with it.
class TempFifo {
 public:
  TempFifo() {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string dir = std::string(tmpdir != nullptr ? tmpdir : "/tmp") + "/charfinder-e2e-XXXXXX";
    if (::mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = dir;
    path_ = dir + "/config.yaml";
    if (::mkfifo(path_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed");
  }
  ~TempFifo() {
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  TempFifo(const TempFifo&) = delete;
  TempFifo& operator=(const TempFifo&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};
}  // namespace

TEST_CASE("a signal during start-up is a clean stop, exit 0, never 143",
          "[e2e][lifecycle][shutdown]") {
  auto sig = GENERATE(SIGTERM, SIGINT);
  CAPTURE(sig);
  // The configuration file is a FIFO: start-up (run_serve) is held in open() until the test
  // writes it. A non-blocking open for writing succeeds only once the daemon has the FIFO
  // open for reading, so that tells, without timing, that start-up is under way. Before
  // the daemon's own code runs (fork, exec, the dynamic loader) no program can catch a
  // signal; that window is not what this tests.
  TempFifo fifo;
  DaemonProcess::Options options;
  options.wait_ready = false;
  options.args = {"-c", fifo.path()};
  DaemonProcess daemon(options);
  int writer = -1;
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (writer < 0 && std::chrono::steady_clock::now() < until && !daemon.wait_exit(0ms)) {
    writer = ::open(fifo.path().c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (writer < 0) std::this_thread::sleep_for(1ms);  // poll interval, not synchronisation
  }
  REQUIRE(writer >= 0);
  daemon.send_signal(sig);  // start-up has not read its configuration yet
  const std::string yaml = "server:\n  shutdown_grace: 5s\n";
  const bool written =
      ::write(writer, yaml.data(), yaml.size()) == static_cast<ssize_t>(yaml.size());
  ::close(writer);  // EOF: start-up goes on (index, listeners, ready)
  REQUIRE(written);
  REQUIRE(daemon.wait_exit(10s) == 0);
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("ready telnet=") != std::string::npos);
  CHECK(log.find(std::string("shutting down (") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ")") !=
        std::string::npos);
  CHECK(log.find(" info stopped") != std::string::npos);
}

TEST_CASE("a signal right after the index line, before ready: exit 0",
          "[e2e][lifecycle][shutdown]") {
  DaemonProcess::Options options;
  options.wait_ready = false;
  DaemonProcess daemon(options);
  REQUIRE(daemon.wait_for_log(" words over ", 10s));  // the index line, logged before listening
  daemon.send_signal(SIGTERM);
  REQUIRE(daemon.wait_exit(10s) == 0);
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("shutting down (SIGTERM)") != std::string::npos);
  CHECK(log.find(" info stopped") != std::string::npos);
}

}  // namespace charfinder

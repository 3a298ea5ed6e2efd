// End-to-end tests of the graceful shutdown and of signals during start-up. Real binary,
// loopback only.
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

namespace {
// A FIFO in a fresh temporary directory, removed with it.
class TempFifo {
 public:
  TempFifo() {
    std::string dir = (std::filesystem::temp_directory_path() / "charfinder-e2e-XXXXXX").string();
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

// End-to-end tests of the connection limits and of running out of file descriptors. Real
// binary, loopback only.
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

std::size_t open_fds(pid_t pid) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("out of file descriptors: accept backs off, logs once, sessions keep working",
          "[e2e][lifecycle][limits]") {
  // Under UBSan its vptr check would probe memory with pipe(), which fails while this test
  // holds the daemon at its descriptor limit, and report a valid object as invalid (a false
  // report the runtime's type-name suppressions cannot catch, since it could not read the
  // object): scripts/test.sh builds with -fno-sanitize=vptr (docs/robustness.md).
  DaemonProcess daemon;
  auto served = TestClient::connect(daemon.telnet_port());
  served.read_until("?> ", 5s);
  const std::string telnet_warning =
      "accept on telnet 127.0.0.1:" + std::to_string(daemon.telnet_port()) +
      ": Too many open files; backing off";
  // Twice: an episode that never ended (a listener of the address still counted as backing
  // off) would log neither "recovered" nor the second episode's warning. The first
  // episode's sessions stay open, so the descriptor count the second one starts from holds.
  std::vector<TestClient> clients;
  for (std::size_t episode = 1; episode <= 2; ++episode) {
    CAPTURE(episode);
    // Leave the daemon room for exactly two more connections.
    // Only the soft limit changes: raising a hard limit needs CAP_SYS_RESOURCE.
    rlimit old{};
    REQUIRE(::prlimit(daemon.pid(), RLIMIT_NOFILE, nullptr, &old) == 0);
    const rlimit low{open_fds(daemon.pid()) + 2, old.rlim_max};
    REQUIRE(::prlimit(daemon.pid(), RLIMIT_NOFILE, &low, nullptr) == 0);
    for (int i = 0; i < 6; ++i) clients.push_back(TestClient::connect(daemon.telnet_port()));
    REQUIRE(daemon.wait_for_log_count(telnet_warning, episode, 5s));
    // The established session is still answered while accept keeps failing.
    served.send_all("U+2603\r\n");
    CHECK(served.read_until("?> ", 5s).find("SNOWMAN") != std::string::npos);
    for (int i = 0; i < 4; ++i) clients.push_back(TestClient::connect(daemon.telnet_port()));
    // Give descriptors back: the waiting connections are accepted and it says so once.
    REQUIRE(::prlimit(daemon.pid(), RLIMIT_NOFILE, &old, nullptr) == 0);
    REQUIRE(daemon.wait_for_log_count(
        "accept on telnet 127.0.0.1:" + std::to_string(daemon.telnet_port()) + " recovered after",
        episode, 5s));
    // Once for the telnet address (its listeners on every shard share the episode). With
    // several shards another address's listener may also meet EMFILE and log its own line.
    CHECK(daemon.count_in_log(telnet_warning) == episode);
    for (std::size_t i = clients.size() - 10; i < clients.size(); ++i)
      clients[i].read_until("?> ", 5s);
  }
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

}  // namespace charfinder

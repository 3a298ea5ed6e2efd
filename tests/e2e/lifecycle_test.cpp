// End-to-end tests of the daemon's start-up: listening, configuration and command-line
// errors, logging options. Real binary, loopback only.
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

// A daemon started with `args` alone (no default listen addresses) and not waited for: for
// start-ups that fail, or that the test watches without a ready line.
DaemonProcess::Options not_awaited(std::vector<std::string> args = {}) {
  DaemonProcess::Options options;
  options.default_listen = false;
  options.wait_ready = false;
  options.args = std::move(args);
  return options;
}

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
  DaemonProcess daemon(not_awaited(
      {"serve", "--telnet-listen", "127.0.0.1:0", "--http-listen", addr(occupied.port())}));
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
  DaemonProcess::Options options = not_awaited({"--telnet-listen", addr(occupied.port())});
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
    DaemonProcess daemon(not_awaited(c.args));
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
    DaemonProcess::Options options = not_awaited();
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

}  // namespace charfinder

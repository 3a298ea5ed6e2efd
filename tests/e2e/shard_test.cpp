// End-to-end tests of shard-per-thread serving (server.threads > 1, daemon/runtime/server.hpp):
// connections spread over every shard (SO_REUSEPORT), and a shutdown with sessions on every
// shard loses nothing there: each telnet session gets its goodbye, each answer in flight
// (one per shard, held back by a tiny client window) is completed, the daemon exits 0.
//
// Which shard serves a connection: the daemon logs "accepted 127.0.0.1:PORT on … (shard N)" at
// debug level; the test matches PORT with its socket's local port.
#include <netinet/in.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/test_client.hpp"
#include "tests/e2e/test_listener.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::size_t kShards = 4;
constexpr const char* kLargeRequest =
    "GET /api/search?q=cjk&limit=100000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

std::uint16_t local_port(const TestClient& client) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  ::getsockname(client.fd(), reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

// The shard the daemon logged for the connection from `port`; -1 until it is logged.
int shard_of(const DaemonProcess& daemon, std::uint16_t port) {
  const std::string log = daemon.log();
  const std::string needle = "accepted 127.0.0.1:" + std::to_string(port) + " on ";
  const std::size_t at = log.find(needle);
  if (at == std::string::npos) return -1;
  const std::size_t shard = log.find("(shard ", at);
  const std::size_t line_end = log.find('\n', at);
  if (shard == std::string::npos || shard > line_end) return -1;
  return std::stoi(log.substr(shard + 7));
}

int wait_shard_of(const DaemonProcess& daemon, std::uint16_t port) {
  for (int i = 0; i < 200; ++i) {
    const int shard = shard_of(daemon, port);
    if (shard >= 0) return shard;
    std::this_thread::sleep_for(10ms);
  }
  return -1;
}

std::size_t max_send_buffer() {
  std::ifstream file("/proc/sys/net/ipv4/tcp_wmem");
  std::size_t low = 0, initial = 0, high = 0;
  file >> low >> initial >> high;
  return high > 0 ? high : 4u << 20;
}

// charfinder_shard_connections_total{shard="i"} for every shard, from /metrics.
std::map<int, std::uint64_t> shard_connections(std::uint16_t http_port) {
  HttpConnection metrics(http_port);
  const HttpReply reply = metrics.get("/metrics");
  std::map<int, std::uint64_t> counts;
  const std::regex line(R"re(charfinder_shard_connections_total\{shard="(\d+)"\} (\d+))re");
  for (auto it = std::sregex_iterator(reply.body.begin(), reply.body.end(), line);
       it != std::sregex_iterator(); ++it)
    counts[std::stoi((*it)[1])] = std::stoull((*it)[2]);
  return counts;
}

}  // namespace

TEST_CASE(
    "threads: 4: connections spread over every shard, and shutdown says goodbye and completes "
    "the answers in flight on every shard",
    "[e2e][shutdown][shards]") {
  DaemonProcess daemon = DaemonProcess::with_config(
      "http:\n  max_page_size: 100000\n  idle_timeout: 60s\nserver:\n  threads: 4\n"
      "  shutdown_grace: 30s\n",
      {"--log-level", "debug"});
  CHECK(daemon.log().find("serving with 4 threads") != std::string::npos);

  // 48 telnet sessions: with the kernel's hash each shard gets some (a shard with none:
  // a chance of 4 * (3/4)^48, about 4e-6).
  std::vector<TestClient> telnet;
  std::set<int> telnet_shards;
  for (int i = 0; i < 48; ++i) {
    telnet.push_back(TestClient::connect(daemon.telnet_port()));
    telnet.back().read_until("?> ", 10s);
    telnet_shards.insert(wait_shard_of(daemon, local_port(telnet.back())));
  }
  CHECK(telnet_shards == std::set<int>{0, 1, 2, 3});
  const std::map<int, std::uint64_t> counts = shard_connections(daemon.http_port());
  REQUIRE(counts.size() == kShards);
  std::uint64_t total = 0;
  for (const auto& [shard, count] : counts) {
    CAPTURE(shard);
    CHECK(count > 0);
    total += count;
  }
  CHECK(total == 49);  // the telnet sessions and the /metrics connection

  // One HTTP connection per shard with a tiny window: connect until every shard has one.
  std::map<int, TestClient> http;
  std::vector<TestClient> spare;  // idle keep-alive connections: closed by the shutdown
  for (int i = 0; i < 64 && http.size() < kShards; ++i) {
    TestClient client = TestClient::connect(daemon.http_port(), 5s, "127.0.0.1", 4096);
    client.send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    std::string stream;
    read_reply(client, stream, false, 10s);
    const int shard = wait_shard_of(daemon, local_port(client));
    REQUIRE(shard >= 0);
    if (http.count(shard) == 0)
      http.emplace(shard, std::move(client));
    else
      spare.push_back(std::move(client));
  }
  REQUIRE(http.size() == kShards);
  std::map<int, std::string> streams;
  std::map<int, std::size_t> lengths;
  for (auto& [shard, client] : http) {
    client.send_all(kLargeRequest);
    std::string stream = client.read_until("\r\n\r\n", 20s);  // the answer has started
    lengths[shard] = std::stoul(stream.substr(stream.find("Content-Length: ") + 16));
    REQUIRE(lengths[shard] > max_send_buffer() + (1u << 20));  // it cannot have left yet
    streams[shard] = std::move(stream);
  }

  daemon.send_signal(SIGTERM);
  REQUIRE(daemon.wait_for_log("listeners closed on 4 shards", 10s));

  for (auto& [shard, client] : http) {
    CAPTURE(shard);
    const HttpReply reply = read_reply(client, streams[shard], false, 60s);
    CHECK(reply.status == 200);
    REQUIRE(reply.body.size() == lengths[shard]);
    CHECK(json::parse(reply.body).at("total").get<std::size_t>() > 90000);
    CHECK((streams[shard] + client.read_to_eof(30s)).empty());
  }
  for (auto& client : telnet) {
    const std::string rest = client.read_to_eof(30s);
    CHECK(rest.find("server shutting down, goodbye") != std::string::npos);
  }
  for (auto& client : spare) client.read_to_eof(30s);

  REQUIRE(daemon.wait_exit(30s) == 0);
  const std::string log = daemon.log();
  CHECK(log.find("forcing") == std::string::npos);
  CHECK(daemon.count_in_log("\"GET /api/search?q=cjk&limit=100000 HTTP/1.1\" 200") == kShards);
}

TEST_CASE("threads: 4: a port taken by another daemon is refused, not shared (SO_REUSEPORT)",
          "[e2e][shards]") {
  DaemonProcess first = DaemonProcess::with_config("server:\n  threads: 4\n");
  const std::string taken = "127.0.0.1:" + std::to_string(first.telnet_port());
  DaemonProcess::Options options;
  options.default_listen = false;
  options.wait_ready = false;
  options.config_yaml = "server:\n  threads: 4\n";
  options.args = {"--telnet-listen", taken, "--http-listen", "127.0.0.1:0"};
  DaemonProcess second(options);
  REQUIRE(second.wait_exit(10s).value_or(-1) != 0);
  CHECK(second.log().find("cannot listen on " + taken + ": Address already in use") !=
        std::string::npos);
}

TEST_CASE("threads: 4 under socket activation: shard 0 hands the connections out in turn",
          "[e2e][shards][systemd]") {
  TestListener telnet;
  TestListener http;
  REQUIRE((telnet.ok() && http.ok()));
  DaemonProcess::Options options;
  options.default_listen = false;
  options.config_yaml = "server:\n  threads: 4\n";
  options.listen_fds = {{telnet.fd(), "telnet"}, {http.fd(), "http"}};
  options.args = {"--log-level", "debug"};
  DaemonProcess daemon(options);
  telnet.close();
  http.close();
  std::vector<TestClient> clients;
  std::map<int, int> per_shard;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(TestClient::connect(daemon.telnet_port()));
    clients.back().read_until("?> ", 10s);
    ++per_shard[wait_shard_of(daemon, local_port(clients.back()))];
  }
  // Round-robin: exactly two telnet sessions on each shard.
  CHECK(per_shard == std::map<int, int>{{0, 2}, {1, 2}, {2, 2}, {3, 2}});
  daemon.send_signal(SIGTERM);
  for (auto& client : clients)
    CHECK(client.read_to_eof(10s).find("server shutting down, goodbye") != std::string::npos);
  REQUIRE(daemon.wait_exit(10s) == 0);
}

}  // namespace charfinder

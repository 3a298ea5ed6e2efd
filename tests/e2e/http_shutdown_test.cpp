// End-to-end tests of the HTTP side of the graceful shutdown (DESIGN.md "Lifecycle"): the
// response in flight when SIGTERM arrives is finished entirely, the next response is the
// last and says `Connection: close`, the connection then ends, the daemon exits 0.
//
// Determinism: the client's receive window is tiny and each answer is larger than the
// kernel can hold for it (the server's largest send buffer, net.ipv4.tcp_wmem, plus the
// client's window), so the first answer cannot be complete until the client reads; and the
// client reads nothing until the daemon has logged (at debug level) that its listeners are
// closed, which it does after setting the `stopping` flag every session looks at.
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Every CJK ideograph in one answer: about 97,000 rows, several MB of JSON.
constexpr const char* kLargeRequest =
    "GET /api/search?q=cjk&limit=100000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// The most a socket's send buffer may grow to (the third figure of net.ipv4.tcp_wmem).
std::size_t max_send_buffer() {
  std::ifstream file("/proc/sys/net/ipv4/tcp_wmem");
  std::size_t low = 0, initial = 0, high = 0;
  file >> low >> initial >> high;
  return high > 0 ? high : 4u << 20;
}

}  // namespace

TEST_CASE("SIGTERM during a large keep-alive response: it completes, then the connection ends",
          "[e2e][http][shutdown]") {
  const bool pipelined = GENERATE(true, false);
  CAPTURE(pipelined);
  DaemonProcess daemon = DaemonProcess::with_config(
      "http:\n  max_page_size: 100000\n  idle_timeout: 60s\nserver:\n  shutdown_grace: 30s\n",
      {"--log-level", "debug"});
  auto client = TestClient::connect(daemon.http_port(), 5s, "127.0.0.1", 4096);
  // Pipelined: three requests in one write; the second is answered after the signal.
  client.send_all(pipelined ? std::string(kLargeRequest) + kLargeRequest + kLargeRequest
                            : std::string(kLargeRequest));

  // The first answer has started: its head was composed before the signal (keep-alive).
  std::string stream = client.read_until("\r\n\r\n", 10s);
  const std::size_t head_end = stream.find("\r\n\r\n") + 4;
  CAPTURE(stream.substr(0, head_end));
  CHECK(stream.find("Connection: close") == std::string::npos);
  const std::size_t content_length =
      std::stoul(stream.substr(stream.find("Content-Length: ") + 16));
  // The premise of the test: the answer cannot have left the server yet.
  REQUIRE(content_length > max_send_buffer() + (1u << 20));

  daemon.send_signal(SIGTERM);
  REQUIRE(daemon.wait_for_log("listeners closed", 10s));  // `stopping` is set before this

  const HttpReply first = read_reply(client, stream, false, 30s);
  CHECK(first.status == 200);
  CHECK(first.header("Connection") != "close");
  REQUIRE(first.body.size() == content_length);
  const json answer = json::parse(first.body);  // complete: it parses
  CHECK(answer.at("results").size() == answer.at("total").get<std::size_t>());
  CHECK(answer.at("total").get<std::size_t>() > 90000);

  if (pipelined) {
    // The next request is answered, as the last one: Connection: close.
    const HttpReply last = read_reply(client, stream, false, 30s);
    CHECK(last.status == 200);
    CHECK(last.header("Connection") == "close");
    CHECK(last.body == first.body);
  }
  // Then the server closes: nothing more (the third pipelined request is not answered).
  CHECK((stream + client.read_to_eof(30s)).empty());

  REQUIRE(daemon.wait_exit(30s) == 0);
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("forcing") == std::string::npos);  // finished within the grace
  CHECK(daemon.count_in_log("\"GET /api/search?q=cjk&limit=100000 HTTP/1.1\" 200") ==
        (pipelined ? 2u : 1u));
}

}  // namespace charfinder

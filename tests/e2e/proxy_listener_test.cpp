// End-to-end tests of the PROXY protocol listeners (telnet.proxy_listen, http.proxy_listen):
// the header is required there and only there, its client address is the peer for logs and
// the per-IP limit, malformed headers are refused. Real binary, loopback.
#include <catch2/catch.hpp>
#include <string>

#include "daemon/proxy/proxy_protocol.hpp"
#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;

constexpr const char* kConfig =
    "telnet:\n  proxy_listen: [\"127.0.0.1:0\"]\n"
    "http:\n  proxy_listen: [\"127.0.0.1:0\"]\n";

DaemonProcess proxied_daemon(const std::string& extra = "") {
  return DaemonProcess::with_config(kConfig + extra);
}

TEST_CASE("PROXY listeners are announced in the ready line beside the plain ones", "[e2e][proxy]") {
  DaemonProcess daemon = proxied_daemon();
  CHECK(daemon.telnet_proxy_port() != daemon.telnet_port());
  CHECK(daemon.http_proxy_port() != daemon.http_port());
  CHECK(daemon.log().find(" telnet-proxy=127.0.0.1:") != std::string::npos);
}

TEST_CASE("a PROXY v1 telnet session is served and logged with the client's address",
          "[e2e][proxy]") {
  DaemonProcess daemon = proxied_daemon();
  auto client = TestClient::connect(daemon.telnet_proxy_port());
  client.send_all(make_proxy_v1("192.0.2.7", 40001, "198.51.100.1", 2323));
  client.read_until("?> ", 5s);
  client.send_all("snowman\r\n");
  CHECK(client.read_until("\r\n?> ", 5s).find("3 matches for 'snowman'") != std::string::npos);
  CHECK(daemon.wait_for_log("telnet 192.0.2.7:40001 query 'snowman' rows 3", 5s));
}

TEST_CASE("a PROXY v2 header and the HTTP request in one write: answered, logged by client",
          "[e2e][proxy]") {
  DaemonProcess daemon = proxied_daemon();
  auto client = TestClient::connect(daemon.http_proxy_port());
  client.send_all(make_proxy_v2("2001:db8::9", 443, "2001:db8::1", 8888) +
                  "GET /api/search?q=sun HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string stream;
  CHECK(read_reply(client, stream).status == 200);
  // Keep-alive: the next request on the same connection needs no header.
  client.send_all("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(read_reply(client, stream).status == 200);
  CHECK(daemon.wait_for_log("http [2001:db8::9]:443 \"GET /api/search?q=sun HTTP/1.1\" 200", 5s));
}

TEST_CASE("a v2 LOCAL header (a balancer's health check) is served as the balancer itself",
          "[e2e][proxy]") {
  DaemonProcess daemon = proxied_daemon();
  auto client = TestClient::connect(daemon.http_proxy_port());
  client.send_all(make_proxy_v2("", 0, "", 0) + "GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string stream;
  CHECK(read_reply(client, stream).status == 200);
  CHECK(daemon.wait_for_log("http 127.0.0.1:", 5s));
}

TEST_CASE("a PROXY listener closes connections without a valid header, without a word",
          "[e2e][proxy]") {
  DaemonProcess daemon = proxied_daemon();
  struct Case {
    const char* name;
    std::string bytes;
    const char* logged;
  };
  const Case cases[] = {
      {"plain HTTP", "GET / HTTP/1.1\r\nHost: t\r\n\r\n", "no PROXY protocol header"},
      {"bad v1 port", "PROXY TCP4 192.0.2.1 192.0.2.2 99999 80\r\nGET / HTTP/1.1\r\n\r\n",
       "PROXY v1: bad source port"},
      {"v1 without CR", "PROXY TCP4 192.0.2.1 192.0.2.2 1 80\nGET / HTTP/1.1\r\n\r\n",
       "PROXY v1: line does not end in CRLF"},
      {"closed mid-header", "PROXY TCP4 192.0.2.1", "closed in the middle of its PROXY header"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    auto client = TestClient::connect(daemon.http_proxy_port());
    client.send_all(c.bytes);
    if (std::string(c.name) == "closed mid-header") client.shutdown_write();
    CHECK(client.read_to_eof(5s).empty());
    CHECK(daemon.wait_for_log(c.logged, 5s));
  }
  auto telnet = TestClient::connect(daemon.telnet_proxy_port());
  telnet.send_all("chess black\r\n");
  CHECK(telnet.read_to_eof(5s).empty());  // no banner, no prompt: nothing is said
}

TEST_CASE("a PROXY listener waits 5 s at most for the header", "[e2e][proxy][slow]") {
  DaemonProcess daemon = proxied_daemon();
  auto client = TestClient::connect(daemon.telnet_proxy_port());
  const auto started = std::chrono::steady_clock::now();
  CHECK(client.read_to_eof(8s).empty());
  CHECK(std::chrono::steady_clock::now() - started >= 4500ms);
  CHECK(daemon.wait_for_log("no PROXY header within 5 s", 2s));
}

TEST_CASE("plain listeners never read a PROXY header: it is data like any other", "[e2e][proxy]") {
  DaemonProcess daemon = proxied_daemon();
  auto telnet = TestClient::connect(daemon.telnet_port());
  telnet.read_until("?> ", 5s);
  telnet.send_all(make_proxy_v1("192.0.2.7", 1, "192.0.2.8", 2));
  // 15 s: a no-match answer looks for suggestions, and the first waits for the spelling
  // structures, built beside start-up (seconds on a loaded machine).
  CHECK(telnet.read_until("\r\n?> ", 15s).find("No match for 'PROXY TCP4") != std::string::npos);
  auto http = TestClient::connect(daemon.http_port());
  http.send_all(make_proxy_v1("192.0.2.7", 1, "192.0.2.8", 2) +
                "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string stream;
  CHECK(read_reply(http, stream).status == 400);
  // Never taken as a peer ("192.0.2.7:1"); the query line may quote the header's text.
  CHECK(daemon.log().find("192.0.2.7:") == std::string::npos);
}

TEST_CASE("behind a PROXY listener the per-IP limit counts the clients, not the balancer",
          "[e2e][proxy]") {
  DaemonProcess daemon = proxied_daemon("limits:\n  max_connections_per_ip: 2\n");
  auto open_as = [&](const char* ip, std::uint16_t port) {
    auto client = TestClient::connect(daemon.telnet_proxy_port());
    client.send_all(make_proxy_v2(ip, port, "192.0.2.100", 2323));
    return client;
  };
  auto a1 = open_as("192.0.2.1", 1);
  a1.read_until("?> ", 5s);
  auto a2 = open_as("192.0.2.1", 2);
  a2.read_until("?> ", 5s);
  auto a3 = open_as("192.0.2.1", 3);  // a third from the same client: busy
  CHECK(a3.read_to_eof(5s).find("busy") != std::string::npos);
  CHECK(daemon.wait_for_log("refused 192.0.2.1:3 on telnet-proxy", 5s));
  // All from 127.0.0.1 on the wire, yet another client is still welcome.
  auto b1 = open_as("192.0.2.2", 1);
  b1.read_until("?> ", 5s);
  b1.send_all("sun\r\n");
  CHECK(b1.read_until("\r\n?> ", 5s).find("91 matches for 'sun'") != std::string::npos);
}

}  // namespace
}  // namespace charfinder

// End-to-end tests of the fleet lifecycle: the drain before a graceful stop
// (server.drain_delay) and the live configuration reload on SIGHUP. Real binary, loopback.
#include <catch2/catch.hpp>
#include <csignal>
#include <regex>
#include <string>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/reload_e2e_util.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;

// "N matches for 'q'..." line of an answer that ends with the prompt.
std::string status_of(const std::string& answer) {
  const std::size_t end = answer.rfind("\r\n?> ");
  const std::size_t start = answer.rfind("\r\n", end - 1);
  return answer.substr(start == std::string::npos ? 0 : start + 2, end - start - 2);
}

std::size_t rows_in(const std::string& answer) {
  std::size_t rows = 0;
  for (std::size_t at = answer.find("U+"); at != std::string::npos;
       at = answer.find("\nU+", at + 1))
    ++rows;
  return rows;
}

TEST_CASE(
    "SIGTERM with drain_delay: /readyz 503 at once, everything else still answered, "
    "then the graceful shutdown",
    "[e2e][lifecycle][drain]") {
  DaemonProcess daemon =
      DaemonProcess::with_config("server:\n  drain_delay: 1500ms\n  shutdown_grace: 5s\n");
  auto session = TestClient::connect(daemon.telnet_port());
  session.read_until("?> ", 5s);
  REQUIRE(get_once(daemon.http_port(), "/readyz").status == 200);

  const auto sent = std::chrono::steady_clock::now();
  daemon.send_signal(SIGTERM);
  REQUIRE(daemon.wait_for_log("draining for 1500 ms", 2s));
  CHECK(get_once(daemon.http_port(), "/readyz").status == 503);
  CHECK(get_once(daemon.http_port(), "/healthz").status == 200);
  CHECK(get_once(daemon.http_port(), "/api/search?q=sun").status == 200);
  // New connections are still accepted and served during the drain, old sessions too.
  auto late = TestClient::connect(daemon.telnet_port());
  late.read_until("?> ", 5s);
  late.send_all("sun\r\n");
  CHECK(status_of(late.read_until("\r\n?> ", 5s)) == "91 matches for 'sun'");
  session.send_all("snowman\r\n");
  CHECK(status_of(session.read_until("\r\n?> ", 5s)) == "3 matches for 'snowman'");

  // Then the usual shutdown: goodbyes, exit 0, not before the drain is over.
  CHECK(session.read_to_eof(5s).find("server shutting down, goodbye") != std::string::npos);
  CHECK(late.read_to_eof(5s).find("server shutting down, goodbye") != std::string::npos);
  REQUIRE(daemon.wait_exit(8s) == 0);
  CHECK(std::chrono::steady_clock::now() - sent >= 1500ms);
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("drain over after 1500 ms: closing the listeners") != std::string::npos);
  CHECK(log.find(" info stopped") != std::string::npos);
}

TEST_CASE("drain_delay 0 (the default): the listeners close at once", "[e2e][lifecycle][drain]") {
  DaemonProcess daemon;
  daemon.send_signal(SIGTERM);
  // 10 s, as elsewhere: a SIGTERM this soon after start stops the spelling build
  // (Server::spelling_builder_) and waits for its current step, which may still take a while
  // under the sanitizers on a loaded machine.
  REQUIRE(daemon.wait_exit(10s) == 0);
  CHECK(daemon.log().find("draining") == std::string::npos);
}

TEST_CASE("SIGHUP applies live changes to new sessions and requests, open sessions keep theirs",
          "[e2e][reload]") {
  DaemonProcess daemon = DaemonProcess::with_config(
      "telnet:\n  banner: true\n  page_size: 100\nhttp:\n  page_size: 100\n");
  CHECK(metric_value(daemon.http_port(), "charfinder_config_generation") == 1);
  auto before = TestClient::connect(daemon.telnet_port());
  CHECK(before.read_until("?> ", 5s).find("/help") != std::string::npos);  // the banner

  const std::string live =
      "telnet:\n  banner: false\n  page_size: 5\nhttp:\n  page_size: 7\nlog:\n  level: debug\n";
  rewrite_config(daemon, live);
  const double stamp_before =
      metric_value(daemon.http_port(), "charfinder_config_last_reload_timestamp_seconds");
  daemon.send_signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("generation 2", 5s));
  std::string log = daemon.log();
  CAPTURE(log);
  std::smatch m;
  REQUIRE(std::regex_search(log, m,
                            std::regex("configuration reloaded from \\S+: generation 2 "
                                       "in \\d+ us; changed: ([^\n]*)")));
  CHECK(m[1] == "telnet.banner, telnet.page_size, http.page_size, log.level");
  CHECK(metric_value(daemon.http_port(), "charfinder_config_generation") == 2);
  CHECK(metric_value(daemon.http_port(), "charfinder_config_last_reload_timestamp_seconds") >=
        stamp_before);

  // The session opened before the reload is still connected and keeps its page size.
  before.send_all("sun\r\n");
  const std::string old_rules = before.read_until("\r\n?> ", 5s);
  CHECK(rows_in(old_rules) == 91);
  CHECK(status_of(old_rules) == "91 matches for 'sun'");
  // A new session: no banner, 5 rows a page.
  auto after = TestClient::connect(daemon.telnet_port());
  CHECK(after.read_until("?> ", 5s) == "?> ");
  after.send_all("sun\r\n");
  const std::string new_rules = after.read_until("\r\n?> ", 5s);
  CHECK(rows_in(new_rules) == 5);
  CHECK(status_of(new_rules) == "91 matches for 'sun' (showing 1-5; press Enter for more)");
  // HTTP: the next request uses http.page_size 7.
  const HttpReply search = get_once(daemon.http_port(), "/api/search?q=sun");
  CHECK(search.body.find("\"limit\":7") != std::string::npos);
  // log.level debug is in force: new connections get their debug line.
  CHECK(daemon.wait_for_log("debug accepted", 5s));

  // Limits: lowered to 1 per address, new connections from here are refused, while the
  // sessions admitted before stay (over the new limit) and keep answering.
  rewrite_config(daemon, live + "limits:\n  max_connections_per_ip: 1\n");
  daemon.send_signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("generation 3", 5s));
  CHECK(daemon.log().find("changed: limits.max_connections_per_ip\n") != std::string::npos);
  auto refused = TestClient::connect(daemon.telnet_port());
  CHECK(refused.read_to_eof(5s).find("busy") != std::string::npos);
  before.send_all("snowman\r\n");
  CHECK(status_of(before.read_until("\r\n?> ", 5s)) == "3 matches for 'snowman'");
}

TEST_CASE("SIGHUP: restart-only keys are logged and keep their running value", "[e2e][reload]") {
  DaemonProcess::Options options;
  options.default_listen = false;
  options.config_yaml =
      "telnet:\n  listen: [\"127.0.0.1:0\"]\nhttp:\n  listen: [\"127.0.0.1:0\"]\n"
      "server:\n  threads: 2\n";
  DaemonProcess daemon(options);
  auto session = TestClient::connect(daemon.telnet_port());
  session.read_until("?> ", 5s);
  rewrite_config(daemon,
                 "telnet:\n  listen: [\"127.0.0.1:0\", \"[::1]:0\"]\n  page_size: 9\n"
                 "http:\n  listen: [\"127.0.0.1:0\"]\nserver:\n  threads: 3\n");
  daemon.send_signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("generation 2", 5s));
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("configuration reload: telnet.listen changed in ") != std::string::npos);
  CHECK(log.find("configuration reload: server.threads changed in ") != std::string::npos);
  CHECK(log.find("but it needs a restart; the running value stays") != std::string::npos);
  CHECK(log.find("changed: telnet.page_size\n") != std::string::npos);  // the live one applied
  CHECK(daemon.count_in_log("ready telnet=") == 1);                     // nothing was reopened
  session.send_all("sun\r\n");
  CHECK(status_of(session.read_until("\r\n?> ", 5s)) == "91 matches for 'sun'");
}

TEST_CASE("SIGHUP with a broken file: every problem logged, the old configuration stays",
          "[e2e][reload]") {
  DaemonProcess daemon = DaemonProcess::with_config("telnet:\n  page_size: 4\n");
  auto session = TestClient::connect(daemon.telnet_port());
  session.read_until("?> ", 5s);
  rewrite_config(daemon, "telnet:\n  page_size: many\n  banr: false\nhttp:\n  idle_timeout: 0s\n");
  daemon.send_signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("configuration reload rejected", 5s));
  const std::string log = daemon.log();
  CAPTURE(log);
  CHECK(log.find("configuration reload: ") != std::string::npos);
  CHECK(log.find("telnet.page_size: expected an integer") != std::string::npos);
  CHECK(log.find("telnet.banr: unknown key (did you mean banner?)") != std::string::npos);
  CHECK(log.find("http.idle_timeout: expected a duration greater than zero") != std::string::npos);
  CHECK(log.find("configuration reload rejected (3 problems in ") != std::string::npos);
  CHECK(log.find("generation 1 stays in force") != std::string::npos);
  CHECK(metric_value(daemon.http_port(), "charfinder_config_generation") == 1);
  CHECK(metric_value(daemon.http_port(), "charfinder_config_reload_failures_total") == 1);
  // Both the open session and a new one still have page_size 4.
  session.send_all("sun\r\n");
  CHECK(rows_in(session.read_until("\r\n?> ", 5s)) == 4);
  auto fresh = TestClient::connect(daemon.telnet_port());
  fresh.read_until("?> ", 5s);
  fresh.send_all("sun\r\n");
  CHECK(rows_in(fresh.read_until("\r\n?> ", 5s)) == 4);

  // Fixed: the next SIGHUP applies it.
  rewrite_config(daemon, "telnet:\n  page_size: 6\n");
  daemon.send_signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("generation 2", 5s));
  auto fixed = TestClient::connect(daemon.telnet_port());
  fixed.read_until("?> ", 5s);
  fixed.send_all("sun\r\n");
  CHECK(rows_in(fixed.read_until("\r\n?> ", 5s)) == 6);
}

TEST_CASE("SIGHUP without a configuration file is logged and changes nothing", "[e2e][reload]") {
  DaemonProcess::Options options;
  options.threads_from_environment = false;  // CHARFINDER_E2E_THREADS would add a file
  DaemonProcess daemon(std::move(options));
  daemon.send_signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("there is no file to re-read", 5s));
  auto client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  daemon.send_signal(SIGTERM);
  CHECK(daemon.wait_exit(10s) == 0);
}

}  // namespace
}  // namespace charfinder

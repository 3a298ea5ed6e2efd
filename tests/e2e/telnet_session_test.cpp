// End-to-end tests of the telnet prompt protocol (DESIGN.md) against the real binary on a
// loopback port: answers, paging, commands, every way a session ends, bad input, option
// negotiation, timeouts and the busy line.
#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/telnet_e2e_util.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

const std::string IAC = "\xff";

}  // namespace

TEST_CASE("telnet: banner, prompt and classic queries", "[e2e][telnet]") {
  DaemonProcess daemon;
  TestClient client = TestClient::connect(daemon.telnet_port());
  const std::string greeting = client.read_until("?> ", 5s);
  CHECK(greeting.rfind("charfinder ", 0) == 0);
  CHECK(greeting.find("/help") != std::string::npos);
  CHECK(greeting.substr(greeting.size() - 5) == "\r\n?> ");

  const TelnetAnswer chess = ask(client, "chess black");
  REQUIRE(chess.rows.size() == 33);
  CHECK(chess.rows.front() == "U+265A\t\xE2\x99\x9A\tBLACK CHESS KING");
  CHECK(chess.status == "33 matches for 'chess black'");
  for (const std::string& row : chess.rows) {
    CAPTURE(row);
    CHECK(std::regex_match(row, std::regex("U\\+[0-9A-F]{4,6}\t[^\t]+\t[^\t]*BLACK[^\t]*")));
  }
  const TelnetAnswer sun = ask(client, "sun");
  CHECK(sun.rows.size() == 91);
  CHECK(sun.status == "91 matches for 'sun'");
  CHECK(ask(client, "zzzzqx").status == "No match for 'zzzzqx'");
  CHECK(ask(client, "U+1F431").rows ==
        std::vector<std::string>{"U+1F431\t\xF0\x9F\x90\xB1\tCAT FACE"});
  CHECK(ask(client, "U+1F431").status == "1 match for 'U+1F431'");
  // Query errors are one line and the session goes on.
  CHECK(ask(client, "\"black chess").status.rfind("error: ", 0) == 0);
  CHECK(ask(client, "sun").status == "91 matches for 'sun'");

  // One log line per query with the peer, the query, the rows and the time.
  CHECK(daemon.wait_for_log("query 'chess black' rows 33", 5s));
  client.send_all("/quit\r\n");
  CHECK(client.read_to_eof(5s) == "goodbye\r\n");
  CHECK(daemon.wait_for_log("closed: quit, 7 queries", 5s));
}

TEST_CASE("telnet: paging with Enter and a new query replacing the pending page", "[e2e][telnet]") {
  DaemonProcess daemon;
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);

  const TelnetAnswer first = ask(client, "cjk");
  REQUIRE(first.rows.size() == 100);
  CHECK(first.status == "98263 matches for 'cjk' (showing 1-100; press Enter for more)");
  const TelnetAnswer second = ask(client, "");
  REQUIRE(second.rows.size() == 100);
  CHECK(second.status == "98263 matches for 'cjk' (showing 101-200; press Enter for more)");
  CHECK(code_of(second.rows.front()) > code_of(first.rows.back()));

  // A new query replaces the pending page; then Enter has nothing to send.
  CHECK(ask(client, "sun").status == "91 matches for 'sun'");
  client.send_all("\r\n");
  CHECK(client.read_until("?> ", 5s) == "?> ");

  // The last page of a paged answer: 256 matches in pages of 100.
  CHECK(ask(client, "U+4E00..U+4EFF cjk").status ==
        "256 matches for 'U+4E00..U+4EFF cjk' (showing 1-100; press Enter for more)");
  CHECK(ask(client, "").rows.size() == 100);
  const TelnetAnswer last = ask(client, "");
  CHECK(last.rows.size() == 56);
  CHECK(last.rows.back().rfind("U+4EFF\t", 0) == 0);
  CHECK(last.status == "256 matches for 'U+4E00..U+4EFF cjk' (showing 201-256)");
  client.send_all("\r\n");
  CHECK(client.read_until("?> ", 5s) == "?> ");
}

TEST_CASE("telnet: the last page of cjk", "[e2e][telnet]") {
  auto daemon = DaemonProcess::with_config("telnet:\n  page_size: 1000\n");
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  TelnetAnswer page = ask(client, "cjk");
  std::size_t rows = page.rows.size();
  for (int i = 0; i < 200 && page.status.find("press Enter") != std::string::npos; ++i) {
    page = ask(client, "");
    rows += page.rows.size();
  }
  CHECK(page.status == "98263 matches for 'cjk' (showing 98001-98263)");
  CHECK(rows == 98263);
}

TEST_CASE("telnet: /help explains the query language", "[e2e][telnet]") {
  DaemonProcess daemon;
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  client.send_all("/help\r\n");
  const std::string help = client.read_until("?> ", 5s);
  for (const char* needle : {"chess black", "arrow*", "U+1F431", "/quit"}) {
    CAPTURE(needle);
    CHECK(help.find(needle) != std::string::npos);
  }
  client.send_all("/nosuchcommand\r\n");
  CHECK(client.read_until("?> ", 5s).rfind("error: unknown command '/nosuchcommand'", 0) == 0);
}

TEST_CASE("telnet: every way a client ends the session gets a goodbye", "[e2e][telnet]") {
  DaemonProcess daemon;
  struct Row {
    std::string name;
    std::string bytes;
    std::string goodbye;
  };
  const std::vector<Row> table = {
      {"/quit", "/quit\r\n", "goodbye\r\n"},
      {"Ctrl-C as IAC IP", IAC + "\xf4", "interrupted, goodbye\r\n"},
      {"break as IAC BRK", IAC + "\xf3", "interrupted, goodbye\r\n"},
      {"IAC ABORT", IAC + "\xee", "interrupted, goodbye\r\n"},
      {"IAC SUSP", IAC + "\xed", "interrupted, goodbye\r\n"},
      {"IAC EOF", IAC + "\xec", "end of input, goodbye\r\n"},
      {"Ctrl-D", "\x04", "end of input, goodbye\r\n"},
      {"Ctrl-D after some text", "chess\x04", "end of input, goodbye\r\n"},
      {"an arrow key (ESC [ A)", "\x1b[A", "control character, goodbye\r\n"},
      {"a raw Ctrl-C byte", "\x03", "control character, goodbye\r\n"},
      // What a real client sends for Ctrl-C: the answer to DO TIMING-MARK comes first,
      // since the client discards our output until it sees it.
      {"IAC IP IAC DO TIMING-MARK", IAC + "\xf4" + IAC + "\xfd\x06",
       IAC + "\xfc\x06" + "interrupted, goodbye\r\n"},
  };
  for (const Row& row : table) {
    CAPTURE(row.name);
    TestClient client = TestClient::connect(daemon.telnet_port());
    client.read_until("?> ", 5s);
    client.send_all(row.bytes);
    CHECK(client.read_to_eof(5s) == row.goodbye);
  }
  // The client closing its side: the answer to what it sent, then the goodbye.
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  client.send_all("sun\r\n");
  client.shutdown_write();
  const std::string rest = client.read_to_eof(5s);
  CHECK(rest.find("91 matches for 'sun'\r\n?> ") != std::string::npos);
  CHECK(rest.substr(rest.size() - 23) == "end of input, goodbye\r\n");
}

TEST_CASE("telnet: bad input gets an error and the session goes on", "[e2e][telnet]") {
  DaemonProcess daemon;
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);

  client.send_all("caf\xe9\r\n");  // Latin-1, not UTF-8
  CHECK(client.read_until("?> ", 5s) == "error: the line is not valid UTF-8\r\n?> ");
  client.send_all("a" + IAC + IAC + "b\r\n");  // IAC IAC is the byte 0xFF: not UTF-8 either
  CHECK(client.read_until("?> ", 5s) == "error: the line is not valid UTF-8\r\n?> ");
  CHECK(ask(client, "sun").status == "91 matches for 'sun'");

  // 1 MiB without a line ending: one error, the rest is discarded as it arrives.
  const std::string mib(1 << 20, 'x');
  client.send_all(mib);
  CHECK(client.read_until("?> ", 10s) ==
        "error: the line is longer than 1024 bytes; it was ignored\r\n?> ");
  client.send_all("\r\n");  // ends the discarded line quietly
  CHECK(ask(client, "sun").status == "91 matches for 'sun'");
  CHECK(daemon.log().find(std::string(2000, 'x')) == std::string::npos);
}

TEST_CASE("telnet: control characters never reach the wire raw", "[e2e][telnet]") {
  DaemonProcess daemon;
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  client.send_all("U+001B\r\n");
  const std::string esc = client.read_until("?> ", 5s);
  CHECK(esc.find('\x1b') == std::string::npos);
  CHECK(esc.find("U+001B\t\xE2\x90\x9B\t") != std::string::npos);  // U+241B SYMBOL FOR ESCAPE
  // Every C0, DEL and C1 control: only TAB, CR and LF of our own framing are controls.
  client.send_all("U+0000..U+009F\r\n");
  const std::string all = client.read_until("\r\n?> ", 5s);
  CHECK(all.find("160 matches for 'U+0000..U+009F'") != std::string::npos);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto c = static_cast<unsigned char>(all[i]);
    if (c < 0x20 || c == 0x7f) {
      CAPTURE(i, int{c});
      CHECK((c == '\t' || c == '\r' || c == '\n'));
    }
    if (c == 0xc2 && i + 1 < all.size()) {
      const auto next = static_cast<unsigned char>(all[i + 1]);
      CAPTURE(i, int{next});
      CHECK_FALSE((next >= 0x80 && next <= 0x9f));  // no raw C1 in UTF-8
    }
  }
  // A query with a control character inside is echoed escaped in the status.
  client.send_all(
      "sun\x1b"
      "x\r\n");
  CHECK(client.read_until("?> ", 5s) == "No match for 'sun\\x1bx'\r\n?> ");
}

TEST_CASE("telnet: option negotiation is refused and stripped", "[e2e][telnet]") {
  DaemonProcess daemon;
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  // DO ECHO, WILL NAWS, DO SGA, WILL TERMINAL-TYPE, then a subnegotiation, inside a query.
  client.send_all(IAC + "\xfd\x01" + IAC + "\xfb\x1f" + "s" + IAC + "\xfd\x03" + "u" + IAC +
                  "\xfb\x18" + IAC + "\xfa\x1f\x00\x50\x00\x18"s + IAC + "\xf0" + "n\r\n");
  const std::string reply = client.read_until("?> ", 5s);
  const std::string refusals =
      IAC + "\xfc\x01" + IAC + "\xfe\x1f" + IAC + "\xfc\x03" + IAC + "\xfe\x18";
  REQUIRE(reply.size() > refusals.size());
  CHECK(reply.substr(0, refusals.size()) == refusals);
  CHECK(reply.find("91 matches for 'sun'\r\n?> ") != std::string::npos);
  // A repeated request is not answered again (no negotiation loop), DONT/WONT need nothing.
  client.send_all(IAC + "\xfd\x01" + IAC + "\xfe\x01" + IAC + "\xfc\x05" + "sun\r\n");
  const std::string again = client.read_until("?> ", 5s);
  CHECK(again.find(IAC) == std::string::npos);
  CHECK(again.find("91 matches for 'sun'") != std::string::npos);
}

TEST_CASE("telnet: idle timeout says goodbye", "[e2e][telnet]") {
  auto daemon = DaemonProcess::with_config("telnet:\n  idle_timeout: 1s\n");
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  CHECK(ask(client, "sun").status == "91 matches for 'sun'");
  CHECK(client.read_to_eof(10s) == "idle timeout, goodbye\r\n");
  CHECK(daemon.wait_for_log("closed: idle timeout, 1 queries", 5s));
}

TEST_CASE("telnet: over the per-address limit the client gets the busy line", "[e2e][telnet]") {
  auto daemon = DaemonProcess::with_config("limits:\n  max_connections_per_ip: 1\n");
  TestClient first = TestClient::connect(daemon.telnet_port());
  first.read_until("?> ", 5s);
  TestClient second = TestClient::connect(daemon.telnet_port());
  CHECK(second.read_to_eof(5s) == "busy: too many connections, try again later\r\n");
  // The admitted session is unaffected.
  CHECK(ask(first, "sun").status == "91 matches for 'sun'");
}

TEST_CASE("telnet: the banner can be turned off", "[e2e][telnet]") {
  auto daemon = DaemonProcess::with_config("telnet:\n  banner: false\n");
  TestClient client = TestClient::connect(daemon.telnet_port());
  CHECK(client.read_until("?> ", 5s) == "?> ");
}

TEST_CASE("telnet: pipelined lines are answered in order", "[e2e][telnet]") {
  DaemonProcess daemon;
  TestClient client = TestClient::connect(daemon.telnet_port());
  client.read_until("?> ", 5s);
  std::string burst;
  for (int i = 0; i < 200; ++i) burst += i % 2 ? "sun\n" : "chess black\r\n";
  client.send_all(burst);
  for (int i = 0; i < 200; ++i) {
    CAPTURE(i);
    const TelnetAnswer answer = read_answer(client);
    CHECK(answer.status == (i % 2 ? "91 matches for 'sun'" : "33 matches for 'chess black'"));
  }
}

}  // namespace charfinder

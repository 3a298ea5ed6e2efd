// End-to-end tests of the telnet front end under load: a thousand concurrent sessions, a
// client that stops reading a huge answer (it must not delay anyone and is dropped after
// telnet.write_timeout), and a graceful shutdown with sessions connected and one answer in
// flight. Real binary, loopback only. Latencies are printed, never asserted.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/sanitized_build.hpp"
#include "tests/e2e/telnet_e2e_util.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Lets this process and the daemon it starts (which inherits the limit) hold `wanted` fds.
bool raise_fd_limit(rlim_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur >= wanted) return true;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  return ::setrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur >= wanted;
}

// VmRSS of a process in KiB, 0 if unknown.
long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// One scripted client: banner, `rounds` queries, /quit, goodbye, EOF.
struct ScriptedSession {
  int fd = -1;
  std::string in;
  int step = 0;  // 0: banner; 1..rounds: answers; rounds+1: goodbye; rounds+2: done
  std::vector<std::string> failures;
};

}  // namespace

TEST_CASE("telnet: 1,000 concurrent sessions all get correct answers", "[e2e][telnet][load]") {
  constexpr int kSessions = 1000;
  constexpr int kRounds = 3;
  REQUIRE(raise_fd_limit(rlim_t{4} * kSessions));
  auto daemon = DaemonProcess::with_config("limits:\n  max_connections_per_ip: 2000\n");
  // What each query's status line must be: asked once through the ordinary client.
  std::vector<std::pair<std::string, std::string>> queries;
  {
    TestClient probe = TestClient::connect(daemon.telnet_port());
    probe.read_until("?> ", 5s);
    for (const char* q : {"sun", "chess black", "U+1F431", "arrow -black"})
      queries.emplace_back(q, ask(probe, q).status);
  }
  CHECK(queries[0].second == "91 matches for 'sun'");
  CHECK(queries[1].second == "33 matches for 'chess black'");

  std::vector<ScriptedSession> sessions(kSessions);
  for (int i = 0; i < kSessions; ++i) {
    sessions[i].fd = connect_loopback(daemon.telnet_port());
    REQUIRE(sessions[i].fd >= 0);
  }
  std::vector<pollfd> fds(kSessions);
  const auto deadline = Clock::now() + 60s;
  int done = 0;
  std::vector<std::chrono::microseconds> latencies;
  std::vector<Clock::time_point> asked(kSessions);
  while (done < kSessions && Clock::now() < deadline) {
    for (int i = 0; i < kSessions; ++i) {
      fds[i].fd = sessions[i].step > kRounds + 1 ? -1 : sessions[i].fd;
      fds[i].events = POLLIN;
      fds[i].revents = 0;
    }
    if (::poll(fds.data(), fds.size(), 1000) < 0) break;
    for (int i = 0; i < kSessions; ++i) {
      if (!fds[i].revents) continue;
      ScriptedSession& s = sessions[i];
      char buffer[8192];
      const ssize_t n = ::read(s.fd, buffer, sizeof buffer);
      if (n > 0) s.in.append(buffer, static_cast<std::size_t>(n));
      const auto send_query = [&] {
        const std::string& q = queries[static_cast<std::size_t>(i + s.step) % queries.size()].first;
        const std::string line = q + "\r\n";
        asked[i] = Clock::now();
        if (::write(s.fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
          s.failures.emplace_back("short write");
      };
      if (s.step == 0) {
        if (s.in.size() >= 3 && s.in.compare(s.in.size() - 3, 3, "?> ") == 0) {
          s.in.clear();
          s.step = 1;
          send_query();
        }
      } else if (s.step <= kRounds) {
        if (s.in.size() >= 5 && s.in.compare(s.in.size() - 5, 5, "\r\n?> ") == 0) {
          latencies.push_back(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - asked[i]));
          const TelnetAnswer answer = parse_answer(s.in);
          const auto& expected = queries[static_cast<std::size_t>(i + s.step) % queries.size()];
          if (answer.status != expected.second)
            s.failures.push_back("'" + expected.first + "' got '" + answer.status + "'");
          s.in.clear();
          if (++s.step <= kRounds) {
            send_query();
          } else if (::write(s.fd, "/quit\r\n", 7) != 7) {
            s.failures.emplace_back("short write");
          }
        }
      } else if (n == 0) {  // EOF after the goodbye
        if (s.in != "goodbye\r\n") s.failures.push_back("ended with '" + s.in + "'");
        s.step = kRounds + 2;
        ++done;
      }
      if (n < 0 && errno != EAGAIN) {
        s.failures.push_back(std::string("read: ") + std::generic_category().message(errno));
        s.step = kRounds + 2;
        ++done;
      } else if (n == 0 && s.step <= kRounds) {
        s.failures.push_back("closed early after '" + s.in + "'");
        s.step = kRounds + 2;
        ++done;
      }
    }
  }
  std::size_t failed = 0;
  for (int i = 0; i < kSessions; ++i) {
    ::close(sessions[i].fd);
    if (!sessions[i].failures.empty()) {
      if (failed++ < 5) {
        CAPTURE(i, sessions[i].failures.front());
        CHECK(sessions[i].failures.empty());
      }
    }
  }
  CHECK(done == kSessions);
  CHECK(failed == 0);
  CHECK(latencies.size() == static_cast<std::size_t>(kSessions * kRounds));
  if (!latencies.empty()) {
    std::sort(latencies.begin(), latencies.end());
    std::cout << "telnet 1000 sessions x " << kRounds << " queries: latency p50 "
              << latencies[latencies.size() / 2].count() << " us, p99 "
              << latencies[latencies.size() * 99 / 100].count() << " us, max "
              << latencies.back().count() << " us\n";
  }
}

TEST_CASE("telnet: a client that stops reading delays nobody and is dropped",
          "[e2e][telnet][load]") {
  auto daemon = DaemonProcess::with_config("telnet:\n  page_size: 0\n  write_timeout: 2s\n");
  TestClient slow = TestClient::connect(daemon.telnet_port(), 5s, "127.0.0.1", 4096);
  slow.read_until("?> ", 5s);
  TestClient fast = TestClient::connect(daemon.telnet_port());
  fast.read_until("?> ", 5s);
  CHECK(ask(fast, "sun").status == "91 matches for 'sun'");  // warm up
  const long rss_before = rss_kib(daemon.pid());

  slow.send_all("cjk\r\n");     // 98,263 rows, about 4 MB, which the slow client never reads
  slow.read_until("\r\n", 5s);  // the answer has started
  std::vector<std::chrono::microseconds> latencies;
  for (int i = 0; i < 50; ++i) {
    const auto start = Clock::now();
    const TelnetAnswer answer = ask(fast, i % 2 ? "sun" : "chess black");
    latencies.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start));
    CHECK(answer.status == (i % 2 ? "91 matches for 'sun'" : "33 matches for 'chess black'"));
  }
  const long rss_stuck = rss_kib(daemon.pid());
  CHECK(daemon.wait_for_log("write timeout", 20s));
  const long rss_after = rss_kib(daemon.pid());
  std::sort(latencies.begin(), latencies.end());
  std::cout << "telnet while a client is stuck: latency p50 "
            << latencies[latencies.size() / 2].count() << " us, max " << latencies.back().count()
            << " us; daemon VmRSS " << rss_before << " -> " << rss_stuck << " (stuck) -> "
            << rss_after << " KiB (after the drop)\n";
  if (kSanitizedAllocator) {
    WARN("RSS growth not checked: a sanitizer's allocator and shadow memory hold the RSS");
  } else {
    CHECK(rss_stuck - rss_before < 64L * 1024);
    CHECK(rss_after - rss_before < 64L * 1024);
  }
  // The stuck client gets part of the answer, never its end, then the connection closes.
  const std::string got = slow.read_to_eof(20s);
  CHECK(got.find("matches for 'cjk'") == std::string::npos);
  // The other session still works.
  CHECK(ask(fast, "sun").status == "91 matches for 'sun'");
}

TEST_CASE("telnet: graceful shutdown finishes the answer in flight and says goodbye",
          "[e2e][telnet][shutdown]") {
  auto daemon = DaemonProcess::with_config("telnet:\n  page_size: 0\n");
  const std::uint16_t port = daemon.telnet_port();
  std::vector<TestClient> idle;
  for (int i = 0; i < 100; ++i) {
    idle.push_back(TestClient::connect(port));
    idle.back().read_until("?> ", 5s);
  }
  TestClient busy = TestClient::connect(port, 5s, "127.0.0.1", 4096);
  busy.read_until("?> ", 5s);
  busy.send_all("cjk\r\n");
  std::string answer = busy.read_until("\r\n", 5s);  // mid-answer from here on
  daemon.send_signal(SIGTERM);
  // Read the rest slowly, in small pieces.
  const auto deadline = Clock::now() + 30s;
  while (!busy.closed_by_peer() && Clock::now() < deadline) {
    answer += busy.read_some(1s);
    if (answer.size() % 7 == 0) ::usleep(200);  // a slow reader, not a synchronisation
  }
  REQUIRE(busy.closed_by_peer());
  const TelnetAnswer parsed = parse_answer(answer);
  std::size_t rows = 0;
  for (const std::string& line : parsed.rows) rows += line.rfind("U+", 0) == 0 ? 1 : 0;
  CHECK(rows == 98263);
  CHECK(answer.find("98263 matches for 'cjk'\r\n?> server shutting down, goodbye\r\n") !=
        std::string::npos);
  for (std::size_t i = 0; i < idle.size(); ++i) {
    CAPTURE(i);
    CHECK(idle[i].read_to_eof(10s) == "server shutting down, goodbye\r\n");
  }
  CHECK(daemon.wait_exit(15s) == std::optional<int>(0));
  // The port is free again.
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  ::close(fd);
}

}  // namespace charfinder

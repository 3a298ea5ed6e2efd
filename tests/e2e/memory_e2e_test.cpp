// End-to-end test of bounded, returning memory (issue 11): a burst of idle telnet sessions
// and uncached HTTP answers, then quiet; the daemon's RSS must come back to at most the
// start + the caches' caps + 8 MiB (issue 11's bound); the ratio to the start is reported
// (README "Figures" has the measured ratios and the allocator comparison).
#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/daemon_process.hpp"
#include "tests/e2e/http_test_client.hpp"
#include "tests/e2e/sanitized_build.hpp"
#include "tests/e2e/test_client.hpp"

namespace charfinder {

using namespace std::chrono_literals;

namespace {

std::uint64_t rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
  return 0;
}

// Waits until `pid`'s RSS is at most `limit_kib`; returns the last reading.
std::uint64_t wait_rss_at_most(pid_t pid, std::uint64_t limit_kib,
                               std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  std::uint64_t rss = rss_kib(pid);
  while (rss > limit_kib && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(100ms);
    rss = rss_kib(pid);
  }
  return rss;
}

std::uint64_t metric(HttpConnection& http, const std::string& name) {
  const HttpReply reply = http.get("/metrics");
  const auto at = reply.body.find("\n" + name + " ");
  if (at == std::string::npos) return 0;
  return std::stoull(reply.body.substr(at + name.size() + 2));
}

}  // namespace

TEST_CASE("after a burst of sessions and uncached answers, RSS comes back", "[e2e][memory]") {
  rlimit files{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &files) == 0);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  const std::size_t sessions = files.rlim_cur > 2600 ? 2000 : 500;

  // A small HTTP cache (2 MiB) so that the burst fills it; quick trimming.
  DaemonProcess daemon = DaemonProcess::with_config(
      "server:\n  threads: 2\n"
      "limits:\n  max_connections: 10000\n  max_connections_per_ip: 10000\n"
      "memory:\n  http_cache_bytes: 2097152\n  telnet_cache_bytes: 1048576\n"
      "  trim_after: 300ms\n");
  HttpConnection http(daemon.http_port());
  REQUIRE(http.get("/api/search?q=cat").status == 200);
  std::this_thread::sleep_for(1500ms);  // the start-up trim
  const std::uint64_t start = rss_kib(daemon.pid());
  REQUIRE(start > 0);

  {
    std::vector<TestClient> idle;
    idle.reserve(sessions);
    for (std::size_t i = 0; i < sessions; ++i) {  // every 100th waits for its prompt
      idle.push_back(TestClient::connect(daemon.telnet_port()));
      if (i % 100 == 99 && !idle.back().try_read_until("?> ", 10s))  // keep pace with accepts
        FAIL("session " << i << " got no prompt; daemon log:\n" << daemon.log());
    }
    // 3,000 uncached pages of cjk (100 rows each, ~6 KiB): far more than the cache holds.
    std::string stream;
    for (int i = 0; i < 3000; ++i) {
      http.client().send_all("GET /api/search?q=cjk&offset=" + std::to_string(i * 31) +
                             " HTTP/1.1\r\nHost: a\r\n\r\n");
      REQUIRE(read_reply(http.client(), stream).status == 200);
    }
    const std::uint64_t peak = rss_kib(daemon.pid());
    INFO("RSS start " << start << " KiB, peak " << peak << " KiB with " << sessions
                      << " idle sessions");
    CHECK(peak > start);
    // The cache is bounded by its cap, counted in real heap bytes. Each of the 2 shards caches
    // at most half the cap, and this one connection fills its shard's half.
    const std::uint64_t cached = metric(http, "charfinder_cache_bytes{cache=\"http\"}");
    CHECK(cached <= 2097152);
    CHECK(cached > 2097152 / 2 / 2);
  }  // the sessions close

  // Within 10 s of the burst's end, RSS is at most the start plus the caches' caps plus
  // 8 MiB (issue 11's bound), and the ratio to the start is reported.
  const std::uint64_t caps_kib = (2097152 + 1048576) / 1024;
  const std::uint64_t limit = start + caps_kib + std::uint64_t{8} * 1024;
  const std::uint64_t after = wait_rss_at_most(daemon.pid(), limit, 10s);
  INFO("RSS start " << start << " KiB, after " << after << " KiB (ratio "
                    << static_cast<double>(after) / static_cast<double>(start) << "), limit "
                    << limit << " KiB");
  if (kSanitizedAllocator)
    WARN("RSS bound not checked: a sanitizer's allocator and shadow memory hold the RSS");
  else
    CHECK(after <= limit);
  CHECK(metric(http, "process_resident_memory_bytes") > 0);
}

}  // namespace charfinder

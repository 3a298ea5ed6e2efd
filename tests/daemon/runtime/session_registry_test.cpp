#include "daemon/runtime/session_registry.hpp"

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/this_coro.hpp>
#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

#include "daemon/runtime/awaitable_util.hpp"

namespace charfinder {
namespace {

using Admission = SessionRegistry::Admission;
using namespace std::chrono_literals;

// Waits "forever" (an hour) on a timer; records how the wait ended.
asio::awaitable<void> wait_forever(bool allow_total, std::error_code& result) {
  if (allow_total) {
    co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
  }
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::hours(1));
  auto [ec] = co_await timer.async_wait(kTupleToken);
  result = ec;
}

}  // namespace

TEST_CASE("admission follows the total and per-address limits", "[registry]") {
  SessionRegistry registry({/*max_connections=*/3, /*max_per_ip=*/2, /*max_refusing=*/1});
  struct Step {
    std::string ip;
    Admission expected;
  };
  const std::vector<Step> steps = {
      {"10.0.0.1", Admission::kAdmitted},  {"10.0.0.1", Admission::kAdmitted},
      {"10.0.0.1", Admission::kOverPerIp},  // per-IP full; takes the one refusal slot
      {"10.0.0.2", Admission::kAdmitted},   // total now 3
      {"10.0.0.3", Admission::kDrop},       // over total, and the refusal slot is taken
  };
  std::vector<SessionRegistry::Ticket> held;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    CAPTURE(i, steps[i].ip);
    held.push_back(registry.admit(steps[i].ip));
    CHECK(held.back().admission() == steps[i].expected);
  }
  CHECK(registry.admitted() == 3);
  CHECK(registry.admitted_from("10.0.0.1") == 2);
  CHECK(registry.admitted_from("10.0.0.3") == 0);

  held.erase(held.begin() + 2);  // the refusal ends: its slot is free again
  CHECK(registry.admit("10.0.0.3").admission() == Admission::kOverTotal);

  held.erase(held.begin());  // one admitted session from 10.0.0.1 ends
  CHECK(registry.admitted() == 2);
  CHECK(registry.admitted_from("10.0.0.1") == 1);
  auto next = registry.admit("10.0.0.1");
  CHECK(next.admission() == Admission::kAdmitted);
  CHECK(registry.admitted_from("10.0.0.1") == 2);
}

TEST_CASE("a ticket releases its counts exactly once, also after a move", "[registry]") {
  SessionRegistry registry({10, 10, 10});
  {
    auto a = registry.admit("::1");
    auto b = std::move(a);
    SessionRegistry::Ticket c = registry.admit("::1");
    c = std::move(b);  // c's own count is released, b's moves in
    CHECK(registry.admitted() == 1);
    CHECK(registry.admitted_from("::1") == 1);
  }
  CHECK(registry.admitted() == 0);
  CHECK(registry.admitted_from("::1") == 0);
}

TEST_CASE("total cancellation reaches only sessions that allow it, terminal reaches all",
          "[registry]") {
  asio::io_context io;
  SessionRegistry registry({10, 10, 10});
  std::error_code idle_result, busy_result;
  std::vector<std::string> done;
  const auto spawn = [&](bool allow_total, std::error_code& result, const std::string& name) {
    auto strand = asio::make_strand(io);
    asio::co_spawn(
        strand, wait_forever(allow_total, result),
        registry.track(strand, registry.admit("127.0.0.1"),
                       [&done, name](const std::exception_ptr&) { done.push_back(name); }));
  };
  spawn(true, idle_result, "idle");
  spawn(false, busy_result, "busy");

  bool first_wait = true, second_wait = false;
  std::size_t tracked_after_total = 0;
  asio::co_spawn(
      asio::make_strand(io),
      [&]() -> asio::awaitable<void> {
        // Let both sessions start waiting.
        asio::steady_timer settle(co_await asio::this_coro::executor, 0ms);
        co_await settle.async_wait(kTupleToken);
        registry.request_stop(asio::cancellation_type::total);
        first_wait = co_await registry.wait_until_empty(100ms);  // "busy" ignores total
        tracked_after_total = registry.tracked();
        registry.request_stop(asio::cancellation_type::terminal);
        second_wait = co_await registry.wait_until_empty(10s);
      },
      [](const std::exception_ptr& e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();

  CHECK_FALSE(first_wait);
  CHECK(tracked_after_total == 1);
  CHECK(second_wait);
  CHECK(idle_result == asio::error::operation_aborted);
  CHECK(busy_result == asio::error::operation_aborted);
  CHECK(done == std::vector<std::string>{"idle", "busy"});
  CHECK(registry.tracked() == 0);
  CHECK(registry.admitted() == 0);
}

TEST_CASE("the done handler sees an escaped exception after the counts are released",
          "[registry]") {
  asio::io_context io;
  SessionRegistry registry({10, 10, 10});
  std::string what;
  std::size_t admitted_in_handler = 99;
  auto strand = asio::make_strand(io);
  auto failing = []() -> asio::awaitable<void> {
    throw std::runtime_error("boom");
    co_return;
  };
  asio::co_spawn(
      strand, failing(),
      registry.track(strand, registry.admit("10.1.1.1"), [&](const std::exception_ptr& e) {
        what = e ? describe_exception(e) : "";
        admitted_in_handler = registry.admitted();
      }));
  io.run();
  CHECK(what == "boom");
  CHECK(admitted_in_handler == 0);
  CHECK(registry.tracked() == 0);
}

TEST_CASE("wait_until_empty completes at once when nothing is tracked", "[registry]") {
  asio::io_context io;
  SessionRegistry registry({10, 10, 10});
  std::optional<bool> result;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { result = co_await registry.wait_until_empty(1h); },
      [](const std::exception_ptr& e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();
  CHECK(result == true);
}

TEST_CASE("a session destroyed without running its handler still leaves the registry",
          "[registry]") {
  SessionRegistry registry({10, 10, 10});
  bool handler_ran = false;
  {
    asio::io_context io;
    auto strand = asio::make_strand(io);
    std::error_code ignored;
    asio::co_spawn(strand, wait_forever(false, ignored),
                   registry.track(strand, registry.admit("10.0.0.9"),
                                  [&](const std::exception_ptr&) { handler_ran = true; }));
    io.run_one();  // the session starts waiting; then the io_context is destroyed
    CHECK(registry.tracked() == 1);
  }
  CHECK_FALSE(handler_ran);
  CHECK(registry.tracked() == 0);
  CHECK(registry.admitted() == 0);
}

}  // namespace charfinder

namespace charfinder {

TEST_CASE("request_stop and wait_until_empty across threads and many strands", "[registry]") {
  asio::io_context io(2);
  SessionRegistry registry({1000, 1000, 10});
  constexpr int kSessions = 200;
  std::atomic<int> aborted{0};
  std::atomic<int> done{0};
  for (int i = 0; i < kSessions; ++i) {
    auto strand = asio::make_strand(io);
    asio::co_spawn(
        strand,
        [&aborted]() -> asio::awaitable<void> {
          co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
          asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::hours(1));
          auto [ec] = co_await timer.async_wait(kTupleToken);
          if (ec == asio::error::operation_aborted) ++aborted;
        },
        registry.track(strand, registry.admit("10.0.0." + std::to_string(i % 7)),
                       [&done](const std::exception_ptr&) { ++done; }));
  }
  std::optional<bool> emptied;
  asio::co_spawn(
      asio::make_strand(io),
      [&]() -> asio::awaitable<void> {
        asio::steady_timer settle(co_await asio::this_coro::executor, 10ms);
        co_await settle.async_wait(kTupleToken);
        registry.request_stop(asio::cancellation_type::total);
        emptied = co_await registry.wait_until_empty(30s);
      },
      [](const std::exception_ptr& e) {
        if (e) std::rethrow_exception(e);
      });
  std::thread other([&io] { io.run(); });
  io.run();
  other.join();
  CHECK(emptied == true);
  CHECK(aborted == kSessions);
  CHECK(done == kSessions);
  CHECK(registry.admitted() == 0);
}

}  // namespace charfinder

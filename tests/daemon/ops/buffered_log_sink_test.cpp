#include "daemon/ops/buffered_log_sink.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

namespace charfinder {
namespace {

struct Pipe {
  Pipe() { REQUIRE(::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0); }
  ~Pipe() {
    ::close(fds[0]);
    if (fds[1] >= 0) ::close(fds[1]);
  }
  // What is in the pipe now, without waiting.
  std::string drain() {
    std::string out;
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
      if (n <= 0) return out;
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }
  // Reads until `text` has arrived, or the deadline passes; returns everything read.
  std::string wait_for(const std::string& text, std::chrono::seconds deadline) {
    std::string out;
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (out.find(text) == std::string::npos && std::chrono::steady_clock::now() < end) {
      pollfd p{fds[0], POLLIN, 0};
      ::poll(&p, 1, 100);
      out += drain();
    }
    return out;
  }
  int fds[2] = {-1, -1};
};

std::shared_ptr<spdlog::logger> make_logger(const std::shared_ptr<BufferedLogSink>& sink) {
  sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%v"));
  auto logger = std::make_shared<spdlog::logger>("test", sink);
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::warn);
  return logger;
}

}  // namespace

TEST_CASE("buffered log sink: a line after a quiet spell is written at once", "[logging]") {
  Pipe pipe;
  // A window far longer than any test: lines kept in it only come out by flush or batch size.
  auto sink = std::make_shared<BufferedLogSink>(pipe.fds[1], std::chrono::hours(1), 1 << 20);
  auto logger = make_logger(sink);
  logger->info("first");
  CHECK(pipe.drain() == "first\n");
  logger->info("second");  // inside the window: kept
  logger->info("third");
  CHECK(pipe.drain().empty());
  logger->warn("warning");  // flushes everything kept, in order
  CHECK(pipe.drain() == "second\nthird\nwarning\n");
}

TEST_CASE("buffered log sink: kept lines come out when the window ends", "[logging]") {
  Pipe pipe;
  auto sink =
      std::make_shared<BufferedLogSink>(pipe.fds[1], std::chrono::milliseconds(20), 1 << 20);
  auto logger = make_logger(sink);
  logger->info("a");
  logger->info("b");
  logger->info("c");
  CHECK(pipe.wait_for("c\n", std::chrono::seconds(10)) == "a\nb\nc\n");
}

TEST_CASE("buffered log sink: a full batch is written, and the rest at destruction", "[logging]") {
  Pipe pipe;
  std::string all;
  {
    auto sink = std::make_shared<BufferedLogSink>(pipe.fds[1], std::chrono::hours(1), 64);
    auto logger = make_logger(sink);
    logger->info("opens the window");
    all += pipe.drain();
    for (int i = 0; i < 10; ++i) logger->info("line {:02}", i);  // 8 bytes a line
    const std::string batch = pipe.drain();
    CHECK(batch.size() >= 64);  // written once it passed 64 bytes, without a flush
    all += batch;
    logger->info("last");
  }
  all += pipe.drain();
  std::string expected = "opens the window\n";
  for (int i = 0; i < 10; ++i) expected += "line 0" + std::to_string(i) + "\n";
  CHECK(all == expected + "last\n");
}

}  // namespace charfinder

// bench/telnet_load.cpp: a load generator for the telnet front end.
//
//   telnet_load --port P [--sessions N] [--duration S] [--query TEXT] [--threads T]
//       N sessions, each sending TEXT ("sun") and reading its whole answer up to the next
//       prompt, in a loop for S seconds. Prints one line:
//       sessions=N threads=T queries=Q seconds=S qps=X p50_us=A p99_us=B max_us=C errors=E
//   telnet_load --port P --idle K [--hold S]
//       opens K sessions, reads each one's banner and prompt, prints "idle=K ready" and holds
//       them for S seconds (default 30) or until SIGINT/SIGTERM; for RSS per idle session.
//
// Asio, one io_context; with --threads T it runs on T threads (one strand per session).
// Latency is measured per query from just before the write to the end of the prompt.
#include <algorithm>
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kToken = asio::experimental::as_tuple(asio::use_awaitable);

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int sessions = 1;
  double duration = 5;
  std::string query = "sun";
  int threads = 1;
  int idle = 0;
  double hold = 30;
};

struct Shared {
  std::atomic<bool> stop{false};
  std::atomic<long> errors{0};
  std::atomic<int> ready{0};
  std::mutex mutex;
  std::vector<std::uint32_t> latencies_us;  // merged at the end of each session
};

asio::awaitable<bool> read_prompt(tcp::socket& socket, std::string& buffer,
                                  std::string_view delimiter) {
  auto [ec, n] =
      co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), delimiter, kToken);
  if (ec) co_return false;
  buffer.erase(0, n);
  co_return true;
}

asio::awaitable<void> query_session(tcp::endpoint endpoint, const Options& options,
                                    Shared& shared) {
  tcp::socket socket(co_await asio::this_coro::executor);
  auto [ec] = co_await socket.async_connect(endpoint, kToken);
  if (ec) {
    ++shared.errors;
    co_return;
  }
  socket.set_option(tcp::no_delay(true));
  std::string buffer;
  if (!co_await read_prompt(socket, buffer, "?> ")) {
    ++shared.errors;
    co_return;
  }
  const std::string line = options.query + "\r\n";
  std::vector<std::uint32_t> latencies;
  latencies.reserve(1 << 16);
  while (!shared.stop.load(std::memory_order_relaxed)) {
    const auto start = Clock::now();
    auto [write_error, written] = co_await asio::async_write(socket, asio::buffer(line), kToken);
    if (write_error || !co_await read_prompt(socket, buffer, "\r\n?> ")) {
      ++shared.errors;
      break;
    }
    latencies.push_back(static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count()));
  }
  co_await asio::async_write(socket, asio::buffer(std::string_view("/quit\r\n")), kToken);
  std::lock_guard lock(shared.mutex);
  shared.latencies_us.insert(shared.latencies_us.end(), latencies.begin(), latencies.end());
}

asio::awaitable<void> idle_session(tcp::endpoint endpoint, Shared& shared,
                                   std::shared_ptr<std::vector<tcp::socket>> keep,
                                   std::shared_ptr<std::mutex> keep_mutex) {
  tcp::socket socket(co_await asio::this_coro::executor);
  auto [ec] = co_await socket.async_connect(endpoint, kToken);
  std::string buffer;
  if (ec || !co_await read_prompt(socket, buffer, "?> ")) {
    ++shared.errors;
    ++shared.ready;
    co_return;
  }
  {
    std::lock_guard lock(*keep_mutex);
    keep->push_back(std::move(socket));
  }
  ++shared.ready;
}

// `text` as a T, all of it; false (and `out` unchanged) when it is not one.
template <typename T>
bool read_number(const char* text, T& out) {
  const char* end = text + std::strlen(text);
  T value{};
  const auto [stop, error] = std::from_chars(text, end, value);
  if (error != std::errc() || stop != end || stop == text) return false;
  out = value;
  return true;
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      std::cerr << arg << " needs a value\n";
      return false;
    }
    const char* value = argv[++i];
    bool good = true;
    if (arg == "--host")
      o.host = value;
    else if (arg == "--port")
      good = read_number(value, o.port);
    else if (arg == "--sessions")
      good = read_number(value, o.sessions);
    else if (arg == "--duration")
      good = read_number(value, o.duration);
    else if (arg == "--query")
      o.query = value;
    else if (arg == "--threads")
      good = read_number(value, o.threads);
    else if (arg == "--idle")
      good = read_number(value, o.idle);
    else if (arg == "--hold")
      good = read_number(value, o.hold);
    else {
      std::cerr << "unknown argument " << arg << "\n";
      return false;
    }
    if (!good) {
      std::cerr << arg << ": not a number: " << value << "\n";
      return false;
    }
  }
  if (o.port == 0 || o.sessions < 1 || o.threads < 1 || o.duration <= 0) {
    std::cerr << "usage: telnet_load --port P [--host H] [--sessions N] [--duration S] "
                 "[--query TEXT] [--threads T] | --port P --idle K [--hold S]\n";
    return false;
  }
  return true;
}

int run(const Options& options) {
  asio::io_context io(options.threads);
  const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
  Shared shared;

  if (options.idle > 0) {
    auto keep = std::make_shared<std::vector<tcp::socket>>();
    auto keep_mutex = std::make_shared<std::mutex>();
    // Connect in batches so the listen backlog never overflows. The guard keeps run_for()
    // from returning for good when a batch is done before the next one is started.
    auto guard = asio::make_work_guard(io);
    int started = 0;
    const auto start_batch = [&] {
      for (int i = 0; i < 256 && started < options.idle; ++i, ++started)
        asio::co_spawn(asio::make_strand(io), idle_session(endpoint, shared, keep, keep_mutex),
                       asio::detached);
    };
    start_batch();
    while (shared.ready.load() < options.idle) {
      io.run_for(std::chrono::milliseconds(10));
      if (started - shared.ready.load() < 128) start_batch();
    }
    guard.reset();
    io.restart();  // run_for() may have left the io_context stopped: run() would return at once
    std::printf("idle=%zu ready errors=%ld\n", keep->size(), shared.errors.load());
    (void)std::fflush(stdout);  // the caller waits for this line; nothing to do if it fails
    asio::signal_set signals(io, SIGINT, SIGTERM);
    asio::steady_timer hold(io, std::chrono::milliseconds(static_cast<long>(options.hold * 1000)));
    signals.async_wait([&](auto, int) { hold.cancel(); });
    hold.async_wait([&](auto) { signals.cancel(); });
    io.run();
    return shared.errors.load() == 0 ? 0 : 1;
  }

  for (int i = 0; i < options.sessions; ++i)
    asio::co_spawn(asio::make_strand(io), query_session(endpoint, options, shared), asio::detached);
  asio::steady_timer timer(io,
                           std::chrono::milliseconds(static_cast<long>(options.duration * 1000)));
  const auto started = Clock::now();
  timer.async_wait([&](auto) { shared.stop = true; });
  std::vector<std::thread> threads;
  for (int i = 1; i < options.threads; ++i) threads.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  auto& l = shared.latencies_us;
  std::sort(l.begin(), l.end());
  const auto at = [&](double q) -> unsigned {
    return l.empty() ? 0
                     : l[std::min(l.size() - 1,
                                  static_cast<std::size_t>(q * static_cast<double>(l.size())))];
  };
  std::printf(
      "sessions=%d threads=%d queries=%zu seconds=%.2f qps=%.0f p50_us=%u p99_us=%u "
      "max_us=%u errors=%ld\n",
      options.sessions, options.threads, l.size(), seconds, static_cast<double>(l.size()) / seconds,
      at(0.5), at(0.99), l.empty() ? 0 : l.back(), shared.errors.load());
  return shared.errors.load() == 0 && !l.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) return 2;
  try {
    return run(options);
  } catch (const std::exception& e) {  // a bad --host, or no threads or sockets left
    std::cerr << "telnet_load: " << e.what() << "\n";
    return 1;
  }
}

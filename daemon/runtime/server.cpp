#include "daemon/runtime/server.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <asio/co_spawn.hpp>
#include <csignal>
#include <cstdlib>
#include <thread>

#include "daemon/runtime/awaitable_util.hpp"
#include "daemon/runtime/signals.hpp"

namespace charfinder {
namespace {

std::string join_addresses(const std::vector<std::unique_ptr<Listener>>& listeners,
                           Protocol protocol) {
  std::string out;
  for (const auto& listener : listeners) {
    if (listener->protocol() != protocol) continue;
    if (!out.empty()) out += ',';
    out += listener->address();
  }
  return out;
}

// Rendered answers kept for repeated queries (daemon/cache/lru_cache.hpp).
constexpr std::size_t kHttpCacheBytes = 32 * 1024 * 1024;
constexpr std::size_t kTelnetCacheBytes = 16 * 1024 * 1024;

long long to_ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

Server::Server(Config config, NameIndex index, const SourceTable* table, SearchScope scope)
    : config_(std::move(config)),
      index_(std::move(index)),
      search_(index_, table, std::move(scope)),
      registry_(SessionRegistry::Limits{config_.limits.max_connections,
                                        config_.limits.max_connections_per_ip,
                                        /*max_refusing=*/64}),
      http_answers_(kHttpCacheBytes),
      telnet_pages_(kTelnetCacheBytes),
      ctx_{index_, search_, config_, metrics_, stopping_, ready_, http_answers_, telnet_pages_},
      io_(static_cast<int>(thread_count())),
      control_(asio::make_strand(io_)),
      signals_(control_, SIGTERM, SIGINT) {
  metrics_.watch_cache("http", [this] { return http_answers_.counters(); });
  metrics_.watch_cache("telnet", [this] { return telnet_pages_.counters(); });
  // "Did you mean" and completion: built on a thread of its own while the listeners open
  // (a few hundred ms of CPU that the ready line need not wait for).
  spelling_builder_ = std::jthread([this] {
    const auto started = std::chrono::steady_clock::now();
    const EntrySpelling& spelling = search_.spelling();
    // The build's temporary arrays are freed by now; hand their pages back (glibc keeps
    // freed heap resident otherwise: about 2 MiB here).
    malloc_trim(0);
    spdlog::info("spelling: {} words, {} KiB built in {} ms", spelling.words(),
                 spelling.memory_bytes() / 1024, to_ms(std::chrono::steady_clock::now() - started));
  });
}

Server::~Server() = default;

unsigned Server::thread_count() const {
  if (config_.server.threads > 0) return config_.server.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

bool Server::open(const std::optional<ActivatedSockets>& activated, std::string& error) {
  std::vector<std::unique_ptr<Listener>> opened;
  const auto add = [&](Protocol protocol, std::optional<asio::ip::tcp::acceptor> acceptor) {
    if (!acceptor) return false;
    opened.push_back(
        std::make_unique<Listener>(io_, protocol, std::move(*acceptor), registry_, ctx_));
    return true;
  };
  if (activated) {
    for (int fd : activated->telnet)
      if (!add(Protocol::kTelnet, adopt_acceptor(io_, fd, error))) return false;
    for (int fd : activated->http)
      if (!add(Protocol::kHttp, adopt_acceptor(io_, fd, error))) return false;
  } else {
    for (const ListenAddress& address : config_.telnet.listen)
      if (!add(Protocol::kTelnet, open_acceptor(io_, address, error))) return false;
    for (const ListenAddress& address : config_.http.listen)
      if (!add(Protocol::kHttp, open_acceptor(io_, address, error))) return false;
  }
  listeners_ = std::move(opened);
  return true;
}

std::string Server::ready_line() const {
  return "ready telnet=" + join_addresses(listeners_, Protocol::kTelnet) +
         " http=" + join_addresses(listeners_, Protocol::kHttp);
}

int Server::run() {
  ignore_broken_pipes();
  asio::co_spawn(control_, await_shutdown(), LogFailure("shutdown sequence"));
  if (auto interval = watchdog_ping_interval())
    asio::co_spawn(control_, ping_watchdog(*interval), LogFailure("watchdog"));
  for (auto& listener : listeners_) listener->start();

  const unsigned threads = thread_count();
  const std::string line = ready_line();
  ready_.store(true, std::memory_order_release);
  spdlog::info("{}", line);
  spdlog::debug("serving with {} threads", threads);
  // Operators and tests wait for the ready line: do not leave it in the log batch.
  spdlog::default_logger()->flush();
  notify_ready(line);

  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& thread : pool) thread.join();
  spdlog::info("stopped");
  return 0;
}

asio::awaitable<void> Server::await_shutdown() {
  auto [ec, sig] = co_await signals_.async_wait(kTupleToken);
  if (ec) co_return;  // operation_aborted: the io_context is going away
  spdlog::info("shutting down ({})", signal_name(sig));
  ready_.store(false, std::memory_order_release);
  stopping_.store(true, std::memory_order_release);  // before any emit: see session_context.hpp
  notify_stopping("shutting down");
  asio::co_spawn(control_, await_second_signal(), LogFailure("second-signal watch"));

  for (auto& listener : listeners_) co_await listener->stop();
  spdlog::debug("listeners closed");

  const auto grace = config_.server.shutdown_grace;
  const auto started = std::chrono::steady_clock::now();
  const std::size_t sessions = registry_.tracked();
  if (sessions > 0) {
    spdlog::info("waiting up to {} ms for {} sessions to finish", grace.count(), sessions);
    registry_.request_stop(asio::cancellation_type::total);
    if (co_await registry_.wait_until_empty(grace)) {
      spdlog::info("all sessions finished after {} ms",
                   to_ms(std::chrono::steady_clock::now() - started));
    } else {
      spdlog::warn("shutdown grace of {} ms is over: forcing {} sessions to close", grace.count(),
                   registry_.tracked());
      registry_.request_stop(asio::cancellation_type::terminal);
      if (!co_await registry_.wait_until_empty(std::chrono::seconds(1)))
        spdlog::warn("{} sessions did not unwind; abandoning them", registry_.tracked());
    }
  }
  io_.stop();
}

asio::awaitable<void> Server::await_second_signal() {
  auto [ec, sig] = co_await signals_.async_wait(kTupleToken);
  if (ec) co_return;
  spdlog::warn("second signal ({}) during shutdown: exiting at once", signal_name(sig));
  spdlog::default_logger()->flush();
  std::_Exit(1);
}

asio::awaitable<void> Server::ping_watchdog(std::chrono::microseconds interval) {
  asio::steady_timer timer(control_);
  for (;;) {
    notify_watchdog();
    timer.expires_after(interval);
    auto [ec] = co_await timer.async_wait(kTupleToken);
    if (ec) co_return;
  }
}

}  // namespace charfinder

#include "daemon/runtime/server.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <asio/co_spawn.hpp>
#include <csignal>
#include <cstdlib>
#include <thread>

#include "daemon/ops/logging.hpp"
#include "daemon/runtime/awaitable_util.hpp"
#include "daemon/runtime/config_reload.hpp"
#include "daemon/runtime/signals.hpp"
#include "text/join.hpp"

namespace charfinder {
namespace {

std::string join_addresses(const std::vector<std::unique_ptr<Listener>>& listeners,
                           Protocol protocol, bool proxy) {
  std::string out;
  for (const auto& listener : listeners) {
    if (listener->protocol() != protocol || listener->proxy_protocol() != proxy) continue;
    if (!out.empty()) out += ',';
    out += listener->address();
  }
  return out;
}

long long to_ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

SessionRegistry::Limits registry_limits(const Config& config) {
  return {config.limits.max_connections, config.limits.max_connections_per_ip,
          /*max_refusing=*/64};
}

}  // namespace

Server::Server(Config config, NameIndex index, const SourceTable* table, SourceSet sources,
               Reloader reloader)
    : configs_(std::move(config)),
      index_(std::move(index)),
      search_(index_, table, sources),
      reloader_(std::move(reloader)),
      registry_(registry_limits(*configs_.current())),
      trimmer_(configs_.current()->memory.trim_after, [this] { return metrics_.activity(); }),
      shards_(make_shards(thread_count(),
                          Shard::Shared{index_, search_, configs_, metrics_, stopping_, ready_},
                          *configs_.current())),
      signals_(std::make_unique<asio::signal_set>(control(), SIGTERM, SIGINT)),
      reload_signals_(std::make_unique<asio::signal_set>(control(), SIGHUP)) {
  metrics_.set_shards(shards_.size());
  // Each cache's counts summed over the shards (the cap too: the configured total).
  const auto sum = [this](auto cache) {
    CacheCounters total;
    for (const auto& shard : shards_) {
      const CacheCounters c = ((*shard).*cache).counters();
      total.hits += c.hits;
      total.misses += c.misses;
      total.bytes += c.bytes;
      total.entries += c.entries;
      total.max_bytes += c.max_bytes;
    }
    return total;
  };
  metrics_.watch_cache("http", [sum] { return sum(&Shard::http_answers); });
  metrics_.watch_cache("telnet", [sum] { return sum(&Shard::telnet_pages); });
  metrics_.config_loaded(configs_.generation(), configs_.loaded_at());
  // "Did you mean" and completion: built on a thread of its own while the listeners open
  // (a few hundred ms of CPU that the ready line need not wait for). Stoppable: shutdown
  // requests a stop (await_shutdown, and ~jthread), so exiting need not wait for the build.
  spelling_builder_ = std::jthread([this](const std::stop_token& stop) {
    const auto started = std::chrono::steady_clock::now();
    if (!search_.build_spelling(stop)) {
      spdlog::debug("spelling: build stopped after {} ms (shutting down)",
                    to_ms(std::chrono::steady_clock::now() - started));
      return;
    }
    const EntrySpelling& spelling = search_.spelling();
    // The build's temporary arrays are freed by now; hand their pages back (glibc keeps
    // freed heap resident otherwise: about 2 MiB here).
    malloc_trim(0);
    spdlog::info("spelling: {} words, {} KiB built in {} ms", spelling.words(),
                 spelling.memory_bytes() / 1024, to_ms(std::chrono::steady_clock::now() - started));
  });
}

Server::~Server() {
  signals_.reset();
  reload_signals_.reset();
  // Shard 0 first: its queue may hold a connection accepted onto another shard's io_context
  // (socket activation's hand-off) that must be destroyed while that io_context exists.
  for (auto& shard : shards_) shard.reset();
}

std::vector<std::unique_ptr<Shard>> Server::make_shards(unsigned count, const Shard::Shared& shared,
                                                        const Config& config) {
  // The caps split evenly (the first cap % count shards take one byte more), so the shards
  // together hold at most, and are capped at exactly, the configured bytes.
  const auto share = [count](std::size_t cap, unsigned i) {
    return cap / count + (i < cap % count ? 1 : 0);
  };
  std::vector<std::unique_ptr<Shard>> shards;
  shards.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    shards.push_back(std::make_unique<Shard>(i, shared, share(config.memory.http_cache_bytes, i),
                                             share(config.memory.telnet_cache_bytes, i)));
  }
  return shards;
}

unsigned Server::thread_count() const {
  const unsigned threads = configs_.current()->server.threads;  // restart-only: never reloaded
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

bool Server::open(const std::optional<ActivatedSockets>& activated, std::string& error) {
  // Built aside and moved in only when every socket opened: on failure none stays open.
  std::vector<std::vector<std::unique_ptr<Listener>>> opened(shards_.size());
  std::vector<ShardTarget> every_shard;
  std::vector<asio::io_context*> ios;
  for (auto& shard : shards_) {
    every_shard.push_back(shard->target());
    ios.push_back(&shard->io);
  }
  Shard& first = *shards_.front();
  // One inherited socket: shard 0 accepts and hands the connections to every shard in turn.
  const auto adopt = [&](Protocol protocol, int fd) {
    std::optional<asio::ip::tcp::acceptor> acceptor = adopt_acceptor(first.io, fd, error);
    if (!acceptor) return false;
    opened.front().push_back(std::make_unique<Listener>(
        first.io, protocol, false, std::move(*acceptor), registry_, every_shard));
    return true;
  };
  // A configured address: one socket (threads: 1) or one per shard with SO_REUSEPORT.
  const auto listen = [&](Protocol protocol, bool proxy, const ListenAddress& address) {
    if (shards_.size() == 1) {
      std::optional<asio::ip::tcp::acceptor> acceptor = open_acceptor(first.io, address, error);
      if (!acceptor) return false;
      opened.front().push_back(std::make_unique<Listener>(
          first.io, protocol, proxy, std::move(*acceptor), registry_, every_shard));
      return true;
    }
    std::vector<asio::ip::tcp::acceptor> acceptors = open_shard_acceptors(ios, address, error);
    if (acceptors.empty()) return false;
    auto exhausted = std::make_shared<std::atomic<std::size_t>>(0);  // one episode per address
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      Shard& shard = *shards_[i];
      opened[i].push_back(
          std::make_unique<Listener>(shard.io, protocol, proxy, std::move(acceptors[i]), registry_,
                                     std::vector<ShardTarget>{shard.target()}, exhausted));
    }
    return true;
  };
  const std::shared_ptr<const Config> config = configs_.current();
  if (activated) {
    for (int fd : activated->telnet)
      if (!adopt(Protocol::kTelnet, fd)) return false;
    for (int fd : activated->http)
      if (!adopt(Protocol::kHttp, fd)) return false;
  } else {
    for (const ListenAddress& address : config->telnet.listen)
      if (!listen(Protocol::kTelnet, false, address)) return false;
    for (const ListenAddress& address : config->telnet.proxy_listen)
      if (!listen(Protocol::kTelnet, true, address)) return false;
    for (const ListenAddress& address : config->http.listen)
      if (!listen(Protocol::kHttp, false, address)) return false;
    for (const ListenAddress& address : config->http.proxy_listen)
      if (!listen(Protocol::kHttp, true, address)) return false;
  }
  for (std::size_t i = 0; i < shards_.size(); ++i) shards_[i]->listeners = std::move(opened[i]);
  return true;
}

std::string Server::ready_line() const {
  // Shard 0 has every address (the other shards' SO_REUSEPORT sockets repeat them).
  const auto& listeners = shards_.front()->listeners;
  std::string line = "ready telnet=" + join_addresses(listeners, Protocol::kTelnet, false) +
                     " http=" + join_addresses(listeners, Protocol::kHttp, false);
  const std::string telnet_proxy = join_addresses(listeners, Protocol::kTelnet, true);
  const std::string http_proxy = join_addresses(listeners, Protocol::kHttp, true);
  if (!telnet_proxy.empty()) line += " telnet-proxy=" + telnet_proxy;
  if (!http_proxy.empty()) line += " http-proxy=" + http_proxy;
  return line;
}

int Server::run() {
  ignore_broken_pipes();
  asio::co_spawn(control(), await_shutdown(), LogFailure("shutdown sequence"));
  asio::co_spawn(control(), await_reloads(), LogFailure("reload loop"));
  if (auto interval = watchdog_ping_interval())
    asio::co_spawn(control(), ping_watchdog(*interval), LogFailure("watchdog"));
  for (auto& shard : shards_)
    for (auto& listener : shard->listeners) listener->start();

  const std::string line = ready_line();
  ready_.store(true, std::memory_order_release);
  spdlog::info("{}", line);
  spdlog::debug("serving with {} threads, one shard each", shards_.size());
  // Operators and tests wait for the ready line: do not leave it in the log batch.
  spdlog::default_logger()->flush();
  notify_ready(line);

  std::vector<std::thread> pool;
  pool.reserve(shards_.size() - 1);
  for (std::size_t i = 1; i < shards_.size(); ++i) {
    pool.emplace_back([this, i] {
      Metrics::bind_thread(i);
      shards_[i]->io.run();
    });
  }
  Metrics::bind_thread(0);
  control().run();
  for (auto& thread : pool) thread.join();
  spdlog::info("stopped");
  return 0;
}

asio::awaitable<void> Server::await_shutdown() {
  auto [ec, sig] = co_await signals_->async_wait(kTupleToken);
  if (ec) co_return;  // operation_aborted: the io_context is going away
  spdlog::info("shutting down ({})", signal_name(sig));
  ready_.store(false, std::memory_order_release);  // /readyz: 503 from now on
  notify_stopping("shutting down");
  asio::co_spawn(control(), await_second_signal(), LogFailure("second-signal watch"));
  reload_signals_->cancel();  // a SIGHUP from now on is only logged by nobody: harmless

  const std::shared_ptr<const Config> config = configs_.current();
  const auto drain = config->server.drain_delay;
  if (drain.count() > 0) {
    // Everything keeps working: listeners accept, sessions answer. Only /readyz has changed,
    // so that balancers stop sending new work here before the sockets close.
    spdlog::info("draining for {} ms: /readyz answers 503, the listeners still answer",
                 drain.count());
    spdlog::default_logger()->flush();
    asio::steady_timer timer(control());
    timer.expires_after(drain);
    co_await timer.async_wait(kTupleToken);
    spdlog::info("drain over after {} ms: closing the listeners", drain.count());
  }
  stopping_.store(true, std::memory_order_release);  // before any emit: see session_context.hpp
  // No new requests from now on: a spelling build still running is not worth finishing
  // (a session still answering that needs it builds it itself: CharacterSearch::spelling).
  spelling_builder_.request_stop();

  // Each listener closes on its own shard's thread; this waits for every one.
  for (auto& shard : shards_)
    for (auto& listener : shard->listeners) co_await listener->stop();
  spdlog::debug("listeners closed on {} shards", shards_.size());

  const auto grace = config->server.shutdown_grace;
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
  for (auto& shard : shards_) {
    shard->work.reset();
    shard->io.stop();
  }
}

asio::awaitable<void> Server::await_reloads() {
  for (;;) {
    auto [ec, sig] = co_await reload_signals_->async_wait(kTupleToken);
    if (ec) co_return;  // cancelled: shutting down
    reload();
  }
}

void Server::reload() {
  const auto started = std::chrono::steady_clock::now();
  if (!reloader_.load) {
    spdlog::warn("SIGHUP: started without --config, there is no file to re-read; nothing changed");
    return;
  }
  notify_reloading("reloading " + reloader_.file);
  ConfigResult loaded = reloader_.load();
  const std::uint64_t running_generation = configs_.generation();
  const std::shared_ptr<const Config> running = configs_.current();
  ReloadPlan plan;
  if (loaded.config) {
    plan = plan_reload(*running, *loaded.config, search_.index);
    for (const std::string& problem : plan.problems)
      loaded.problems.push_back(reloader_.file + ": " + problem);
  }
  if (!loaded.config || !plan.problems.empty()) {
    metrics_.config_reload_failed();  // before the log lines: whoever reads them sees it counted
    for (const std::string& problem : loaded.problems)
      spdlog::error("configuration reload: {}", problem);
    spdlog::error("configuration reload rejected ({} problems in {}): generation {} stays in force",
                  loaded.problems.size(), reloader_.file, running_generation);
    notify_ready(ready_line());
    return;
  }
  for (const std::string& key : plan.restart_only) {
    spdlog::warn(
        "configuration reload: {} changed in {}, but it needs a restart; the running "
        "value stays",
        key, reloader_.file);
  }
  registry_.set_limits(registry_limits(plan.next));
  const auto level = parse_log_level(plan.next.log.level);  // validated by the loader
  const auto format = parse_log_format(plan.next.log.format);
  const bool logging_changed = plan.next.log != running->log;
  // search.languages (checked by plan_reload) takes effect with the snapshot: requests and
  // sessions read their default languages from the Config they hold, so one swap does it.
  const std::uint64_t generation = configs_.replace(std::move(plan.next));
  metrics_.config_loaded(generation, configs_.loaded_at());
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  // Logged before a new log level or format applies, so it is seen in the old one.
  spdlog::info("configuration reloaded from {}: generation {} in {} us; {}{}", reloader_.file,
               generation, us,
               plan.changed.empty() ? "nothing changed" : "changed: ", join(plan.changed, ", "));
  if (logging_changed && level && format) reconfigure_logging(*level, *format);
  spdlog::default_logger()->flush();
  notify_ready(ready_line());
}

asio::awaitable<void> Server::await_second_signal() {
  auto [ec, sig] = co_await signals_->async_wait(kTupleToken);
  if (ec) co_return;
  spdlog::warn("second signal ({}) during shutdown: exiting at once", signal_name(sig));
  spdlog::default_logger()->flush();
  std::_Exit(1);
}

asio::awaitable<void> Server::ping_watchdog(std::chrono::microseconds interval) {
  asio::steady_timer timer(control());
  for (;;) {
    notify_watchdog();
    timer.expires_after(interval);
    auto [ec] = co_await timer.async_wait(kTupleToken);
    if (ec) co_return;
  }
}

}  // namespace charfinder

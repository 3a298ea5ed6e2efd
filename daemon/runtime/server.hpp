// daemon/runtime/server.hpp
//
// Server owns everything a running daemon has: the configuration, the index, the metrics,
// the serving shards (each with its io_context, thread, listeners and caches of rendered
// answers: daemon/runtime/shard.hpp), the session registry, the signal set and the shutdown
// phases of DESIGN.md "Lifecycle".
//
// Threading: shard-per-thread. `server.threads` (0: hardware_concurrency) shards, each an
// io_context with concurrency hint 1 run by one thread (shard 0 by the thread that calls
// run(), the others by threads of their own). A connection is accepted onto one shard and
// lives there until it closes: its handlers never run concurrently (no strand needed), its
// completions never wake another thread, its caches are its shard's own. (Before, all threads
// ran ONE io_context with a strand per connection; with threads: 2 that gave fewer queries
// per second than threads: 1 and 38 % more CPU per query, issue 11.) How connections reach
// the shards:
//   - configured addresses, threads: 1: one socket per address, exactly as before;
//   - configured addresses, threads: N > 1: every shard binds its own socket per address
//     with SO_REUSEPORT and the kernel spreads new connections over them by a hash of the
//     peer's address and port (listen_sockets.hpp: the probe that keeps "Address already in
//     use", and port 0 giving all shards one port);
//   - socket activation (or any inherited socket): one socket, so shard 0's listener accepts
//     every connection straight onto the next shard in turn (round-robin, async_accept with
//     that shard's executor). One acceptor rather than N on dup()'d fds: the shards would all
//     wait on the same socket and wake together for each connection (a thundering herd that
//     epoll does not spread fairly), while the accept itself is cheap next to a session.
// The control side runs on shard 0 only: the signal sets, the SIGHUP reload, the systemd
// watchdog and the shutdown sequence (the memory trimmer has its own thread). The session
// registry (daemon/runtime/session_registry.hpp) stays process-wide behind one mutex, taken
// at accept, at close and at shutdown only, so limits.max_connections and
// limits.max_connections_per_ip hold across all shards exactly as with one thread.
// The metrics' counters are per thread and summed when /metrics is rendered; /metrics also
// shows each shard's connections (charfinder_shard_connections_total{shard="i"}).
//
// Shutdown (SIGTERM/SIGINT), run on shard 0, reaching every shard on its own thread:
//   1. log "shutting down", clear `ready` (/readyz answers 503 from now on), tell systemd
//      STOPPING=1;
//   1b. drain: when server.drain_delay > 0, log "draining for N ms" and keep serving
//      everything, new connections included, for that long, so that load balancers and
//      Kubernetes endpoints, which watch /readyz, take this replica out before it closes;
//   2. set `stopping`, close every shard's acceptors, each on its shard's thread, and wait
//      for all of them (the ports are free again immediately);
//   3. emit cancellation_type::total to every session, each posted to its own shard's
//      executor (the session contract in session_context.hpp: finish the answer in flight,
//      say goodbye, return);
//   4. wait up to server.shutdown_grace for every session on every shard to end (the
//      registry counts them all);
//   5. emit cancellation_type::terminal to what is left (logged with the count), wait up to
//      1 s more for those coroutines to unwind, then release every shard's work guard and
//      stop every io_context;
//   6. run() joins the shard threads, returns 0 and logs "stopped".
// A second SIGTERM/SIGINT during that (the drain included) exits the process at once with status 1
// (the operator asked for an abrupt stop; sessions were cut, so it is not a clean exit). A signal
// during start-up (run_serve keeps SIGTERM/SIGINT blocked until this object's signal_set exists)
// stays pending and starts this sequence as soon as run() serves: the daemon logs ready, finds no
// session and exits 0.
//
// Reload (SIGHUP): re-reads the configuration file through the Reloader given at
// construction, plans the change (daemon/runtime/config_reload.hpp: live keys applied,
// restart-only keys logged and kept), puts the new configuration in force for new sessions
// and requests, applies the live side effects (connection limits, log level and format) and
// logs "configuration reloaded … generation N"; a file with problems is rejected whole, each
// problem logged, the running generation kept. Runs on shard 0, one at a time;
// sessions keep running throughout. Without a file (no --config) a SIGHUP is logged and
// ignored. /metrics shows the generation and the time it was loaded.
//
// Destruction order matters: members that sessions refer to (config, index, metrics,
// flags, registry) are declared before the shards, so they outlive the coroutine frames
// the shards' io_contexts destroy. ~Server destroys the signal sets (I/O objects of shard 0)
// first, then the shards in order, shard 0 first: a connection accepted for another shard
// but not yet handed over sits in shard 0's queue and must go while its io_context exists.
#pragma once

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "config/config_loader.hpp"
#include "daemon/ops/memory_trimmer.hpp"
#include "daemon/ops/metrics.hpp"
#include "daemon/ops/systemd_notify.hpp"
#include "daemon/runtime/config_store.hpp"
#include "daemon/runtime/listener.hpp"
#include "daemon/runtime/session_context.hpp"
#include "daemon/runtime/session_registry.hpp"
#include "daemon/runtime/shard.hpp"
#include "daemon/search/character_search.hpp"
#include "index/name_index.hpp"

namespace charfinder {

class Server {
 public:
  // How to re-read the configuration on SIGHUP: the file (for log lines) and a function that
  // loads it and applies the command-line overrides again. No file: SIGHUP is ignored.
  struct Reloader {
    std::string file;
    std::function<ConfigResult()> load;
  };

  // `table` (the embedded source table, may be null) and `sources` (config.search.sources,
  // checked by the caller: scope_from_config) make the CharacterSearch every front end uses.
  // config.search.languages must have been checked the same way: the front ends search the
  // default languages of their Config snapshot without checking them again.
  Server(Config config, NameIndex index, const SourceTable* table = nullptr,
         SourceSet sources = kAllSources, Reloader reloader = {});
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // Opens the listeners: the activated sockets when `activated` is set (the configured
  // addresses are then ignored), else every configured address. On failure returns false
  // with `error` set ("cannot listen on 127.0.0.1:2323: Address already in use"); no
  // listener stays open then.
  [[nodiscard]] bool open(const std::optional<ActivatedSockets>& activated, std::string& error);

  // Logs the ready line, notifies systemd, serves until shutdown completes. Returns the
  // exit code (0). Call once, after open() succeeded.
  int run();

  // "ready telnet=127.0.0.1:40001,[::1]:40002 http=127.0.0.1:40003"
  std::string ready_line() const;

 private:
  asio::awaitable<void> await_shutdown();
  asio::awaitable<void> await_second_signal();
  asio::awaitable<void> await_reloads();
  void reload();
  asio::awaitable<void> ping_watchdog(std::chrono::microseconds interval);
  unsigned thread_count() const;
  static std::vector<std::unique_ptr<Shard>> make_shards(unsigned count,
                                                         const Shard::Shared& shared,
                                                         const Config& config);
  asio::io_context& control() { return shards_.front()->io; }

  // --- referenced by sessions: outlive the io_context ---
  ConfigStore configs_;
  const NameIndex index_;
  // Immutable; the default languages live in configs_ (each request's or session's snapshot).
  CharacterSearch search_;
  const Reloader reloader_;
  Metrics metrics_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> ready_{false};
  SessionRegistry registry_;
  MemoryTrimmer trimmer_;  // malloc_trim after memory.trim_after without activity
  // Builds search_.spelling() beside start-up (so the ready line does not wait for it; a
  // request that needs it earlier waits for it). Asked to stop when shutdown begins; it
  // then ends at its next checkpoint (EntrySpelling::build), and is joined before search_ is
  // destroyed, so the join waits for one step of the build at most, not the whole build.
  std::jthread spelling_builder_;
  // --- the shards (io_contexts, caches, listeners), then the I/O objects of shard 0 ---
  std::vector<std::unique_ptr<Shard>> shards_;
  // On the heap so that ~Server can destroy them before the shards (they belong to shard 0's
  // io_context); set from the constructor to ~Server.
  std::unique_ptr<asio::signal_set> signals_;
  std::unique_ptr<asio::signal_set> reload_signals_;
};

}  // namespace charfinder

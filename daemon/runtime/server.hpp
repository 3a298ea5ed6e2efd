// daemon/runtime/server.hpp
//
// Server owns everything a running daemon has: the configuration, the index, the metrics,
// the caches of rendered answers (one per front end, handed to the sessions), the io_context and
// its threads, the listeners, the session registry, the signal set and the shutdown phases of
// DESIGN.md "Lifecycle".
//
// Threading: `server.threads` threads (0: hardware_concurrency) all run ONE shared
// io_context. Each connection runs on its own strand (asio::make_strand), so a session's
// handlers never run concurrently and need no locks, while different sessions spread over
// all cores. One io_context per thread would pin a connection's whole life to the thread
// that accepted it and leave cores idle when a few sessions are busy with large answers;
// the shared queue balances that. The accept loops and the control coroutines (signals,
// watchdog, shutdown) each run on a strand of their own too.
//
// Shutdown (SIGTERM/SIGINT):
//   1. log "shutting down", clear `ready` (/readyz answers 503 from now on), tell systemd
//      STOPPING=1;
//   1b. drain: when server.drain_delay > 0, log "draining for N ms" and keep serving
//      everything, new connections included, for that long, so that load balancers and
//      Kubernetes endpoints, which watch /readyz, take this replica out before it closes;
//   2. set `stopping`, close every acceptor (the ports are free again immediately);
//   3. emit cancellation_type::total to every session, on its strand (the session contract
//      in session_context.hpp: finish the answer in flight, say goodbye, return);
//   4. wait up to server.shutdown_grace for every session to end;
//   5. emit cancellation_type::terminal to what is left (logged with the count), wait up to
//      1 s more for those coroutines to unwind, then stop the io_context;
//   6. run() returns 0 and logs "stopped".
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
// problem logged, the running generation kept. Runs on the control strand, one at a time;
// sessions keep running throughout. Without a file (no --config) a SIGHUP is logged and
// ignored. /metrics shows the generation and the time it was loaded.
//
// Destruction order matters: members that sessions refer to (config, index, metrics,
// flags, registry) are declared before the io_context, so they outlive the coroutine frames
// the io_context destroys; I/O objects are declared after it, so they go first.
#pragma once

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
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

  // `table` (the embedded source table, may be null) and `scope` (from config.search,
  // checked by the caller) make the CharacterSearch every front end uses.
  Server(Config config, NameIndex index, const SourceTable* table = nullptr, SearchScope scope = {},
         Reloader reloader = {});
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

  // --- referenced by sessions: outlive the io_context ---
  ConfigStore configs_;
  const NameIndex index_;
  CharacterSearch search_;  // its default languages change on reload (set_default_languages)
  const Reloader reloader_;
  Metrics metrics_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> ready_{false};
  SessionRegistry registry_;
  ResponseCache http_answers_;    // rendered /api/search answers and pages (memory.*)
  TelnetPageCache telnet_pages_;  // rendered telnet answer pages
  SessionContext ctx_;
  MemoryTrimmer trimmer_;  // malloc_trim after memory.trim_after without activity
  // Builds search_.spelling() beside start-up (so the ready line does not wait for it; a
  // request that needs it earlier waits for it). Joined before search_ is destroyed.
  std::jthread spelling_builder_;
  // --- the io_context, then the I/O objects that use it ---
  asio::io_context io_;
  asio::strand<asio::io_context::executor_type> control_;
  asio::signal_set signals_;
  asio::signal_set reload_signals_;
  std::vector<std::unique_ptr<Listener>> listeners_;
};

}  // namespace charfinder

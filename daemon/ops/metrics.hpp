// daemon/ops/metrics.hpp
//
// Process-wide counters and latency histograms, rendered in the Prometheus text format for
// GET /metrics. Updates are lock-free and cheap (relaxed atomics, sharded per thread so no
// cache line is shared by every thread on the hot path; a serving shard's thread binds its own
// slot with bind_thread()); any thread may call any method but set_shards().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/cache/lru_cache.hpp"
#include "daemon/ops/shard_counters.hpp"
#include "daemon/runtime/protocol.hpp"
#include "index/name_index.hpp"

namespace charfinder {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void connection_opened(Protocol protocol);   // accepted and handed to a session
  void connection_closed(Protocol protocol);   // the session ended
  void connection_refused(Protocol protocol);  // over a connection limit: busy line / 503
  // One answered query (telnet line, /api/search, GET / with q=), from parse to last byte
  // handed to the socket.
  void query_answered(Protocol protocol, std::chrono::nanoseconds latency);
  // One HTTP response with this status code.
  void http_response(int status, std::chrono::nanoseconds latency);

  // The calling thread updates counter slot `shard` from now on (a serving shard's thread:
  // with up to 16 shards no two share a slot; the counters are summed when rendered).
  static void bind_thread(std::size_t shard);
  // The number of serving shards, for charfinder_shard_*{shard="i"}. Call before serving.
  void set_shards(std::size_t shards) { per_shard_.resize(shards); }
  void shard_connection_opened(std::size_t shard) { per_shard_.opened(shard); }
  void shard_connection_closed(std::size_t shard) { per_shard_.closed(shard); }

  // A number that grows with every connection, query and HTTP response (for the memory
  // trimmer to see whether the daemon is busy). Sums the shards: call it rarely.
  std::uint64_t activity() const;

  // Adds a cache's counts to the exposition (charfinder_cache_*{cache="name"}: hits, misses,
  // bytes, cap, entries, hit ratio). Call before other threads use the Metrics; `counters` must
  // stay callable for the Metrics' life (the Server owns both).
  void watch_cache(std::string_view name, std::function<CacheCounters()> counters);
  // The configuration in force: its generation (1 at start-up, +1 per successful SIGHUP
  // reload) and when it was loaded. A rejected reload counts in reload_failed().
  void config_loaded(std::uint64_t generation, std::chrono::system_clock::time_point when);
  void config_reload_failed();

  // The Prometheus text exposition (version 0.0.4) of every metric, plus index facts and
  // build info (version, ICU and Unicode versions).
  std::string render_prometheus(const IndexFacts& facts) const;

 private:
  struct Shards;
  Shards* shards_;  // owned
  ShardCounters per_shard_;
  std::vector<std::pair<std::string, std::function<CacheCounters()>>> caches_;
  std::atomic<std::uint64_t> config_generation_{0};
  std::atomic<std::int64_t> config_loaded_ms_{0};  // Unix time in milliseconds
  std::atomic<std::uint64_t> config_reload_failures_{0};
};

}  // namespace charfinder

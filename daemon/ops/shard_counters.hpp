// daemon/ops/shard_counters.hpp
//
// Connections per serving shard (server.threads), for /metrics:
//   charfinder_shard_connections_total{shard="0"}  admitted connections the shard served
//   charfinder_shard_active_connections{shard="0"} of those, the ones still open
// They show that the kernel (SO_REUSEPORT) or the hand-off (socket activation) spreads the
// connections over the shards. One cache-line-aligned slot per shard, relaxed atomics: a
// slot is written by its shard's thread (or by the one accepting thread when sockets are
// handed out), read by whoever renders /metrics.
//
// Thread safety: resize() before any thread uses it; the rest from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace charfinder {

class ShardCounters {
 public:
  void resize(std::size_t shards) {
    slots_ = std::make_unique<Slot[]>(shards);
    count_ = shards;
  }
  void opened(std::size_t shard) {
    if (shard < count_) slots_[shard].opened.fetch_add(1, std::memory_order_relaxed);
  }
  void closed(std::size_t shard) {
    if (shard < count_) slots_[shard].closed.fetch_add(1, std::memory_order_relaxed);
  }
  // Appends both metrics in the Prometheus text format (nothing before resize()).
  void render(std::string& out) const {
    if (count_ == 0) return;
    out +=
        "# HELP charfinder_shard_connections_total Admitted connections served by each shard "
        "(server.threads).\n# TYPE charfinder_shard_connections_total counter\n";
    for (std::size_t i = 0; i < count_; ++i)
      line(out, "charfinder_shard_connections_total", i,
           slots_[i].opened.load(std::memory_order_relaxed));
    out +=
        "# HELP charfinder_shard_active_connections Admitted connections open on each shard.\n"
        "# TYPE charfinder_shard_active_connections gauge\n";
    for (std::size_t i = 0; i < count_; ++i) {
      const std::uint64_t opened = slots_[i].opened.load(std::memory_order_relaxed);
      const std::uint64_t closed = slots_[i].closed.load(std::memory_order_relaxed);
      line(out, "charfinder_shard_active_connections", i, opened > closed ? opened - closed : 0);
    }
  }

 private:
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> opened{0};
    std::atomic<std::uint64_t> closed{0};
  };
  static void line(std::string& out, const char* name, std::size_t shard, std::uint64_t value) {
    out += name;
    out += "{shard=\"" + std::to_string(shard) + "\"} " + std::to_string(value) + '\n';
  }
  std::unique_ptr<Slot[]> slots_;
  std::size_t count_ = 0;
};

}  // namespace charfinder

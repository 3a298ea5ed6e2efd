// daemon/cache/lru_cache.hpp
//
// LruCache<Answer>: a bounded, sharded LRU cache of rendered answers keyed by a canonical
// request. The index is immutable, so a cached answer is byte-for-byte the one a fresh
// rendering would give, and a popular query costs a hash lookup instead of a search plus
// one ICU name lookup per row. One cache must therefore serve one index only.
//
// The Server owns one cache per front end (http/response_cache.hpp, telnet/
// telnet_page_cache.hpp) and hands it to the sessions; nothing here is global.
// Thread-safe: the key space is split over kShards shards, each behind its own mutex (held
// only for the lookup or insertion, never while rendering). Memory is bounded by
// `max_bytes` (keys + Answer::bytes() + a per-entry overhead estimate). Hits and misses are
// counted (relaxed atomics) for /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace charfinder {

// Lookups of one cache so far.
struct CacheCounters {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
};

// Answer: any type with `std::size_t bytes() const` (the bytes it holds).
template <typename Answer>
class LruCache {
 public:
  explicit LruCache(std::size_t max_bytes) : shard_capacity_(max_bytes / kShards) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // The answer cached under `key` (now the most recently used), or nullptr.
  std::shared_ptr<const Answer> find(std::string_view key) {
    Shard& shard = shard_for(key);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.by_key.find(key);
    if (found == shard.by_key.end()) {
      misses_.fetch_add(1, std::memory_order_relaxed);
      return nullptr;
    }
    hits_.fetch_add(1, std::memory_order_relaxed);
    shard.lru.splice(shard.lru.begin(), shard.lru, found->second);  // iterators stay valid
    return found->second->answer;
  }

  // Caches `answer` under `key`, evicting the least recently used entries of its shard as
  // needed. Answers larger than a quarter of a shard are not cached.
  void insert(std::string_view key, std::shared_ptr<const Answer> answer) {
    const std::size_t bytes = key.size() + answer->bytes() + kEntryOverhead;
    if (bytes > shard_capacity_ / 4) return;
    Shard& shard = shard_for(key);
    std::lock_guard lock(shard.mutex);
    if (shard.by_key.count(key) != 0) return;  // another thread rendered it too
    shard.lru.push_front(Entry{std::string(key), std::move(answer), bytes});
    shard.by_key.emplace(shard.lru.front().key, shard.lru.begin());
    shard.bytes += bytes;
    while (shard.bytes > shard_capacity_) {
      const Entry& last = shard.lru.back();
      shard.bytes -= last.bytes;
      shard.by_key.erase(last.key);
      shard.lru.pop_back();
    }
  }

  std::size_t bytes() const {  // current total, for tests and /metrics
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      total += shard.bytes;
    }
    return total;
  }

  CacheCounters counters() const {
    return {hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed)};
  }

 private:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kEntryOverhead = 128;  // list + map nodes, control block
  struct Entry {
    std::string key;
    std::shared_ptr<const Answer> answer;
    std::size_t bytes;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> lru;  // front: most recently used
    std::unordered_map<std::string_view, typename std::list<Entry>::iterator>
        by_key;  // views into lru
    std::size_t bytes = 0;
  };

  Shard& shard_for(std::string_view key) {
    return shards_[std::hash<std::string_view>{}(key) % kShards];
  }

  std::size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

}  // namespace charfinder

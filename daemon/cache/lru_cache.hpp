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
// `max_bytes`, counted as the heap the entries really take: the malloc chunks of the key
// and of Answer::heap_bytes(), the list and hash nodes, the shared_ptr control block, and
// each shard's bucket array (heap_bytes.hpp). Hits and misses are counted (relaxed atomics)
// for /metrics, with the bytes and entries held.
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

#include "daemon/cache/heap_bytes.hpp"

namespace charfinder {

// Lookups of one cache so far, and what it holds now.
struct CacheCounters {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t bytes = 0;  // heap bytes held (entries and bucket arrays)
  std::uint64_t entries = 0;
  std::uint64_t max_bytes = 0;  // the configured cap
};

// Answer: any type with `std::size_t heap_bytes() const` (the heap its members hold, as
// heap_bytes.hpp counts it; not sizeof(Answer), which the cache adds).
template <typename Answer>
class LruCache {
 public:
  explicit LruCache(std::size_t max_bytes)
      : max_bytes_(max_bytes), shard_capacity_(max_bytes / kShards) {}
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
  // needed. Answers larger than a quarter of a shard are not cached. The answer should be
  // tight (shrink_to_fit): its slack would be held for as long as it is cached.
  void insert(std::string_view key, std::shared_ptr<const Answer> answer) {
    const std::size_t bytes = entry_bytes(key, *answer);
    if (bytes > shard_capacity_ / 4) return;
    Shard& shard = shard_for(key);
    std::lock_guard lock(shard.mutex);
    if (shard.by_key.count(key) != 0) return;  // another thread rendered it too
    shard.lru.push_front(Entry{std::string(key), std::move(answer), bytes});
    shard.by_key.emplace(shard.lru.front().key, shard.lru.begin());
    shard.bytes += bytes;
    while (shard.bytes + buckets_bytes(shard) > shard_capacity_ && !shard.lru.empty()) {
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
      total += shard.bytes + buckets_bytes(shard);
    }
    return total;
  }

  CacheCounters counters() const {
    CacheCounters c{hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed),
                    0, 0, max_bytes_};
    for (const Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      c.bytes += shard.bytes + buckets_bytes(shard);
      c.entries += shard.lru.size();
    }
    return c;
  }

 private:
  static constexpr std::size_t kShards = 16;
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

  // What one entry takes from the heap: its list node (the Entry, with the key's chunk),
  // its hash node, and the shared_ptr's block holding the Answer and its members' chunks.
  static std::size_t entry_bytes(std::string_view key, const Answer& answer) {
    constexpr std::size_t kListNode = sizeof(Entry) + 2 * sizeof(void*);
    constexpr std::size_t kHashNode =
        sizeof(std::string_view) + sizeof(void*) * 2 + sizeof(std::size_t);
    constexpr std::size_t kControlBlock = 2 * sizeof(long) + sizeof(void*);  // make_shared
    return malloc_chunk_bytes(kListNode) + heap_bytes_of_length(key.size()) +
           malloc_chunk_bytes(kHashNode) + malloc_chunk_bytes(kControlBlock + sizeof(Answer)) +
           answer.heap_bytes();
  }
  static std::size_t buckets_bytes(const Shard& shard) {  // one bucket lives in the map
    const std::size_t buckets = shard.by_key.bucket_count();
    return buckets > 1 ? malloc_chunk_bytes(buckets * sizeof(void*)) : 0;
  }

  std::size_t max_bytes_;
  std::size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

}  // namespace charfinder

// daemon/http/response_cache.hpp
//
// A bounded LRU cache of rendered answers, keyed by the canonical request. Search answers
// depend only on (version, ICU data, canonical request), so a cached body is byte-for-byte
// the one a fresh search would render; popular queries then cost a hash lookup and a copy
// instead of a search plus one ICU name lookup per row.
// Thread-safe: the key space is split over kShards shards, each behind its own mutex (held
// only for the lookup or insertion, never while rendering). Memory is bounded by
// `max_bytes` (keys + bodies + a per-entry overhead estimate).
#pragma once

#include <array>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace charfinder {

struct CachedAnswer {
  std::string body;
  std::string link;       // the Link header value, or "" when there is no next page
  std::size_t total = 0;  // the query's match count, for callers' log lines (telnet)
};

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_bytes);
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  // The answer cached under `key` (now the most recently used), or nullptr.
  std::shared_ptr<const CachedAnswer> find(std::string_view key);
  // Caches `answer` under `key`, evicting the least recently used entries of its shard as
  // needed. Answers larger than a quarter of a shard are not cached.
  void insert(std::string_view key, std::shared_ptr<const CachedAnswer> answer);

  std::size_t bytes() const;  // current total, for tests

 private:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kEntryOverhead = 128;  // list + map nodes, control block
  struct Entry {
    std::string key;
    std::shared_ptr<const CachedAnswer> answer;
    std::size_t bytes;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> lru;  // front: most recently used
    std::unordered_map<std::string_view, std::list<Entry>::iterator> by_key;  // views into lru
    std::size_t bytes = 0;
  };
  Shard& shard_for(std::string_view key);

  std::size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
};

}  // namespace charfinder

#include "daemon/http/response_cache.hpp"

#include <functional>

namespace charfinder {

ResponseCache::ResponseCache(std::size_t max_bytes) : shard_capacity_(max_bytes / kShards) {}

ResponseCache::Shard& ResponseCache::shard_for(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

std::shared_ptr<const CachedAnswer> ResponseCache::find(std::string_view key) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.by_key.find(key);
  if (found == shard.by_key.end()) return nullptr;
  shard.lru.splice(shard.lru.begin(), shard.lru, found->second);  // iterators stay valid
  return found->second->answer;
}

void ResponseCache::insert(std::string_view key, std::shared_ptr<const CachedAnswer> answer) {
  const std::size_t bytes = key.size() + answer->body.size() + answer->link.size() + kEntryOverhead;
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

std::size_t ResponseCache::bytes() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.bytes;
  }
  return total;
}

}  // namespace charfinder

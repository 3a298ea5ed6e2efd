#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "daemon/http/response_cache.hpp"

using namespace charfinder;

namespace {
std::shared_ptr<const CachedAnswer> answer(std::string body, std::string link = "") {
  return std::make_shared<const CachedAnswer>(CachedAnswer{std::move(body), std::move(link), {}});
}
}  // namespace

TEST_CASE("the response cache returns what was inserted", "[http][cache]") {
  ResponseCache cache(1 << 20);
  CHECK(cache.find("search\ncat\n0\n100") == nullptr);
  cache.insert("search\ncat\n0\n100", answer("{\"cat\"}", "<next>"));
  const auto hit = cache.find("search\ncat\n0\n100");
  REQUIRE(hit != nullptr);
  CHECK(hit->body == "{\"cat\"}");
  CHECK(hit->link == "<next>");
  CHECK(cache.find("search\ncat\n0\n10") == nullptr);
  cache.insert("search\ncat\n0\n100", answer("other"));  // first one stays
  CHECK(cache.find("search\ncat\n0\n100")->body == "{\"cat\"}");
}

TEST_CASE("the response cache stays within its byte budget, evicting the oldest", "[http][cache]") {
  const std::size_t budget = std::size_t{16} * 64 * 1024;  // 64 KiB per shard
  ResponseCache cache(budget);
  for (int i = 0; i < 2000; ++i)
    cache.insert("key" + std::to_string(i), answer(std::string(1000, 'x')));
  CHECK(cache.bytes() <= budget);
  CHECK(cache.bytes() > budget / 2);
  CHECK(cache.find("key0") == nullptr);     // evicted long ago
  CHECK(cache.find("key1999") != nullptr);  // the newest is there
  // A recently used entry survives insertions that evict its neighbours.
  cache.insert("keep", answer(std::string(1000, 'k')));
  for (int i = 0; i < 2000; ++i) {
    CHECK(cache.find("keep") != nullptr);
    cache.insert("more" + std::to_string(i), answer(std::string(1000, 'y')));
  }
  CHECK(cache.find("keep") != nullptr);
  // Too big for a shard: not cached at all.
  cache.insert("huge", answer(std::string(budget / 16, 'h')));
  CHECK(cache.find("huge") == nullptr);
}

TEST_CASE("the response cache may be used from many threads", "[http][cache]") {
  ResponseCache cache(1 << 20);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 5000; ++i) {
        const std::string key = "k" + std::to_string((i * 7 + t) % 300);
        if (auto hit = cache.find(key)) {
          if (hit->body != key) throw std::runtime_error("wrong body for " + key);
        } else {
          cache.insert(key, answer(key));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(cache.find("k1")->body == "k1");
}

TEST_CASE("the response cache counts the heap its entries really take", "[http][cache]") {
  ResponseCache cache(1 << 20);
  cache.insert("k", answer(std::string(1000, 'x')));
  const CacheCounters c = cache.counters();
  CHECK(c.entries == 1);
  CHECK(c.max_bytes == 1 << 20);
  // The body's chunk (1,001 bytes rounded up, plus malloc's header), the list and hash
  // nodes, the control block with the answer, the bucket array: well over the payload.
  CHECK(c.bytes >= 1000 + 3 * 32 + sizeof(CachedAnswer));
  CHECK(c.bytes < 1000 + 512);
  CHECK(c.bytes == cache.bytes());
  ResponseCache none(0);  // memory.http_cache_bytes: 0 turns the cache off
  none.insert("k", answer("x"));
  CHECK(none.find("k") == nullptr);
  CHECK(none.counters().entries == 0);
}

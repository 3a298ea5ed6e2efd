#include "daemon/ops/metrics.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

using namespace charfinder;

namespace {

// Sample lines "name{labels} value" -> value; also checks that each sample's metric family
// was announced by HELP and TYPE lines first.
std::map<std::string, double> samples_of(const std::string& text) {
  std::map<std::string, double> samples;
  std::map<std::string, std::string> types;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    REQUIRE_FALSE(line.empty());
    if (line.starts_with("# HELP ")) continue;
    if (line.starts_with("# TYPE ")) {
      const auto rest = line.substr(7);
      const auto space = rest.find(' ');
      types[rest.substr(0, space)] = rest.substr(space + 1);
      continue;
    }
    const auto space = line.rfind(' ');
    REQUIRE(space != std::string::npos);
    const std::string series = line.substr(0, space);
    std::string family = series.substr(0, series.find('{'));
    for (const char* suffix : {"_bucket", "_sum", "_count"})
      if (family.ends_with(suffix) && !types.count(family))
        family = family.substr(0, family.size() - std::strlen(suffix));
    CAPTURE(line);
    CHECK(types.count(family) == 1);
    samples[series] = std::stod(line.substr(space + 1));
  }
  return samples;
}

}  // namespace

TEST_CASE("metrics count and render in the Prometheus text format", "[metrics]") {
  Metrics metrics;
  metrics.connection_opened(Protocol::kHttp);
  metrics.connection_opened(Protocol::kHttp);
  metrics.connection_closed(Protocol::kHttp);
  metrics.connection_opened(Protocol::kTelnet);
  metrics.connection_refused(Protocol::kTelnet);
  metrics.query_answered(Protocol::kHttp, std::chrono::microseconds(50));
  metrics.query_answered(Protocol::kHttp, std::chrono::milliseconds(3));
  metrics.query_answered(Protocol::kHttp, std::chrono::seconds(60));
  metrics.http_response(200, std::chrono::microseconds(80));
  metrics.http_response(200, std::chrono::microseconds(80));
  metrics.http_response(404, std::chrono::microseconds(300));
  metrics.http_response(999, std::chrono::microseconds(1));

  IndexFacts facts;
  facts.words = 12;
  facts.postings = 34;
  facts.memory_bytes = 5678;
  const std::string text = metrics.render_prometheus(facts);
  const auto samples = samples_of(text);

  CHECK(samples.at("charfinder_connections_total{protocol=\"http\"}") == 2);
  CHECK(samples.at("charfinder_connections_total{protocol=\"telnet\"}") == 1);
  CHECK(samples.at("charfinder_connections_refused_total{protocol=\"telnet\"}") == 1);
  CHECK(samples.at("charfinder_connections_refused_total{protocol=\"http\"}") == 0);
  CHECK(samples.at("charfinder_active_sessions{protocol=\"http\"}") == 1);
  CHECK(samples.at("charfinder_active_sessions{protocol=\"telnet\"}") == 1);
  CHECK(samples.at("charfinder_queries_total{protocol=\"http\"}") == 3);
  CHECK(samples.at("charfinder_queries_total{protocol=\"telnet\"}") == 0);

  // Buckets are cumulative; +Inf equals _count.
  CHECK(samples.at("charfinder_query_duration_seconds_bucket{protocol=\"http\",le=\"0.0001\"}") ==
        1);
  CHECK(samples.at("charfinder_query_duration_seconds_bucket{protocol=\"http\",le=\"0.005\"}") ==
        2);
  CHECK(samples.at("charfinder_query_duration_seconds_bucket{protocol=\"http\",le=\"10\"}") == 2);
  CHECK(samples.at("charfinder_query_duration_seconds_bucket{protocol=\"http\",le=\"+Inf\"}") == 3);
  CHECK(samples.at("charfinder_query_duration_seconds_count{protocol=\"http\"}") == 3);
  CHECK(samples.at("charfinder_query_duration_seconds_sum{protocol=\"http\"}") == Approx(60.00305));

  CHECK(samples.at("charfinder_http_responses_total{code=\"200\"}") == 2);
  CHECK(samples.at("charfinder_http_responses_total{code=\"404\"}") == 1);
  CHECK(samples.at("charfinder_http_responses_total{code=\"other\"}") == 1);
  CHECK(samples.count("charfinder_http_responses_total{code=\"500\"}") == 0);
  CHECK(samples.at("charfinder_http_request_duration_seconds_count") == 4);
  CHECK(samples.at("charfinder_http_request_duration_seconds_bucket{le=\"0.0001\"}") == 3);
  CHECK(samples.at("charfinder_http_request_duration_seconds_bucket{le=\"+Inf\"}") == 4);

  CHECK(samples.at("charfinder_index_words") == 12);
  CHECK(samples.at("charfinder_index_postings") == 34);
  CHECK(samples.at("charfinder_index_memory_bytes") == 5678);
  CHECK(text.find("# TYPE charfinder_query_duration_seconds histogram\n") != std::string::npos);
  CHECK(text.find("# TYPE charfinder_active_sessions gauge\n") != std::string::npos);
  CHECK(text.find("charfinder_build_info{version=\"" CHARFINDER_VERSION "\",icu=\"") !=
        std::string::npos);
  CHECK(text.ends_with("\"} 1\n"));
}

TEST_CASE("metrics updates from many threads are all counted", "[metrics]") {
  Metrics metrics;
  constexpr int kThreads = 8;
  constexpr int kEach = 20000;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        metrics.http_response(200, std::chrono::microseconds(i % 1000));
        metrics.query_answered(Protocol::kTelnet, std::chrono::microseconds(5));
        metrics.connection_opened(Protocol::kTelnet);
        metrics.connection_closed(Protocol::kTelnet);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto samples = samples_of(metrics.render_prometheus({}));
  CHECK(samples.at("charfinder_http_responses_total{code=\"200\"}") == kThreads * kEach);
  CHECK(samples.at("charfinder_queries_total{protocol=\"telnet\"}") == kThreads * kEach);
  CHECK(samples.at("charfinder_connections_total{protocol=\"telnet\"}") == kThreads * kEach);
  CHECK(samples.at("charfinder_active_sessions{protocol=\"telnet\"}") == 0);
}

TEST_CASE("cache hits and misses of every watched cache are exposed", "[metrics]") {
  struct Page {
    std::string body;
    std::size_t heap_bytes() const { return body.size(); }
  };
  LruCache<Page> cache(1 << 20);
  Metrics metrics;
  metrics.watch_cache("telnet", [&cache] { return cache.counters(); });
  CHECK(cache.find("a") == nullptr);
  cache.insert("a", std::make_shared<const Page>(Page{"rows"}));
  CHECK(cache.find("a") != nullptr);
  CHECK(cache.find("a") != nullptr);
  const std::string text = metrics.render_prometheus(IndexFacts{});
  CHECK(text.find("# TYPE charfinder_cache_hits_total counter\n") != std::string::npos);
  CHECK(text.find("charfinder_cache_hits_total{cache=\"telnet\"} 2\n") != std::string::npos);
  CHECK(text.find("charfinder_cache_misses_total{cache=\"telnet\"} 1\n") != std::string::npos);
  CHECK(text.find("charfinder_cache_entries{cache=\"telnet\"} 1\n") != std::string::npos);
  CHECK(text.find("charfinder_cache_max_bytes{cache=\"telnet\"} 1048576\n") != std::string::npos);
  CHECK(text.find("charfinder_cache_hit_ratio{cache=\"telnet\"} 0.6667\n") != std::string::npos);
  CHECK(text.find("charfinder_cache_bytes{cache=\"telnet\"} ") != std::string::npos);
  CHECK(text.find("\nprocess_resident_memory_bytes ") != std::string::npos);
}

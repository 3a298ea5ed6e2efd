// daemon/ops/metrics.cpp
//
// Counters live in kShards cache-line-aligned shards; a thread picks its shard once (a
// thread-local id modulo kShards) and updates it with relaxed atomic adds, so threads rarely
// share a cache line on the hot path. Rendering sums the shards; a scrape may see a request
// counted in one metric and not yet in another, which Prometheus tolerates.
// Active sessions are opened minus closed, summed over all shards (a session may open on one
// thread and close on another).
#include "daemon/ops/metrics.hpp"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <charconv>
#include <cstdio>

#include "daemon/ops/memory_trimmer.hpp"
#include "index/icu_names.hpp"

namespace charfinder {
namespace {

constexpr std::size_t kShardCount = 16;
constexpr std::size_t kProtocols = 2;
constexpr std::size_t kStatusBase = 100;  // statuses 100..599 are counted individually
constexpr std::size_t kStatusSlots = 500;
// Histogram bucket upper bounds in seconds (Prometheus `le`), +Inf implied after the last.
constexpr std::array<double, 16> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                            0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                            1,      2.5,     5,      10};
// The same bounds as written in `le` labels (to_chars would write 1e-04).
constexpr std::array<const char*, kBounds.size()> kBoundLabels = {
    "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025",
    "0.05",   "0.1",     "0.25",   "0.5",   "1",      "2.5",   "5",    "10"};
constexpr std::size_t kBuckets = kBounds.size() + 1;  // last: above every bound

using Counter = std::atomic<std::uint64_t>;

struct Histogram {
  std::array<Counter, kBuckets> buckets{};  // not cumulative; render() accumulates
  Counter sum_ns{0};

  void observe(std::chrono::nanoseconds latency) {
    const auto ns = static_cast<std::uint64_t>(latency.count() < 0 ? 0 : latency.count());
    const double seconds = static_cast<double>(ns) * 1e-9;
    std::size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i]) ++i;
    buckets[i].fetch_add(1, std::memory_order_relaxed);
    sum_ns.fetch_add(ns, std::memory_order_relaxed);
  }
};

struct alignas(64) Shard {
  std::array<Counter, kProtocols> opened{};
  std::array<Counter, kProtocols> closed{};
  std::array<Counter, kProtocols> refused{};
  std::array<Histogram, kProtocols> queries{};
  std::array<Counter, kStatusSlots + 1> statuses{};  // last slot: anything out of range
  Histogram http{};
};

constexpr std::size_t kUnbound = ~std::size_t{0};
thread_local std::size_t bound_shard = kUnbound;  // Metrics::bind_thread, else the next free

std::size_t this_thread_shard() {
  static std::atomic<std::size_t> next{0};
  if (bound_shard == kUnbound)
    bound_shard = next.fetch_add(1, std::memory_order_relaxed) % kShardCount;
  return bound_shard;
}

std::size_t index_of(Protocol protocol) { return static_cast<std::size_t>(protocol); }

constexpr const char* kProtocolNames[kProtocols] = {"telnet", "http"};

void append_number(std::string& out, std::uint64_t value) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

void append_double(std::string& out, double value) {
  char buffer[32];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

// A label value, escaped per the exposition format (backslash, quote, newline).
void append_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

struct HistogramTotals {
  std::array<std::uint64_t, kBuckets> buckets{};
  std::uint64_t sum_ns = 0;
};

// One histogram's series; `labels` is "" or `protocol="http",` (with the trailing comma).
void render_histogram(std::string& out, std::string_view name, std::string_view labels,
                      const HistogramTotals& totals) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    cumulative += totals.buckets[i];
    out += name;
    out += "_bucket{";
    out += labels;
    out += "le=\"";
    out += i < kBounds.size() ? kBoundLabels[i] : "+Inf";
    out += "\"} ";
    append_number(out, cumulative);
    out += '\n';
  }
  const std::string_view bare_labels =
      labels.empty() ? std::string_view() : labels.substr(0, labels.size() - 1);
  const auto sample = [&](std::string_view suffix, auto append_value) {
    out += name;
    out += suffix;
    if (!bare_labels.empty()) {
      out += '{';
      out += bare_labels;
      out += '}';
    }
    out += ' ';
    append_value();
    out += '\n';
  };
  sample("_sum", [&] { append_double(out, static_cast<double>(totals.sum_ns) * 1e-9); });
  sample("_count", [&] { append_number(out, cumulative); });
}

HistogramTotals sum_histograms(const std::array<Shard, kShardCount>& shards,
                               const Histogram Shard::*member, std::size_t protocol = 0,
                               bool per_protocol = false) {
  HistogramTotals totals;
  for (const Shard& shard : shards) {
    const Histogram& h = per_protocol ? shard.queries[protocol] : shard.*member;
    for (std::size_t i = 0; i < kBuckets; ++i)
      totals.buckets[i] += h.buckets[i].load(std::memory_order_relaxed);
    totals.sum_ns += h.sum_ns.load(std::memory_order_relaxed);
  }
  return totals;
}

}  // namespace

struct Metrics::Shards {
  std::array<Shard, kShardCount> shards;
  Shard& mine() { return shards[this_thread_shard()]; }
};

Metrics::Metrics() : shards_(new Shards) {}
void Metrics::bind_thread(std::size_t shard) { bound_shard = shard % kShardCount; }
Metrics::~Metrics() { delete shards_; }

void Metrics::config_loaded(std::uint64_t generation, std::chrono::system_clock::time_point when) {
  config_loaded_ms_.store(
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count(),
      std::memory_order_relaxed);
  config_generation_.store(generation, std::memory_order_release);
}

void Metrics::config_reload_failed() {
  config_reload_failures_.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::connection_opened(Protocol protocol) {
  shards_->mine().opened[index_of(protocol)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::connection_closed(Protocol protocol) {
  shards_->mine().closed[index_of(protocol)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::connection_refused(Protocol protocol) {
  shards_->mine().refused[index_of(protocol)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::query_answered(Protocol protocol, std::chrono::nanoseconds latency) {
  shards_->mine().queries[index_of(protocol)].observe(latency);
}

void Metrics::http_response(int status, std::chrono::nanoseconds latency) {
  Shard& shard = shards_->mine();
  const std::size_t slot = status >= static_cast<int>(kStatusBase) &&
                                   status < static_cast<int>(kStatusBase + kStatusSlots)
                               ? static_cast<std::size_t>(status) - kStatusBase
                               : kStatusSlots;
  shard.statuses[slot].fetch_add(1, std::memory_order_relaxed);
  shard.http.observe(latency);
}

std::uint64_t Metrics::activity() const {
  std::uint64_t total = 0;
  for (const Shard& shard : shards_->shards) {
    for (std::size_t p = 0; p < kProtocols; ++p) {
      total += shard.opened[p].load(std::memory_order_relaxed) +
               shard.closed[p].load(std::memory_order_relaxed) +
               shard.refused[p].load(std::memory_order_relaxed);
      for (const Counter& bucket : shard.queries[p].buckets)
        total += bucket.load(std::memory_order_relaxed);
    }
    for (const Counter& bucket : shard.http.buckets)
      total += bucket.load(std::memory_order_relaxed);
  }
  return total;
}

void Metrics::watch_cache(std::string_view name, std::function<CacheCounters()> counters) {
  caches_.emplace_back(std::string(name), std::move(counters));
}

std::string Metrics::render_prometheus(const IndexFacts& facts) const {
  const auto& shards = shards_->shards;
  const auto sum = [&](auto Shard::*member, std::size_t i) {
    std::uint64_t total = 0;
    for (const Shard& shard : shards) total += (shard.*member)[i].load(std::memory_order_relaxed);
    return total;
  };
  std::string out;
  out.reserve(8192);

  const auto per_protocol = [&](std::string_view name, std::string_view type, std::string_view help,
                                auto value_of) {
    header(out, name, type, help);
    for (std::size_t p = 0; p < kProtocols; ++p) {
      out += name;
      out += "{protocol=\"";
      out += kProtocolNames[p];
      out += "\"} ";
      append_number(out, value_of(p));
      out += '\n';
    }
  };
  per_protocol("charfinder_connections_total", "counter",
               "Connections accepted and handed to a session.",
               [&](std::size_t p) { return sum(&Shard::opened, p); });
  per_protocol("charfinder_connections_refused_total", "counter",
               "Connections refused over a connection limit (busy line or 503).",
               [&](std::size_t p) { return sum(&Shard::refused, p); });
  per_protocol("charfinder_active_sessions", "gauge", "Sessions currently open.",
               [&](std::size_t p) {
                 const std::uint64_t opened = sum(&Shard::opened, p);
                 const std::uint64_t closed = sum(&Shard::closed, p);
                 return opened > closed ? opened - closed : 0;
               });
  std::array<HistogramTotals, kProtocols> query_totals;
  for (std::size_t p = 0; p < kProtocols; ++p)
    query_totals[p] = sum_histograms(shards, nullptr, p, true);
  per_protocol("charfinder_queries_total", "counter", "Queries answered.", [&](std::size_t p) {
    std::uint64_t total = 0;
    for (std::uint64_t b : query_totals[p].buckets) total += b;
    return total;
  });

  header(out, "charfinder_query_duration_seconds", "histogram",
         "Time from parsing a query to handing its last byte to the socket.");
  for (std::size_t p = 0; p < kProtocols; ++p) {
    std::string labels = "protocol=\"";
    labels += kProtocolNames[p];
    labels += "\",";
    render_histogram(out, "charfinder_query_duration_seconds", labels, query_totals[p]);
  }

  header(out, "charfinder_http_responses_total", "counter", "HTTP responses by status code.");
  for (std::size_t slot = 0; slot <= kStatusSlots; ++slot) {
    const std::uint64_t count = sum(&Shard::statuses, slot);
    if (count == 0) continue;
    out += "charfinder_http_responses_total{code=\"";
    if (slot < kStatusSlots)
      append_number(out, kStatusBase + slot);
    else
      out += "other";
    out += "\"} ";
    append_number(out, count);
    out += '\n';
  }

  header(out, "charfinder_http_request_duration_seconds", "histogram",
         "Time from a complete HTTP request head to its last response byte written.");
  render_histogram(out, "charfinder_http_request_duration_seconds", "",
                   sum_histograms(shards, &Shard::http));

  const auto gauge = [&](std::string_view name, std::string_view help, std::uint64_t value) {
    header(out, name, "gauge", help);
    out += name;
    out += ' ';
    append_number(out, value);
    out += '\n';
  };
  if (!caches_.empty()) {
    std::vector<CacheCounters> counts;
    counts.reserve(caches_.size());
    for (const auto& cache : caches_) counts.push_back(cache.second());
    // One line per cache; `value_of` gives the sample's text.
    const auto per_cache = [&](std::string_view name, std::string_view type, std::string_view help,
                               auto value_of) {
      header(out, name, type, help);
      for (std::size_t i = 0; i < caches_.size(); ++i) {
        out += name;
        out += "{cache=\"";
        out += caches_[i].first;
        out += "\"} ";
        out += value_of(counts[i]);
        out += '\n';
      }
    };
    const auto number = [](std::uint64_t value) {
      std::string text;
      append_number(text, value);
      return text;
    };
    per_cache("charfinder_cache_hits_total", "counter",
              "Lookups answered from a rendered-answer cache.",
              [&](const CacheCounters& c) { return number(c.hits); });
    per_cache("charfinder_cache_misses_total", "counter", "Lookups that had to render the answer.",
              [&](const CacheCounters& c) { return number(c.misses); });
    per_cache("charfinder_cache_bytes", "gauge",
              "Heap bytes a rendered-answer cache holds (entries, nodes, buckets).",
              [&](const CacheCounters& c) { return number(c.bytes); });
    per_cache("charfinder_cache_max_bytes", "gauge", "The configured cap of a cache (memory.*).",
              [&](const CacheCounters& c) { return number(c.max_bytes); });
    per_cache("charfinder_cache_entries", "gauge", "Answers a cache holds.",
              [&](const CacheCounters& c) { return number(c.entries); });
    per_cache("charfinder_cache_hit_ratio", "gauge", "Hits / lookups since start (0 before any).",
              [](const CacheCounters& c) {
                const std::uint64_t lookups = c.hits + c.misses;
                const double ratio =
                    lookups == 0 ? 0.0 : static_cast<double>(c.hits) / static_cast<double>(lookups);
                char buffer[32];
                (void)std::snprintf(buffer, sizeof buffer, "%.4f", ratio);  // 0.0000 to 1.0000
                return std::string(buffer);
              });
  }
  per_shard_.render(out);
  gauge("process_resident_memory_bytes", "Resident set size of the daemon (VmRSS).",
        resident_bytes());

  gauge("charfinder_index_words", "Distinct words in the name index.", facts.words);
  gauge("charfinder_index_postings", "(word, code point) pairs in the name index.", facts.postings);
  gauge("charfinder_index_memory_bytes", "Heap bytes held by the name index.", facts.memory_bytes);
  gauge("charfinder_name_table_bytes", "Heap bytes of the names rows are rendered from.",
        facts.name_table_bytes);

  gauge("charfinder_config_generation",
        "Generation of the configuration in force: 1 at start-up, +1 per successful reload.",
        config_generation_.load(std::memory_order_acquire));
  header(out, "charfinder_config_last_reload_timestamp_seconds", "gauge",
         "Unix time the configuration in force was loaded (start-up or the last reload).");
  {
    const std::int64_t ms = config_loaded_ms_.load(std::memory_order_relaxed);
    out += "charfinder_config_last_reload_timestamp_seconds ";
    out += std::to_string(ms / 1000) + "." + fmt::format("{:03}", ms % 1000);
    out += '\n';
  }
  header(out, "charfinder_config_reload_failures_total", "counter",
         "SIGHUP reloads rejected (file unreadable or invalid); the old configuration stayed.");
  out += "charfinder_config_reload_failures_total ";
  append_number(out, config_reload_failures_.load(std::memory_order_relaxed));
  out += '\n';

  header(out, "charfinder_build_info", "gauge",
         "Version of charfinder and of the ICU and Unicode data it was built with.");
  out += "charfinder_build_info{version=\"";
  append_label_value(out, CHARFINDER_VERSION);
  out += "\",icu=\"";
  append_label_value(out, icu_version());
  out += "\",unicode=\"";
  append_label_value(out, unicode_version());
  out += "\"} 1\n";
  return out;
}

}  // namespace charfinder

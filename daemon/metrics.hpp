// daemon/metrics.hpp
//
// Process-wide counters and latency histograms, rendered in the Prometheus text format for
// GET /metrics. Updates are lock-free and cheap (relaxed atomics, sharded per thread so no
// cache line is shared by every thread on the hot path); any thread may call any method.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "index/name_index.hpp"

namespace charfinder {

enum class Protocol : std::uint8_t { kTelnet, kHttp };

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

  // The Prometheus text exposition (version 0.0.4) of every metric, plus index facts and
  // build info (version, ICU and Unicode versions).
  std::string render_prometheus(const IndexFacts& facts) const;

 private:
  struct Shards;
  Shards* shards_;  // owned
};

}  // namespace charfinder

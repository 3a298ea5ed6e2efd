// STUB (to be replaced by the metrics implementation).
#include "daemon/metrics.hpp"

namespace charfinder {
struct Metrics::Shards {};
Metrics::Metrics() : shards_(new Shards) {}
Metrics::~Metrics() { delete shards_; }
void Metrics::connection_opened(Protocol) {}
void Metrics::connection_closed(Protocol) {}
void Metrics::connection_refused(Protocol) {}
void Metrics::query_answered(Protocol, std::chrono::nanoseconds) {}
void Metrics::http_response(int, std::chrono::nanoseconds) {}
std::string Metrics::render_prometheus(const IndexFacts&) const { return {}; }
}  // namespace charfinder

// daemon/runtime/shard.hpp
//
// One serving shard (server.threads of them): an io_context run by exactly one thread
// (concurrency hint 1), its listening sockets, its own caches of rendered answers and the
// SessionContext its sessions get. A connection lives on one shard from accept to close, so
// its handlers never run concurrently (the io_context's one thread is an implicit strand),
// its completions never hop threads, and the caches it touches are not shared with other
// threads' sessions. The configured cache caps are split evenly: each shard's cache holds at
// most cap / server.threads bytes, so the process total stays within the configured cap.
//
// The work guard keeps run() serving on a shard that has no listener (socket activation: only
// shard 0 accepts, the others get their connections handed over) until stop().
//
// Declaration order is destruction order in reverse: the caches and the context outlive the
// io_context (which destroys the session frames that refer to them); the listeners, I/O
// objects of the io_context, go before it.
#pragma once

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <vector>

#include "daemon/http/response_cache.hpp"
#include "daemon/runtime/listener.hpp"
#include "daemon/runtime/session_context.hpp"
#include "daemon/telnet/telnet_page_cache.hpp"

namespace charfinder {

struct Shard {
  // What every shard's sessions share, the same for all shards.
  struct Shared {
    const NameIndex& index;
    const CharacterSearch& search;
    const ConfigStore& configs;
    Metrics& metrics;
    const std::atomic<bool>& stopping;
    const std::atomic<bool>& ready;
  };
  // `http_cap` and `telnet_cap`: this shard's share of memory.http_cache_bytes and
  // memory.telnet_cache_bytes.
  Shard(std::size_t index, const Shared& shared, std::size_t http_cap, std::size_t telnet_cap)
      : http_answers(http_cap),
        telnet_pages(telnet_cap),
        ctx{shared.index, shared.search, shared.configs, shared.metrics, shared.stopping,
            shared.ready, http_answers,  telnet_pages,   index},
        work(asio::make_work_guard(io)) {}
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  ShardTarget target() { return {&io, &ctx}; }

  ResponseCache http_answers;
  TelnetPageCache telnet_pages;
  SessionContext ctx;
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::vector<std::unique_ptr<Listener>> listeners;
};

}  // namespace charfinder

// daemon/runtime/session_context.hpp
//
// What every connection's session coroutine gets from the server: one SessionContext per
// serving shard (daemon/runtime/shard.hpp), the same except for the caches, which are the
// shard's own. Everything referenced outlives every session (the server owns it and joins all
// threads before destroying it).
//
// Shutdown contract (see daemon/runtime/server.cpp and daemon/runtime/session_registry.hpp):
//   1. The server sets `stopping` (release) and then emits asio::cancellation_type::total to
//      every session, on the session's own executor (its shard's io_context, one thread).
//   2. A session lets *total* cancellation interrupt only waits for the peer (an idle read,
//      a keep-alive wait): `co_await asio::this_coro::reset_cancellation_state(
//      asio::enable_total_cancellation())` before such a wait, and
//      `asio::enable_terminal_cancellation()` before writing an answer, so an answer is never
//      cut mid-row. Before each idle wait it checks `stopping` (acquire); because the emit
//      runs on the session's thread, a check-then-wait in one handler step cannot miss it.
//   3. On seeing the shutdown, a telnet session writes its goodbye line; an HTTP session
//      closes an idle keep-alive connection or marks its in-flight response
//      `Connection: close`. Then the coroutine returns.
//   4. After server.shutdown_grace the server emits *terminal*: every pending operation
//      fails with operation_aborted and the session must just return.
#pragma once

#include <atomic>

#include "config/config.hpp"
#include "daemon/http/response_cache.hpp"
#include "daemon/runtime/config_store.hpp"
#include "daemon/search/character_search.hpp"
#include "daemon/telnet/telnet_page_cache.hpp"
#include "index/name_index.hpp"

namespace charfinder {

class Metrics;

struct SessionContext {
  const NameIndex& index;
  const CharacterSearch& search;  // every front end's search: names and the source table
  // The configuration in force; a session takes a snapshot (current()) and keeps it for a
  // connection (telnet) or a request (HTTP), so a SIGHUP reload applies to new ones.
  const ConfigStore& configs;
  Metrics& metrics;
  const std::atomic<bool>& stopping;  // graceful shutdown has begun
  const std::atomic<bool>& ready;     // index built, listeners up, not stopping (for /readyz)
  ResponseCache& http_answers;        // this shard's rendered search answers (thread-safe)
  TelnetPageCache& telnet_pages;      // this shard's rendered telnet pages (thread-safe)
  std::size_t shard = 0;              // which serving shard (0 .. server.threads - 1)
};

}  // namespace charfinder

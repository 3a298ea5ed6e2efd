// daemon/runtime/awaitable_util.hpp
//
// Small Asio helpers shared by the listener, the server and the sessions.
#pragma once

#include <spdlog/spdlog.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <exception>
#include <string>
#include <utility>

namespace charfinder {

// Completion token for coroutines: `auto [ec, n] = co_await op(..., kTupleToken);`.
// Errors come back as values, so expected failures (EOF, reset, operation_aborted when we
// are shutting down) need no try/catch.
inline constexpr auto kTupleToken = asio::experimental::as_tuple(asio::use_awaitable);

// The text of an escaped exception, for logs; never throws.
inline std::string describe_exception(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

// A co_spawn completion handler that logs an escaped exception instead of dropping it
// (asio::detached would drop it silently). `what` names the task in the log line.
class LogFailure {
 public:
  explicit LogFailure(std::string what) : what_(std::move(what)) {}
  void operator()(const std::exception_ptr& error) const {
    if (error) spdlog::error("{} ended with an exception: {}", what_, describe_exception(error));
  }

 private:
  std::string what_;
};

}  // namespace charfinder

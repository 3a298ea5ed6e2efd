// daemon/runtime/session_registry.hpp
//
// SessionRegistry tracks every spawned session (a trimmed Beast `task_group`): it admits new
// connections against the connection limits, binds one cancellation_signal to each session's
// co_spawn, delivers shutdown cancellation on each session's own executor (its shard's
// io_context: one registry serves every shard), and lets the server wait until every session
// on every shard has ended. The limits are counted under one mutex, so they hold across the
// shards exactly as with one thread; the mutex is taken at accept, at close and at shutdown,
// never per request.
//
// Thread safety: every method may be called from any thread (one mutex guards the state).
// Lifetime: the registry must outlive every handler returned by track(), including handlers
// that the io_context destroys without invoking them; the server declares it before its
// io_context for that reason.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/bind_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace charfinder {

class SessionRegistry {
 public:
  struct Limits {
    std::size_t max_connections = 10000;  // admitted sessions, all protocols together
    std::size_t max_per_ip = 256;         // admitted sessions from one peer address
    std::size_t max_refusing = 64;        // refusals still writing their busy line / 503
  };

  enum class Admission {
    kAdmitted,   // serve it
    kOverTotal,  // refuse politely: limits.max_connections reached
    kOverPerIp,  // refuse politely: limits.max_connections_per_ip reached for this address
    kDrop,       // over a limit and too many refusals in flight: just close the socket
  };

  // Holds the counts a connection occupies (admitted: total and per-IP; refused: the
  // refusal slot) until it is destroyed. Move-only.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();
    Admission admission() const { return admission_; }

   private:
    friend class SessionRegistry;
    Ticket(SessionRegistry* registry, std::string ip, Admission admission)
        : registry_(registry), ip_(std::move(ip)), admission_(admission) {}
    void release();
    SessionRegistry* registry_;  // null once released or moved from
    std::string ip_;
    Admission admission_;
  };

  using DoneHandler = std::function<void(std::exception_ptr)>;

 private:
  struct Entry {
    asio::cancellation_signal signal;
    asio::any_io_executor strand;
    bool done = false;  // read and written on `strand` only (or after the io_context stopped)
  };
  using EntryList = std::list<std::shared_ptr<Entry>>;

  // Removes its entry (and releases its ticket) when the handler runs or is destroyed.
  class Remover {
   public:
    Remover(SessionRegistry* registry, EntryList::iterator it) : registry_(registry), it_(it) {}
    Remover(Remover&& other) noexcept : registry_(other.registry_), it_(other.it_) {
      other.registry_ = nullptr;
    }
    Remover& operator=(Remover&&) = delete;
    ~Remover() { release(); }
    void release();

   private:
    SessionRegistry* registry_;
    EntryList::iterator it_;
  };

 public:
  // The completion handler of one tracked co_spawn: releases the ticket and the registry
  // entry, then calls the caller's handler with the exception_ptr.
  class Tracked {
   public:
    Tracked(Remover remover, Ticket ticket, DoneHandler done)
        : remover_(std::move(remover)), ticket_(std::move(ticket)), done_(std::move(done)) {}
    void operator()(std::exception_ptr error) {
      DoneHandler done = std::move(done_);
      ticket_.release();  // counts first, so `done` sees the slot free
      remover_.release();
      if (done) done(std::move(error));
    }

   private:
    Remover remover_;
    Ticket ticket_;
    DoneHandler done_;
  };

  using TrackedToken =
      asio::cancellation_slot_binder<asio::executor_binder<Tracked, asio::any_io_executor>,
                                     asio::cancellation_slot>;

  explicit SessionRegistry(Limits limits);
  SessionRegistry(const SessionRegistry&) = delete;
  SessionRegistry& operator=(const SessionRegistry&) = delete;
  ~SessionRegistry();

  // Decides whether a new connection from `ip` may be served. An admitted ticket counts
  // against both limits; a refused one against max_refusing.
  [[nodiscard]] Ticket admit(const std::string& ip);

  // A ticket that holds no count, for a connection tracked before it is admitted (a PROXY
  // listener's connection while its header is read: the client's address is not known yet).
  [[nodiscard]] static Ticket unadmitted() { return Ticket(nullptr, {}, Admission::kAdmitted); }

  // The completion token for `asio::co_spawn(strand, session, token)`: binds a fresh
  // cancellation slot and runs `done` on `strand`. Keeps `ticket` until the session ends.
  [[nodiscard]] TrackedToken track(const asio::any_io_executor& strand, Ticket ticket,
                                   DoneHandler done);

  // Emits `type` to every tracked session, each on its own executor (emitting from another
  // thread would race with the session's own use of its cancellation state).
  void request_stop(asio::cancellation_type type);

  // Completes with true as soon as no session is tracked, or with false after `grace`.
  // Must be awaited from a coroutine on a single-threaded context (shard 0) or a strand.
  asio::awaitable<bool> wait_until_empty(std::chrono::steady_clock::duration grace);

  // New limits for connections admitted from now on (a SIGHUP reload); sessions already
  // admitted stay, even when they are now over a lowered limit.
  void set_limits(Limits limits);

  std::size_t tracked() const;   // sessions and refusals still running
  std::size_t admitted() const;  // admitted sessions still running
  std::size_t admitted_from(const std::string& ip) const;

 private:
  void remove(EntryList::iterator it);
  void release_ticket(const std::string& ip, Admission admission);

  Limits limits_;  // guarded by mutex_
  mutable std::mutex mutex_;
  EntryList entries_;
  std::size_t admitted_ = 0;
  std::size_t refusing_ = 0;
  std::unordered_map<std::string, std::size_t> per_ip_;
  std::shared_ptr<asio::steady_timer> waiter_;  // the timer wait_until_empty sleeps on
};

}  // namespace charfinder

#include "daemon/runtime/session_registry.hpp"

#include <asio/post.hpp>
#include <asio/this_coro.hpp>
#include <utility>

#include "daemon/runtime/awaitable_util.hpp"

namespace charfinder {

SessionRegistry::Ticket::Ticket(Ticket&& other) noexcept
    : registry_(other.registry_), ip_(std::move(other.ip_)), admission_(other.admission_) {
  other.registry_ = nullptr;
}

SessionRegistry::Ticket& SessionRegistry::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    release();
    registry_ = other.registry_;
    ip_ = std::move(other.ip_);
    admission_ = other.admission_;
    other.registry_ = nullptr;
  }
  return *this;
}

SessionRegistry::Ticket::~Ticket() { release(); }

void SessionRegistry::Ticket::release() {
  if (registry_ == nullptr) return;
  registry_->release_ticket(ip_, admission_);
  registry_ = nullptr;
}

void SessionRegistry::Remover::release() {
  if (registry_ == nullptr) return;
  registry_->remove(it_);
  registry_ = nullptr;
}

SessionRegistry::SessionRegistry(Limits limits) : limits_(limits) {}

void SessionRegistry::set_limits(Limits limits) {
  std::lock_guard lock(mutex_);
  limits_ = limits;
}

SessionRegistry::~SessionRegistry() = default;

SessionRegistry::Ticket SessionRegistry::admit(const std::string& ip) {
  std::lock_guard lock(mutex_);
  Admission admission = Admission::kAdmitted;
  std::size_t& from_ip = per_ip_[ip];  // erased again below when it stays 0
  if (admitted_ >= limits_.max_connections) {
    admission = Admission::kOverTotal;
  } else if (from_ip >= limits_.max_per_ip) {
    admission = Admission::kOverPerIp;
  }
  if (admission == Admission::kAdmitted) {
    ++admitted_;
    ++from_ip;
    return Ticket(this, ip, admission);
  }
  if (from_ip == 0) per_ip_.erase(ip);
  if (refusing_ >= limits_.max_refusing) return Ticket(this, ip, Admission::kDrop);
  ++refusing_;
  return Ticket(this, ip, admission);
}

void SessionRegistry::release_ticket(const std::string& ip, Admission admission) {
  std::lock_guard lock(mutex_);
  switch (admission) {
    case Admission::kAdmitted: {
      --admitted_;
      auto it = per_ip_.find(ip);
      if (it != per_ip_.end() && --it->second == 0) per_ip_.erase(it);
      break;
    }
    case Admission::kOverTotal:
    case Admission::kOverPerIp:
      --refusing_;
      break;
    case Admission::kDrop:
      break;
  }
}

SessionRegistry::TrackedToken SessionRegistry::track(const asio::any_io_executor& strand,
                                                     Ticket ticket, DoneHandler done) {
  std::lock_guard lock(mutex_);
  auto entry = std::make_shared<Entry>();
  entry->strand = strand;
  auto it = entries_.insert(entries_.end(), entry);
  return asio::bind_cancellation_slot(
      entry->signal.slot(),
      asio::bind_executor(strand, Tracked(Remover(this, it), std::move(ticket), std::move(done))));
}

void SessionRegistry::remove(EntryList::iterator it) {
  std::lock_guard lock(mutex_);
  (*it)->done = true;
  entries_.erase(it);
  if (entries_.empty() && waiter_) {
    // The waiter's timer belongs to the waiting coroutine's strand: cancel it there.
    asio::post(waiter_->get_executor(), [timer = waiter_] { timer->cancel(); });
  }
}

void SessionRegistry::request_stop(asio::cancellation_type type) {
  std::lock_guard lock(mutex_);
  for (const auto& entry : entries_) {
    // The entry stays alive in the lambda even if the session ends first; `done` is only
    // touched on the session's strand, so the check and the emit cannot race with it.
    asio::post(entry->strand, [entry, type] {
      if (!entry->done) entry->signal.emit(type);
    });
  }
}

asio::awaitable<bool> SessionRegistry::wait_until_empty(std::chrono::steady_clock::duration grace) {
  auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor, grace);
  {
    std::lock_guard lock(mutex_);
    if (entries_.empty()) co_return true;
    waiter_ = timer;
  }
  // Cancelled by remove() when the last session ends; expires after `grace` otherwise.
  // This coroutine may itself be cancelled only by the io_context stopping.
  co_await timer->async_wait(kTupleToken);
  std::lock_guard lock(mutex_);
  waiter_.reset();
  // A name, not `co_return entries_.empty()`: clang-tidy 16 reads that as a discarded empty().
  const bool drained = entries_.empty();
  co_return drained;
}

std::size_t SessionRegistry::tracked() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t SessionRegistry::admitted() const {
  std::lock_guard lock(mutex_);
  return admitted_;
}

std::size_t SessionRegistry::admitted_from(const std::string& ip) const {
  std::lock_guard lock(mutex_);
  auto it = per_ip_.find(ip);
  return it == per_ip_.end() ? 0 : it->second;
}

}  // namespace charfinder

// daemon/runtime/config_store.hpp
//
// ConfigStore holds the configuration in force and swaps it on a SIGHUP reload. Readers
// take a snapshot (a shared_ptr to an immutable Config) and keep it as long as they like:
// a telnet session takes one when it starts and keeps it to the end, an HTTP session takes
// one per request, so a reload takes effect for new connections and requests and never
// changes the rules under an answer in flight. Listen addresses and threads are fixed at
// start-up; the store keeps whatever the reload plan (config_reload.hpp) gives it.
//
// Thread safety: every method may be called from any thread (a mutex guards the pointer;
// it is held for a pointer copy, never while a Config is built or compared).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

#include "config/config.hpp"

namespace charfinder {

class ConfigStore {
 public:
  explicit ConfigStore(Config initial)
      : current_(std::make_shared<const Config>(std::move(initial))),
        loaded_at_(std::chrono::system_clock::now()) {}
  ConfigStore(const ConfigStore&) = delete;
  ConfigStore& operator=(const ConfigStore&) = delete;

  std::shared_ptr<const Config> current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

  // Puts `next` in force; the generation goes up by one. Returns the new generation.
  std::uint64_t replace(Config next) {
    auto fresh = std::make_shared<const Config>(std::move(next));
    std::lock_guard lock(mutex_);
    current_ = std::move(fresh);
    loaded_at_ = std::chrono::system_clock::now();
    return ++generation_;
  }

  std::uint64_t generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }
  std::chrono::system_clock::time_point loaded_at() const {
    std::lock_guard lock(mutex_);
    return loaded_at_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Config> current_;
  std::uint64_t generation_ = 1;
  std::chrono::system_clock::time_point loaded_at_;
};

}  // namespace charfinder

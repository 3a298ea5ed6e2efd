#include "daemon/ops/memory_trimmer.hpp"

#include <dlfcn.h>
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace charfinder {

std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0;
  std::uint64_t resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

namespace {

// Gives free memory back: jemalloc's purge of every arena when jemalloc is the allocator
// (linked or preloaded; found at run time, so this library does not depend on it), else
// glibc's malloc_trim(0), which trims every arena.
void return_free_memory() {
  using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
  static const auto mallctl = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
  if (mallctl != nullptr) {
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);  // 4096: MALLCTL_ARENAS_ALL
    return;
  }
  ::malloc_trim(0);
}

}  // namespace

MemoryTrimmer::MemoryTrimmer(std::chrono::milliseconds quiet,
                             std::function<std::uint64_t()> activity)
    : quiet_(quiet), activity_(std::move(activity)) {
  if (quiet_.count() > 0) thread_ = std::thread([this] { run(); });
}

MemoryTrimmer::~MemoryTrimmer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t MemoryTrimmer::trims() const {
  std::lock_guard lock(mutex_);
  return trims_;
}

void MemoryTrimmer::run() {
  // Sample four times per quiet period (at most once per second, at least every 50 ms).
  const auto tick =
      std::clamp(quiet_ / 4, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
  std::uint64_t last = activity_();
  auto last_change = std::chrono::steady_clock::now();
  bool dirty = true;  // start-up (the index build) has freed memory too
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, tick, [this] { return stopping_; })) {
    const std::uint64_t now_activity = activity_();
    const auto now = std::chrono::steady_clock::now();
    if (now_activity != last) {
      last = now_activity;
      last_change = now;
      dirty = true;
      continue;
    }
    if (dirty && now - last_change >= quiet_) {
      lock.unlock();
      const std::uint64_t before = resident_bytes();
      return_free_memory();
      spdlog::debug("memory trimmed after {} ms without activity: RSS {} -> {} KiB", quiet_.count(),
                    before / 1024, resident_bytes() / 1024);
      lock.lock();
      ++trims_;
      dirty = false;
    }
  }
}

}  // namespace charfinder

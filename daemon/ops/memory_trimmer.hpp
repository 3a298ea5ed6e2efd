// daemon/ops/memory_trimmer.hpp
//
// Returns freed heap memory to the system after a burst. glibc keeps what a burst freed
// (10,000 closed sessions, a wave of uncached answers) in its arenas, so RSS stays at the
// peak. MemoryTrimmer runs one thread that samples an activity counter (requests, queries,
// connections; Metrics::activity()) a few times per `quiet` period, and once the counter has
// not moved for `quiet` after it last moved, gives free memory back: malloc_trim(0) with
// glibc's malloc (every arena's free pages), an arena purge with jemalloc (which also
// returns memory by itself after its decay time). It never trims while work is arriving, so the hot
// path never pays for it. Thread-safe; the destructor stops and joins the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace charfinder {

// The process's resident set size (VmRSS) in bytes, from /proc/self/statm; 0 if unreadable.
std::uint64_t resident_bytes();

class MemoryTrimmer {
 public:
  // `activity` must stay callable until the trimmer is destroyed. A `quiet` of zero turns
  // trimming off (no thread).
  MemoryTrimmer(std::chrono::milliseconds quiet, std::function<std::uint64_t()> activity);
  ~MemoryTrimmer();
  MemoryTrimmer(const MemoryTrimmer&) = delete;
  MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

  std::uint64_t trims() const;  // times free memory was given back so far

 private:
  void run();

  const std::chrono::milliseconds quiet_;
  const std::function<std::uint64_t()> activity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t trims_ = 0;
  std::thread thread_;
};

}  // namespace charfinder

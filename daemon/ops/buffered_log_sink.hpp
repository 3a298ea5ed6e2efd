// daemon/ops/buffered_log_sink.hpp
//
// An spdlog sink that writes to a file descriptor (stderr in the daemon) without one write()
// per line under load, and without delaying lines when the daemon is quiet:
//
//   - a line that comes after a quiet spell is written at once, and opens a window of
//     `delay`; lines logged inside the window are kept in memory and written together (one
//     write()) when it ends, and the window goes on while lines keep coming;
//   - flush() (spdlog calls it for every line at or above the logger's flush_on level:
//     warnings and errors) writes everything kept, at once and in order;
//   - so is anything kept past `max_bytes`, and everything at destruction (normal exit).
//
// So a line reaches the collector at most `delay` late, and lines are never reordered. Only
// a crash can lose lines: those of the last `delay` under load. Thread-safe.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace charfinder {

class BufferedLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // Does not own `fd`.
  BufferedLogSink(int fd, std::chrono::milliseconds delay, std::size_t max_bytes);
  ~BufferedLogSink() override;
  BufferedLogSink(const BufferedLogSink&) = delete;
  BufferedLogSink& operator=(const BufferedLogSink&) = delete;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  void write_out();  // with mutex_ held
  void run_windows();

  const int fd_;
  const std::chrono::milliseconds delay_;
  const std::size_t max_bytes_;
  spdlog::memory_buf_t kept_;  // guarded by mutex_
  bool window_open_ = false;   // guarded by mutex_

  std::mutex wake_mutex_;  // after mutex_ when both are held
  std::condition_variable wake_;
  bool window_started_ = false;  // guarded by wake_mutex_
  bool stopping_ = false;        // guarded by wake_mutex_
  std::thread closer_;           // ends windows; started last
};

}  // namespace charfinder

#include "daemon/ops/buffered_log_sink.hpp"

#include <unistd.h>

#include <cerrno>

namespace charfinder {

BufferedLogSink::BufferedLogSink(int fd, std::chrono::milliseconds delay, std::size_t max_bytes)
    : fd_(fd), delay_(delay), max_bytes_(max_bytes), closer_([this] { run_windows(); }) {}

BufferedLogSink::~BufferedLogSink() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  closer_.join();
  std::lock_guard lock(mutex_);
  write_out();
}

void BufferedLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  formatter_->format(msg, kept_);
  if (window_open_) {
    if (kept_.size() >= max_bytes_) write_out();
    return;
  }
  write_out();  // after a quiet spell: no delay
  window_open_ = true;
  std::lock_guard lock(wake_mutex_);
  window_started_ = true;
  wake_.notify_one();
}

void BufferedLogSink::flush_() { write_out(); }

void BufferedLogSink::write_out() {
  const char* data = kept_.data();
  std::size_t left = kept_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // nowhere to log to: drop, as a failing stderr stream would
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  kept_.clear();
}

void BufferedLogSink::run_windows() {
  std::unique_lock wake_lock(wake_mutex_);
  for (;;) {
    wake_.wait(wake_lock, [this] { return window_started_ || stopping_; });
    if (stopping_) return;
    window_started_ = false;
    for (;;) {
      if (wake_.wait_for(wake_lock, delay_, [this] { return stopping_; })) return;
      wake_lock.unlock();
      bool quiet = false;
      {
        std::lock_guard lock(mutex_);
        quiet = kept_.size() == 0;
        if (quiet) window_open_ = false;  // the next line is written at once again
        write_out();
      }
      wake_lock.lock();
      if (quiet) break;
    }
  }
}

}  // namespace charfinder

#include "daemon/ops/logging.hpp"

#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <ctime>
#include <memory>

#include "config/log_levels.hpp"
#include "daemon/ops/buffered_log_sink.hpp"
#include "text/escape.hpp"
#include "text/json_writer.hpp"

namespace charfinder {
namespace {

// Parallel to kLogLevels (config/log_levels.hpp), the one list of level names.
constexpr std::array<spdlog::level::level_enum, kLogLevels.size()> kSpdlogLevels{
    spdlog::level::trace, spdlog::level::debug, spdlog::level::info,
    spdlog::level::warn,  spdlog::level::err,   spdlog::level::off};

std::string_view level_name(spdlog::level::level_enum level) {
  if (level == spdlog::level::critical) return "critical";  // spdlog's own; never configured
  for (std::size_t i = 0; i < kLogLevels.size(); ++i)
    if (kSpdlogLevels[i] == level) return kLogLevels[i];
  return "off";
}

// Appends "2026-11-22T02:19:17.123Z". The part up to the seconds changes once a second, so
// it is formatted (strftime) only then; each thread keeps its own copy.
void append_utc_timestamp(std::string& out, std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto since_epoch = time.time_since_epoch();
  const auto seconds_part = floor<seconds>(since_epoch);
  const auto millis = duration_cast<milliseconds>(since_epoch - seconds_part).count();
  thread_local std::int64_t cached_second = -1;
  thread_local char cached[40];
  thread_local std::size_t cached_length = 0;
  if (seconds_part.count() != cached_second) {
    const std::time_t t = static_cast<std::time_t>(seconds_part.count());
    std::tm tm{};
    gmtime_r(&t, &tm);
    cached_length = std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = seconds_part.count();
  }
  out.append(cached, cached_length);
  out += '.';
  out += static_cast<char>('0' + millis / 100);
  out += static_cast<char>('0' + millis / 10 % 10);
  out += static_cast<char>('0' + millis % 10);
  out += 'Z';
}

void append_log_line(std::string& line, LogFormat format,
                     std::chrono::system_clock::time_point time, spdlog::level::level_enum level,
                     std::string_view message) {
  // What goes around the three fields in each format.
  struct Frame {
    std::string_view open, after_time, after_level, close;
  };
  constexpr Frame kJsonFrame{"{\"time\":\"", "\",\"level\":\"", "\",\"msg\":\"", "\"}\n"};
  constexpr Frame kTextFrame{"", " ", " ", "\n"};
  const Frame& frame = format == LogFormat::kJson ? kJsonFrame : kTextFrame;
  line += frame.open;
  append_utc_timestamp(line, time);
  line += frame.after_time;
  line += level_name(level);
  line += frame.after_level;
  if (format == LogFormat::kJson)
    append_json_chars(line, message, JsonC1::kEscaped);
  else
    append_escaped(line, message, EscapeStyle::kMessage);
  line += frame.close;
}

class LineFormatter final : public spdlog::formatter {
 public:
  explicit LineFormatter(LogFormat format) : format_(format) {}
  // Called under the sink's lock, so line_ (kept to avoid an allocation per line) is safe.
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    line_.clear();
    append_log_line(line_, format_, msg.time, msg.level,
                    std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(line_.data(), line_.data() + line_.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(format_);
  }

 private:
  LogFormat format_;
  std::string line_;
};

}  // namespace

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text) {
  for (std::size_t i = 0; i < kLogLevels.size(); ++i)
    if (kLogLevels[i] == text) return kSpdlogLevels[i];
  return std::nullopt;
}

std::optional<LogFormat> parse_log_format(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return std::nullopt;
}

std::string format_log_line(LogFormat format, std::chrono::system_clock::time_point time,
                            spdlog::level::level_enum level, std::string_view message) {
  std::string line;
  line.reserve(message.size() + 64);
  append_log_line(line, format, time, level, message);
  return line;
}

void reconfigure_logging(spdlog::level::level_enum level, LogFormat format) {
  auto logger = spdlog::default_logger();
  logger->set_formatter(std::make_unique<LineFormatter>(format));  // under each sink's mutex
  logger->set_level(level);                                        // atomic
}

void setup_logging(spdlog::level::level_enum level, LogFormat format) {
  // Under load, lines are written in batches at most kLogDelay late (one write() per batch,
  // not per query); a line after a quiet spell, and every warning or error (with all lines
  // before it), is written at once. See buffered_log_sink.hpp.
  constexpr std::chrono::milliseconds kLogDelay{50};
  constexpr std::size_t kLogBatchBytes = std::size_t{64} * 1024;
  auto sink = std::make_shared<BufferedLogSink>(STDERR_FILENO, kLogDelay, kLogBatchBytes);
  sink->set_formatter(std::make_unique<LineFormatter>(format));
  auto logger = std::make_shared<spdlog::logger>("charfinder", std::move(sink));
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace charfinder

#include "daemon/logging.hpp"

#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdint>
#include <ctime>
#include <memory>

#include "daemon/buffered_log_sink.hpp"

namespace charfinder {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid
// (overlong forms, surrogates and values above U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i, char32_t& code) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    code = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, code = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

void append_hex_escape(std::string& out, const char* prefix, unsigned value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

bool is_plain_ascii(char c) { return c >= 0x20 && c < 0x7F; }

void append_text_escaped(std::string& out, std::string_view message) {
  for (std::size_t i = 0; i < message.size();) {
    // Most of a line is printable ASCII: copy such runs whole.
    std::size_t run = i;
    while (run < message.size() && is_plain_ascii(message[run])) ++run;
    if (run > i) {
      out.append(message.substr(i, run - i));
      i = run;
      continue;
    }
    char32_t code = 0;
    const std::size_t length = utf8_sequence_length(message, i, code);
    if (length == 0) {
      append_hex_escape(out, "\\x", static_cast<unsigned char>(message[i]), 2);
      ++i;
      continue;
    }
    if (code < 0x20 || code == 0x7F) {
      append_hex_escape(out, "\\x", code, 2);
    } else if (code >= 0x80 && code <= 0x9F) {
      append_hex_escape(out, "\\u", code, 4);
    } else {
      out.append(message.substr(i, length));
    }
    i += length;
  }
}

void append_json_escaped(std::string& out, std::string_view message) {
  for (std::size_t i = 0; i < message.size();) {
    char32_t code = 0;
    const std::size_t length = utf8_sequence_length(message, i, code);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    switch (code) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (code < 0x20 || (code >= 0x7F && code <= 0x9F)) {
          append_hex_escape(out, "\\u", code, 4);
        } else {
          out.append(message.substr(i, length));
        }
    }
    i += length;
  }
}

std::string_view level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "trace";
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::info:
      return "info";
    case spdlog::level::warn:
      return "warn";
    case spdlog::level::err:
      return "error";
    case spdlog::level::critical:
      return "critical";
    default:
      return "off";
  }
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
  if (format == LogFormat::kJson) {
    line += "{\"time\":\"";
    append_utc_timestamp(line, time);
    line += "\",\"level\":\"";
    line += level_name(level);
    line += "\",\"msg\":\"";
    append_json_escaped(line, message);
    line += "\"}\n";
  } else {
    append_utc_timestamp(line, time);
    line += ' ';
    line += level_name(level);
    line += ' ';
    append_text_escaped(line, message);
    line += '\n';
  }
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
  if (text == "trace") return spdlog::level::trace;
  if (text == "debug") return spdlog::level::debug;
  if (text == "info") return spdlog::level::info;
  if (text == "warn" || text == "warning") return spdlog::level::warn;
  if (text == "error") return spdlog::level::err;
  if (text == "critical") return spdlog::level::critical;
  if (text == "off") return spdlog::level::off;
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

void setup_logging(spdlog::level::level_enum level, LogFormat format) {
  // Under load, lines are written in batches at most kLogDelay late (one write() per batch,
  // not per query); a line after a quiet spell, and every warning or error (with all lines
  // before it), is written at once. See buffered_log_sink.hpp.
  constexpr std::chrono::milliseconds kLogDelay{50};
  constexpr std::size_t kLogBatchBytes = 64 * 1024;
  auto sink = std::make_shared<BufferedLogSink>(STDERR_FILENO, kLogDelay, kLogBatchBytes);
  sink->set_formatter(std::make_unique<LineFormatter>(format));
  auto logger = std::make_shared<spdlog::logger>("charfinder", std::move(sink));
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace charfinder

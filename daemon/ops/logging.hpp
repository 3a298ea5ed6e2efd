// daemon/ops/logging.hpp
//
// spdlog set-up for the daemon: one thread-safe logger writing to stderr in short batches
// (journald and container runtimes collect it). Two line formats:
//
//   text: 2026-11-22T02:19:17.123Z info ready telnet=127.0.0.1:2323 http=127.0.0.1:8888
//   json: {"time":"2026-11-22T02:19:17.123Z","level":"info","msg":"ready telnet=…"}
//
// Times are UTC with milliseconds. The message is never trusted: in text lines control
// characters (C0, DEL, C1) and bytes that are not valid UTF-8 are written as \xNN
// (text/escape.hpp, kMessage), so a peer's input can never forge a log line; JSON lines
// escape per RFC 8259 (text/json_writer.hpp, C1 escaped too) and replace invalid UTF-8 with
// U+FFFD, so every line is one valid JSON object.
#pragma once

#include <spdlog/common.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace charfinder {

enum class LogFormat { kText, kJson };

// One of kLogLevels (config/log_levels.hpp): "trace", "debug", "info", "warn", "error", "off".
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text);
// "text" or "json".
std::optional<LogFormat> parse_log_format(std::string_view text);

// One complete line, ending in '\n'. Pure; used by the sink's formatter and by tests.
std::string format_log_line(LogFormat format, std::chrono::system_clock::time_point time,
                            spdlog::level::level_enum level, std::string_view message);

// Installs the default logger. Call once at start-up, before other threads log.
void setup_logging(spdlog::level::level_enum level, LogFormat format);

// Changes the level and line format of the installed logger (a SIGHUP reload). Any thread;
// lines being written meanwhile come out whole, in the old format or the new one.
void reconfigure_logging(spdlog::level::level_enum level, LogFormat format);

}  // namespace charfinder

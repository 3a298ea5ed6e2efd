// sources/parse_util.hpp
//
// Line splitting and field reading shared by the parsers. Pure inline helpers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sources/parsers.hpp"
#include "text/hex.hpp"

namespace charfinder::sources {

// Calls on_line(line, number) for each line of `text` (1-based; "\r\n" or "\n"; a last line
// without a newline counts).
template <typename OnLine>
void for_each_line(std::string_view text, OnLine&& on_line) {
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    on_line(line, ++number);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = s.find(separator);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

// 4 to 6 hex digits, at most U+10FFFF.
inline std::optional<char32_t> parse_code(std::string_view hex) {
  if (hex.size() < 4 || hex.size() > 6) return std::nullopt;
  const std::optional<std::uint32_t> v = parse_hex(hex);
  if (!v) return std::nullopt;
  if (*v > 0x10FFFF) return std::nullopt;
  return static_cast<char32_t>(*v);
}

// Space-separated hex code points ("1F468 200D 1F469").
inline std::optional<std::u32string> parse_codes(std::string_view text) {
  std::u32string out;
  for (std::string_view part : split(trim(text), ' ')) {
    if (part.empty()) continue;
    const auto code = parse_code(part);
    if (!code) return std::nullopt;
    out.push_back(*code);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// "FILE:LINE: ", the start of every problem.
inline std::string where(std::string_view file, std::size_t line) {
  return std::string(file) + ":" + std::to_string(line) + ": ";
}

// What a line parser says about one line: nothing (a comment, a blank or an unused line), a
// row, or what is wrong with it.
struct Problem {
  std::string message;
};
struct Skip {};
template <typename Row>
using LineOutcome = std::variant<Skip, Row, Problem>;

// The prologue every line-based parser shares: runs read_line(line) on each line of `text` and
// collects its rows, and its problems as "FILE:LINE: message". read_line may keep state across
// lines (NamesList's current entry) in what it captures.
template <typename Row, typename ReadLine>
Parsed<Row> parse_lines(std::string_view text, std::string_view file, ReadLine&& read_line) {
  Parsed<Row> out;
  for_each_line(text, [&](std::string_view line, std::size_t number) {
    LineOutcome<Row> outcome = read_line(line);
    if (Row* row = std::get_if<Row>(&outcome)) {
      out.rows.push_back(std::move(*row));
    } else if (const Problem* problem = std::get_if<Problem>(&outcome)) {
      out.problems.push_back(where(file, number) + problem->message);
    }
  });
  return out;
}

// The data part of a line in the `;`-separated UCD files: before any `#` comment, trimmed.
inline std::string_view data_part(std::string_view line) {
  return trim(line.substr(0, line.find('#')));
}

}  // namespace charfinder::sources

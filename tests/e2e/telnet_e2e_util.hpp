// tests/e2e/telnet_e2e_util.hpp
//
// Reading telnet answers in end-to-end tests: an answer is rows, a status line, then the
// prompt, every line ending in CRLF (DESIGN.md "The telnet prompt protocol").
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "tests/e2e/test_client.hpp"

namespace charfinder {

struct TelnetAnswer {
  std::vector<std::string> rows;  // "U+265A\t♚\tBLACK CHESS KING", without CRLF
  std::string status;             // the last line before the prompt, without CRLF
};

// Splits "row\r\nrow\r\nstatus\r\n?> " into rows and status.
inline TelnetAnswer parse_answer(std::string_view text) {
  TelnetAnswer answer;
  std::vector<std::string> lines;
  std::size_t at = 0;
  for (std::size_t end; (end = text.find("\r\n", at)) != std::string_view::npos; at = end + 2)
    lines.emplace_back(text.substr(at, end - at));
  if (!lines.empty()) {
    answer.status = lines.back();
    lines.pop_back();
  }
  answer.rows = std::move(lines);
  return answer;
}

// Reads one answer (up to and including the prompt that follows it).
inline TelnetAnswer read_answer(TestClient& client,
                                std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
  return parse_answer(client.read_until("\r\n?> ", deadline));
}

// Sends `line` with CRLF and reads its answer.
inline TelnetAnswer ask(TestClient& client, std::string_view line,
                        std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
  client.send_all(std::string(line) + "\r\n");
  return read_answer(client, deadline);
}

// The code point of a row ("U+265A\t..." -> 0x265A); 0 when the row is not one.
inline unsigned long code_of(std::string_view row) {
  if (row.substr(0, 2) != "U+") return 0;
  return std::stoul(std::string(row.substr(2, row.find('\t') - 2)), nullptr, 16);
}

}  // namespace charfinder

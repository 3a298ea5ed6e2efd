#include "daemon/telnet/telnet_commands.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "index/describe.hpp"
#include "index/icu_names.hpp"
#include "tests/daemon/telnet/telnet_test_index.hpp"

namespace charfinder {
namespace {

std::string rows(char32_t first, char32_t last) {
  std::string out;
  for (char32_t code = first; code <= last; ++code) out += terminal_row(code) + "\r\n";
  return out;
}

// The whole answer, rendered in pieces of at most `budget` bytes at a time.
std::string render_all(TelnetCommands& commands, std::size_t budget = std::size_t{64} * 1024) {
  std::string all;
  std::string chunk;
  for (int guard = 0; guard < 100000; ++guard) {
    chunk.clear();
    const bool more = commands.render(chunk, budget);
    all += chunk;
    if (!more) return all;
  }
  FAIL("render never finished");
  return all;
}

}  // namespace

TEST_CASE("telnet commands: a query answers rows and the status", "[telnet][commands]") {
  TelnetCommands commands(telnet_test_index(), 100);
  REQUIRE(commands.interpret("chess black") == TelnetCommands::Action::kAnswer);
  const std::string answer = render_all(commands);
  CHECK(answer.rfind("U+265A\t\xE2\x99\x9A\tBLACK CHESS KING\r\n", 0) == 0);
  CHECK(answer == rows(0x265a, 0x265f) + "6 matches for 'chess black'\r\n");
  CHECK(commands.rows_sent() == 6);
  CHECK(commands.total() == 6);
  CHECK_FALSE(commands.failed());
  CHECK_FALSE(commands.pending());
}

TEST_CASE("telnet commands: status sentences", "[telnet][commands]") {
  struct Row {
    std::string line;
    std::string status;
  };
  const std::vector<Row> table = {
      {"king white", "1 match for 'king white'\r\n"},
      {"  king   white  ", "1 match for 'king   white'\r\n"},  // trimmed, as typed inside
      {"zebra", "No match for 'zebra'\r\n"},
      {"chess -black", "6 matches for 'chess -black'\r\n"},
  };
  for (const Row& row : table) {
    CAPTURE(row.line);
    TelnetCommands commands(telnet_test_index(), 100);
    REQUIRE(commands.interpret(row.line) == TelnetCommands::Action::kAnswer);
    const std::string answer = render_all(commands);
    REQUIRE(answer.size() >= row.status.size());
    CHECK(answer.substr(answer.size() - row.status.size()) == row.status);
  }
}

TEST_CASE("telnet commands: paging with Enter", "[telnet][commands]") {
  TelnetCommands commands(telnet_test_index(), 5);
  REQUIRE(commands.interpret("chess") == TelnetCommands::Action::kAnswer);
  CHECK(render_all(commands) ==
        rows(0x2654, 0x2658) + "12 matches for 'chess' (showing 1-5; press Enter for more)\r\n");
  CHECK(commands.pending());
  REQUIRE(commands.interpret("") == TelnetCommands::Action::kAnswer);
  CHECK(render_all(commands) ==
        rows(0x2659, 0x265d) + "12 matches for 'chess' (showing 6-10; press Enter for more)\r\n");
  REQUIRE(commands.interpret("\t ") == TelnetCommands::Action::kAnswer);  // blank counts
  CHECK(render_all(commands) ==
        rows(0x265e, 0x265f) + "12 matches for 'chess' (showing 11-12)\r\n");
  CHECK(commands.rows_sent() == 2);
  CHECK_FALSE(commands.pending());
  // Nothing pending: an empty line just prompts again.
  REQUIRE(commands.interpret("") == TelnetCommands::Action::kText);
  CHECK(commands.text().empty());
}

TEST_CASE("telnet commands: a new query replaces the pending page", "[telnet][commands]") {
  TelnetCommands commands(telnet_test_index(), 5);
  REQUIRE(commands.interpret("chess") == TelnetCommands::Action::kAnswer);
  render_all(commands);
  REQUIRE(commands.pending());
  REQUIRE(commands.interpret("chess black") == TelnetCommands::Action::kAnswer);
  CHECK(render_all(commands) ==
        rows(0x265a, 0x265e) +
            "6 matches for 'chess black' (showing 1-5; press Enter for more)\r\n");
  // Errors and commands replace it too.
  REQUIRE(commands.interpret("/help") == TelnetCommands::Action::kText);
  CHECK_FALSE(commands.pending());
  CHECK(commands.interpret("") == TelnetCommands::Action::kText);
}

TEST_CASE("telnet commands: exactly one page has no paging suffix", "[telnet][commands]") {
  TelnetCommands commands(telnet_test_index(), 6);
  REQUIRE(commands.interpret("chess black") == TelnetCommands::Action::kAnswer);
  CHECK(render_all(commands) == rows(0x265a, 0x265f) + "6 matches for 'chess black'\r\n");
  CHECK_FALSE(commands.pending());
}

TEST_CASE("telnet commands: big answers render in slices and small pieces", "[telnet][commands]") {
  const std::string expected = rows(0x4e00, 0x4e00 + 1199) + "1200 matches for 'cjk'\r\n";
  for (std::size_t budget : {1u, 100u, 4096u, 1u << 20}) {
    CAPTURE(budget);
    TelnetCommands commands(telnet_test_index(), 0);  // 0: no paging
    REQUIRE(commands.interpret("cjk") == TelnetCommands::Action::kAnswer);
    std::string chunk;
    std::size_t largest = 0;
    std::string all;
    while (true) {
      chunk.clear();
      const bool more = commands.render(chunk, budget);
      largest = std::max(largest, chunk.size());
      all += chunk;
      if (!more) break;
    }
    CHECK(all == expected);
    CHECK(commands.rows_sent() == 1200);
    // A piece passes its budget by at most one slice of rows (each well under 100 bytes).
    CHECK(largest <= budget + TelnetCommands::kSliceRows * 100);
  }
  TelnetCommands paged(telnet_test_index(), 1000);
  REQUIRE(paged.interpret("cjk") == TelnetCommands::Action::kAnswer);
  CHECK(render_all(paged, 1000) ==
        rows(0x4e00, 0x4e00 + 999) +
            "1200 matches for 'cjk' (showing 1-1000; press Enter for more)\r\n");
  REQUIRE(paged.interpret("") == TelnetCommands::Action::kAnswer);
  CHECK(render_all(paged, 1000) ==
        rows(0x4e00 + 1000, 0x4e00 + 1199) + "1200 matches for 'cjk' (showing 1001-1200)\r\n");
}

TEST_CASE("telnet commands: commands and errors", "[telnet][commands]") {
  struct Row {
    std::string line;
    TelnetCommands::Action action;
    std::string text_starts;  // for kText
  };
  const std::vector<Row> table = {
      {"/quit", TelnetCommands::Action::kQuit, ""},
      {"/QUIT", TelnetCommands::Action::kQuit, ""},
      {" /quit now", TelnetCommands::Action::kQuit, ""},
      {"/exit", TelnetCommands::Action::kQuit, ""},
      {"/help", TelnetCommands::Action::kText, "Type words"},
      {"/Help", TelnetCommands::Action::kText, "Type words"},
      {"/?", TelnetCommands::Action::kText, "Type words"},
      {"/frobnicate", TelnetCommands::Action::kText, "error: unknown command '/frobnicate'"},
      {"/x\x1b", TelnetCommands::Action::kText, "error: unknown command '/x\\x1b'"},
      {"caf\xe9", TelnetCommands::Action::kText, "error: the line is not valid UTF-8"},
      {"\xff\xfe", TelnetCommands::Action::kText, "error: the line is not valid UTF-8"},
      {"", TelnetCommands::Action::kText, ""},
  };
  for (const Row& row : table) {
    CAPTURE(row.line);
    TelnetCommands commands(telnet_test_index(), 100);
    const TelnetCommands::Action action = commands.interpret(row.line);
    CHECK(action == row.action);
    if (action == TelnetCommands::Action::kText) {
      CHECK(commands.text().rfind(row.text_starts, 0) == 0);
      if (!commands.text().empty())
        CHECK(commands.text().substr(commands.text().size() - 2) == "\r\n");
    }
  }
}

TEST_CASE("telnet commands: /help explains the query language with examples",
          "[telnet][commands]") {
  TelnetCommands commands(telnet_test_index(), 100);
  REQUIRE(commands.interpret("/help") == TelnetCommands::Action::kText);
  const std::string& help = commands.text();
  for (const char* needle : {"chess black", "arrow*", "-black", "\"black arrow\"", "U+1F431",
                             "U+2600..U+26FF", "/quit", "Enter"}) {
    CAPTURE(needle);
    CHECK(help.find(needle) != std::string::npos);
  }
  // CRLF only, and no control character but CR LF.
  for (std::size_t i = 0; i < help.size(); ++i) {
    const auto c = static_cast<unsigned char>(help[i]);
    CAPTURE(i);
    if (c == '\n') CHECK(help[i - 1] == '\r');
    if (c < 0x20) CHECK((c == '\r' || c == '\n'));
  }
}

TEST_CASE("telnet commands: a query error is one error line", "[telnet][commands]") {
  for (const char* bad : {"\"black chess", "-black", "U+12G"}) {
    CAPTURE(bad);
    TelnetCommands commands(telnet_test_index(), 100);
    REQUIRE(commands.interpret(bad) == TelnetCommands::Action::kAnswer);
    const std::string answer = render_all(commands);
    CHECK(answer.rfind("error: ", 0) == 0);
    CHECK(answer.find("\r\n") == answer.size() - 2);
    CHECK(commands.failed());
    CHECK(commands.rows_sent() == 0);
  }
}

TEST_CASE("telnet commands: overlong line", "[telnet][commands]") {
  TelnetCommands commands(telnet_test_index(), 5);
  REQUIRE(commands.interpret("chess") == TelnetCommands::Action::kAnswer);
  render_all(commands);
  CHECK(commands.line_too_long(1024) == TelnetCommands::Action::kText);
  CHECK(commands.text() == "error: the line is longer than 1024 bytes; it was ignored\r\n");
  CHECK_FALSE(commands.pending());
}

TEST_CASE("telnet commands: goodbye and banner lines", "[telnet][commands]") {
  for (TelnetGoodbye why :
       {TelnetGoodbye::kQuit, TelnetGoodbye::kInterrupt, TelnetGoodbye::kEndOfInput,
        TelnetGoodbye::kControlCharacter, TelnetGoodbye::kIdleTimeout, TelnetGoodbye::kShutdown}) {
    const std::string line(goodbye_line(why));
    CAPTURE(line);
    CHECK(line.find("goodbye\r\n") != std::string::npos);
    CHECK_FALSE(goodbye_reason(why).empty());
  }
  CHECK(goodbye_line(TelnetGoodbye::kIdleTimeout) == "idle timeout, goodbye\r\n");
  CHECK(goodbye_line(TelnetGoodbye::kShutdown) == "server shutting down, goodbye\r\n");
  const std::string banner = banner_line("1.2.3");
  CHECK(banner.rfind("charfinder 1.2.3: ", 0) == 0);
  CHECK(banner.find("/help") != std::string::npos);
  CHECK(banner.substr(banner.size() - 2) == "\r\n");
}

}  // namespace charfinder

namespace charfinder {

TEST_CASE("telnet commands: did you mean", "[telnet][commands][suggest]") {
  TelnetCommands commands(telnet_test_index(), 100);
  REQUIRE(commands.interpret("chess blak") == TelnetCommands::Action::kAnswer);
  // The six black pieces of this small index.
  CHECK(render_all(commands) == "No match for 'chess blak'. Did you mean: chess black (6)?\r\n");
  REQUIRE(commands.interpret("xyzzyq") == TelnetCommands::Action::kAnswer);
  CHECK(render_all(commands) == "No match for 'xyzzyq'\r\n");
  REQUIRE(commands.interpret("/help") == TelnetCommands::Action::kText);
  CHECK(commands.text().find("Did you mean") != std::string::npos);
}

}  // namespace charfinder

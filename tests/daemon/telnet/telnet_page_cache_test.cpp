// TelnetCommands with a page cache: every answer, whether rendered fresh (first time) or
// taken from the cache (second time), equals the uncached answer, facts for the log included.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "daemon/http/response_cache.hpp"
#include "daemon/telnet/telnet_commands.hpp"
#include "index/icu_names.hpp"
#include "tests/daemon/telnet/telnet_test_index.hpp"

namespace charfinder {
namespace {

constexpr std::size_t k64KiB = std::size_t{64} * 1024;

struct Answer {
  std::string text;
  std::size_t rows_sent;
  std::size_t total;
  bool failed;
  bool pending;
  bool operator==(const Answer&) const = default;
};

// Interprets each line in turn (a fresh session per call) and renders each answer in pieces
// of at most `budget` bytes.
std::vector<Answer> session(const std::vector<std::string>& lines, std::size_t page_size,
                            TelnetPageCache* cache, std::size_t budget) {
  TelnetCommands commands(telnet_test_index(), page_size, cache);
  std::vector<Answer> answers;
  for (const std::string& line : lines) {
    Answer answer{};
    if (commands.interpret(line) == TelnetCommands::Action::kAnswer) {
      std::string chunk;
      for (int guard = 0; guard < 100000; ++guard) {
        chunk.clear();
        const bool more = commands.render(chunk, budget);
        answer.text += chunk;
        if (!more) break;
      }
      answer.rows_sent = commands.rows_sent();
      answer.total = commands.total();
      answer.failed = commands.failed();
    } else {
      answer.text = commands.text();
    }
    answer.pending = commands.pending();
    answers.push_back(answer);
  }
  return answers;
}

}  // namespace

TEST_CASE("telnet page cache: cached answers equal fresh ones", "[telnet][commands][cache]") {
  struct Case {
    std::vector<std::string> lines;
    std::size_t page_size;
    std::size_t budget;
  };
  const std::vector<Case> cases = {
      {{"chess black"}, 100, k64KiB},
      {{"chess", "", "", ""}, 5, k64KiB},           // every page, then nothing pending
      {{"cjk", "", "chess", "cjk", ""}, 1000, 64},  // pages over several slices, tiny pieces
      {{"chess -", "nomatchatall", "/help"}, 100, k64KiB},  // errors are never cached
      {{"  chess  white ", "chess white"}, 3, 100},         // the same query typed differently
      {{"cjk"}, 0, 4096},                                   // no paging: streamed, not cached
  };
  for (const Case& c : cases) {
    CAPTURE(c.lines, c.page_size, c.budget);
    TelnetPageCache cache(1 << 20);
    const auto expected = session(c.lines, c.page_size, nullptr, c.budget);
    CHECK(session(c.lines, c.page_size, &cache, c.budget) == expected);  // fills the cache
    CHECK(session(c.lines, c.page_size, &cache, c.budget) == expected);  // answers from it
    if (c.page_size == 0) CHECK(cache.bytes() == 0);
  }
}

TEST_CASE("telnet page cache: a repeated query is served from the cache",
          "[telnet][commands][cache]") {
  TelnetPageCache cache(1 << 20);
  session({"chess"}, 5, &cache, k64KiB);
  const std::size_t filled = cache.bytes();
  CHECK(filled > 0);
  session({"chess", "chess"}, 5, &cache, k64KiB);
  CHECK(cache.bytes() == filled);  // nothing new was rendered
  session({"chess", ""}, 5, &cache, k64KiB);
  CHECK(cache.bytes() > filled);  // the second page is another entry
}

}  // namespace charfinder

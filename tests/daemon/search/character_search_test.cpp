// CharacterSearch: the default languages come from the caller's Config snapshot (a view), and
// the spelling build can be stopped without anyone seeing a structure built halfway.
#include "daemon/search/character_search.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "daemon/telnet/telnet_commands.hpp"

namespace charfinder {
namespace {

const NameIndex& names() {
  static const NameIndex index = NameIndex::build_from_icu();
  return index;
}

const SourceTable* table() {
  std::string error;
  const SourceTable* t = embedded_table(error);
  if (t == nullptr) throw std::runtime_error(error);
  return t;
}

// The whole answer to `line` (paging off).
std::string answer(TelnetCommands& commands, std::string_view line) {
  if (commands.interpret(line) != TelnetCommands::Action::kAnswer) return commands.text();
  std::string out;
  while (commands.render(out, 1 << 20)) {
  }
  return out;
}

}  // namespace

TEST_CASE("character search: a scope views the languages it is given", "[search][languages]") {
  const CharacterSearch search(names(), table());
  const std::vector<std::string> german{"de"};
  const SearchScope scope = search.with_languages(german);
  CHECK(scope.sources == search.sources);
  CHECK(scope.languages.data() == german.data());  // not a copy
  const auto page = search.index.run("katze", scope);
  REQUIRE(std::holds_alternative<EntryPage>(page));
  CHECK(std::get<EntryPage>(page).total > 0);
  const auto english = search.index.run("katze", search.with_languages({}));
  REQUIRE(std::holds_alternative<EntryPage>(english));
  CHECK(std::get<EntryPage>(english).total == 0);
}

TEST_CASE("telnet: a session searches the default it was given, /lang overrides it",
          "[search][languages][telnet]") {
  const CharacterSearch search(names(), table());
  const std::vector<std::string> german{"de"};  // as a session's Config snapshot holds it
  TelnetCommands de(names(), 0, nullptr, &search, german);
  CHECK(answer(de, "katze").find("U+1F431") != std::string::npos);
  CHECK(answer(de, "/lang").find("English and de") != std::string::npos);
  answer(de, "/lang none");
  CHECK(answer(de, "katze").find("U+1F431") == std::string::npos);

  TelnetCommands english(names(), 0, nullptr, &search);
  CHECK(answer(english, "katze").find("U+1F431") == std::string::npos);
  CHECK(answer(english, "/lang").find("English only") != std::string::npos);
}

TEST_CASE("spelling: a stopped build keeps nothing, spelling() then builds in full",
          "[search][spelling]") {
  const CharacterSearch search(names(), table());
  std::stop_source stopped;
  stopped.request_stop();
  CHECK_FALSE(search.build_spelling(stopped.get_token()));
  CHECK(EntrySpelling::build(search.index, stopped.get_token()) == nullptr);

  const EntrySpelling reference(search.index);
  const EntrySpelling& built = search.spelling();
  CHECK(built.words() == reference.words());
  CHECK(built.memory_bytes() == reference.memory_bytes());
  CHECK(search.build_spelling(stopped.get_token()));  // built already: nothing to stop
  CHECK(&search.spelling() == &built);
}

TEST_CASE("spelling: a build stopped midway is never seen by a concurrent spelling()",
          "[search][spelling]") {
  const CharacterSearch reference_search(names(), table());
  const EntrySpelling reference(reference_search.index);
  // Stop after various delays: the build stops at some checkpoint (or finishes first);
  // whoever calls spelling() meanwhile gets the whole structure either way.
  for (const int delay_us : {0, 200, 2000, 20000}) {
    CAPTURE(delay_us);
    const CharacterSearch search(names(), table());
    std::jthread builder([&search](const std::stop_token& stop) { search.build_spelling(stop); });
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    builder.request_stop();
    const EntrySpelling& got = search.spelling();
    CHECK(got.words() == reference.words());
    CHECK(got.memory_bytes() == reference.memory_bytes());
    CHECK(!got.suggest(*parse_query("chess blak").query, search.with_languages({})).empty());
  }
}

}  // namespace charfinder

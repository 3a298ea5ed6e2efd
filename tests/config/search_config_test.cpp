// search.sources and search.languages (DESIGN.md "Beyond formal names").
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "config/config_loader.hpp"
#include "tests/config/config_test_helpers.hpp"

using charfinder::parse_config;
using namespace config_test;

TEST_CASE("search.sources and search.languages", "[config][loader][search]") {
  const charfinder::Config defaults;
  CHECK(defaults.search.sources.size() == 8);
  CHECK(defaults.search.languages.empty());
  auto result = parse_config(
      "search:\n  sources: [names, emoji]\n  languages: [de, zh-Hant, ALL]\n", "t.yaml");
  REQUIRE(result.config);
  CHECK(result.config->search.sources == std::vector<std::string>{"names", "emoji"});
  CHECK(result.config->search.languages == std::vector<std::string>{"de", "zh_hant", "all"});
  CHECK(joined(problems_of("search:\n  sources: [names, klingon]\n")) ==
        "t.yaml:2: search.sources[1]: expected one of names, aliases, named_sequences, "
        "informal_aliases, unicode1_names, emoji, cldr, unihan, got \"klingon\"\n");
  CHECK(joined(problems_of("search:\n  sources: [names, names]\n")) ==
        "t.yaml:2: search.sources[1]: \"names\" is listed twice\n");
  CHECK(joined(problems_of("search:\n  sources: names\n")).find("expected a list of names") !=
        std::string::npos);
  CHECK(
      joined(problems_of("search:\n  languages: [\"d e\"]\n")).find("expected a CLDR locale id") !=
      std::string::npos);
  CHECK(joined(problems_of("search:\n  language: [de]\n")).find("did you mean languages?") !=
        std::string::npos);
}

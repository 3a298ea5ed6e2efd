// tests/fuzz/name_aliases_fuzz.cpp
//
// libFuzzer target: sources/name_aliases.cpp on arbitrary NameAliases.txt text.
// Properties (beyond tests/fuzz/sources_fuzz_check.hpp): every row is a code point, a
// non-empty alias without ';' and one of the five alias types; the parser is line-local.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/sources_fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charfinder;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = sources::parse_name_aliases(text, fuzz::kFile);
  fuzz::check_problems(parsed, text);
  for (const sources::AliasRow& row : parsed.rows) {
    FUZZ_CHECK(fuzz::is_code_point(row.code), "a code point");
    FUZZ_CHECK(!row.alias.empty(), "an alias");
    FUZZ_CHECK(row.alias.find_first_of(";\n") == std::string::npos, "one field");
    FUZZ_CHECK(row.type == "correction" || row.type == "control" || row.type == "alternate" ||
                   row.type == "figment" || row.type == "abbreviation",
               "a known alias type");
  }
  if (const std::size_t cut = text.find('\n', size / 2); cut != std::string_view::npos)
    fuzz::check_split(sources::parse_name_aliases, text, cut,
                      [](const sources::AliasRow& a, const sources::AliasRow& b) {
                        return a.code == b.code && a.alias == b.alias && a.type == b.type;
                      });
  return 0;
}

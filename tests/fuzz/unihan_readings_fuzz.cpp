// tests/fuzz/unihan_readings_fuzz.cpp
//
// libFuzzer target: sources/unihan_readings.cpp on arbitrary Unihan_Readings.txt text.
// Properties (beyond tests/fuzz/sources_fuzz_check.hpp): every row is a code point, one of
// the six fields used and a non-empty value without a tab; the parser is line-local.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/sources_fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charfinder;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = sources::parse_unihan_readings(text, fuzz::kFile);
  fuzz::check_problems(parsed, text);
  for (const sources::UnihanRow& row : parsed.rows) {
    FUZZ_CHECK(fuzz::is_code_point(row.code), "a code point");
    FUZZ_CHECK(row.field == "kDefinition" || row.field == "kMandarin" ||
                   row.field == "kCantonese" || row.field == "kJapaneseOn" ||
                   row.field == "kJapaneseKun" || row.field == "kHangul",
               "a field the index uses");
    FUZZ_CHECK(!row.value.empty(), "a value");
    FUZZ_CHECK(row.value.find_first_of("\t\n") == std::string::npos, "one field");
  }
  if (const std::size_t cut = text.find('\n', size / 2); cut != std::string_view::npos)
    fuzz::check_split(sources::parse_unihan_readings, text, cut,
                      [](const sources::UnihanRow& a, const sources::UnihanRow& b) {
                        return a.code == b.code && a.field == b.field && a.value == b.value;
                      });
  return 0;
}

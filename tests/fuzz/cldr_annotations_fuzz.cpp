// tests/fuzz/cldr_annotations_fuzz.cpp
//
// libFuzzer target: sources/cldr_annotations.cpp (pugixml) on arbitrary CLDR annotation XML.
// Properties (beyond the problem checks of tests/fuzz/sources_fuzz_check.hpp): every row
// has one or more code points, none of them U+FE0F (CLDR's cp is read without it) and all
// within Unicode, and a non-empty text; the same bytes parse the same way twice.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/sources_fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charfinder;
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  const auto parsed = sources::parse_cldr_annotations(xml, fuzz::kFile);
  for (const std::string& problem : parsed.problems) {
    FUZZ_CHECK(problem.rfind(std::string(fuzz::kFile), 0) == 0, "a problem names the file");
    FUZZ_CHECK(problem.find('\n') == std::string::npos, "a problem is one line");
  }
  for (const sources::AnnotationRow& row : parsed.rows) {
    FUZZ_CHECK(!row.code_points.empty(), "code points");
    for (char32_t c : row.code_points) {
      FUZZ_CHECK(fuzz::is_code_point(c), "a code point");
      FUZZ_CHECK(c != 0xFE0F, "U+FE0F removed");
    }
    FUZZ_CHECK(!row.text.empty(), "a text");
  }
  const auto again = sources::parse_cldr_annotations(xml, fuzz::kFile);
  FUZZ_CHECK(again.rows.size() == parsed.rows.size() && again.problems == parsed.problems,
             "deterministic");
  return 0;
}

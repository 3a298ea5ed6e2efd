// tests/fuzz/sources_fuzz_check.hpp
//
// Properties shared by the data-file parser targets (names_list_fuzz, name_aliases_fuzz,
// emoji_test_fuzz, cldr_annotations_fuzz, unihan_readings_fuzz). The parsers run at build
// time (sources/datagen.cpp) on Debian's files; the targets make sure a damaged or hostile
// file gives problems, never a crash, a hang or a row outside Unicode.
//   - every problem is one line and starts with "FILE:" and a line number;
//   - at most one problem per input line;
//   - split_agrees: for a line-local parser, the input cut at a newline parses to the rows
//     and problem count of its two halves, in order (no state leaks across lines).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "sources/parsers.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace charfinder::fuzz {

inline constexpr std::string_view kFile = "fuzz.txt";

inline bool is_code_point(char32_t c) { return c <= 0x10FFFF; }

template <typename Row>
void check_problems(const sources::Parsed<Row>& parsed, std::string_view text) {
  const std::size_t lines =
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  FUZZ_CHECK(parsed.problems.size() <= lines, "at most one problem per line");
  for (const std::string& problem : parsed.problems) {
    FUZZ_CHECK(problem.rfind(std::string(kFile) + ":", 0) == 0, "a problem names the file");
    FUZZ_CHECK(problem.size() > kFile.size() + 1 && problem[kFile.size() + 1] >= '1' &&
                   problem[kFile.size() + 1] <= '9',
               "a problem names its line");
    FUZZ_CHECK(problem.find('\n') == std::string::npos, "a problem is one line");
  }
}

// `parse(text)` equals `parse(text before cut)` followed by `parse(text after cut)`, where
// `cut` is the position of a '\n'. `same` compares two rows.
template <typename Parse, typename Same>
void check_split(Parse parse, std::string_view text, std::size_t cut, Same same) {
  const auto whole = parse(text, kFile);
  const auto first = parse(text.substr(0, cut), kFile);
  const auto second = parse(text.substr(cut + 1), kFile);
  FUZZ_CHECK(whole.rows.size() == first.rows.size() + second.rows.size(),
             "the halves give the rows of the whole");
  FUZZ_CHECK(whole.problems.size() == first.problems.size() + second.problems.size(),
             "the halves give the problems of the whole");
  for (std::size_t i = 0; i < whole.rows.size(); ++i) {
    const auto& expected =
        i < first.rows.size() ? first.rows[i] : second.rows[i - first.rows.size()];
    FUZZ_CHECK(same(whole.rows[i], expected), "the halves give the same rows, in order");
  }
}

}  // namespace charfinder::fuzz

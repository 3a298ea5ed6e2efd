// tests/fuzz/emoji_test_fuzz.cpp
//
// libFuzzer target: sources/emoji_test.cpp on arbitrary emoji-test.txt text.
// Properties (beyond tests/fuzz/sources_fuzz_check.hpp): every row has one or more code
// points, never a single code point followed by U+FE0F alone (that is the code point), a
// non-empty name and an "E<version>"; the parser is line-local.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/sources_fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charfinder;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = sources::parse_emoji_test(text, fuzz::kFile);
  fuzz::check_problems(parsed, text);
  for (const sources::EmojiRow& row : parsed.rows) {
    FUZZ_CHECK(!row.code_points.empty(), "code points");
    for (char32_t c : row.code_points) FUZZ_CHECK(fuzz::is_code_point(c), "a code point");
    FUZZ_CHECK(!(row.code_points.size() == 2 && row.code_points[1] == 0xFE0F), "X FE0F is X");
    FUZZ_CHECK(!row.name.empty() && row.name.find('\n') == std::string::npos, "a name");
    FUZZ_CHECK(row.version.size() >= 1 && row.version[0] == 'E', "a version");
  }
  if (const std::size_t cut = text.find('\n', size / 2); cut != std::string_view::npos)
    fuzz::check_split(sources::parse_emoji_test, text, cut,
                      [](const sources::EmojiRow& a, const sources::EmojiRow& b) {
                        return a.code_points == b.code_points && a.name == b.name &&
                               a.version == b.version;
                      });
  return 0;
}

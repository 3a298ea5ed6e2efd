// tests/fuzz/names_list_fuzz.cpp
//
// libFuzzer target: sources/names_list.cpp on arbitrary NamesList.txt text.
// Properties (beyond tests/fuzz/sources_fuzz_check.hpp): every row belongs to a code point,
// is of kind '=', '*' or 'x', has a non-empty text, and an 'x' row's text is the 4 to 6 hex
// digits of a code point. The parser keeps the current character entry from line to line,
// so the split property holds only at a line that resets it (one that does not start with
// a tab, ';' or end at once: a character entry or an @ header).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/sources_fuzz_check.hpp"
#include "text/hex.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charfinder;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = sources::parse_names_list(text, fuzz::kFile);
  fuzz::check_problems(parsed, text);
  for (const sources::NamesListRow& row : parsed.rows) {
    FUZZ_CHECK(fuzz::is_code_point(row.code), "a code point");
    FUZZ_CHECK(row.kind == '=' || row.kind == '*' || row.kind == 'x', "a known kind");
    FUZZ_CHECK(!row.text.empty() && row.text.find('\n') == std::string::npos, "a text");
    if (row.kind == 'x') {
      const auto hex = parse_hex(row.text);
      FUZZ_CHECK(row.text.size() >= 4 && row.text.size() <= 6 && hex && *hex <= 0x10FFFF,
                 "a cross-reference is a code point's hex");
    }
  }
  for (std::size_t cut = text.find('\n', size / 2); cut != std::string_view::npos;
       cut = text.find('\n', cut + 1)) {
    const char next = cut + 1 < size ? text[cut + 1] : '\n';
    if (next == '\t' || next == ';' || next == '\n' || next == '\r') continue;
    fuzz::check_split(sources::parse_names_list, text, cut,
                      [](const sources::NamesListRow& a, const sources::NamesListRow& b) {
                        return a.code == b.code && a.kind == b.kind && a.text == b.text;
                      });
    break;
  }
  return 0;
}

#include "index/name_table.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "index/icu_names.hpp"
#include "index/name_index.hpp"

namespace charfinder {

TEST_CASE("the name table gives ICU's name of every code point", "[index][names]") {
  const NameIndex index = NameIndex::build_from_icu();
  const NameTable& table = index.name_table();
  std::size_t named = 0;
  std::size_t mismatches = 0;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    const std::string expected = unicode_name(c);
    std::string got;
    const bool found = table.append_name(got, c);
    if (found) ++named;
    if (found != !expected.empty() || got != expected) {
      if (++mismatches <= 5) {
        CAPTURE(static_cast<std::uint32_t>(c), expected, got);
        CHECK(got == expected);
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK(named == table.names());
  CHECK(named > 140000);
  // Compact: the algorithmic names (CJK, Tangut, Hangul, ...) are not stored.
  CHECK(table.memory_bytes() < std::size_t{2} * 1024 * 1024);
  CHECK(index.facts().name_table_bytes == table.memory_bytes());
}

TEST_CASE("a name table appends, and says when it has no name", "[index][names]") {
  NameTable table;
  table.add(0x41, "LATIN CAPITAL LETTER A");
  table.add(0x4E00, "CJK UNIFIED IDEOGRAPH-4E00");
  table.add(0x4E01, "CJK UNIFIED IDEOGRAPH-4E01");
  table.add(0xAC00, "HANGUL SYLLABLE GA");  // one syllable alone is stored as it is
  table.finish();
  std::string out = "x ";
  CHECK(table.append_name(out, 0x4E01));
  CHECK(out == "x CJK UNIFIED IDEOGRAPH-4E01");
  out.clear();
  CHECK(table.append_name(out, 0xAC00));
  CHECK(out == "HANGUL SYLLABLE GA");
  out.clear();
  CHECK_FALSE(table.append_name(out, 0x4E02));
  CHECK_FALSE(table.append_name(out, 0x42));
  CHECK(out.empty());
  CHECK(table.names() == 4);
}

}  // namespace charfinder

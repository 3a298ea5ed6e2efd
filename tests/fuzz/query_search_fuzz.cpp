// tests/fuzz/query_search_fuzz.cpp
//
// libFuzzer target: the query parser plus search on the real indexes: the formal-name index
// (built from ICU once) and the multi-source CharacterIndex over it and the embedded source
// table (every source, `lang:` and `scope:`; entry_search_check.hpp has its properties).
// Byte 0 picks the page size, bytes 1-2 the offset, bytes 1 ^ 2 the front end's scope; the
// rest is the query as a client typed it (any bytes: front ends reject invalid UTF-8, but the
// parser must survive it anyway).
// Run with -max_len=1100 (or more) and -len_control=0, or it never reaches the 1 KiB and
// 32-term limits.
// Properties: a query or a one-line error, never both; more than 1 KiB is an error; a query
// has 1..32 terms, at least one positive; results are strictly ascending code points
// <= U+10FFFF; a page is the slice [offset, offset + limit) of the full answer and its total
// is the same; every result is in every positive term's own answer and in no negative
// term's (the intersection-minus-union semantics of DESIGN.md); run_query agrees with
// parse_query + search.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "index/name_index.hpp"
#include "index/query.hpp"
#include "index/search.hpp"
#include "tests/fuzz/entry_search_check.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

const charfinder::NameIndex& index() {
  static const charfinder::NameIndex built = charfinder::NameIndex::build_from_icu();
  return built;
}

void check_ascending(const std::vector<char32_t>& codes) {
  for (std::size_t i = 0; i < codes.size(); ++i) {
    FUZZ_CHECK(codes[i] <= 0x10FFFF, "a code point");
    if (i > 0) FUZZ_CHECK(codes[i - 1] < codes[i], "results strictly ascending (unique)");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  static constexpr std::size_t kLimits[] = {1, 2, 3, 10, 100, 1000, charfinder::kNoLimit};
  const std::size_t limit = kLimits[data[0] % std::size(kLimits)];
  const std::size_t offset =
      (static_cast<std::size_t>(data[1]) << 8 | data[2]) * (data[0] >> 7 ? 2 : 1);
  const std::string_view text(reinterpret_cast<const char*>(data) + 3, size - 3);

  const charfinder::ParsedQuery parsed = charfinder::parse_query(text);
  check_entry_search(index(), text, parsed, offset, limit, data[1] ^ data[2]);
  FUZZ_CHECK(parsed.query.has_value() == parsed.error.empty(), "a query or an error");
  if (!parsed.query) {
    FUZZ_CHECK(parsed.error.find_first_of("\r\n") == std::string::npos, "a one-line error");
    const auto answer = charfinder::run_query(index(), text, offset, limit);
    FUZZ_CHECK(std::get<std::string>(answer) == parsed.error, "run_query gives the same error");
    return 0;
  }
  FUZZ_CHECK(text.size() <= charfinder::kMaxQueryBytes, "over 1 KiB is an error");
  const auto& terms = parsed.query->terms;
  FUZZ_CHECK(!terms.empty() && terms.size() <= charfinder::kMaxQueryTerms, "1..32 terms");
  FUZZ_CHECK(std::any_of(terms.begin(), terms.end(), [](const auto& t) { return !t.negated; }),
             "at least one positive term");

  const charfinder::SearchPage full = charfinder::search(index(), *parsed.query);
  check_ascending(full.code_points);
  FUZZ_CHECK(full.total == full.code_points.size(), "the full answer has every match");

  const charfinder::SearchPage page = charfinder::search(index(), *parsed.query, offset, limit);
  check_ascending(page.code_points);
  FUZZ_CHECK(page.total == full.total, "a page knows the total");
  FUZZ_CHECK(page.offset == offset, "a page says its offset");
  const std::size_t expected = offset >= full.total ? 0 : std::min(limit, full.total - offset);
  FUZZ_CHECK(page.code_points.size() == expected, "a page holds min(limit, total - offset)");
  FUZZ_CHECK(std::equal(page.code_points.begin(), page.code_points.end(),
                        full.code_points.begin() +
                            static_cast<std::ptrdiff_t>(std::min(offset, full.total))),
             "a page is a slice of the full answer");

  const auto answer = charfinder::run_query(index(), text, offset, limit);
  const auto* via_run = std::get_if<charfinder::SearchPage>(&answer);
  FUZZ_CHECK(via_run != nullptr && via_run->code_points == page.code_points &&
                 via_run->total == page.total,
             "run_query agrees with parse_query + search");

  // Semantics: each term alone, as a positive query.
  for (const charfinder::Term& term : terms) {
    charfinder::Query alone;
    alone.terms.push_back(term);
    alone.terms.back().negated = false;
    const auto own = charfinder::search(index(), alone).code_points;
    check_ascending(own);
    for (char32_t c : full.code_points) {
      const bool in = std::binary_search(own.begin(), own.end(), c);
      FUZZ_CHECK(in != term.negated, "in every positive term and in no negative term");
    }
  }
  return 0;
}

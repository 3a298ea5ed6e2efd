// tests/fuzz/entry_search_check.hpp
//
// The properties of the multi-source search (CharacterIndex, DESIGN.md "Beyond formal
// names") that query_search_fuzz checks on every input, beside the formal-name ones:
// a page or a one-line error (the parser's error when it rejects the text); a full answer
// is tier one (by name) then tier two, each strictly ascending by entry key, no entry in
// both; a page is the slice [offset, offset + limit) of the full answer with the same totals;
// with only `names` in the sources the answer is exactly the formal-name search; every
// other-tier row of a page is described by a text of a source in scope; every row has code
// points, a code label and a name.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "index/entry_search.hpp"
#include "index/name_index.hpp"
#include "index/query.hpp"
#include "index/search.hpp"
#include "index/source_table.hpp"
#include "sources/embedded_table.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

const charfinder::SourceTable& source_table() {
  static const charfinder::SourceTable table = [] {
    auto opened = charfinder::SourceTable::open(charfinder::embedded_source_table());
    FUZZ_CHECK(std::holds_alternative<charfinder::SourceTable>(opened), "the table opens");
    return std::get<charfinder::SourceTable>(std::move(opened));
  }();
  return table;
}

// The front end's scope, from one input byte: the sources (every one, only `names`, the
// name tier, or any set the byte spells) and the default languages.
charfinder::SearchScope scope_of(std::uint8_t byte) {
  using charfinder::Source;
  using charfinder::source_bit;
  charfinder::SearchScope scope;
  switch (byte & 3) {
    case 0:
      scope.sources = charfinder::kAllSources;
      break;
    case 1:
      scope.sources = source_bit(Source::kNames);
      break;
    case 2:
      scope.sources = source_bit(Source::kNames) | source_bit(Source::kAliases) |
                      source_bit(Source::kNamedSequences);
      break;
    default:
      scope.sources = static_cast<charfinder::SourceSet>(byte | 1);
      break;
  }
  static const std::vector<std::string> kLanguages[] = {{}, {"de"}, {"all"}, {"fr", "ja"}};
  scope.languages = kLanguages[(byte >> 2) & 3];
  return scope;
}

bool same_hits(const charfinder::EntryHit& a, const charfinder::EntryHit& b) {
  return a.key == b.key && a.entry == b.entry && a.by_name == b.by_name;
}

void check_entry_search(const charfinder::NameIndex& names, std::string_view text,
                        const charfinder::ParsedQuery& parsed, std::size_t offset,
                        std::size_t limit, std::uint8_t scope_byte) {
  static const charfinder::CharacterIndex index(names, &source_table());
  const charfinder::SearchScope scope = scope_of(scope_byte);
  auto answer = index.run(text, scope, offset, limit);
  if (auto* error = std::get_if<std::string>(&answer)) {
    FUZZ_CHECK(!error->empty() && error->find_first_of("\r\n") == std::string::npos,
               "a one-line error");
    FUZZ_CHECK(parsed.query ? parsed.query->languages.has_value() : *error == parsed.error,
               "the parser's error, or (for a query it accepts) a `lang:` one");
    return;
  }
  FUZZ_CHECK(parsed.query.has_value(), "no page for a query the parser rejects");
  auto& page = std::get<charfinder::EntryPage>(answer);
  const auto full = std::get<charfinder::EntryPage>(index.run(text, scope));

  FUZZ_CHECK(full.by_name <= full.total && full.hits.size() == full.total,
             "the full answer has every match");
  std::vector<charfinder::EntryKey> keys;
  for (std::size_t i = 0; i < full.hits.size(); ++i) {
    const bool tier_one = i < full.by_name;
    FUZZ_CHECK(full.hits[i].by_name == tier_one, "tier one (by name), then tier two");
    if (i > 0 && i != full.by_name)
      FUZZ_CHECK(full.hits[i - 1].key < full.hits[i].key, "each tier strictly ascending");
    keys.push_back(full.hits[i].key);
  }
  std::sort(keys.begin(), keys.end());
  FUZZ_CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end(), "no entry twice");

  FUZZ_CHECK(page.total == full.total && page.by_name == full.by_name && page.offset == offset,
             "a page knows the totals and its offset");
  const std::size_t from = std::min(offset, full.total);
  FUZZ_CHECK(page.hits.size() == std::min(limit, full.total - from), "a page is full");
  FUZZ_CHECK(std::equal(page.hits.begin(), page.hits.end(),
                        full.hits.begin() + static_cast<std::ptrdiff_t>(from), same_hits),
             "a page is a slice of the full answer");

  if (scope.sources == charfinder::source_bit(charfinder::Source::kNames)) {
    const auto formal = charfinder::search(names, *parsed.query).code_points;
    FUZZ_CHECK(full.by_name == full.total && formal.size() == full.total,
               "names only: as many as the formal-name search, all by name");
    for (std::size_t i = 0; i < formal.size(); ++i)
      FUZZ_CHECK(full.hits[i].key == charfinder::single_key(formal[i]),
                 "names only: the formal-name answer exactly");
  }

  index.describe(page);
  for (const charfinder::EntryHit& hit : page.hits) {
    const std::u32string code_points = index.code_points(hit);
    FUZZ_CHECK(!code_points.empty() && code_points.front() == charfinder::first_code_of(hit.key),
               "a row has its code points");
    for (char32_t c : code_points) FUZZ_CHECK(c <= 0x10FFFF, "a code point");
    FUZZ_CHECK(!charfinder::entry_code_label(code_points).empty(), "a row has a code label");
    (void)index.name(hit, scope.sources);
    if (hit.by_name) continue;
    FUZZ_CHECK(hit.match.has_value() && !hit.match->text.empty(), "a tier-two row says why");
    FUZZ_CHECK((scope.sources & charfinder::source_bit(hit.match->source)) != 0,
               "what matched is in scope");
    FUZZ_CHECK(!charfinder::match_label(*hit.match).empty(), "a match label");
  }
}

}  // namespace

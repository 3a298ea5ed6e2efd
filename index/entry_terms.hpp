// index/entry_terms.hpp
//
// One query term resolved against both indexes, for CharacterIndex::search
// (entry_search.cpp): the code points ICU's names give it (NameIndex) and the source-table
// entries that have it through a tier-name source or through any source in scope. A phrase
// is verified against the texts themselves; a range or a literal matches single code points.
// Internal to the index library. Thread-safe: a TermResolver reads only immutable data; a
// ResolvedTerm belongs to one search.
#pragma once

#include <bitset>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "index/entry_search.hpp"
#include "index/name_index.hpp"
#include "index/query.hpp"
#include "index/source_table.hpp"
#include "index/sources.hpp"

namespace charfinder {

using EntryIds = std::vector<std::uint32_t>;  // ascending SourceTable entry ids

// Which (source, language) lists of the table a search reads.
struct TableScope {
  SourceSet sources = kAllSources;
  std::bitset<256> langs;
  bool names_only = false;
  bool allows(Source s, std::uint16_t lang) const {
    return (sources & source_bit(s)) != 0 && lang < 256 && langs[lang] &&
           (!names_only || is_name_tier(s));
  }
};

// True when the ascending `list` holds entry `e` (never for kNoEntry).
bool has_entry(const EntryIds& list, std::uint32_t e);

struct ResolvedTerm {
  const Term* term = nullptr;
  bool codes = false;      // a range or literal: matches single code points only
  bool icu_words = false;  // ICU (names) can match it
  bool phrase = false;
  bool prefix = false;
  std::vector<std::string> table_words;  // words looked up in the table
  std::span<const char32_t> icu;         // names' candidates (before phrase check)
  std::vector<char32_t> icu_owned;
  EntryIds name_entries;  // table entries through tier-name sources (phrases verified)
  EntryIds any_entries;   // table entries through any source in scope (phrases verified)

  bool codes_contain(char32_t c) const;
  bool icu_match(char32_t c) const;
  bool name_match(EntryKey key, std::uint32_t e) const;
};

class TermResolver {
 public:
  // `table` may be null; all three must outlive the resolver.
  TermResolver(const NameIndex& names, const SourceTable* table, const TableScope& scope)
      : names_(names), table_(table), scope_(scope) {}

  // The extended rule 2: is every word of `words` in the vocabulary of the scope?
  bool in_vocabulary(const std::vector<std::string>& words) const;
  // `term` must outlive the result.
  ResolvedTerm resolve(const Term& term) const;

 private:
  void resolve_icu(ResolvedTerm& r) const;
  void table_entries(ResolvedTerm& r) const;
  bool entry_has_phrase(std::uint32_t e, const std::vector<std::string>& phrase,
                        bool name_tier) const;

  const NameIndex& names_;
  const SourceTable* table_;
  const TableScope& scope_;
};

}  // namespace charfinder

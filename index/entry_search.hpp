// index/entry_search.hpp
//
// CharacterIndex: search over entries (code points and sequences) and their texts from
// every source (DESIGN.md "Beyond formal names"). It combines the formal-name index built
// from ICU at start-up (NameIndex, source `names`) with the generated SourceTable (the
// other seven sources), and answers in two tiers:
//   - by name: every positive term matches through a tier-name source (names, aliases,
//     named_sequences) and no negative term does: exactly the formal-name answer;
//   - other: every positive term matches through some text in scope, no negative term
//     matches any, and the entry is not by name.
// Each tier ascends by EntryKey (a sequence sorts by its code points). A term matches an
// entry when it occurs in one of the entry's texts in scope (a phrase: within one text; a
// hyphenated word's parts: in the same tier). In scope: the sources of SearchScope, English
// (Unicode's data and CLDR en, en_*) and the languages asked for (`lang:` in the query, else
// SearchScope::languages); `scope:names` keeps only the tier-name sources.
// With only `names` in the sources, answers equal search() over the NameIndex exactly.
// Thread-safe: reads only immutable data; the index and table must outlive it.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "index/name_index.hpp"
#include "index/query.hpp"
#include "index/search.hpp"
#include "index/source_table.hpp"
#include "index/sources.hpp"

namespace charfinder {

inline constexpr std::uint32_t kNoEntry = 0xFFFFFFFFu;

// What the front end (and the configuration) decide about a search.
// A view, cheap to copy: whoever builds one keeps the language strings alive as long as the
// scope (or an answer being computed with it) is in use. The daemon points it at the request's
// or session's configuration snapshot (search.languages) or at the request's own list.
struct SearchScope {
  SourceSet sources = kAllSources;
  // Languages searched besides English when the query has no `lang:` ("de", "all", ...).
  std::span<const std::string> languages;
};

// What matched an entry of the other tier, for the row's fourth field.
struct EntryMatch {
  Source source;
  std::string lang;  // CLDR locale id, "" for Unicode's own data
  std::string text;  // the keyword, alias, name or definition that matched
};

struct EntryHit {
  EntryKey key = 0;
  std::uint32_t entry = kNoEntry;  // the SourceTable entry, if it has one
  bool by_name = true;
  std::optional<EntryMatch> match;  // filled by CharacterIndex::describe() for other rows
};

struct EntryPage {
  std::size_t total = 0;    // every match, both tiers
  std::size_t by_name = 0;  // of which the first tier
  std::size_t offset = 0;
  std::vector<EntryHit> hits;  // [offset, offset + limit) of tier one, then tier two
  // What describe() needs to say what matched (set by search()).
  std::vector<std::vector<std::string>> match_words;  // per positive word-like term
  std::vector<bool> match_phrase;
  std::vector<bool> match_prefix;
  std::bitset<256> langs_in_scope;  // table language ids
  SourceSet sources = kAllSources;
};

class CharacterIndex {
 public:
  // `table` may be null (only `names`, e.g. in tests).
  CharacterIndex(const NameIndex& names, const SourceTable* table);

  std::variant<EntryPage, std::string> search(const Query& query, const SearchScope& scope,
                                              std::size_t offset = 0,
                                              std::size_t limit = kNoLimit) const;
  // parse_query() then search(): a page or a one-line error.
  std::variant<EntryPage, std::string> run(std::string_view text, const SearchScope& scope,
                                           std::size_t offset = 0,
                                           std::size_t limit = kNoLimit) const;

  // Fills hit.match for the other-tier hits of `page` (reads their texts: call it for the
  // rows actually shown).
  void describe(EntryPage& page) const;

  // The code points of a hit's entry.
  std::u32string code_points(const EntryHit& hit) const;
  // The name shown in a row: ICU's display name for a code point; for a sequence, its
  // NamedSequences.txt name, else its emoji name, else its English CLDR name.
  std::string name(const EntryHit& hit, SourceSet sources = kAllSources) const;
  // The same, appended to `out` (no allocation for a named single code point: the rows'
  // hot path).
  void append_name(std::string& out, const EntryHit& hit, SourceSet sources = kAllSources) const;

  // The CLDR locales with texts ("af", "am", ... "zu"), sorted; empty without a table.
  std::vector<std::string> languages() const;
  // The known locales among BCP 47 / CLDR tags in order of preference ("de-DE" -> "de_de"
  // when the table has de_DE, else "de"): for Accept-Language. Unknown tags are dropped;
  // English is dropped (it is always searched), "*" too.
  std::vector<std::string> known_languages(const std::vector<std::string>& tags) const;
  // The table languages a search with the `lang:` codes `codes` reads: English always, and
  // the locales the codes cover (every one for "all"). Indexed by table language id.
  std::bitset<256> language_scope(std::span<const std::string> codes) const;
  // "" when every code of `codes` is a known language (or "all"), else the message.
  std::string check_languages(std::span<const std::string> codes) const;

  const NameIndex& names() const { return names_; }
  const SourceTable* table() const { return table_; }

 private:
  const NameIndex& names_;
  const SourceTable* table_;
  NameIndex empty_names_;     // when `names` is not in the sources
  std::bitset<256> english_;  // table languages always in scope: "" (Unicode's), en, en_*
};

// True when the table locale `lang` ("de_CH", "zh_Hant") is `code` ("de_ch", "zh_hant") or
// a variant of it ("de" covers "de_CH"); ASCII case-insensitive.
bool language_covers(std::string_view lang, std::string_view code);

// The fourth field of an other-tier row: "= lightning symbol", "de: Katze",
// "definition: cat", "emoji: cat face", "Unicode 1.0: SLASH".
std::string match_label(const EntryMatch& match);
// A hit's code as shown: "U+1F431", or a sequence's labels joined by spaces.
std::string entry_code_label(std::u32string_view code_points);

}  // namespace charfinder

// index/entry_spelling.hpp
//
// "Did you mean" and completion over the multi-source CharacterIndex (issue 10): the
// vocabulary is every word of every source and language (the formal names' NameIndex words
// and the source table's), and EntryOracle answers correction.hpp's questions in the scope of
// one request: the configured sources, English plus the query's `lang:` languages (else the
// front end's default), `scope:names`.
//
// Memory: SpellingIndexes that view the NameIndex's and the table's vocabularies (no words are
// copied), the names' and the whole table's, plus one over a copy of the words English
// searches read (names and English table words): about 6 MB for the ~300k words of every
// source and language (see README "Figures").
// Thread-safe: immutable after construction; EntryOracle is per request.
#pragma once

#include <bitset>
#include <cstddef>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "index/correction.hpp"
#include "index/entry_search.hpp"
#include "index/spelling.hpp"
#include "index/spelling_set.hpp"

namespace charfinder {

// The CorrectionOracle of one request. entries_with() is an estimate (the sizes of the posting
// lists in scope, an entry found through two lists counting twice) that is 0 exactly when the
// word is not in scope; count() runs the real search.
class EntryOracle final : public CorrectionOracle {
 public:
  // `index` must outlive the oracle, and so must the scope's languages (a view) when the
  // query has no `lang:`. The languages are the query's `lang:` (copied), else the scope's.
  EntryOracle(const CharacterIndex& index, SearchScope scope, const Query& query);
  // scope_ may view query_languages_: not copyable.
  EntryOracle(const EntryOracle&) = delete;
  EntryOracle& operator=(const EntryOracle&) = delete;

  std::size_t entries_with(std::string_view word) const override;
  bool entries_exact() const override { return false; }
  bool has_prefix(std::string_view prefix) const override;
  std::size_t count(const Query& query) const override;
  bool knows_language(std::string_view code) const override;
  std::vector<std::string> language_codes() const override;
  std::unique_ptr<CorrectionOracle> with_languages(
      const std::vector<std::string>& codes) const override;

 private:
  bool allows(const PostingList& list) const;

  const CharacterIndex* index_;
  std::vector<std::string> query_languages_;  // the query's `lang:` codes, if it has them
  SearchScope scope_;                         // with the query's languages
  bool names_only_ = false;
  bool use_names_ = true;
  bool use_table_ = true;
  std::bitset<256> langs_;
};

class EntrySpelling {
 public:
  // Builds the spelling indexes of `index`'s vocabularies; `index` (its NameIndex and table)
  // must outlive this and stay where it is.
  explicit EntrySpelling(const CharacterIndex& index);
  // The same, but it gives up once `stop` is requested: it checks between its steps (each
  // vocabulary's sorts and passes; the longest is one sort of the table's vocabulary) and
  // then returns nullptr. Never returns a structure built halfway: all of it or nothing.
  static std::unique_ptr<EntrySpelling> build(const CharacterIndex& index,
                                              const std::stop_token& stop);
  EntrySpelling(const EntrySpelling&) = delete;
  EntrySpelling& operator=(const EntrySpelling&) = delete;

  // The vocabulary searched for a query in `scope`: the names' and the English table words
  // (what every search reads), or every table word when other languages are in scope.
  SpellingSet vocabulary(bool other_languages) const;
  // Up to kMaxSuggestions corrected queries with matches (suggest_corrections()).
  std::vector<Suggestion> suggest(const Query& query, const SearchScope& scope) const;
  // Completions of the last word (complete_last_word()).
  std::vector<Completion> complete(const Query& query, const SearchScope& scope,
                                   std::size_t limit = kMaxCompletions) const;

  std::size_t words() const;         // vocabulary words (the two parts, overlaps counted twice)
  std::size_t memory_bytes() const;  // of the spelling structures (not the vocabularies)

 private:
  // Stops early, leaving members empty, once `stop` is requested (build() then discards it).
  EntrySpelling(const CharacterIndex& index, const std::stop_token& stop);

  const CharacterIndex& index_;
  SpellingIndex names_;
  std::optional<SpellingIndex> table_;  // every word of the table
  // The names' words and the table words that some English (or Unicode's own) text has, in
  // one vocabulary of its own (about 33k words): what a query in the default scope walks,
  // once, instead of 306k words in two walks.
  std::unique_ptr<OwnedWords> common_words_;
  std::optional<SpellingIndex> common_;
};

}  // namespace charfinder

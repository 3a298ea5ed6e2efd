// index/name_index.hpp
//
// NameIndex maps each word of a Unicode character name or alias to the code points whose
// names contain it. Layout: a sorted vocabulary of words (one string arena + offsets) and, per
// word, a sorted posting list of code points in one flat array. Built once at start-up and
// never changed afterwards, so any number of threads may read it without locking.
// Not copyable (it is large); movable; share it by const&.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/icu_names.hpp"
#include "index/name_table.hpp"
#include "index/sorted_words.hpp"

namespace charfinder {

struct IndexFacts {
  std::size_t words = 0;             // distinct words in the vocabulary
  std::size_t postings = 0;          // total (word, code point) pairs
  std::size_t named_chars = 0;       // distinct code points with at least one word
  std::size_t memory_bytes = 0;      // heap bytes held by the index (not its name table)
  std::size_t name_table_bytes = 0;  // heap bytes of the names kept for rows
};

class NameIndex {
 public:
  // Tests pass a handful of rows; production passes read_icu_names(). Words are split by
  // tokenize_name() (spaces and hyphens; hex suffix of algorithmic names dropped).
  static NameIndex build(std::span<const NamedChar> names);
  static NameIndex build_from_icu();
  // ICU's names and aliases plus further rows (any order, e.g. another name table): their words
  // become more postings of the same vocabulary.
  static NameIndex build_from_icu(std::span<const NamedChar> more_names);

  NameIndex(NameIndex&&) noexcept = default;
  NameIndex& operator=(NameIndex&&) noexcept = default;
  NameIndex(const NameIndex&) = delete;
  NameIndex& operator=(const NameIndex&) = delete;

  // Code points whose names contain `word`, ascending. `word` must already be folded
  // (see fold.hpp). Returns an empty span for an unknown word; never throws.
  std::span<const char32_t> exact(std::string_view word) const;

  // The posting lists of every vocabulary word starting with `prefix` (folded), for the
  // caller to union. Empty when no word has that prefix.
  std::vector<std::span<const char32_t>> prefixed(std::string_view prefix) const;

  IndexFacts facts() const;

  // ICU's Unicode names, kept compactly for rendering rows (filled by build_from_icu(); empty
  // for an index built from rows, whose callers then ask ICU).
  const NameTable& name_table() const { return name_table_; }

  // The sorted vocabulary, as a view of this index's own arrays (for spelling.hpp). Valid
  // until the index is destroyed or moved (a short arena may live inside the string).
  SortedWords vocabulary() const { return SortedWords(arena_, word_starts_); }

 private:
  std::size_t word_count() const;
  std::string_view word_at(std::size_t i) const;                   // REQUIRES: i < word_count()
  std::span<const char32_t> postings_of(std::size_t i) const;      // REQUIRES: i < word_count()
  std::size_t first_word_not_before(std::string_view word) const;  // binary search
  friend class NameIndexBuilder;  // name_index.cpp: fills the arrays below, once
  NameIndex() = default;
  std::string arena_;                       // every word, concatenated, in sorted order
  std::vector<std::uint32_t> word_starts_;  // word i is arena_[word_starts_[i], word_starts_[i+1])
  std::vector<std::uint32_t> posting_starts_;  // same shape, into postings_
  std::vector<char32_t> postings_;
  std::size_t named_chars_ = 0;
  NameTable name_table_;
};

}  // namespace charfinder

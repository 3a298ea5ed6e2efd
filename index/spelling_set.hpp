// index/spelling_set.hpp
//
// SpellingSet: the vocabulary corrections and completions are searched in, made of one or
// more SpellingIndexes (spelling.hpp): the formal names' vocabulary and the source table's.
// Their words are merged, a word in both counting once. It views them (they must outlive it);
// cheap to copy; thread-safe (read-only).
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "index/spelling.hpp"

namespace charfinder {

class SpellingSet {
 public:
  SpellingSet(const SpellingIndex& one) : parts_{&one} {}  // NOLINT: implicit on purpose
  explicit SpellingSet(std::vector<const SpellingIndex*> parts) : parts_(std::move(parts)) {}

  struct Near {
    std::string_view word;
    unsigned distance = 0;
  };
  // The words within spelling_distance_for() of `word` (not `word` itself), nearest first,
  // then in byte order.
  std::vector<Near> near(std::string_view word) const;
  // SpellingIndex::near_prefixes over every part, merged (not `prefix` itself); nearest first,
  // then in byte order.
  std::vector<SpellingIndex::NearPrefix> near_prefixes(std::string_view prefix,
                                                       unsigned max_distance) const;
  // Up to `limit` of the heaviest words with `prefix` of each part, distinct.
  std::vector<std::string_view> heaviest_with_prefix(std::string_view prefix,
                                                     std::size_t limit) const;

 private:
  std::vector<const SpellingIndex*> parts_;
};

}  // namespace charfinder

// index/sorted_words.hpp
//
// SortedWords: a non-owning view of a sorted vocabulary laid out as NameIndex keeps it, one
// string arena of words concatenated in ascending byte order (which for UTF-8 is code point
// order) and the offset of each word, plus one final offset. It is the seam between an index
// and the spelling structures (spelling.hpp): NameIndex hands out a view of its own arrays, a
// test or benchmark builds an OwnedWords from any list of words; a subset of a vocabulary is
// viewed through the ids of its words. Cheap to copy; valid while the arrays it views are.
// Thread-safe: read-only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

class SortedWords {
 public:
  SortedWords() = default;
  // REQUIRES: starts.size() == word count + 1, words ascending and distinct.
  SortedWords(std::string_view arena, std::span<const std::uint32_t> starts)
      : arena_(arena), starts_(starts) {}
  // A subset of that vocabulary: word i is the vocabulary's word ids[i].
  // REQUIRES: ids ascending, each < the vocabulary's size.
  SortedWords(std::string_view arena, std::span<const std::uint32_t> starts,
              std::span<const std::uint32_t> ids)
      : arena_(arena), starts_(starts), ids_(ids), subset_(true) {}

  std::size_t size() const {
    if (subset_) return ids_.size();
    return starts_.empty() ? 0 : starts_.size() - 1;
  }
  std::string_view operator[](std::size_t i) const {  // REQUIRES: i < size()
    const std::size_t w = subset_ ? ids_[i] : i;
    return arena_.substr(starts_[w], starts_[w + 1] - starts_[w]);
  }
  std::size_t arena_bytes() const { return arena_.size(); }
  // The words ids[0], ids[1], ... of this (whole) vocabulary; `ids` must outlive the view.
  SortedWords subset(std::span<const std::uint32_t> ids) const {
    return SortedWords(arena_, starts_, ids);
  }

  // The first index whose word is not less than `word` (size() if none).
  std::size_t lower_bound(std::string_view word) const {
    const auto indices = std::views::iota(std::size_t{0}, size());
    return *std::ranges::partition_point(indices, [&](std::size_t i) { return (*this)[i] < word; });
  }
  bool contains(std::string_view word) const {
    const std::size_t i = lower_bound(word);
    return i < size() && (*this)[i] == word;
  }

 private:
  std::string_view arena_;
  std::span<const std::uint32_t> starts_;
  std::span<const std::uint32_t> ids_;
  bool subset_ = false;
};

// Owns the arrays of a SortedWords built from any list of words (sorted and deduplicated
// here). Not copyable: views() point into it. For tests, benchmarks and sources without an
// arena of their own.
class OwnedWords {
 public:
  explicit OwnedWords(std::vector<std::string> words) {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    starts_.reserve(words.size() + 1);
    for (const std::string& word : words) {
      starts_.push_back(static_cast<std::uint32_t>(arena_.size()));
      arena_ += word;
    }
    starts_.push_back(static_cast<std::uint32_t>(arena_.size()));
  }
  OwnedWords(const OwnedWords&) = delete;
  OwnedWords& operator=(const OwnedWords&) = delete;

  SortedWords view() const { return SortedWords(arena_, starts_); }
  std::size_t memory_bytes() const {
    return arena_.capacity() + starts_.capacity() * sizeof(std::uint32_t);
  }

 private:
  std::string arena_;
  std::vector<std::uint32_t> starts_;
};

}  // namespace charfinder

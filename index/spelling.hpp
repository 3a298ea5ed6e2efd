// index/spelling.hpp
//
// SpellingIndex finds the words of a sorted vocabulary (sorted_words.hpp) that are close to
// a misspelt word, and the heaviest words that complete a prefix. It holds no words of its
// own: it views the vocabulary's arena (which must outlive it) and adds, per vocabulary word,
// four 32-bit word ids and three bytes (about 5 MiB for 275k words). Built once, then
// immutable: any number of threads may call its const members.
//
// Distance. True (unrestricted) Damerau-Levenshtein distance over code points: insertions,
// deletions, substitutions and transpositions of adjacent code points, computed with the
// Lowrance-Wagner recurrence. Unlike the "optimal string alignment" variant it is a metric and
// lets a transposed pair be edited again ("CA" -> "ABC" is 2, OSA says 3), so the candidates of
// a word are exactly the words within the distance, whatever mix of typos made them. Words are
// folded UTF-8 of any script; a code point is one unit (an accented letter folded to two code
// points is two).
//
// Search. A depth-first walk over the sorted vocabulary as an implicit trie: consecutive words
// share their dynamic-programming rows for their common prefix, and a prefix whose row has no
// cell <= the distance ends its whole subtree, skipped by reading the common prefixes of
// neighbouring words or by a galloping search. When the row's best cell equals the distance,
// only the children that can still be paid for (a diagonal match from a cell at the distance,
// or an affordable transposition) are visited; the others are skipped without a row.
// In an optimal alignment of a word within distance k of q (longer than k), everything before
// the first code point that is kept (matched or transposed) is edited, so that code point is
// among the word's first k + 1 and among q's first k + 2 ("the head"). The walk is therefore
// split by the position f of the word's first head code point: f = 0 walks the vocabulary
// itself, f = 1 and f = 2 walk two permutations sorted by the word without its first one or
// two code points, starting from the row that code points outside the head produce (after
// capping at k + 1 it is the same whichever they are). Each walk enters only the subtrees that
// start with a head code point, instead of every one of the vocabulary's thousands of first
// code points and tens of thousands of two-code-point prefixes (CJK, kana, Hangul). Measured in
// bench/spelling_bench.cpp against the plain walk, a BK-tree and a full scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "index/sorted_words.hpp"

namespace charfinder {

// Query words longer than this (in code points) get no candidates: no vocabulary word is a typo
// away from them in practice, and it bounds the walk's rows.
inline constexpr std::size_t kMaxSpellingCodePoints = 32;

// Distances asked for above this are taken as this (it keeps the walk's rows in bytes).
inline constexpr unsigned kMaxSpellingDistance = 32;

// The distance a query word may be corrected by (issue 10): 1 for words of up to 4 code
// points, 2 for longer ones.
constexpr unsigned spelling_distance_for(std::size_t code_points) {
  return code_points <= 4 ? 1 : 2;
}

// True Damerau-Levenshtein distance between two code point strings (see above).
std::size_t damerau_levenshtein(std::u32string_view a, std::u32string_view b);

struct NearWord {
  std::uint32_t word = 0;  // index into the vocabulary
  std::uint32_t distance = 0;
  friend bool operator==(const NearWord&, const NearWord&) = default;
};

class SpellingIndex {
 public:
  enum class Strategy {
    kSplitWalks,  // the three walks described above (production)
    kPlainWalk,   // one walk over the whole vocabulary: the baseline the benchmark compares
  };

  // `weights[i]` ranks word i for completion (e.g. its number of entries); empty: all equal.
  // REQUIRES: weights is empty or has words.size() elements.
  // `stop`: checked between the build's steps (each sort, each pass over the words); once a
  // stop is requested the constructor returns at the next check and the index is incomplete:
  // the caller must then discard it (stop.stop_requested() stays true, so it can tell).
  explicit SpellingIndex(SortedWords words, std::span<const std::uint32_t> weights = {},
                         Strategy strategy = Strategy::kSplitWalks,
                         const std::stop_token& stop = {});
  SpellingIndex(SpellingIndex&&) noexcept = default;
  SpellingIndex& operator=(SpellingIndex&&) noexcept = default;
  SpellingIndex(const SpellingIndex&) = delete;
  SpellingIndex& operator=(const SpellingIndex&) = delete;

  SortedWords words() const { return words_; }

  // Every vocabulary word within distance `max_distance` of the folded `word` (including
  // `word` itself, at distance 0, when it is in the vocabulary), ascending by index. Empty
  // for an empty word or one longer than kMaxSpellingCodePoints. The split walks answer
  // distances 1 and 2 for words longer than the distance (all that spelling_distance_for()
  // asks); other distances take the plain walk (milliseconds on a large vocabulary), and
  // distances above kMaxSpellingDistance are taken as it.
  std::vector<NearWord> near(std::string_view word, unsigned max_distance) const;
  std::vector<NearWord> near(std::string_view word) const;  // distance by spelling_distance_for

  // Prefixes of vocabulary words within distance `max_distance` of the folded `prefix` and
  // at most one code point shorter or longer than it, leaving out any that another extends
  // (for BLAK: BLACK, not BLA or BLAC, which would only add matches the typist did not mean),
  // in ascending order, with their distances. For correcting `blak*`.
  struct NearPrefix {
    std::string prefix;
    std::uint32_t distance = 0;
  };
  std::vector<NearPrefix> near_prefixes(std::string_view prefix, unsigned max_distance) const;

  // The indices of the words starting with the folded `prefix`, [first, last).
  std::pair<std::size_t, std::size_t> prefix_range(std::string_view prefix) const;

  // Up to `limit` words starting with `prefix`, heaviest first (ties in vocabulary order).
  // Costs at most min(range, limit * vocabulary / range) steps, so short prefixes with huge
  // ranges are as cheap as long ones.
  std::vector<std::uint32_t> heaviest_with_prefix(std::string_view prefix, std::size_t limit) const;

  std::size_t memory_bytes() const;  // heap bytes of the arrays below (not the vocabulary)

 private:
  SortedWords words_;
  Strategy strategy_ = Strategy::kSplitWalks;
  std::vector<std::uint32_t> skip1_;  // words of >= 2 code points, by the word minus its first
  std::vector<std::uint32_t> skip2_;  // words of >= 3 code points, by the word minus two
  // The bytes each key shares with the one before it in the vocabulary, skip1_ and skip2_
  // (capped at 255): a dead subtree is skipped by reading them instead of comparing keys.
  std::vector<std::uint8_t> lcp0_;
  std::vector<std::uint8_t> lcp1_;
  std::vector<std::uint8_t> lcp2_;
  std::vector<std::uint8_t> blocks0_;  // the minimum of each 32 of lcp0_ (lcp1_, lcp2_)
  std::vector<std::uint8_t> blocks1_;
  std::vector<std::uint8_t> blocks2_;
  std::vector<std::uint32_t> by_weight_;    // word ids, heaviest first
  std::vector<std::uint32_t> weight_rank_;  // word id -> its position in by_weight_
};

}  // namespace charfinder

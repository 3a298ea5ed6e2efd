// index/correction.hpp
//
// "Did you mean" and completion (issue 10), as pure functions over a parsed Query, a
// SpellingIndex of the vocabulary and a CorrectionOracle, the small seam to whichever index
// answers queries (today's NameIndex, the multi-source index later) and knows the scope
// (sources, languages). Nothing here depends on the index type. Thread-safe when the oracle
// is: everything else is read-only.
//
// Suggestions. Every word of a word, prefix or phrase term (negated ones too) that is not in
// the vocabulary in scope is replaced by candidates within Damerau-Levenshtein distance 1 (up to
// 4 code points) or 2 (longer); a prefix that no word in scope starts with, by prefixes of
// words (spelling.hpp). Words that exist stay. Combinations are tried best first, by total
// distance and then by how common the replacement words are; each is counted by the oracle,
// and those with matches are kept. The answer: up to three corrected queries, by total
// distance and then by number of matches (most first), then by text.
//
// Bounds (a pathological query costs at most this much): at most kMaxCorrectedWords unknown
// words (more: no suggestion); for each, at most kMaxCandidatesExamined candidates are weighed
// (nearest first) and the kMaxCandidatesPerWord best kept; at most kMaxCountCalls
// combinations are counted. A word longer than kMaxSpellingCodePoints has no candidates.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "index/name_index.hpp"
#include "index/query.hpp"
#include "index/spelling.hpp"

namespace charfinder {

inline constexpr std::size_t kMaxSuggestions = 3;
inline constexpr std::size_t kMaxCorrectedWords = 6;
inline constexpr std::size_t kMaxCandidatesExamined = 256;
inline constexpr std::size_t kMaxCandidatesPerWord = 8;
inline constexpr std::size_t kMaxCountCalls = 48;
inline constexpr std::size_t kMaxCompletions = 10;
inline constexpr std::size_t kCompletionCandidates = 24;  // heaviest words counted with the rest

// What correction needs from an index. Implementations must be cheap for entries_with()
// (it is asked for every candidate word) and may be slower for count().
class CorrectionOracle {
 public:
  virtual ~CorrectionOracle() = default;
  // Entries whose texts in scope contain the folded `word`; 0 when it is not a word in scope.
  virtual std::size_t entries_with(std::string_view word) const = 0;
  // True when some word in scope starts with the folded `prefix`.
  virtual bool has_prefix(std::string_view prefix) const = 0;
  // The number of entries matching `query`.
  virtual std::size_t count(const Query& query) const = 0;
};

// The oracle of today's formal-name index: the whole vocabulary is in scope.
class NameIndexOracle final : public CorrectionOracle {
 public:
  explicit NameIndexOracle(const NameIndex& index) : index_(&index) {}
  std::size_t entries_with(std::string_view word) const override;
  bool has_prefix(std::string_view prefix) const override;
  std::size_t count(const Query& query) const override;

 private:
  const NameIndex* index_;
};

// The SpellingIndex of a NameIndex's vocabulary, each word weighted by its number of code
// points. It views the index's arena: `index` must outlive it.
SpellingIndex spelling_index_of(const NameIndex& index);

struct Suggestion {
  std::string query;         // query text, e.g. "chess black"
  std::size_t total = 0;     // its matches (> 0)
  std::size_t distance = 0;  // total edit distance from the query as typed
  friend bool operator==(const Suggestion&, const Suggestion&) = default;
};

// Up to kMaxSuggestions corrected queries with matches; empty when every word is known, when
// some unknown word has no candidate, or when no combination has matches.
std::vector<Suggestion> suggest_corrections(const Query& query, const SpellingIndex& spelling,
                                            const CorrectionOracle& oracle);

struct Completion {
  std::string word;       // the folded completed word, e.g. "CHESS"
  std::string query;      // the query text with its last word completed, e.g. "white chess"
  std::size_t total = 0;  // matches of that query (> 0)
};

// Completions of the last word of `query` (the last word of its last term, when that is a
// word, prefix or phrase term; else none): vocabulary words starting with it, ranked by the
// matches each keeps together with the rest of the query (most first, then alphabetically),
// those with none left out, at most `limit`. Only the kCompletionCandidates heaviest words
// with that prefix are counted, so the cost does not grow with the vocabulary.
std::vector<Completion> complete_last_word(const Query& query, const SpellingIndex& spelling,
                                           const CorrectionOracle& oracle,
                                           std::size_t limit = kMaxCompletions);

// `query` as query text that parses back to it: words in lower case (they are folded),
// hyphen-joined within a term, phrases quoted, U+XXXX for code points, literals as themselves.
std::string query_text(const Query& query);

}  // namespace charfinder

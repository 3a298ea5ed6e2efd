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
// Language codes. A `lang:` code the oracle does not know is replaced by the known codes
// within the same distance (nearest first, at most kMaxLanguageCandidates), and the words are
// then corrected in the scope of the corrected languages (CorrectionOracle::with_languages);
// the language edits count towards the total distance.
//
// Letters read as literals. Under rule 2, an all-non-ASCII token of two or more code points
// that is not a word in scope is read as literal characters (`кошкк` with lang:ru: the three
// letters К, О, Ш). When such a token is letters and marks only (its word-break segments,
// Term::other_words, are the whole token), each segment that is not a word in scope is
// corrected like a word, and the corrected term is written as the corrected segments joined
// (`кошка`), which rule 2 then reads as a word. Tokens with symbols, punctuation or single
// code points (`☃🐱`, `é`) are never corrected: they stand for characters, not words.
//
// Bounds (a pathological query costs at most this much): at most kMaxCorrectedWords unknown
// words (more: no suggestion); for each, at most kMaxCandidatesExamined candidates are weighed
// (nearest first) and the kMaxCandidatesPerWord best kept; at most kMaxCountCalls
// combinations are counted. A word longer than kMaxSpellingCodePoints has no candidates.
#pragma once

#include <cstddef>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "index/name_index.hpp"
#include "index/query.hpp"
#include "index/query_text.hpp"
#include "index/spelling.hpp"
#include "index/spelling_set.hpp"

namespace charfinder {

inline constexpr std::size_t kMaxSuggestions = 3;
inline constexpr std::size_t kMaxCorrectedWords = 6;
inline constexpr std::size_t kMaxCandidatesExamined = 256;
inline constexpr std::size_t kMaxCandidatesPerWord = 8;
inline constexpr std::size_t kMaxCountCalls = 48;
inline constexpr std::size_t kMaxCompletions = 10;
inline constexpr std::size_t kCompletionCandidates = 24;  // heaviest words counted with the rest
inline constexpr std::size_t kMaxLanguageCandidates = 3;  // per unknown `lang:` code
inline constexpr std::size_t kMaxLanguageCombinations = 4;

// What correction needs from an index. Implementations must be cheap for entries_with()
// (it is asked for every candidate word) and may be slower for count().
class CorrectionOracle {
 public:
  virtual ~CorrectionOracle() = default;
  // Entries whose texts in scope contain the folded `word`; 0 when it is not a word in scope.
  virtual std::size_t entries_with(std::string_view word) const = 0;
  // True when entries_with() is the exact number of entries, not an estimate that is 0 exactly
  // when the word is not in scope (completion then counts its final few with count()).
  virtual bool entries_exact() const { return true; }
  // True when some word in scope starts with the folded `prefix`.
  virtual bool has_prefix(std::string_view prefix) const = 0;
  // The number of entries matching `query`.
  virtual std::size_t count(const Query& query) const = 0;

  // Languages (`lang:` codes). By default the oracle has none to correct: every code is known.
  virtual bool knows_language(std::string_view /*code*/) const { return true; }
  // The codes a misspelt one may be corrected to ("de", "zh_hant"; lower case).
  virtual std::vector<std::string> language_codes() const { return {}; }
  // The same oracle in the scope of `codes` instead of the query's languages; nullptr when the
  // oracle has no languages.
  virtual std::unique_ptr<CorrectionOracle> with_languages(
      const std::vector<std::string>& /*codes*/) const {
    return nullptr;
  }
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
// points. It views the index's arena: `index` must outlive it. `stop`: as SpellingIndex's.
SpellingIndex spelling_index_of(const NameIndex& index, const std::stop_token& stop = {});

struct Suggestion {
  std::string query;         // query text, e.g. "chess black"
  std::size_t total = 0;     // its matches (> 0)
  std::size_t distance = 0;  // total edit distance from the query as typed
  friend bool operator==(const Suggestion&, const Suggestion&) = default;
};

// True when some word of `query` is not in the oracle's scope or some `lang:` code is unknown:
// what suggest_corrections() would try to correct. Needs no vocabulary (cheap).
bool needs_correction(const Query& query, const CorrectionOracle& oracle);

// Up to kMaxSuggestions corrected queries with matches; empty when every word is known, when
// some unknown word has no candidate, or when no combination has matches.
std::vector<Suggestion> suggest_corrections(const Query& query, const SpellingSet& spelling,
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
std::vector<Completion> complete_last_word(const Query& query, const SpellingSet& spelling,
                                           const CorrectionOracle& oracle,
                                           std::size_t limit = kMaxCompletions);

}  // namespace charfinder

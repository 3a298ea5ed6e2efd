#include "index/correction.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <queue>
#include <utility>

#include "index/fold.hpp"
#include "index/search.hpp"
#include "text/utf8.hpp"

namespace charfinder {

std::size_t NameIndexOracle::entries_with(std::string_view word) const {
  return index_->exact(word).size();
}

bool NameIndexOracle::has_prefix(std::string_view prefix) const {
  return !index_->prefixed(prefix).empty();
}

std::size_t NameIndexOracle::count(const Query& query) const {
  return search(*index_, query, 0, 0).total;
}

SpellingIndex spelling_index_of(const NameIndex& index, const std::stop_token& stop) {
  const SortedWords words = index.vocabulary();
  std::vector<std::uint32_t> weights(words.size());
  for (std::size_t i = 0; i < words.size(); ++i)
    weights[i] = static_cast<std::uint32_t>(index.exact(words[i]).size());
  return SpellingIndex(words, weights, SpellingIndex::Strategy::kSplitWalks, stop);
}

namespace {

// One unknown word of the query and what may replace it.
struct Slot {
  std::size_t term = 0;
  std::size_t word = 0;
  bool segment = false;  // other_words[word] of a literal term (letters read as literals)
  struct Choice {
    std::string word;  // folded
    std::size_t distance = 0;
    std::size_t weight = 0;  // entries with the word alone (0 for prefixes)
  };
  std::vector<Choice> choices;  // best first
};

std::vector<Slot::Choice> word_choices(std::string_view word, const SpellingSet& spelling,
                                       const CorrectionOracle& oracle) {
  std::vector<Slot::Choice> choices;
  std::size_t examined = 0;
  for (const SpellingSet::Near& candidate : spelling.near(word)) {
    // Nearest first: once a distance has given enough choices, farther ones cannot make the cut.
    if (choices.size() >= kMaxCandidatesPerWord && candidate.distance > choices.back().distance)
      break;
    if (++examined > kMaxCandidatesExamined) break;
    const std::size_t weight = oracle.entries_with(candidate.word);
    if (weight > 0) choices.push_back({std::string(candidate.word), candidate.distance, weight});
  }
  std::sort(choices.begin(), choices.end(), [](const Slot::Choice& a, const Slot::Choice& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.word < b.word;
  });
  if (choices.size() > kMaxCandidatesPerWord) choices.resize(kMaxCandidatesPerWord);
  return choices;
}

std::vector<Slot::Choice> prefix_choices(std::string_view prefix, const SpellingSet& spelling,
                                         const CorrectionOracle& oracle) {
  const unsigned k = spelling_distance_for(code_points_of(prefix).size());
  std::vector<Slot::Choice> choices;
  std::size_t examined = 0;
  for (SpellingIndex::NearPrefix& candidate : spelling.near_prefixes(prefix, k)) {
    if (++examined > kMaxCandidatesExamined) break;
    if (!oracle.has_prefix(candidate.prefix)) continue;
    choices.push_back({std::move(candidate.prefix), candidate.distance, 0});
  }
  std::stable_sort(
      choices.begin(), choices.end(),
      [](const Slot::Choice& a, const Slot::Choice& b) { return a.distance < b.distance; });
  if (choices.size() > kMaxCandidatesPerWord) choices.resize(kMaxCandidatesPerWord);
  return choices;
}

bool has_words(const Term& term) {
  return term.kind == Term::Kind::kWord || term.kind == Term::Kind::kPrefix ||
         term.kind == Term::Kind::kPhrase;
}

bool is_prefix_word(const Term& term, std::size_t w) {
  return term.kind == Term::Kind::kPrefix && w + 1 == term.words.size();
}

// A literal term of letters and marks only, with word-break segments: letters that rule 2
// read as literal characters because they are not a word in scope (correction.hpp).
bool letters_read_as_literals(const Term& term) {
  if (term.kind != Term::Kind::kLiteral || term.other_words.empty()) return false;
  return std::all_of(term.code_points.begin(), term.code_points.end(), [](char32_t c) {
    return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_M_MASK)) != 0;
  });
}

// The words of `query` that are not in the vocabulary in scope, in query order.
std::vector<Slot> unknown_words(const Query& query, const CorrectionOracle& oracle) {
  std::vector<Slot> slots;
  auto known = [&](std::string_view word) { return oracle.entries_with(word) > 0; };
  for (std::size_t t = 0; t < query.terms.size(); ++t) {
    const Term& term = query.terms[t];
    if (letters_read_as_literals(term)) {
      for (std::size_t w = 0; w < term.other_words.size(); ++w)
        if (!known(term.other_words[w])) slots.push_back({t, w, true, {}});
      continue;
    }
    if (!has_words(term)) continue;
    // The sources' own reading of the term (`cœur`: CŒUR) is known: nothing to correct.
    if (!term.other_words.empty() && term.other_words.size() == term.words.size() &&
        std::all_of(term.other_words.begin(), term.other_words.end(), [&](const auto& w) {
          return &w == &term.other_words.back() && term.kind == Term::Kind::kPrefix
                     ? oracle.has_prefix(w)
                     : known(w);
        }))
      continue;
    for (std::size_t w = 0; w < term.words.size(); ++w) {
      const std::string& word = term.words[w];
      if (is_prefix_word(term, w) ? oracle.has_prefix(word) : known(word)) continue;
      slots.push_back({t, w, false, {}});
    }
  }
  return slots;
}

// Puts `choice` in the place of `slot` in `query`.
void apply(Query& query, const Slot& slot, const std::string& choice) {
  Term& term = query.terms[slot.term];
  if (!slot.segment) {
    term.words[slot.word] = choice;
    term.other_words.clear();  // the corrected words are the table's words too
    return;
  }
  term.other_words[slot.word] = choice;
  std::string text;
  for (const std::string& segment : term.other_words) text += lower_folded(segment);
  term.code_points = code_points_of(text);
}

}  // namespace

namespace {

void rank(std::vector<Suggestion>& found) {
  std::sort(found.begin(), found.end(), [](const Suggestion& a, const Suggestion& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.total != b.total) return a.total > b.total;
    return a.query < b.query;
  });
  found.erase(
      std::unique(found.begin(), found.end(),
                  [](const Suggestion& a, const Suggestion& b) { return a.query == b.query; }),
      found.end());
}

// The corrections of the words of `query` in the oracle's scope, each `base` further away.
// With `changed` (its languages were corrected), a query with no unknown word is itself a
// suggestion when it has matches.
std::vector<Suggestion> correct_words(const Query& query, const SpellingSet& spelling,
                                      const CorrectionOracle& oracle, std::size_t base,
                                      bool changed) {
  std::vector<Slot> slots = unknown_words(query, oracle);
  if (slots.size() > kMaxCorrectedWords) return {};
  if (slots.empty()) {
    if (!changed) return {};
    const std::size_t total = oracle.count(query);
    if (total == 0) return {};
    return {{query_text(query), total, base}};
  }
  for (Slot& slot : slots) {
    const Term& term = query.terms[slot.term];
    const std::string& word = slot.segment ? term.other_words[slot.word] : term.words[slot.word];
    slot.choices = !slot.segment && is_prefix_word(term, slot.word)
                       ? prefix_choices(word, spelling, oracle)
                       : word_choices(word, spelling, oracle);
    if (slot.choices.empty()) return {};
  }

  // Best-first over the product of the choices, by (total distance, sum of choice ranks).
  // A combination's successors advance one coordinate at or after the one last advanced, so
  // each combination is reached exactly once.
  struct Combination {
    std::size_t distance = 0;
    std::size_t rank = 0;
    std::vector<std::uint8_t> choice;
    std::size_t last = 0;
    bool operator>(const Combination& other) const {
      return std::tie(distance, rank, choice) > std::tie(other.distance, other.rank, other.choice);
    }
  };
  std::priority_queue<Combination, std::vector<Combination>, std::greater<>> frontier;
  {
    Combination first;
    first.distance = base;
    first.choice.assign(slots.size(), 0);
    for (const Slot& slot : slots) first.distance += slot.choices[0].distance;
    frontier.push(std::move(first));
  }
  // A query whose unknown words are all negated has matches already: a correction that
  // excludes nothing more is no suggestion (`chess -blak` -> `chess -black`, not `-beak`).
  const bool only_negated = std::all_of(
      slots.begin(), slots.end(), [&](const Slot& slot) { return query.terms[slot.term].negated; });
  const std::size_t typed_total = only_negated ? oracle.count(query) : 0;
  std::vector<Suggestion> found;
  std::size_t counted = 0;
  Query corrected = query;
  while (!frontier.empty() && counted < kMaxCountCalls) {
    Combination next = frontier.top();
    frontier.pop();
    // Every combination left is at least this far: stop once three nearer ones matched.
    if (found.size() >= kMaxSuggestions && found[kMaxSuggestions - 1].distance < next.distance)
      break;
    for (std::size_t s = next.last; s < slots.size(); ++s) {
      if (next.choice[s] + 1u >= slots[s].choices.size()) continue;
      Combination successor = next;
      const Slot& slot = slots[s];
      successor.distance +=
          slot.choices[next.choice[s] + 1u].distance - slot.choices[next.choice[s]].distance;
      successor.choice[s]++;
      successor.rank++;
      successor.last = s;
      frontier.push(std::move(successor));
    }
    corrected = query;
    for (std::size_t s = 0; s < slots.size(); ++s)
      apply(corrected, slots[s], slots[s].choices[next.choice[s]].word);
    ++counted;
    const std::size_t total = oracle.count(corrected);
    if (total == 0 || (only_negated && total == typed_total)) continue;
    found.push_back({query_text(corrected), total, next.distance});
    rank(found);
  }
  if (found.size() > kMaxSuggestions) found.resize(kMaxSuggestions);
  return found;
}

// The known language codes within spelling distance of `code`, nearest first.
std::vector<std::pair<std::size_t, std::string>> language_choices(
    std::string_view code, const std::vector<std::string>& codes) {
  const std::u32string typed = code_points_of(code);
  const std::size_t k = spelling_distance_for(typed.size());
  std::vector<std::pair<std::size_t, std::string>> out;
  for (const std::string& known : codes) {
    const std::size_t d = damerau_levenshtein(typed, code_points_of(known));
    if (d > 0 && d <= k) out.emplace_back(d, known);
  }
  std::sort(out.begin(), out.end());
  if (out.size() > kMaxLanguageCandidates) out.resize(kMaxLanguageCandidates);
  return out;
}

}  // namespace

bool needs_correction(const Query& query, const CorrectionOracle& oracle) {
  if (query.languages &&
      std::any_of(query.languages->begin(), query.languages->end(),
                  [&](const std::string& code) { return !oracle.knows_language(code); }))
    return true;
  return !unknown_words(query, oracle).empty();
}

std::vector<Suggestion> suggest_corrections(const Query& query, const SpellingSet& spelling,
                                            const CorrectionOracle& oracle) {
  std::vector<std::size_t> unknown;  // indices of the unknown `lang:` codes
  if (query.languages) {
    for (std::size_t i = 0; i < query.languages->size(); ++i)
      if (!oracle.knows_language((*query.languages)[i])) unknown.push_back(i);
  }
  if (unknown.empty()) return correct_words(query, spelling, oracle, 0, false);
  if (unknown.size() > kMaxCorrectedWords) return {};

  // Every combination of the codes' candidates, nearest first; words are corrected in the
  // scope of the first few.
  const std::vector<std::string> codes = oracle.language_codes();
  std::vector<std::pair<std::size_t, std::vector<std::string>>> combinations{{0, *query.languages}};
  for (std::size_t i : unknown) {
    const auto choices = language_choices((*query.languages)[i], codes);
    if (choices.empty()) return {};
    std::vector<std::pair<std::size_t, std::vector<std::string>>> grown;
    for (const auto& [distance, languages] : combinations)
      for (const auto& [d, code] : choices) {
        grown.emplace_back(distance + d, languages);
        grown.back().second[i] = code;
      }
    std::stable_sort(grown.begin(), grown.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (grown.size() > kMaxLanguageCombinations) grown.resize(kMaxLanguageCombinations);
    combinations = std::move(grown);
  }
  std::vector<Suggestion> found;
  for (const auto& [distance, languages] : combinations) {
    const std::unique_ptr<CorrectionOracle> scoped = oracle.with_languages(languages);
    if (!scoped) break;
    Query corrected = query;
    corrected.languages = languages;
    for (Suggestion& s : correct_words(corrected, spelling, *scoped, distance, true))
      found.push_back(std::move(s));
  }
  rank(found);
  if (found.size() > kMaxSuggestions) found.resize(kMaxSuggestions);
  return found;
}

std::vector<Completion> complete_last_word(const Query& query, const SpellingSet& spelling,
                                           const CorrectionOracle& oracle, std::size_t limit) {
  std::vector<Completion> out;
  if (query.terms.empty()) return out;
  const Term& last = query.terms.back();
  const bool segment = letters_read_as_literals(last);  // `кош` not yet a word in scope
  if (!segment && !has_words(last)) return out;
  const std::string prefix = segment ? last.other_words.back() : last.words.back();
  const std::size_t words = segment ? last.other_words.size() : last.words.size();
  const bool alone = query.terms.size() == 1 && words == 1 && !last.negated;
  Query completed = query;
  Term& term = completed.terms.back();
  if (term.kind == Term::Kind::kPrefix) term.kind = Term::Kind::kWord;
  const Slot slot{completed.terms.size() - 1, words - 1, segment, {}};
  for (const std::string_view word : spelling.heaviest_with_prefix(prefix, kCompletionCandidates)) {
    const std::size_t alone_count = oracle.entries_with(word);
    if (alone_count == 0) continue;  // not in scope
    apply(completed, slot, std::string(word));
    const std::size_t total = alone ? alone_count : oracle.count(completed);
    if (total == 0) continue;
    out.push_back({std::string(word), query_text(completed), total});
  }
  const auto by_total = [](const Completion& a, const Completion& b) {
    if (a.total != b.total) return a.total > b.total;
    return a.word < b.word;
  };
  std::sort(out.begin(), out.end(), by_total);
  if (out.size() > limit) out.resize(limit);
  if (alone && !oracle.entries_exact()) {
    // Ranked by the oracle's estimate; the counts shown are the searches' own.
    for (Completion& c : out) {
      apply(completed, slot, c.word);
      c.total = oracle.count(completed);
    }
    std::erase_if(out, [](const Completion& c) { return c.total == 0; });
    std::sort(out.begin(), out.end(), by_total);
  }
  return out;
}

}  // namespace charfinder

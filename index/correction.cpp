#include "index/correction.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <queue>
#include <utility>

#include "index/describe.hpp"
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

SpellingIndex spelling_index_of(const NameIndex& index) {
  const SortedWords words = index.vocabulary();
  std::vector<std::uint32_t> weights(words.size());
  for (std::size_t i = 0; i < words.size(); ++i)
    weights[i] = static_cast<std::uint32_t>(index.exact(words[i]).size());
  return SpellingIndex(words, weights);
}

namespace {

std::string lower(std::string_view folded) {
  if (std::all_of(folded.begin(), folded.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string out(folded);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(folded.data(), static_cast<std::int32_t>(folded.size())));
  text.toLower(icu::Locale::getRoot());
  std::string out;
  text.toUTF8String(out);
  return out;
}

void append_words(std::string& out, const std::vector<std::string>& words, char separator) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += separator;
    out += lower(words[i]);
  }
}

// One unknown word of the query and what may replace it.
struct Slot {
  std::size_t term = 0;
  std::size_t word = 0;
  struct Choice {
    std::string word;  // folded
    std::size_t distance = 0;
    std::size_t weight = 0;  // entries with the word alone (0 for prefixes)
  };
  std::vector<Choice> choices;  // best first
};

std::vector<Slot::Choice> word_choices(std::string_view word, const SpellingIndex& spelling,
                                       const CorrectionOracle& oracle) {
  std::vector<NearWord> near = spelling.near(word);
  std::stable_sort(near.begin(), near.end(),
                   [](const NearWord& a, const NearWord& b) { return a.distance < b.distance; });
  std::vector<Slot::Choice> choices;
  std::size_t examined = 0;
  for (const NearWord& candidate : near) {
    if (candidate.distance == 0) continue;
    if (++examined > kMaxCandidatesExamined) break;
    const std::string_view text = spelling.words()[candidate.word];
    const std::size_t weight = oracle.entries_with(text);
    if (weight > 0) choices.push_back({std::string(text), candidate.distance, weight});
  }
  std::sort(choices.begin(), choices.end(), [](const Slot::Choice& a, const Slot::Choice& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.word < b.word;
  });
  if (choices.size() > kMaxCandidatesPerWord) choices.resize(kMaxCandidatesPerWord);
  return choices;
}

std::vector<Slot::Choice> prefix_choices(std::string_view prefix, const SpellingIndex& spelling,
                                         const CorrectionOracle& oracle) {
  const unsigned k = spelling_distance_for(code_points_of(prefix).size());
  std::vector<Slot::Choice> choices;
  std::size_t examined = 0;
  for (SpellingIndex::NearPrefix& candidate : spelling.near_prefixes(prefix, k)) {
    if (candidate.distance == 0) continue;
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

}  // namespace

std::string query_text(const Query& query) {
  std::string out;
  for (const Term& term : query.terms) {
    if (!out.empty()) out += ' ';
    if (term.negated) out += '-';
    switch (term.kind) {
      case Term::Kind::kWord:
        append_words(out, term.words, '-');
        break;
      case Term::Kind::kPrefix:
        append_words(out, term.words, '-');
        out += '*';
        break;
      case Term::Kind::kPhrase:
        out += '"';
        append_words(out, term.words, ' ');
        out += '"';
        break;
      case Term::Kind::kRange:
        out += code_label(term.first);
        if (term.last != term.first) out += ".." + code_label(term.last);
        break;
      case Term::Kind::kLiteral:
        for (char32_t c : term.code_points) out += utf8_of(c);
        break;
    }
  }
  return out;
}

std::vector<Suggestion> suggest_corrections(const Query& query, const SpellingIndex& spelling,
                                            const CorrectionOracle& oracle) {
  std::vector<Slot> slots;
  for (std::size_t t = 0; t < query.terms.size(); ++t) {
    const Term& term = query.terms[t];
    if (!has_words(term)) continue;
    for (std::size_t w = 0; w < term.words.size(); ++w) {
      const bool prefix = term.kind == Term::Kind::kPrefix && w + 1 == term.words.size();
      const std::string& word = term.words[w];
      if (prefix ? oracle.has_prefix(word) : oracle.entries_with(word) > 0) continue;
      if (slots.size() == kMaxCorrectedWords) return {};
      slots.push_back({t, w, {}});
    }
  }
  if (slots.empty()) return {};
  for (Slot& slot : slots) {
    const Term& term = query.terms[slot.term];
    const std::string& word = term.words[slot.word];
    const bool prefix = term.kind == Term::Kind::kPrefix && slot.word + 1 == term.words.size();
    slot.choices =
        prefix ? prefix_choices(word, spelling, oracle) : word_choices(word, spelling, oracle);
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
    first.choice.assign(slots.size(), 0);
    for (const Slot& slot : slots) first.distance += slot.choices[0].distance;
    frontier.push(std::move(first));
  }
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
    for (std::size_t s = 0; s < slots.size(); ++s)
      corrected.terms[slots[s].term].words[slots[s].word] = slots[s].choices[next.choice[s]].word;
    ++counted;
    const std::size_t total = oracle.count(corrected);
    if (total == 0) continue;
    found.push_back({query_text(corrected), total, next.distance});
    std::sort(found.begin(), found.end(), [](const Suggestion& a, const Suggestion& b) {
      if (a.distance != b.distance) return a.distance < b.distance;
      if (a.total != b.total) return a.total > b.total;
      return a.query < b.query;
    });
  }
  if (found.size() > kMaxSuggestions) found.resize(kMaxSuggestions);
  return found;
}

std::vector<Completion> complete_last_word(const Query& query, const SpellingIndex& spelling,
                                           const CorrectionOracle& oracle, std::size_t limit) {
  std::vector<Completion> out;
  if (query.terms.empty() || !has_words(query.terms.back())) return out;
  const Term& last = query.terms.back();
  const std::string prefix = last.words.back();
  const bool alone = query.terms.size() == 1 && last.words.size() == 1 && !last.negated;
  Query completed = query;
  Term& term = completed.terms.back();
  if (term.kind == Term::Kind::kPrefix) term.kind = Term::Kind::kWord;
  for (std::uint32_t id : spelling.heaviest_with_prefix(prefix, kCompletionCandidates)) {
    const std::string_view word = spelling.words()[id];
    const std::size_t alone_count = oracle.entries_with(word);
    if (alone_count == 0) continue;  // not in scope
    term.words.back() = std::string(word);
    const std::size_t total = alone ? alone_count : oracle.count(completed);
    if (total == 0) continue;
    out.push_back({std::string(word), query_text(completed), total});
  }
  std::sort(out.begin(), out.end(), [](const Completion& a, const Completion& b) {
    if (a.total != b.total) return a.total > b.total;
    return a.word < b.word;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace charfinder

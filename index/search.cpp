#include "index/search.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <optional>

#include "index/icu_names.hpp"
#include "index/tokenize.hpp"

namespace charfinder {
namespace {

using List = std::span<const char32_t>;

// Answers "is c in the list?" for ascending c, galloping forward from the last position, so
// a whole pass over ascending candidates costs O(k log(n/k)) for k candidates.
class Cursor {
 public:
  explicit Cursor(List list) : list_(list) {}

  bool contains(char32_t c) {
    if (pos_ >= list_.size() || list_[pos_] >= c) return pos_ < list_.size() && list_[pos_] == c;
    std::size_t step = 1;
    std::size_t lo = pos_;
    std::size_t hi = pos_ + 1;
    while (hi < list_.size() && list_[hi] < c) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    hi = std::min(hi, list_.size());
    pos_ = static_cast<std::size_t>(
        std::lower_bound(list_.begin() + static_cast<std::ptrdiff_t>(lo + 1),
                         list_.begin() + static_cast<std::ptrdiff_t>(hi), c) -
        list_.begin());
    return pos_ < list_.size() && list_[pos_] == c;
  }

 private:
  List list_;
  std::size_t pos_ = 0;
};

bool is_assigned(char32_t c) { return u_charType(static_cast<UChar32>(c)) != U_UNASSIGNED; }

// The words of one of `code`'s names, read from ICU into a fixed buffer: no allocation,
// since phrases are checked once per candidate.
class NameWords {
 public:
  NameWords(char32_t code, NameChoice choice) {
    const std::string_view name = name_into(code, choice, buffer_);
    if (name.empty()) return;
    for_each_name_word(name, code, [&](std::string_view word) {
      if (count_ < words_.size()) words_[count_++] = word;
    });
  }
  NameWords(const NameWords&) = delete;  // words_ point into buffer_

  // True when `phrase` appears adjacent and in order among the words.
  bool has(const std::vector<std::string>& phrase) const {
    for (std::size_t start = 0; start + phrase.size() <= count_; ++start) {
      if (std::equal(phrase.begin(), phrase.end(),
                     words_.begin() + static_cast<std::ptrdiff_t>(start)))
        return true;
    }
    return false;
  }

 private:
  char buffer_[256];
  std::array<std::string_view, 64> words_;  // Unicode names have far fewer words
  std::size_t count_ = 0;
};

// True when every phrase appears in `code`'s name or in its correction alias.
bool has_phrases(char32_t code, const std::vector<const std::vector<std::string>*>& phrases) {
  if (phrases.empty()) return true;
  const NameWords name(code, NameChoice::kUnicode);
  std::optional<NameWords> alias;  // read only when the name lacks a phrase (rare)
  for (const std::vector<std::string>* phrase : phrases) {
    if (name.has(*phrase)) continue;
    if (!alias) alias.emplace(code, NameChoice::kAlias);
    if (!alias->has(*phrase)) return false;
  }
  return true;
}

bool has_phrase(char32_t code, const std::vector<std::string>& words) {
  return has_phrases(code, {&words});
}

// The code points of one term: a list (borrowed from the index or owned), or, for ranges,
// a predicate that is only turned into a list when nothing else can drive the search.
struct TermSet {
  bool is_range = false;
  char32_t first = 0;
  char32_t last = 0;
  List list;
  std::vector<char32_t> owned;

  void own(std::vector<char32_t> codes) {
    owned = std::move(codes);
    list = owned;
  }
  bool range_contains(char32_t c) const {
    return c >= first && c <= last && (first == last || is_assigned(c));
  }
};

// Intersection of the lists, driven by the shortest.
std::vector<char32_t> intersect(std::vector<List> lists) {
  std::vector<char32_t> out;
  if (lists.empty()) return out;
  std::sort(lists.begin(), lists.end(), [](List a, List b) { return a.size() < b.size(); });
  std::vector<Cursor> others;
  for (std::size_t i = 1; i < lists.size(); ++i) others.emplace_back(lists[i]);
  for (char32_t c : lists[0]) {
    if (std::all_of(others.begin(), others.end(), [&](Cursor& k) { return k.contains(c); }))
      out.push_back(c);
  }
  return out;
}

std::vector<char32_t> union_of(const std::vector<List>& lists) {
  std::vector<char32_t> out;
  std::size_t total = 0;
  for (List list : lists) total += list.size();
  out.reserve(total);
  // A few lists merge in linear time each; many (a short prefix) are cheaper sorted once.
  const bool merge = lists.size() <= 8;
  for (List list : lists) {
    const auto middle = static_cast<std::ptrdiff_t>(out.size());
    out.insert(out.end(), list.begin(), list.end());
    if (merge) std::inplace_merge(out.begin(), out.begin() + middle, out.end());
  }
  if (!merge) std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<List> word_lists(const NameIndex& index, const std::vector<std::string>& words) {
  std::vector<List> lists;
  lists.reserve(words.size());
  for (const std::string& word : words) lists.push_back(index.exact(word));
  return lists;
}

TermSet term_set(const NameIndex& index, const Term& term) {
  TermSet set;
  switch (term.kind) {
    case Term::Kind::kWord:
      if (term.words.size() == 1)
        set.list = index.exact(term.words[0]);
      else
        set.own(intersect(word_lists(index, term.words)));
      break;
    case Term::Kind::kPrefix: {
      const std::vector<List> prefixed = index.prefixed(term.words.back());
      if (prefixed.size() == 1)
        set.list = prefixed[0];
      else
        set.own(union_of(prefixed));
      if (term.words.size() > 1) {
        std::vector<List> lists =
            word_lists(index, std::vector<std::string>(term.words.begin(), term.words.end() - 1));
        lists.push_back(set.list);
        set.own(intersect(std::move(lists)));
      }
      break;
    }
    case Term::Kind::kPhrase: {
      std::vector<char32_t> candidates = intersect(word_lists(index, term.words));
      std::erase_if(candidates, [&](char32_t c) { return !has_phrase(c, term.words); });
      set.own(std::move(candidates));
      break;
    }
    case Term::Kind::kRange:
      set.is_range = true;
      set.first = term.first;
      set.last = term.last;
      break;
    case Term::Kind::kLiteral: {
      std::vector<char32_t> codes(term.code_points.begin(), term.code_points.end());
      std::sort(codes.begin(), codes.end());
      codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
      set.own(std::move(codes));
      break;
    }
  }
  return set;
}

// A negative term as a filter over ascending candidates.
class Exclusion {
 public:
  Exclusion(const NameIndex& index, const Term& term) : term_(&term) {
    if (term.kind == Term::Kind::kPhrase) {
      // Check the words' lists per candidate, then ICU's names only for those that have all
      // the words: cheaper than verifying the phrase over every character with the words.
      for (List list : word_lists(index, term.words)) cursors_.emplace_back(list);
    } else {
      set_ = term_set(index, term);
      cursors_.emplace_back(set_.list);
    }
  }
  Exclusion(Exclusion&&) = delete;  // cursors_ may point into set_.owned

  bool excludes(char32_t c) {
    if (set_.is_range) return set_.range_contains(c);
    for (Cursor& cursor : cursors_)
      if (!cursor.contains(c)) return false;
    return term_->kind != Term::Kind::kPhrase || has_phrase(c, term_->words);
  }

 private:
  const Term* term_;
  TermSet set_;
  std::vector<Cursor> cursors_;
};

SearchPage page_of(List matches, std::size_t offset, std::size_t limit) {
  SearchPage page;
  page.total = matches.size();
  page.offset = offset;
  if (offset < matches.size()) {
    const std::size_t count = std::min(limit, matches.size() - offset);
    page.code_points.assign(matches.begin() + static_cast<std::ptrdiff_t>(offset),
                            matches.begin() + static_cast<std::ptrdiff_t>(offset + count));
  }
  return page;
}

}  // namespace

SearchPage search(const NameIndex& index, const Query& query, std::size_t offset,
                  std::size_t limit) {
  std::vector<TermSet> positives;
  std::vector<const Term*> negatives;
  // Checked against ICU's names after all lists agree.
  std::vector<const std::vector<std::string>*> phrases;
  std::vector<List> lists;
  for (const Term& term : query.terms) {
    if (term.negated) {
      negatives.push_back(&term);
    } else if (term.kind == Term::Kind::kPhrase) {
      phrases.push_back(&term.words);
      for (List list : word_lists(index, term.words)) lists.push_back(list);
    } else {
      positives.push_back(term_set(index, term));
    }
  }
  if (positives.empty() && phrases.empty())
    return page_of({}, offset, limit);  // parse_query never allows it

  std::vector<const TermSet*> ranges;
  for (const TermSet& set : positives) {
    if (set.is_range)
      ranges.push_back(&set);
    else
      lists.push_back(set.list);
  }

  // Only ranges: walk their common part and keep the assigned code points.
  TermSet walked;
  if (lists.empty()) {
    char32_t first = 0;
    char32_t last = 0x10FFFF;
    bool single = false;  // a U+XXXX term: its code point counts even when unassigned
    for (const TermSet* range : ranges) {
      first = std::max(first, range->first);
      last = std::min(last, range->last);
      single = single || range->first == range->last;
    }
    std::vector<char32_t> codes;
    for (char32_t c = first; c <= last; ++c) {
      if (single || is_assigned(c)) codes.push_back(c);
    }
    walked.own(std::move(codes));
    lists.push_back(walked.list);
    ranges.clear();
  }

  // One list and nothing to filter: slice it without copying the rest (e.g. `cjk`).
  if (lists.size() == 1 && ranges.empty() && negatives.empty() && phrases.empty())
    return page_of(lists[0], offset, limit);

  std::sort(lists.begin(), lists.end(), [](List a, List b) { return a.size() < b.size(); });
  std::vector<Cursor> others;
  for (std::size_t i = 1; i < lists.size(); ++i) others.emplace_back(lists[i]);
  std::vector<std::optional<Exclusion>> exclusions(negatives.size());
  for (std::size_t i = 0; i < negatives.size(); ++i) exclusions[i].emplace(index, *negatives[i]);

  // Positive ranges bound the driver list: skip straight to their common part.
  List driver = lists[0];
  for (const TermSet* range : ranges) {
    driver = driver.subspan(static_cast<std::size_t>(
        std::lower_bound(driver.begin(), driver.end(), range->first) - driver.begin()));
    driver = driver.first(static_cast<std::size_t>(
        std::upper_bound(driver.begin(), driver.end(), range->last) - driver.begin()));
  }

  std::vector<char32_t> matches;
  for (char32_t c : driver) {
    if (!std::all_of(ranges.begin(), ranges.end(),
                     [&](const TermSet* range) { return range->range_contains(c); }))
      continue;
    if (!std::all_of(others.begin(), others.end(), [&](Cursor& k) { return k.contains(c); }))
      continue;
    if (!has_phrases(c, phrases)) continue;
    if (std::any_of(exclusions.begin(), exclusions.end(),
                    [&](std::optional<Exclusion>& e) { return e->excludes(c); }))
      continue;
    matches.push_back(c);
  }
  return page_of(matches, offset, limit);
}

std::variant<SearchPage, std::string> run_query(const NameIndex& index, std::string_view text,
                                                std::size_t offset, std::size_t limit) {
  ParsedQuery parsed = parse_query(text);
  if (!parsed.query) return std::move(parsed.error);
  return search(index, *parsed.query, offset, limit);
}

}  // namespace charfinder

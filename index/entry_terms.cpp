#include "index/entry_terms.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <optional>
#include <tuple>

#include "index/entry_text_match.hpp"
#include "index/icu_names.hpp"
#include "index/text_words.hpp"
#include "index/tokenize.hpp"

namespace charfinder {
namespace {

EntryIds merge_unique(const std::vector<std::span<const std::uint16_t>>& lists) {
  EntryIds out;
  std::size_t total = 0;
  for (auto list : lists) total += list.size();
  out.reserve(total);
  for (auto list : lists) out.insert(out.end(), list.begin(), list.end());
  if (lists.size() > 1) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

EntryIds intersect_entries(const EntryIds& a, const EntryIds& b) {
  EntryIds out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

bool has_code(std::span<const char32_t> list, char32_t c) {
  return std::binary_search(list.begin(), list.end(), c);
}

// True when ICU's name or correction alias of `c` has `phrase` as adjacent words.
bool icu_has_phrase(char32_t c, const std::vector<std::string>& phrase) {
  for (const std::string& name : {unicode_name(c), correction_alias(c)}) {
    const auto words = tokenize_name(name, c);
    std::vector<std::string> owned(words.begin(), words.end());
    if (contains_phrase(owned, phrase)) return true;
  }
  return false;
}

}  // namespace

bool has_entry(const EntryIds& list, std::uint32_t e) {
  return e != kNoEntry && std::binary_search(list.begin(), list.end(), e);
}

bool ResolvedTerm::codes_contain(char32_t c) const {
  if (term->kind == Term::Kind::kRange)
    return c >= term->first && c <= term->last &&
           (term->first == term->last || u_charType(static_cast<UChar32>(c)) != U_UNASSIGNED);
  return term->code_points.find(c) != std::u32string::npos;
}

bool ResolvedTerm::icu_match(char32_t c) const {
  if (!icu_words || !has_code(icu, c)) return false;
  return !phrase || icu_has_phrase(c, term->words);
}

bool ResolvedTerm::name_match(EntryKey key, std::uint32_t e) const {
  if (codes) return is_single_key(key) && codes_contain(first_code_of(key));
  return (is_single_key(key) && icu_match(first_code_of(key))) || has_entry(name_entries, e);
}

// The extended rule 2: is every word of `words` in the vocabulary of the scope?
bool TermResolver::in_vocabulary(const std::vector<std::string>& words) const {
  if (table_ == nullptr || words.empty()) return false;
  for (const std::string& word : words) {
    const auto id = table_->word_id(word);
    if (!id) return false;
    bool found = false;
    for (std::uint32_t d = table_->list_begin(*id); d < table_->list_end(*id) && !found; ++d) {
      const PostingList list = table_->list(d);
      found = scope_.allows(list.source, list.lang);
    }
    if (!found) return false;
  }
  return true;
}

ResolvedTerm TermResolver::resolve(const Term& term) const {
  ResolvedTerm r;
  r.term = &term;
  if (term.kind == Term::Kind::kRange ||
      (term.kind == Term::Kind::kLiteral && !in_vocabulary(term.other_words))) {
    r.codes = true;
    return r;
  }
  const bool literal_words = term.kind == Term::Kind::kLiteral;  // rule 2 by vocabulary
  r.phrase = term.kind == Term::Kind::kPhrase;
  r.prefix = term.kind == Term::Kind::kPrefix;
  r.table_words = term.other_words.empty() ? term.words : term.other_words;
  r.icu_words = !literal_words && !term.words.empty();
  if (r.icu_words) resolve_icu(r);
  if (table_ != nullptr && (scope_.sources & ~source_bit(Source::kNames)) != 0) table_entries(r);
  return r;
}

void TermResolver::resolve_icu(ResolvedTerm& r) const {
  const Term& term = *r.term;
  std::vector<std::span<const char32_t>> lists;
  const std::size_t exact = r.prefix ? term.words.size() - 1 : term.words.size();
  for (std::size_t i = 0; i < exact; ++i) lists.push_back(names_.exact(term.words[i]));
  if (r.prefix) {
    std::vector<char32_t> all;
    for (auto list : names_.prefixed(term.words.back()))
      all.insert(all.end(), list.begin(), list.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    r.icu_owned = std::move(all);
    lists.emplace_back(r.icu_owned);
  }
  if (lists.size() == 1 && !r.prefix) {
    r.icu = lists[0];
    return;
  }
  std::sort(lists.begin(), lists.end(), [](auto a, auto b) { return a.size() < b.size(); });
  std::vector<char32_t> out(lists[0].begin(), lists[0].end());
  for (std::size_t i = 1; i < lists.size(); ++i)
    std::erase_if(out, [&](char32_t c) { return !has_code(lists[i], c); });
  r.icu_owned = std::move(out);
  r.icu = r.icu_owned;
}

// The entries whose texts in scope have the term: r.name_entries through tier-name
// sources, r.any_entries through any. One pass over the posting lists of its words.
void TermResolver::table_entries(ResolvedTerm& r) const {
  std::optional<EntryIds> names;
  std::optional<EntryIds> any;
  for (std::size_t i = 0; i < r.table_words.size(); ++i) {
    std::vector<std::span<const std::uint16_t>> name_lists;
    std::vector<std::span<const std::uint16_t>> any_lists;
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    if (r.prefix && i + 1 == r.table_words.size()) {
      std::tie(first, last) = table_->prefix_range(r.table_words[i]);
    } else if (const auto id = table_->word_id(r.table_words[i])) {
      first = *id;
      last = *id + 1;
    }
    for (std::uint32_t w = first; w < last; ++w)
      for (std::uint32_t d = table_->list_begin(w); d < table_->list_end(w); ++d) {
        const PostingList list = table_->list(d);
        if (!scope_.allows(list.source, list.lang)) continue;
        any_lists.push_back(list.entries);
        if (is_name_tier(list.source)) name_lists.push_back(list.entries);
      }
    EntryIds name_set = merge_unique(name_lists);
    EntryIds any_set = merge_unique(any_lists);
    names = names ? intersect_entries(*names, name_set) : std::move(name_set);
    any = any ? intersect_entries(*any, any_set) : std::move(any_set);
    if (any->empty()) break;
  }
  if (!any || !names) return;  // both are set together; the check cannot see it
  r.name_entries = std::move(*names);
  r.any_entries = std::move(*any);
  if (r.phrase) {
    std::erase_if(r.name_entries,
                  [&](std::uint32_t e) { return !entry_has_phrase(e, r.table_words, true); });
    std::erase_if(r.any_entries,
                  [&](std::uint32_t e) { return !entry_has_phrase(e, r.table_words, false); });
  }
}

bool TermResolver::entry_has_phrase(std::uint32_t e, const std::vector<std::string>& phrase,
                                    bool name_tier) const {
  for (std::uint32_t t = table_->text_begin(e); t < table_->text_end(e); ++t) {
    const TextInfo info = table_->text_info(t);
    if (!is_searched(info.kind) || !scope_.allows(info.source, info.lang) ||
        (name_tier && !is_name_tier(info.source)))
      continue;
    const std::string text = table_->text(t);
    for (const FoldedPiece& piece : folded_pieces(info.kind, text))
      if (contains_phrase(piece.words, phrase)) return true;
  }
  return false;
}

}  // namespace charfinder

#include "index/entry_search.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <bitset>
#include <functional>

#include "index/describe.hpp"
#include "index/fold.hpp"
#include "index/icu_names.hpp"
#include "index/text_words.hpp"
#include "index/tokenize.hpp"

namespace charfinder {
namespace {

using Entries = std::vector<std::uint32_t>;  // ascending SourceTable entry ids

bool english(std::string_view lang) {
  return lang.empty() || lang == "en" || lang.starts_with("en_");
}

// Which (source, language) lists of the table a search reads.
struct Scope {
  SourceSet sources = kAllSources;
  std::bitset<256> langs;
  bool names_only = false;
  bool allows(Source s, std::uint16_t lang) const {
    return (sources & source_bit(s)) != 0 && lang < 256 && langs[lang] &&
           (!names_only || is_name_tier(s));
  }
};

Entries merge_unique(std::vector<std::span<const std::uint16_t>> lists) {
  Entries out;
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

Entries intersect_entries(const Entries& a, const Entries& b) {
  Entries out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

bool has(const Entries& list, std::uint32_t e) {
  return e != kNoEntry && std::binary_search(list.begin(), list.end(), e);
}

bool has_code(std::span<const char32_t> list, char32_t c) {
  return std::binary_search(list.begin(), list.end(), c);
}

bool contains_phrase(const std::vector<std::string>& words,
                     const std::vector<std::string>& phrase) {
  if (phrase.empty() || words.size() < phrase.size()) return false;
  for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i)
    if (std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(i)))
      return true;
  return false;
}

bool contains_all(const std::vector<std::string>& words, const std::vector<std::string>& wanted,
                  bool prefix_last) {
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const bool prefix = prefix_last && i + 1 == wanted.size();
    if (std::none_of(words.begin(), words.end(), [&](const std::string& w) {
          return prefix ? w.starts_with(wanted[i]) : w == wanted[i];
        }))
      return false;
  }
  return true;
}

// The searchable pieces of a text: a CLDR annotation is its name and each keyword; anything
// else is itself.
std::vector<std::string_view> pieces_of(TextKind kind, std::string_view text) {
  std::vector<std::string_view> pieces;
  if (kind != TextKind::kCldrAnnotation) {
    pieces.push_back(text);
    return pieces;
  }
  const std::size_t unit = text.find('\x1F');
  const std::string_view tts = text.substr(0, unit);
  if (!tts.empty()) pieces.push_back(tts);
  std::string_view keywords =
      unit == std::string_view::npos ? std::string_view() : text.substr(unit + 1);
  while (!keywords.empty()) {
    const std::size_t bar = keywords.find(" | ");
    std::string_view keyword = keywords.substr(0, bar);
    if (!keyword.empty()) pieces.push_back(keyword);
    if (bar == std::string_view::npos) break;
    keywords.remove_prefix(bar + 3);
  }
  return pieces;
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

// One term, resolved against both indexes.
struct Resolved {
  const Term* term = nullptr;
  bool codes = false;      // a range or literal: matches single code points only
  bool icu_words = false;  // ICU (names) can match it
  bool phrase = false;
  bool prefix = false;
  std::vector<std::string> table_words;  // words looked up in the table
  std::span<const char32_t> icu;         // names' candidates (before phrase check)
  std::vector<char32_t> icu_owned;
  Entries name_entries;  // table entries through tier-name sources (phrases verified)
  Entries any_entries;   // table entries through any source in scope (phrases verified)

  bool codes_contain(char32_t c) const {
    if (term->kind == Term::Kind::kRange)
      return c >= term->first && c <= term->last &&
             (term->first == term->last || u_charType(static_cast<UChar32>(c)) != U_UNASSIGNED);
    return term->code_points.find(c) != std::u32string::npos;
  }
  bool icu_match(char32_t c) const {
    if (!icu_words || !has_code(icu, c)) return false;
    return !phrase || icu_has_phrase(c, term->words);
  }
  bool name_match(EntryKey key, std::uint32_t e) const {
    if (codes) return is_single_key(key) && codes_contain(first_code_of(key));
    return (is_single_key(key) && icu_match(first_code_of(key))) || has(name_entries, e);
  }
  bool any_match(EntryKey key, std::uint32_t e) const {
    return name_match(key, e) || has(any_entries, e);
  }
};

class Resolver {
 public:
  Resolver(const NameIndex& names, const SourceTable* table, const Scope& scope)
      : names_(names), table_(table), scope_(scope) {}

  // The extended rule 2: is every word of `words` in the vocabulary of the scope?
  bool in_vocabulary(const std::vector<std::string>& words) const {
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

  Resolved resolve(const Term& term) const {
    Resolved r;
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

 private:
  void resolve_icu(Resolved& r) const {
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
      lists.push_back(r.icu_owned);
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
  void table_entries(Resolved& r) const {
    std::optional<Entries> names;
    std::optional<Entries> any;
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
      Entries name_set = merge_unique(std::move(name_lists));
      Entries any_set = merge_unique(std::move(any_lists));
      names = names ? intersect_entries(*names, name_set) : std::move(name_set);
      any = any ? intersect_entries(*any, any_set) : std::move(any_set);
      if (any->empty()) break;
    }
    if (!any) return;
    r.name_entries = std::move(*names);
    r.any_entries = std::move(*any);
    if (r.phrase) {
      std::erase_if(r.name_entries,
                    [&](std::uint32_t e) { return !entry_has_phrase(e, r.table_words, true); });
      std::erase_if(r.any_entries,
                    [&](std::uint32_t e) { return !entry_has_phrase(e, r.table_words, false); });
    }
  }

  bool entry_has_phrase(std::uint32_t e, const std::vector<std::string>& phrase,
                        bool name_tier) const {
    for (std::uint32_t t = table_->text_begin(e); t < table_->text_end(e); ++t) {
      const TextInfo info = table_->text_info(t);
      if (!is_searched(info.kind) || !scope_.allows(info.source, info.lang) ||
          (name_tier && !is_name_tier(info.source)))
        continue;
      const std::string text = table_->text(t);
      for (std::string_view piece : pieces_of(info.kind, text))
        if (contains_phrase(folded_text_words(piece), phrase)) return true;
    }
    return false;
  }

  const NameIndex& names_;
  const SourceTable* table_;
  const Scope& scope_;
};

}  // namespace

CharacterIndex::CharacterIndex(const NameIndex& names, const SourceTable* table)
    : names_(names), table_(table), empty_names_(NameIndex::build({})) {
  if (table_ == nullptr) return;
  for (std::uint16_t l = 0; l < table_->language_count() && l < 256; ++l)
    english_[l] = english(table_->language(l));
}

std::vector<std::string> CharacterIndex::languages() const {
  std::vector<std::string> out;
  if (table_ == nullptr) return out;
  for (std::uint16_t l = 0; l < table_->language_count(); ++l)
    if (!table_->language(l).empty()) out.emplace_back(table_->language(l));
  return out;
}

bool language_covers(std::string_view lang, std::string_view code) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (code.empty() || lang.size() < code.size()) return false;
  for (std::size_t i = 0; i < code.size(); ++i)
    if (lower(lang[i]) != lower(code[i])) return false;
  return lang.size() == code.size() || lang[code.size()] == '_';
}

std::vector<std::string> CharacterIndex::known_languages(
    const std::vector<std::string>& tags) const {
  std::vector<std::string> out;
  if (table_ == nullptr) return out;
  for (std::string tag : tags) {
    for (char& c : tag) {
      if (c == '-') c = '_';
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    while (!tag.empty()) {
      if (tag == "*" || tag == "en" || tag.starts_with("en_")) break;
      bool exact = false;
      for (std::uint16_t l = 0; l < table_->language_count() && !exact; ++l) {
        const std::string_view lang = table_->language(l);
        exact = lang.size() == tag.size() && language_covers(lang, tag);
      }
      if (exact) {
        if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(tag);
        break;
      }
      const std::size_t cut = tag.rfind('_');
      if (cut == std::string::npos) break;
      tag.resize(cut);
    }
  }
  return out;
}

std::string CharacterIndex::check_languages(const std::vector<std::string>& codes) const {
  for (const std::string& code : codes) {
    if (code == "all") continue;
    bool known = false;
    if (table_ != nullptr) {
      for (std::uint16_t l = 0; l < table_->language_count() && !known; ++l) {
        const std::string_view lang = table_->language(l);
        known = !lang.empty() && language_covers(lang, code);
      }
    }
    if (!known)
      return "unknown language '" + escape_controls(code) +
             "' (the languages are CLDR locale ids such as de, fr, ja, zh_Hant; "
             "/lang list on telnet, GET /api/languages or 'charfinder find --lang list' lists "
             "them)";
  }
  return {};
}

std::bitset<256> CharacterIndex::language_scope(const std::vector<std::string>& codes) const {
  std::bitset<256> langs = english_;
  if (table_ == nullptr || codes.empty()) return langs;
  const bool all = std::find(codes.begin(), codes.end(), "all") != codes.end();
  if (all) langs.set();
  for (std::uint16_t l = 0; l < table_->language_count() && l < 256 && !all; ++l) {
    const std::string_view lang = table_->language(l);
    for (const std::string& code : codes)
      if (language_covers(lang, code)) langs[l] = true;
  }
  return langs;
}

std::variant<EntryPage, std::string> CharacterIndex::run(std::string_view text,
                                                         const SearchScope& scope,
                                                         std::size_t offset,
                                                         std::size_t limit) const {
  ParsedQuery parsed = parse_query(text);
  if (!parsed.query) return std::move(parsed.error);
  return search(*parsed.query, scope, offset, limit);
}

std::variant<EntryPage, std::string> CharacterIndex::search(const Query& query,
                                                            const SearchScope& options,
                                                            std::size_t offset,
                                                            std::size_t limit) const {
  const std::vector<std::string>& codes = query.languages ? *query.languages : options.languages;
  if (std::string error = check_languages(codes); !error.empty()) return error;

  Scope scope;
  scope.sources = options.sources;
  scope.names_only = query.scope_names;
  scope.langs = language_scope(codes);
  const NameIndex& names = (options.sources & source_bit(Source::kNames)) ? names_ : empty_names_;
  const Resolver resolver(names, table_, scope);

  std::vector<Resolved> positives;
  std::vector<Resolved> negatives;
  Query icu_query;  // what ICU's names can answer: terms without a vocabulary-only reading
  bool icu_can_match = true;
  for (const Term& term : query.terms) {
    Resolved r = resolver.resolve(term);
    const bool vocabulary_only = term.kind == Term::Kind::kLiteral && !r.codes;
    if (vocabulary_only && !term.negated) icu_can_match = false;
    if (!vocabulary_only) icu_query.terms.push_back(term);
    (term.negated ? negatives : positives).push_back(std::move(r));
  }

  auto table_key = [&](std::uint32_t e) { return table_->entry_key(e); };
  auto entry_for_single = [&](char32_t c) -> std::uint32_t {
    if (table_ == nullptr) return kNoEntry;
    const auto e = table_->find_key(single_key(c));
    return e ? *e : kNoEntry;
  };
  auto by_name = [&](EntryKey key, std::uint32_t e) {
    return std::all_of(positives.begin(), positives.end(),
                       [&](const Resolved& r) { return r.name_match(key, e); }) &&
           std::none_of(negatives.begin(), negatives.end(),
                        [&](const Resolved& r) { return r.name_match(key, e); });
  };

  // Tier one, part 1: ICU names (and ranges, literals), exactly as the formal-name search.
  // Part 2: entries the table's tier-name sources add (aliases, named sequences).
  const bool negatives_in_table =
      std::any_of(negatives.begin(), negatives.end(),
                  [](const Resolved& r) { return !r.name_entries.empty(); });
  std::vector<std::uint32_t> extra;  // part 2 candidates
  for (const Resolved& r : positives)
    extra.insert(extra.end(), r.name_entries.begin(), r.name_entries.end());
  std::sort(extra.begin(), extra.end());
  extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
  std::erase_if(extra, [&](std::uint32_t e) {
    const EntryKey key = table_key(e);
    return !by_name(key, e) ||
           (is_single_key(key) && icu_can_match &&
            std::all_of(positives.begin(), positives.end(),
                        [&](const Resolved& r) {
                          return r.codes ? r.codes_contain(first_code_of(key))
                                         : r.icu_match(first_code_of(key));
                        }) &&
            !negatives_in_table);  // already in part 1 (when part 1 is not filtered)
  });

  EntryPage page;
  page.offset = offset;
  page.sources = options.sources;
  page.langs_in_scope = scope.langs;
  for (const Resolved& r : positives) {
    if (r.codes) continue;
    page.match_words.push_back(r.table_words);
    page.match_phrase.push_back(r.phrase);
    page.match_prefix.push_back(r.prefix);
  }

  std::vector<EntryKey> tier_one;  // materialized tier one (when it has to be)
  bool tier_one_materialized = false;
  std::size_t tier_one_total = 0;
  if (!icu_can_match) {
    tier_one_materialized = true;
  } else if (extra.empty() && !negatives_in_table) {
    // The formal-name answer is tier one as it is: let search() page it (`cjk` stays a slice).
    const SearchPage icu_page = charfinder::search(names, icu_query, offset, limit);
    tier_one_total = icu_page.total;
    for (char32_t c : icu_page.code_points)
      page.hits.push_back(EntryHit{single_key(c), kNoEntry, true, std::nullopt});
  } else {
    tier_one_materialized = true;
    const SearchPage icu_page = charfinder::search(names, icu_query);
    for (char32_t c : icu_page.code_points) {
      if (negatives_in_table && !by_name(single_key(c), entry_for_single(c))) continue;
      tier_one.push_back(single_key(c));
    }
  }
  if (tier_one_materialized) {
    std::vector<EntryKey> more;
    for (std::uint32_t e : extra) more.push_back(table_key(e));
    std::vector<EntryKey> merged;
    std::set_union(tier_one.begin(), tier_one.end(), more.begin(), more.end(),
                   std::back_inserter(merged));
    tier_one = std::move(merged);
    tier_one_total = tier_one.size();
    for (std::size_t i = offset; i < tier_one.size() && page.hits.size() < limit; ++i) {
      const EntryKey key = tier_one[i];
      page.hits.push_back(EntryHit{key, is_single_key(key) ? kNoEntry : *table_->find_key(key),
                                   true, std::nullopt});
    }
  }

  // Tier two: entries some positive term reaches only through the other sources.
  std::vector<std::uint32_t> others;
  if (table_ != nullptr && !scope.names_only) {
    // Candidates: the entries of the positive term with the fewest (each must match it).
    const Resolved* driver = nullptr;
    for (const Resolved& r : positives)
      if (!r.codes && (driver == nullptr || r.any_entries.size() < driver->any_entries.size()))
        driver = &r;
    if (driver != nullptr) others = driver->any_entries;
    std::erase_if(others, [&](std::uint32_t e) {
      const EntryKey key = table_key(e);
      bool all_name = true;
      for (const Resolved& r : positives) {
        const bool name = r.name_match(key, e);
        if (!name && !has(r.any_entries, e)) return true;
        all_name = all_name && name;
      }
      bool negative_name = false;
      for (const Resolved& r : negatives) {
        const bool name = r.name_match(key, e);
        if (!name && has(r.any_entries, e)) return true;  // excluded through another source
        negative_name = negative_name || name;
      }
      // All positives by name and no negative by name: tier one. A negative by name: out.
      return all_name || negative_name;
    });
  }
  page.by_name = tier_one_total;
  page.total = tier_one_total + others.size();
  const std::size_t skip = offset > tier_one_total ? offset - tier_one_total : 0;
  for (std::size_t i = skip; i < others.size() && page.hits.size() < limit; ++i)
    page.hits.push_back(EntryHit{table_key(others[i]), others[i], false, std::nullopt});
  return page;
}

void CharacterIndex::describe(EntryPage& page) const {
  if (table_ == nullptr) return;
  const std::bitset<256>& langs = page.langs_in_scope;
  for (EntryHit& hit : page.hits) {
    if (hit.by_name || hit.entry == kNoEntry) continue;
    const std::uint32_t e = hit.entry;
    std::optional<EntryMatch> best;
    for (std::size_t w = 0; w < page.match_words.size() && !best; ++w) {
      const std::vector<std::string>& wanted = page.match_words[w];
      if (wanted.empty()) continue;
      // Which (source, language) lists hold the term's first word for this entry: only those
      // texts are read (the others' may be compressed). English first.
      std::uint32_t first = 0;
      std::uint32_t last = 0;
      if (page.match_prefix[w] && wanted.size() == 1) {
        std::tie(first, last) = table_->prefix_range(wanted[0]);
        last = std::min(last, first + 64);
      } else if (const auto id = table_->word_id(wanted[0])) {
        first = *id;
        last = *id + 1;
      }
      std::vector<std::pair<Source, std::uint16_t>> where;
      for (std::uint32_t word = first; word < last; ++word)
        for (std::uint32_t d = table_->list_begin(word); d < table_->list_end(word); ++d) {
          const PostingList list = table_->list(d);
          if (is_name_tier(list.source) || list.lang >= 256 || !langs[list.lang] ||
              (page.sources & source_bit(list.source)) == 0)
            continue;
          if (std::binary_search(list.entries.begin(), list.entries.end(),
                                 static_cast<std::uint16_t>(e)))
            where.emplace_back(list.source, list.lang);
        }
      std::stable_sort(where.begin(), where.end(), [&](const auto& a, const auto& b) {
        return english_[a.second] > english_[b.second];
      });
      for (const auto& [source, lang] : where) {
        for (std::uint32_t t = table_->text_begin(e); t < table_->text_end(e) && !best; ++t) {
          const TextInfo info = table_->text_info(t);
          if (info.source != source || info.lang != lang || !is_searched(info.kind)) continue;
          const std::string text = table_->text(t);
          for (std::string_view piece : pieces_of(info.kind, text)) {
            const auto words = folded_text_words(piece);
            const bool ok = page.match_phrase[w]
                                ? contains_phrase(words, wanted)
                                : contains_all(words, wanted, page.match_prefix[w]);
            if (ok) {
              best = EntryMatch{info.source, std::string(table_->language(info.lang)),
                                std::string(piece)};
              break;
            }
          }
        }
        if (best) break;
      }
    }
    hit.match = std::move(best);
  }
}

std::u32string CharacterIndex::code_points(const EntryHit& hit) const {
  if (is_single_key(hit.key) || table_ == nullptr || hit.entry == kNoEntry)
    return std::u32string(1, first_code_of(hit.key));
  const auto cps = table_->entry_code_points(hit.entry);
  return std::u32string(cps.begin(), cps.end());
}

std::string CharacterIndex::name(const EntryHit& hit, SourceSet sources) const {
  if (is_single_key(hit.key) || table_ == nullptr || hit.entry == kNoEntry)
    return display_name(first_code_of(hit.key));
  std::string emoji;
  std::string cldr;
  for (std::uint32_t t = table_->text_begin(hit.entry); t < table_->text_end(hit.entry); ++t) {
    const TextInfo info = table_->text_info(t);
    if ((sources & source_bit(info.source)) == 0) continue;
    if (info.kind == TextKind::kSequenceName) return table_->text(t);
    if (info.kind == TextKind::kEmojiName && emoji.empty()) emoji = table_->text(t);
    if (info.kind == TextKind::kCldrAnnotation && cldr.empty() &&
        table_->language(info.lang) == "en") {
      const std::string text = table_->text(t);
      cldr = text.substr(0, text.find('\x1F'));
    }
  }
  return !emoji.empty() ? emoji : cldr;
}

std::string match_label(const EntryMatch& match) {
  switch (match.source) {
    case Source::kInformalAliases:
      return "= " + match.text;
    case Source::kUnicode1Names:
      return "Unicode 1.0: " + match.text;
    case Source::kEmoji:
      return "emoji: " + match.text;
    case Source::kCldr:
      return match.lang + ": " + match.text;
    case Source::kUnihan:
      return "definition: " + match.text;
    default:
      return match.text;
  }
}

std::string entry_code_label(std::u32string_view code_points) {
  std::string out;
  for (char32_t c : code_points) {
    if (!out.empty()) out += ' ';
    out += code_label(c);
  }
  return out;
}

}  // namespace charfinder

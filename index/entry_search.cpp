#include "index/entry_search.hpp"

#include <algorithm>
#include <bitset>

#include "index/entry_terms.hpp"

namespace charfinder {
namespace {

bool english(std::string_view lang) {
  return lang.empty() || lang == "en" || lang.starts_with("en_");
}

}  // namespace

CharacterIndex::CharacterIndex(const NameIndex& names, const SourceTable* table)
    : names_(names), table_(table), empty_names_(NameIndex::build({})) {
  if (table_ == nullptr) return;
  for (std::uint16_t l = 0; l < table_->language_count() && l < 256; ++l)
    english_[l] = english(table_->language(l));
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
  const std::span<const std::string> codes =
      query.languages ? std::span<const std::string>(*query.languages) : options.languages;
  if (std::string error = check_languages(codes); !error.empty()) return error;

  TableScope scope;
  scope.sources = options.sources;
  scope.names_only = query.scope_names;
  scope.langs = language_scope(codes);
  const NameIndex& names = (options.sources & source_bit(Source::kNames)) ? names_ : empty_names_;
  const TermResolver resolver(names, table_, scope);

  std::vector<ResolvedTerm> positives;
  std::vector<ResolvedTerm> negatives;
  Query icu_query;  // what ICU's names can answer: terms without a vocabulary-only reading
  bool icu_can_match = true;
  for (const Term& term : query.terms) {
    ResolvedTerm r = resolver.resolve(term);
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
                       [&](const ResolvedTerm& r) { return r.name_match(key, e); }) &&
           std::none_of(negatives.begin(), negatives.end(),
                        [&](const ResolvedTerm& r) { return r.name_match(key, e); });
  };

  // Tier one, part 1: ICU names (and ranges, literals), exactly as the formal-name search.
  // Part 2: entries the table's tier-name sources add (aliases, named sequences).
  const bool negatives_in_table =
      std::any_of(negatives.begin(), negatives.end(),
                  [](const ResolvedTerm& r) { return !r.name_entries.empty(); });
  std::vector<std::uint32_t> extra;  // part 2 candidates
  for (const ResolvedTerm& r : positives)
    extra.insert(extra.end(), r.name_entries.begin(), r.name_entries.end());
  std::sort(extra.begin(), extra.end());
  extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
  std::erase_if(extra, [&](std::uint32_t e) {
    const EntryKey key = table_key(e);
    return !by_name(key, e) ||
           (is_single_key(key) && icu_can_match &&
            std::all_of(positives.begin(), positives.end(),
                        [&](const ResolvedTerm& r) {
                          return r.codes ? r.codes_contain(first_code_of(key))
                                         : r.icu_match(first_code_of(key));
                        }) &&
            !negatives_in_table);  // already in part 1 (when part 1 is not filtered)
  });

  EntryPage page;
  page.offset = offset;
  page.sources = options.sources;
  page.langs_in_scope = scope.langs;
  for (const ResolvedTerm& r : positives) {
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
    more.reserve(extra.size());
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
    const ResolvedTerm* driver = nullptr;
    for (const ResolvedTerm& r : positives)
      if (!r.codes && (driver == nullptr || r.any_entries.size() < driver->any_entries.size()))
        driver = &r;
    if (driver != nullptr) others = driver->any_entries;
    std::erase_if(others, [&](std::uint32_t e) {
      const EntryKey key = table_key(e);
      bool all_name = true;
      for (const ResolvedTerm& r : positives) {
        const bool name = r.name_match(key, e);
        if (!name && !has_entry(r.any_entries, e)) return true;
        all_name = all_name && name;
      }
      bool negative_name = false;
      for (const ResolvedTerm& r : negatives) {
        const bool name = r.name_match(key, e);
        if (!name && has_entry(r.any_entries, e)) return true;  // excluded through another source
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

}  // namespace charfinder

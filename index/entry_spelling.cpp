#include "index/entry_spelling.hpp"

#include <utility>
#include <variant>

namespace charfinder {
namespace {

SpellingIndex table_spelling(const SourceTable& table) {
  const std::uint32_t n = table.word_count();
  std::vector<std::uint32_t> weights(n, 0);
  for (std::uint32_t w = 0; w < n; ++w)
    for (std::uint32_t d = table.list_begin(w); d < table.list_end(w); ++d)
      weights[w] += static_cast<std::uint32_t>(table.list(d).entries.size());
  return SpellingIndex(table.vocabulary(), weights);
}

}  // namespace

EntryOracle::EntryOracle(const CharacterIndex& index, SearchScope scope, const Query& query)
    : index_(&index), scope_(std::move(scope)), names_only_(query.scope_names) {
  if (query.languages) scope_.languages = *query.languages;
  use_names_ = (scope_.sources & source_bit(Source::kNames)) != 0;
  use_table_ = index.table() != nullptr && (scope_.sources & ~source_bit(Source::kNames)) != 0;
  langs_ = index.language_scope(scope_.languages);
}

bool EntryOracle::allows(const PostingList& list) const {
  return (scope_.sources & source_bit(list.source)) != 0 && list.lang < 256 && langs_[list.lang] &&
         (!names_only_ || is_name_tier(list.source));
}

std::size_t EntryOracle::entries_with(std::string_view word) const {
  std::size_t n = use_names_ ? index_->names().exact(word).size() : 0;
  if (!use_table_) return n;
  const SourceTable& table = *index_->table();
  if (const auto id = table.word_id(word)) {
    for (std::uint32_t d = table.list_begin(*id); d < table.list_end(*id); ++d) {
      const PostingList list = table.list(d);
      if (allows(list)) n += list.entries.size();
    }
  }
  return n;
}

bool EntryOracle::has_prefix(std::string_view prefix) const {
  if (use_names_ && !index_->names().prefixed(prefix).empty()) return true;
  if (!use_table_) return false;
  const SourceTable& table = *index_->table();
  const auto [first, last] = table.prefix_range(prefix);
  for (std::uint32_t w = first; w < last; ++w)
    for (std::uint32_t d = table.list_begin(w); d < table.list_end(w); ++d)
      if (allows(table.list(d))) return true;
  return false;
}

std::size_t EntryOracle::count(const Query& query) const {
  const auto page = index_->search(query, scope_, 0, 0);
  const auto* entries = std::get_if<EntryPage>(&page);
  return entries ? entries->total : 0;
}

bool EntryOracle::knows_language(std::string_view code) const {
  return index_->check_languages({std::string(code)}).empty();
}

std::vector<std::string> EntryOracle::language_codes() const {
  std::vector<std::string> codes = index_->languages();
  for (std::string& code : codes)
    for (char& c : code)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return codes;
}

std::unique_ptr<CorrectionOracle> EntryOracle::with_languages(
    const std::vector<std::string>& codes) const {
  Query query;
  query.languages = codes;
  query.scope_names = names_only_;
  return std::make_unique<EntryOracle>(*index_, scope_, query);
}

EntrySpelling::EntrySpelling(const CharacterIndex& index)
    : index_(index), names_(spelling_index_of(index.names())) {
  if (index.table() != nullptr) table_.emplace(table_spelling(*index.table()));
}

SpellingSet EntrySpelling::vocabulary() const {
  std::vector<const SpellingIndex*> parts{&names_};
  if (table_) parts.push_back(&*table_);
  return SpellingSet(std::move(parts));
}

std::vector<Suggestion> EntrySpelling::suggest(const Query& query, const SearchScope& scope) const {
  const EntryOracle oracle(index_, scope, query);
  return suggest_corrections(query, vocabulary(), oracle);
}

std::vector<Completion> EntrySpelling::complete(const Query& query, const SearchScope& scope,
                                                std::size_t limit) const {
  const EntryOracle oracle(index_, scope, query);
  return complete_last_word(query, vocabulary(), oracle, limit);
}

std::size_t EntrySpelling::words() const {
  return names_.words().size() + (table_ ? table_->words().size() : 0);
}

std::size_t EntrySpelling::memory_bytes() const {
  return names_.memory_bytes() + (table_ ? table_->memory_bytes() : 0);
}

}  // namespace charfinder

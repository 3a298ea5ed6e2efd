#include "index/entry_spelling.hpp"

#include <utility>
#include <variant>

namespace charfinder {
namespace {

// Each table word's weight for completion: its postings in every list (entries may count
// twice). `english` gets the ids of the words some English or Unicode text has.
std::vector<std::uint32_t> table_weights(const SourceTable& table, const CharacterIndex& index,
                                         std::vector<std::uint32_t>& english) {
  const std::bitset<256> english_langs = index.language_scope({});
  const std::uint32_t n = table.word_count();
  std::vector<std::uint32_t> weights(n, 0);
  for (std::uint32_t w = 0; w < n; ++w) {
    bool in_english = false;
    for (std::uint32_t d = table.list_begin(w); d < table.list_end(w); ++d) {
      const PostingList list = table.list(d);
      weights[w] += static_cast<std::uint32_t>(list.entries.size());
      in_english = in_english || (list.lang < 256 && english_langs[list.lang]);
    }
    if (in_english) english.push_back(w);
  }
  return weights;
}

}  // namespace

EntryOracle::EntryOracle(const CharacterIndex& index, SearchScope scope, const Query& query)
    : index_(&index), scope_(scope), names_only_(query.scope_names) {
  if (query.languages) {
    query_languages_ = *query.languages;
    scope_.languages = query_languages_;
  }
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
  const std::string one(code);
  return index_->check_languages(std::span<const std::string>(&one, 1)).empty();
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
    : EntrySpelling(index, std::stop_token()) {}

std::unique_ptr<EntrySpelling> EntrySpelling::build(const CharacterIndex& index,
                                                    const std::stop_token& stop) {
  std::unique_ptr<EntrySpelling> built(new EntrySpelling(index, stop));
  // A stop request is never withdrawn: if any step gave up, this sees it.
  if (stop.stop_requested()) return nullptr;
  return built;
}

EntrySpelling::EntrySpelling(const CharacterIndex& index, const std::stop_token& stop)
    : index_(index), names_(spelling_index_of(index.names(), stop)) {
  const SourceTable* table = index.table();
  if (table == nullptr || stop.stop_requested()) return;
  std::vector<std::uint32_t> english;
  const std::vector<std::uint32_t> weights = table_weights(*table, index, english);
  if (stop.stop_requested()) return;
  table_.emplace(table->vocabulary(), weights, SpellingIndex::Strategy::kSplitWalks, stop);
  if (stop.stop_requested()) return;

  const SortedWords names = index.names().vocabulary();
  std::vector<std::string> common;
  common.reserve(names.size() + english.size());
  for (std::size_t i = 0; i < names.size(); ++i) common.emplace_back(names[i]);
  for (std::uint32_t w : english) common.emplace_back(table->word(w));
  common_words_ = std::make_unique<OwnedWords>(std::move(common));
  const SortedWords words = common_words_->view();
  std::vector<std::uint32_t> common_weights(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto id = table->word_id(words[i]);
    common_weights[i] =
        static_cast<std::uint32_t>(index.names().exact(words[i]).size()) + (id ? weights[*id] : 0u);
  }
  if (stop.stop_requested()) return;
  common_.emplace(words, common_weights, SpellingIndex::Strategy::kSplitWalks, stop);
}

SpellingSet EntrySpelling::vocabulary(bool other_languages) const {
  // Without the table (or after a build that stopped early), only the names are known.
  if (!table_ || !common_) return SpellingSet(names_);
  if (!other_languages) return SpellingSet(*common_);
  return SpellingSet({&names_, &*table_});
}

namespace {

// Whether a query in `scope` may read texts of languages besides English.
bool other_languages(const Query& query, const SearchScope& scope) {
  return query.languages ? !query.languages->empty() : !scope.languages.empty();
}

}  // namespace

std::vector<Suggestion> EntrySpelling::suggest(const Query& query, const SearchScope& scope) const {
  const EntryOracle oracle(index_, scope, query);
  return suggest_corrections(query, vocabulary(other_languages(query, scope)), oracle);
}

std::vector<Completion> EntrySpelling::complete(const Query& query, const SearchScope& scope,
                                                std::size_t limit) const {
  const EntryOracle oracle(index_, scope, query);
  return complete_last_word(query, vocabulary(other_languages(query, scope)), oracle, limit);
}

std::size_t EntrySpelling::words() const {
  return names_.words().size() + (table_ ? table_->words().size() : 0);
}

std::size_t EntrySpelling::memory_bytes() const {
  std::size_t bytes = names_.memory_bytes();
  if (table_) bytes += table_->memory_bytes();
  if (common_) bytes += common_->memory_bytes();
  if (common_words_) bytes += common_words_->memory_bytes();
  return bytes;
}

}  // namespace charfinder

#include "daemon/search/character_search.hpp"

#include "sources/embedded_table.hpp"
#include "text/escape.hpp"

namespace charfinder {

CharacterSearch::CharacterSearch(const NameIndex& names, const SourceTable* table,
                                 SourceSet search_sources)
    : index(names, table), sources(search_sources) {}

const EntrySpelling& CharacterSearch::spelling() const {
  if (const EntrySpelling* built = spelling_ready_.load(std::memory_order_acquire)) return *built;
  std::lock_guard lock(spelling_mutex_);
  if (!spelling_) {
    spelling_ = std::make_unique<EntrySpelling>(index);
    spelling_ready_.store(spelling_.get(), std::memory_order_release);
  }
  return *spelling_;
}

bool CharacterSearch::build_spelling(const std::stop_token& stop) const {
  std::lock_guard lock(spelling_mutex_);
  if (spelling_) return true;
  std::unique_ptr<EntrySpelling> built = EntrySpelling::build(index, stop);
  if (!built) return false;  // stopped: a later spelling() builds in full
  spelling_ = std::move(built);
  spelling_ready_.store(spelling_.get(), std::memory_order_release);
  return true;
}

std::vector<Suggestion> CharacterSearch::suggest(std::string_view text,
                                                 const SearchScope& search_scope) const {
  const ParsedQuery parsed = parse_query(text);
  if (!parsed.query) return {};
  // Most queries need no correction: say so without the spelling structures (which may
  // still be being built just after start-up).
  if (!needs_correction(*parsed.query, EntryOracle(index, search_scope, *parsed.query))) return {};
  return spelling().suggest(*parsed.query, search_scope);
}

std::variant<std::vector<Completion>, std::string> CharacterSearch::complete(
    std::string_view text, const SearchScope& search_scope, std::size_t limit) const {
  ParsedQuery parsed = parse_query(text);
  if (!parsed.query) return std::move(parsed.error);
  return spelling().complete(*parsed.query, search_scope, limit);
}

std::string did_you_mean(const std::vector<Suggestion>& suggestions) {
  if (suggestions.empty()) return {};
  std::string out = ". Did you mean: ";
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    if (i > 0) out += ", ";
    out += escape_controls(suggestions[i].query);
    out += " (" + std::to_string(suggestions[i].total) + ")";
  }
  out += '?';
  return out;
}

const SourceTable* embedded_table(std::string& error) {
  static const std::variant<SourceTable, std::string> opened =
      SourceTable::open(embedded_source_table());
  if (const auto* message = std::get_if<std::string>(&opened)) {
    error = "the source table built into this binary is damaged: " + *message;
    return nullptr;
  }
  return &std::get<SourceTable>(opened);
}

std::variant<SearchScope, std::string> scope_from_config(const SearchConfig& config,
                                                         const CharacterIndex& index) {
  SearchScope scope;
  scope.sources = 0;
  for (const std::string& key : config.sources) {
    const auto source = source_from_key(key);
    if (!source) return "search.sources: unknown source '" + key + "'";
    scope.sources = static_cast<SourceSet>(scope.sources | source_bit(*source));
  }
  if (std::string error = index.check_languages(config.languages); !error.empty())
    return "search.languages: " + error;
  scope.languages = config.languages;
  return scope;
}

std::string describe_languages(std::span<const std::string> languages) {
  if (languages.empty()) return "English only";
  std::string out = "English and ";
  for (std::size_t i = 0; i < languages.size(); ++i) {
    if (i > 0) out += ", ";
    out += languages[i];
  }
  return out;
}

}  // namespace charfinder

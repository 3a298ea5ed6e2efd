#include "daemon/search/character_search.hpp"

#include "sources/embedded_table.hpp"

namespace charfinder {

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

std::string describe_languages(const std::vector<std::string>& languages) {
  if (languages.empty()) return "English only";
  std::string out = "English and ";
  for (std::size_t i = 0; i < languages.size(); ++i) {
    if (i > 0) out += ", ";
    out += languages[i];
  }
  return out;
}

}  // namespace charfinder

// NameAliases.txt (unicode-data): `code;alias;type`.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

namespace {

bool known_alias_type(std::string_view type) {
  return type == "correction" || type == "control" || type == "alternate" || type == "figment" ||
         type == "abbreviation";
}

}  // namespace

Parsed<AliasRow> parse_name_aliases(std::string_view text, std::string_view file) {
  return parse_lines<AliasRow>(text, file, [](std::string_view line) -> LineOutcome<AliasRow> {
    line = data_part(line);
    if (line.empty()) return Skip{};
    const auto fields = split(line, ';');
    if (fields.size() != 3) return Problem{"expected 3 fields separated by ';'"};
    const auto code = parse_code(trim(fields[0]));
    const std::string_view alias = trim(fields[1]);
    const std::string_view type = trim(fields[2]);
    if (!code) return Problem{"malformed code point '" + std::string(trim(fields[0])) + "'"};
    if (alias.empty()) return Problem{"empty alias"};
    if (!known_alias_type(type)) return Problem{"unknown alias type '" + std::string(type) + "'"};
    return AliasRow{*code, std::string(alias), std::string(type)};
  });
}

}  // namespace charfinder::sources

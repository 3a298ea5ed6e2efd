// NameAliases.txt (unicode-data): `code;alias;type`.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

Parsed<AliasRow> parse_name_aliases(std::string_view text, std::string_view file) {
  Parsed<AliasRow> out;
  for_each_line(text, [&](std::string_view line, std::size_t number) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) return;
    const auto fields = split(line, ';');
    if (fields.size() != 3) {
      out.problems.push_back(where(file, number) + "expected 3 fields separated by ';'");
      return;
    }
    const auto code = parse_code(trim(fields[0]));
    const std::string_view alias = trim(fields[1]);
    const std::string_view type = trim(fields[2]);
    if (!code) {
      out.problems.push_back(where(file, number) + "malformed code point '" +
                             std::string(trim(fields[0])) + "'");
      return;
    }
    if (alias.empty()) {
      out.problems.push_back(where(file, number) + "empty alias");
      return;
    }
    if (type != "correction" && type != "control" && type != "alternate" && type != "figment" &&
        type != "abbreviation") {
      out.problems.push_back(where(file, number) + "unknown alias type '" + std::string(type) +
                             "'");
      return;
    }
    out.rows.push_back(AliasRow{*code, std::string(alias), std::string(type)});
  });
  return out;
}

}  // namespace charfinder::sources

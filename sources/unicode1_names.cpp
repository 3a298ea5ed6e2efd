// UnicodeData.txt (unicode-data): field 10, the Unicode 1.0 name.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

Parsed<Unicode1Row> parse_unicode1_names(std::string_view text, std::string_view file) {
  Parsed<Unicode1Row> out;
  for_each_line(text, [&](std::string_view line, std::size_t number) {
    if (line.empty()) return;
    const auto fields = split(line, ';');
    if (fields.size() != 15) {
      out.problems.push_back(where(file, number) + "expected 15 fields separated by ';', got " +
                             std::to_string(fields.size()));
      return;
    }
    const auto code = parse_code(fields[0]);
    if (!code) {
      out.problems.push_back(where(file, number) + "malformed code point '" +
                             std::string(fields[0]) + "'");
      return;
    }
    const std::string_view name = trim(fields[10]);
    if (!name.empty()) out.rows.push_back(Unicode1Row{*code, std::string(name)});
  });
  return out;
}

}  // namespace charfinder::sources

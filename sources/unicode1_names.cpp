// UnicodeData.txt (unicode-data): field 10, the Unicode 1.0 name.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

Parsed<Unicode1Row> parse_unicode1_names(std::string_view text, std::string_view file) {
  return parse_lines<Unicode1Row>(
      text, file, [](std::string_view line) -> LineOutcome<Unicode1Row> {
        if (line.empty()) return Skip{};
        const auto fields = split(line, ';');
        if (fields.size() != 15)
          return Problem{"expected 15 fields separated by ';', got " +
                         std::to_string(fields.size())};
        const auto code = parse_code(fields[0]);
        if (!code) return Problem{"malformed code point '" + std::string(fields[0]) + "'"};
        const std::string_view name = trim(fields[10]);
        if (name.empty()) return Skip{};
        return Unicode1Row{*code, std::string(name)};
      });
}

}  // namespace charfinder::sources

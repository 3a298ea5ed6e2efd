// Unihan_Readings.txt (unicode-data, shipped bz2-compressed; the build decompresses it).
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

namespace {

bool used_unihan_field(std::string_view field) {
  return field == "kDefinition" || field == "kMandarin" || field == "kCantonese" ||
         field == "kJapaneseOn" || field == "kJapaneseKun" || field == "kHangul";
}

}  // namespace

Parsed<UnihanRow> parse_unihan_readings(std::string_view text, std::string_view file) {
  return parse_lines<UnihanRow>(text, file, [](std::string_view line) -> LineOutcome<UnihanRow> {
    if (line.empty() || line[0] == '#') return Skip{};
    const auto fields = split(line, '\t');
    if (fields.size() != 3 || !fields[0].starts_with("U+"))
      return Problem{"expected 'U+XXXX<TAB>kField<TAB>value'"};
    const auto code = parse_code(fields[0].substr(2));
    if (!code) return Problem{"malformed code point '" + std::string(fields[0]) + "'"};
    const std::string_view field = fields[1];
    if (!used_unihan_field(field)) return Skip{};
    const std::string_view value = trim(fields[2]);
    if (value.empty()) return Problem{"empty " + std::string(field)};
    return UnihanRow{*code, std::string(field), std::string(value)};
  });
}

}  // namespace charfinder::sources

// Unihan_Readings.txt (unicode-data, shipped bz2-compressed; the build decompresses it).
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

Parsed<UnihanRow> parse_unihan_readings(std::string_view text, std::string_view file) {
  Parsed<UnihanRow> out;
  for_each_line(text, [&](std::string_view line, std::size_t number) {
    if (line.empty() || line[0] == '#') return;
    const auto fields = split(line, '\t');
    if (fields.size() != 3 || !fields[0].starts_with("U+")) {
      out.problems.push_back(where(file, number) + "expected 'U+XXXX<TAB>kField<TAB>value'");
      return;
    }
    const auto code = parse_code(fields[0].substr(2));
    if (!code) {
      out.problems.push_back(where(file, number) + "malformed code point '" +
                             std::string(fields[0]) + "'");
      return;
    }
    const std::string_view field = fields[1];
    if (field != "kDefinition" && field != "kMandarin" && field != "kCantonese" &&
        field != "kJapaneseOn" && field != "kJapaneseKun" && field != "kHangul")
      return;
    const std::string_view value = trim(fields[2]);
    if (value.empty()) {
      out.problems.push_back(where(file, number) + "empty " + std::string(field));
      return;
    }
    out.rows.push_back(UnihanRow{*code, std::string(field), std::string(value)});
  });
  return out;
}

}  // namespace charfinder::sources

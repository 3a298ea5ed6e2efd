// NamedSequences.txt (unicode-data): `NAME;XXXX YYYY ...`.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

Parsed<NamedSequenceRow> parse_named_sequences(std::string_view text, std::string_view file) {
  Parsed<NamedSequenceRow> out;
  for_each_line(text, [&](std::string_view line, std::size_t number) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) return;
    const auto fields = split(line, ';');
    if (fields.size() != 2 || trim(fields[0]).empty()) {
      out.problems.push_back(where(file, number) + "expected NAME;CODE POINTS");
      return;
    }
    const auto codes = parse_codes(fields[1]);
    if (!codes || codes->size() < 2) {
      out.problems.push_back(where(file, number) + "expected two or more hex code points, got '" +
                             std::string(trim(fields[1])) + "'");
      return;
    }
    out.rows.push_back(NamedSequenceRow{std::string(trim(fields[0])), *codes});
  });
  return out;
}

}  // namespace charfinder::sources

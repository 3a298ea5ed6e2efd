// NamedSequences.txt (unicode-data): `NAME;XXXX YYYY ...`.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

Parsed<NamedSequenceRow> parse_named_sequences(std::string_view text, std::string_view file) {
  return parse_lines<NamedSequenceRow>(
      text, file, [](std::string_view line) -> LineOutcome<NamedSequenceRow> {
        line = data_part(line);
        if (line.empty()) return Skip{};
        const auto fields = split(line, ';');
        if (fields.size() != 2 || trim(fields[0]).empty())
          return Problem{"expected NAME;CODE POINTS"};
        const auto codes = parse_codes(fields[1]);
        if (!codes || codes->size() < 2)
          return Problem{"expected two or more hex code points, got '" +
                         std::string(trim(fields[1])) + "'"};
        return NamedSequenceRow{std::string(trim(fields[0])), *codes};
      });
}

}  // namespace charfinder::sources

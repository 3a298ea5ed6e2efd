// NamesList.txt (unicode-data): character entries and their `=`, `*`, `x` lines.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

Parsed<NamesListRow> parse_names_list(std::string_view text, std::string_view file) {
  Parsed<NamesListRow> out;
  std::optional<char32_t> current;  // the character entry the indented lines belong to
  bool in_header = false;           // after an @ line: indented lines annotate a block
  for_each_line(text, [&](std::string_view line, std::size_t number) {
    if (line.empty() || line[0] == ';') return;
    if (line[0] == '@') {  // @@ block headers, @ subheaders, @+ notes on a block
      current.reset();
      in_header = true;
      return;
    }
    if (line[0] != '\t') {
      // XXXX<TAB>NAME, or XXXX<TAB><control> and friends.
      const std::size_t tab = line.find('\t');
      const auto code = parse_code(line.substr(0, tab));
      if (tab == std::string_view::npos || !code) {
        out.problems.push_back(where(file, number) + "expected a character entry 'XXXX<TAB>NAME'");
        current.reset();
        return;
      }
      current = *code;
      in_header = false;
      return;
    }
    // An indented line: `\t= text`, `\t* text`, `\tx text`, or one we do not use.
    if (line.size() < 2) return;
    const char kind = line[1];
    if (kind != '=' && kind != '*' && kind != 'x') return;
    if (line.size() > 2 && line[2] != ' ') return;
    if (!current) {
      if (in_header) return;  // `x` lines under a block's @+ note: not about one character
      out.problems.push_back(where(file, number) + "'" + std::string(1, kind) +
                             "' line outside a character entry");
      return;
    }
    const std::string_view body = line.size() > 3 ? trim(line.substr(3)) : std::string_view();
    if (body.empty()) {
      out.problems.push_back(where(file, number) + "empty '" + std::string(1, kind) + "' line");
      return;
    }
    if (kind != 'x') {
      out.rows.push_back(NamesListRow{*current, kind, std::string(body)});
      return;
    }
    // `x (name - 2192)`, `x (<control> - 0085)`, or a bare `x 2192`.
    std::string_view hex = body;
    if (body.front() == '(' && body.back() == ')') {
      const std::size_t dash = body.rfind(" - ");
      hex = dash == std::string_view::npos ? std::string_view()
                                           : body.substr(dash + 3, body.size() - dash - 4);
    }
    if (!parse_code(trim(hex))) {
      out.problems.push_back(where(file, number) + "malformed cross-reference '" +
                             std::string(body) + "'");
      return;
    }
    out.rows.push_back(NamesListRow{*current, 'x', std::string(trim(hex))});
  });
  return out;
}

}  // namespace charfinder::sources

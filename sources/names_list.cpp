// NamesList.txt (unicode-data): character entries and their `=`, `*`, `x` lines.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

namespace {

// Reads NamesList lines in order; the indented lines belong to the last character entry.
class NamesListReader {
 public:
  LineOutcome<NamesListRow> operator()(std::string_view line) {
    if (line.empty() || line[0] == ';') return Skip{};
    if (line[0] == '@') {  // @@ block headers, @ subheaders, @+ notes on a block
      current_.reset();
      in_header_ = true;
      return Skip{};
    }
    if (line[0] != '\t') return read_entry(line);
    return read_indented(line);
  }

 private:
  // XXXX<TAB>NAME, or XXXX<TAB><control> and friends.
  LineOutcome<NamesListRow> read_entry(std::string_view line) {
    const std::size_t tab = line.find('\t');
    current_ = parse_code(line.substr(0, tab));
    in_header_ = false;
    if (tab == std::string_view::npos || !current_) {
      current_.reset();
      return Problem{"expected a character entry 'XXXX<TAB>NAME'"};
    }
    return Skip{};
  }

  // `\t= text`, `\t* text`, `\tx text`, or one we do not use.
  LineOutcome<NamesListRow> read_indented(std::string_view line) const {
    if (line.size() < 2) return Skip{};
    const char kind = line[1];
    if (kind != '=' && kind != '*' && kind != 'x') return Skip{};
    if (line.size() > 2 && line[2] != ' ') return Skip{};
    if (!current_) {
      if (in_header_) return Skip{};  // `x` lines under a block's @+ note: not about one character
      return Problem{"'" + std::string(1, kind) + "' line outside a character entry"};
    }
    const std::string_view body = line.size() > 3 ? trim(line.substr(3)) : std::string_view();
    if (body.empty()) return Problem{"empty '" + std::string(1, kind) + "' line"};
    if (kind != 'x') return NamesListRow{*current_, kind, std::string(body)};
    // `x (name - 2192)`, `x (<control> - 0085)`, or a bare `x 2192`.
    std::string_view hex = body;
    if (body.front() == '(' && body.back() == ')') {
      const std::size_t dash = body.rfind(" - ");
      hex = dash == std::string_view::npos ? std::string_view()
                                           : body.substr(dash + 3, body.size() - dash - 4);
    }
    if (!parse_code(trim(hex)))
      return Problem{"malformed cross-reference '" + std::string(body) + "'"};
    return NamesListRow{*current_, 'x', std::string(trim(hex))};
  }

  std::optional<char32_t> current_;  // the character entry the indented lines belong to
  bool in_header_ = false;           // after an @ line: indented lines annotate a block
};

}  // namespace

Parsed<NamesListRow> parse_names_list(std::string_view text, std::string_view file) {
  return parse_lines<NamesListRow>(text, file, NamesListReader{});
}

}  // namespace charfinder::sources

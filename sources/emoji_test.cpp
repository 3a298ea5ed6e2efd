// emoji/emoji-test.txt (unicode-data): the fully-qualified emoji and their CLDR short names.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

Parsed<EmojiRow> parse_emoji_test(std::string_view text, std::string_view file) {
  Parsed<EmojiRow> out;
  for_each_line(text, [&](std::string_view line, std::size_t number) {
    if (trim(line).empty() || line[0] == '#') return;
    const std::size_t semicolon = line.find(';');
    const std::size_t hash = line.find('#');
    if (semicolon == std::string_view::npos || hash == std::string_view::npos || hash < semicolon) {
      out.problems.push_back(where(file, number) + "expected 'CODES ; status # emoji E1.0 name'");
      return;
    }
    const std::string_view status = trim(line.substr(semicolon + 1, hash - semicolon - 1));
    if (status != "fully-qualified" && status != "minimally-qualified" && status != "unqualified" &&
        status != "component") {
      out.problems.push_back(where(file, number) + "unknown status '" + std::string(status) + "'");
      return;
    }
    auto codes = parse_codes(line.substr(0, semicolon));
    if (!codes) {
      out.problems.push_back(where(file, number) + "malformed code points '" +
                             std::string(trim(line.substr(0, semicolon))) + "'");
      return;
    }
    // The comment: the emoji itself, a space, "E<version>", a space, the name.
    const std::string_view comment = trim(line.substr(hash + 1));
    const std::size_t version_at = comment.find(" E");
    const std::size_t name_at = version_at == std::string_view::npos
                                    ? std::string_view::npos
                                    : comment.find(' ', version_at + 2);
    if (name_at == std::string_view::npos || trim(comment.substr(name_at)).empty()) {
      out.problems.push_back(where(file, number) +
                             "expected '# emoji E<version> name' after the status");
      return;
    }
    if (status != "fully-qualified") return;
    if (codes->size() == 2 && (*codes)[1] == 0xFE0F) codes->pop_back();  // ❤️ is U+2764
    out.rows.push_back(
        EmojiRow{std::move(*codes), std::string(trim(comment.substr(name_at))),
                 std::string(comment.substr(version_at + 1, name_at - version_at - 1))});
  });
  return out;
}

}  // namespace charfinder::sources

// emoji/emoji-test.txt (unicode-data): the fully-qualified emoji and their CLDR short names.
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {

namespace {

bool known_status(std::string_view status) {
  return status == "fully-qualified" || status == "minimally-qualified" ||
         status == "unqualified" || status == "component";
}

LineOutcome<EmojiRow> read_emoji_line(std::string_view line) {
  if (trim(line).empty() || line[0] == '#') return Skip{};
  const std::size_t semicolon = line.find(';');
  const std::size_t hash = line.find('#');
  if (semicolon == std::string_view::npos || hash == std::string_view::npos || hash < semicolon)
    return Problem{"expected 'CODES ; status # emoji E1.0 name'"};
  const std::string_view status = trim(line.substr(semicolon + 1, hash - semicolon - 1));
  if (!known_status(status)) return Problem{"unknown status '" + std::string(status) + "'"};
  auto codes = parse_codes(line.substr(0, semicolon));
  if (!codes)
    return Problem{"malformed code points '" + std::string(trim(line.substr(0, semicolon))) + "'"};
  // The comment: the emoji itself, a space, "E<version>", a space, the name.
  const std::string_view comment = trim(line.substr(hash + 1));
  const std::size_t version_at = comment.find(" E");
  const std::size_t name_at = version_at == std::string_view::npos
                                  ? std::string_view::npos
                                  : comment.find(' ', version_at + 2);
  if (name_at == std::string_view::npos || trim(comment.substr(name_at)).empty())
    return Problem{"expected '# emoji E<version> name' after the status"};
  if (status != "fully-qualified") return Skip{};
  if (codes->size() == 2 && (*codes)[1] == 0xFE0F) codes->pop_back();  // ❤️ is U+2764
  return EmojiRow{std::move(*codes), std::string(trim(comment.substr(name_at))),
                  std::string(comment.substr(version_at + 1, name_at - version_at - 1))};
}

}  // namespace

Parsed<EmojiRow> parse_emoji_test(std::string_view text, std::string_view file) {
  return parse_lines<EmojiRow>(text, file, read_emoji_line);
}

}  // namespace charfinder::sources

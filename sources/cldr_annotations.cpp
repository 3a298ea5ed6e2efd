// CLDR annotations/*.xml and annotationsDerived/*.xml (unicode-cldr-core), read with pugixml.
#include <algorithm>
#include <pugixml.hpp>

#include "index/fold.hpp"
#include "sources/parse_util.hpp"
#include "sources/parsers.hpp"

namespace charfinder::sources {
namespace {

// The 1-based line of byte `offset` in `text`.
std::size_t line_at(std::string_view text, std::ptrdiff_t offset) {
  const auto end = text.begin() +
                   std::clamp<std::ptrdiff_t>(offset, 0, static_cast<std::ptrdiff_t>(text.size()));
  return 1 + static_cast<std::size_t>(std::count(text.begin(), end, '\n'));
}

}  // namespace

Parsed<AnnotationRow> parse_cldr_annotations(std::string_view xml, std::string_view file) {
  Parsed<AnnotationRow> out;
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    out.problems.push_back(where(file, line_at(xml, parsed.offset)) +
                           "malformed XML: " + parsed.description());
    return out;
  }
  const pugi::xml_node ldml = doc.child("ldml");
  if (!ldml) {
    out.problems.push_back(where(file, 1) + "no <ldml> element");
    return out;
  }
  for (pugi::xml_node node : ldml.child("annotations").children("annotation")) {
    const std::string_view cp = node.attribute("cp").value();
    const std::string_view type = node.attribute("type").value();
    const std::string_view value = trim(node.child_value());
    const std::size_t line = line_at(xml, node.offset_debug());
    if (cp.empty()) {
      out.problems.push_back(where(file, line) + "<annotation> without cp");
      continue;
    }
    if (!type.empty() && type != "tts") {
      out.problems.push_back(where(file, line) + "unknown annotation type '" + std::string(type) +
                             "'");
      continue;
    }
    if (value.empty() || value == "\xE2\x86\x91\xE2\x86\x91\xE2\x86\x91")
      continue;  // ↑↑↑: inherited
    std::u32string codes = code_points_of(cp);
    std::erase(codes, U'\uFE0F');
    if (codes.empty()) continue;
    out.rows.push_back(AnnotationRow{std::move(codes), type == "tts", std::string(value)});
  }
  return out;
}

}  // namespace charfinder::sources

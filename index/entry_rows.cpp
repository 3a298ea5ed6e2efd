#include "index/entry_rows.hpp"

#include "index/describe.hpp"
#include "index/icu_names.hpp"
#include "text/escape.hpp"
#include "text/utf8.hpp"

namespace charfinder {
namespace {

std::string glyphs(std::u32string_view code_points, bool terminal) {
  std::string out;
  for (char32_t c : code_points) {
    if (terminal)
      append_terminal_glyph(out, c);
    else
      out += utf8_of(c);
  }
  return out;
}

}  // namespace

std::string entry_terminal_row(const CharacterIndex& index, const EntryHit& hit,
                               SourceSet sources) {
  const std::u32string code_points = index.code_points(hit);
  std::string row = entry_code_label(code_points);
  row += '\t';
  row += glyphs(code_points, true);
  row += '\t';
  row += escape_controls(index.name(hit, sources));
  if (!hit.by_name && hit.match) {
    row += '\t';
    row += escape_controls(match_label(*hit.match));
  }
  return row;
}

void write_entry_json(JsonWriter& json, const CharacterIndex& index, const EntryHit& hit,
                      SourceSet sources) {
  if (hit.by_name && is_single_key(hit.key)) {
    // The common row, written in one piece (the same bytes as below): no per-value
    // bookkeeping, no allocation but the per-thread scratch (bounded by one row).
    thread_local std::string row;
    thread_local std::string name;
    const char32_t c = first_code_of(hit.key);
    row.assign("{\"code\":\"");
    row += code_label(c);
    row += "\",\"char\":";
    append_json_string(row, std::u32string_view(&c, 1));
    row += ",\"name\":\"";
    name.clear();
    index.append_name(name, hit, sources);
    append_json_chars(row, name);
    row += "\",\"kind\":\"char\",\"tier\":\"name\"}";
    json.raw(row);
    return;
  }
  const std::u32string code_points = index.code_points(hit);
  json.begin_object();
  json.key("code").value(entry_code_label(code_points));
  json.key("char").value(std::u32string_view(code_points));
  json.key("name").value(index.name(hit, sources));
  json.key("kind").value(code_points.size() > 1 ? "sequence" : "char");
  json.key("tier").value(hit.by_name ? "name" : "other");
  if (!hit.by_name && hit.match) {
    json.key("matched").begin_object();
    json.key("source").value(source_key(hit.match->source));
    json.key("lang");
    if (hit.match->lang.empty())
      json.null();
    else
      json.value(hit.match->lang);
    json.key("text").value(hit.match->text);
    json.end_object();
  }
  json.end_object();
}

void write_entry_details_json(JsonWriter& json, const EntryDetails& d) {
  auto strings = [&](const char* key, const std::vector<std::string>& list) {
    json.key(key).begin_array();
    for (const std::string& s : list) json.value(s);
    json.end_array();
  };
  auto maybe = [&](const char* key, const std::string& s) {
    json.key(key);
    if (s.empty())
      json.null();
    else
      json.value(s);
  };
  json.key("kind").value(d.sequence ? "sequence" : "char");
  json.key("code_points").begin_array();
  for (char32_t c : d.code_points) json.value(code_label(c));
  json.end_array();
  json.key("formal_aliases").begin_array();
  for (const AliasInfo& a : d.aliases) {
    json.begin_object();
    json.key("type").value(a.type);
    json.key("alias").value(a.alias);
    json.end_object();
  }
  json.end_array();
  strings("informal_aliases", d.informal_aliases);
  strings("notes", d.notes);
  json.key("cross_references").begin_array();
  for (char32_t c : d.cross_references) {
    json.begin_object();
    json.key("code").value(code_label(c));
    json.key("char").value(std::u32string_view(&c, 1));
    json.key("name").value(display_name(c));
    json.end_object();
  }
  json.end_array();
  maybe("unicode1_name", d.unicode1_name);
  maybe("named_sequence", d.sequence_name);
  json.key("annotations").begin_array();
  for (const AnnotationInfo& a : d.annotations) {
    json.begin_object();
    json.key("lang").value(a.lang);
    maybe("tts", a.tts);
    strings("keywords", a.keywords);
    json.end_object();
  }
  json.end_array();
  json.key("unihan").begin_object();
  maybe("definition", d.unihan_definition);
  for (const auto& [field, value] : d.unihan_readings) json.key(field).value(value);
  json.end_object();
  json.key("emoji").begin_object();
  json.key("emoji").value(d.emoji);
  json.key("default_presentation").value(d.emoji_presentation ? "emoji" : "text");
  maybe("name", d.emoji_name);
  maybe("version", d.emoji_version);
  json.end_object();
}

}  // namespace charfinder

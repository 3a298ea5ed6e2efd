// sources/parsers.hpp
//
// One parser per Debian data file that feeds the source table (DESIGN.md "Beyond formal
// names"). Each is a pure function over the file's text: rows, plus one problem per line it
// could not read ("NameAliases.txt:12: expected 3 fields separated by ';'"). A parser never
// throws and never stops at the first problem. Used at build time by sources/datagen.cpp
// and by the unit tests (tests/sources/, on small fixture files).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace charfinder::sources {

template <typename Row>
struct Parsed {
  std::vector<Row> rows;
  std::vector<std::string> problems;  // "FILE:LINE: what is wrong"
};

// NameAliases.txt: `code;alias;type`, type one of correction, control, alternate, figment,
// abbreviation.
struct AliasRow {
  char32_t code;
  std::string alias;
  std::string type;
};
Parsed<AliasRow> parse_name_aliases(std::string_view text, std::string_view file);

// NamedSequences.txt: `NAME;XXXX YYYY ...` (two or more code points).
struct NamedSequenceRow {
  std::string name;
  std::u32string code_points;
};
Parsed<NamedSequenceRow> parse_named_sequences(std::string_view text, std::string_view file);

// NamesList.txt: the lines under a character entry `XXXX<TAB>NAME`: `<TAB>= informal alias`,
// `<TAB>* note`, `<TAB>x (name - XXXX)` or `<TAB>x XXXX` cross-references. Other lines
// (headers, `:` `#` `%` `~` lines, comments) are skipped.
struct NamesListRow {
  char32_t code;
  char kind;         // '=', '*' or 'x'
  std::string text;  // for 'x': the referenced code point in hex ("2192")
};
Parsed<NamesListRow> parse_names_list(std::string_view text, std::string_view file);

// UnicodeData.txt field 10 (Unicode 1.0 name), where not empty.
struct Unicode1Row {
  char32_t code;
  std::string name;
};
Parsed<Unicode1Row> parse_unicode1_names(std::string_view text, std::string_view file);

// emoji-test.txt: fully-qualified lines `XXXX YYYY ; fully-qualified # 😀 E1.0 name`.
// A code point followed by U+FE0F alone becomes that code point.
struct EmojiRow {
  std::u32string code_points;
  std::string name;     // the CLDR short name, "family: man, woman, girl"
  std::string version;  // "E2.0"
};
Parsed<EmojiRow> parse_emoji_test(std::string_view text, std::string_view file);

// CLDR annotations/*.xml or annotationsDerived/*.xml (parsed with pugixml): each
// <annotation cp="…"> (keywords, "a | b | c") or <annotation cp="…" type="tts">. Values that
// only say "inherited" (↑↑↑) are skipped. U+FE0F is removed from `cp`, as CLDR does.
struct AnnotationRow {
  std::u32string code_points;
  bool tts;
  std::string text;
};
Parsed<AnnotationRow> parse_cldr_annotations(std::string_view xml, std::string_view file);

// Unihan_Readings.txt: `U+XXXX<TAB>kField<TAB>value`, the fields kDefinition, kMandarin,
// kCantonese, kJapaneseOn, kJapaneseKun, kHangul (others are skipped).
struct UnihanRow {
  char32_t code;
  std::string field;
  std::string value;
};
Parsed<UnihanRow> parse_unihan_readings(std::string_view text, std::string_view file);

}  // namespace charfinder::sources

// index/entry_details.hpp
//
// What the source table knows about one entry (a code point or a sequence), as plain data
// for GET /api/char/… and the page's details panel, beside char_details() (ICU's facts):
// every formal alias by type, the informal aliases, NamesList's notes and cross-references,
// CLDR names and keywords in English and the languages asked for, the Unihan definition
// and readings, and the emoji facts. Pure; thread-safe (reads the immutable table).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "index/entry_search.hpp"

namespace charfinder {

struct AliasInfo {
  std::string type;  // correction, control, alternate, figment, abbreviation
  std::string alias;
};

struct AnnotationInfo {
  std::string lang;  // CLDR locale id
  std::string tts;   // text-to-speech name, may be empty
  std::vector<std::string> keywords;
};

struct EntryDetails {
  std::u32string code_points;
  bool sequence = false;
  std::string name;                           // as in rows
  std::vector<AliasInfo> aliases;             // NameAliases.txt, every type
  std::string sequence_name;                  // NamedSequences.txt
  std::vector<std::string> informal_aliases;  // NamesList.txt `=`
  std::vector<std::string> notes;             // NamesList.txt `*`
  std::vector<char32_t> cross_references;     // NamesList.txt `x`
  std::string unicode1_name;
  std::vector<AnnotationInfo> annotations;  // English first, then the languages asked for
  std::string unihan_definition;
  std::vector<std::pair<std::string, std::string>> unihan_readings;  // ("kMandarin", "māo")
  // Emoji facts: ICU's Emoji and Emoji_Presentation properties (single code points), the
  // emoji-test.txt name and version ("E0.6") when it is a fully-qualified emoji.
  bool emoji = false;
  bool emoji_presentation = false;
  std::string emoji_name;
  std::string emoji_version;
};

// Details of the entry with these code points (one or more). `languages` as in SearchScope
// ("de", "all"); English is always included. Sources not in `sources` are left out.
// nullopt for a sequence the table does not know.
std::optional<EntryDetails> entry_details(const CharacterIndex& index,
                                          std::u32string_view code_points,
                                          std::span<const std::string> languages,
                                          SourceSet sources = kAllSources);

}  // namespace charfinder

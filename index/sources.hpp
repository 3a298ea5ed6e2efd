// index/sources.hpp
//
// The sources of searchable texts (DESIGN.md "Beyond formal names") and the kinds of text
// each contributes. Plain enums and tables; no data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace charfinder {

// The order is the documented order of `search.sources`; the values are bit positions of a
// SourceSet and are stored in the generated table (source_table.hpp).
enum class Source : std::uint8_t {
  kNames = 0,            // ICU 72 (index/name_index.hpp), tier name
  kAliases = 1,          // NameAliases.txt, tier name
  kNamedSequences = 2,   // NamedSequences.txt, tier name
  kInformalAliases = 3,  // NamesList.txt `=` lines (and, for details only, `*` and `x` lines)
  kUnicode1Names = 4,    // UnicodeData.txt field 10
  kEmoji = 5,            // emoji/emoji-test.txt, fully-qualified
  kCldr = 6,             // CLDR annotations and annotationsDerived, every language
  kUnihan = 7,           // Unihan_Readings.txt kDefinition (and readings for details)
};
inline constexpr std::size_t kSourceCount = 8;

// A set of sources, one bit per Source.
using SourceSet = std::uint8_t;
inline constexpr SourceSet kAllSources = 0xFF;
inline constexpr SourceSet source_bit(Source s) {
  return static_cast<SourceSet>(1u << static_cast<unsigned>(s));
}

// "names", "aliases", ... as written in `search.sources`.
std::string_view source_key(Source s);
std::optional<Source> source_from_key(std::string_view key);
// True for the sources of the first tier ("by name").
inline constexpr bool is_name_tier(Source s) {
  return s == Source::kNames || s == Source::kAliases || s == Source::kNamedSequences;
}

enum class TextKind : std::uint8_t {
  kAliasCorrection = 0,
  kAliasControl = 1,
  kAliasAlternate = 2,
  kAliasFigment = 3,
  kAliasAbbreviation = 4,
  kSequenceName = 5,    // NamedSequences.txt
  kInformalAlias = 6,   // NamesList `=`
  kNote = 7,            // NamesList `*` (details only)
  kCrossReference = 8,  // NamesList `x`: the text is the referenced code points' hex (details only)
  kUnicode1Name = 9,
  kEmojiName = 10,     // emoji-test.txt's CLDR short name
  kEmojiVersion = 11,  // "E0.6" (details only)
  // One language's annotation of an entry: the text-to-speech name (may be empty), U+001F,
  // then the keywords separated by " | ": "Katze\x1FKatze | Gesicht | Tier".
  kCldrAnnotation = 12,
  kUnihanDefinition = 13,
  kUnihanMandarin = 14,  // readings: details only
  kUnihanCantonese = 15,
  kUnihanJapaneseOn = 16,
  kUnihanJapaneseKun = 17,
  kUnihanHangul = 18,
};
inline constexpr std::size_t kTextKindCount = 19;

// Whether texts of this kind are searched (the rest are shown in details only).
bool is_searched(TextKind kind);
// "correction", "control", ..., "keywords", "tts", "definition", "kMandarin": for details.
std::string_view text_kind_key(TextKind kind);

}  // namespace charfinder

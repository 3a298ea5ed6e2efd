#include "index/sources.hpp"

#include <array>

namespace charfinder {
namespace {

constexpr std::array<std::string_view, kSourceCount> kSourceKeys = {
    "names", "aliases", "named_sequences", "informal_aliases", "unicode1_names",
    "emoji", "cldr",    "unihan"};

constexpr std::array<std::string_view, kTextKindCount> kKindKeys = {
    "correction", "control",       "alternate",    "figment",         "abbreviation",
    "sequence",   "informal",      "note",         "cross_reference", "unicode1",
    "emoji_name", "emoji_version", "annotation",   "definition",      "kMandarin",
    "kCantonese", "kJapaneseOn",   "kJapaneseKun", "kHangul"};

}  // namespace

std::string_view source_key(Source s) { return kSourceKeys[static_cast<std::size_t>(s)]; }

std::optional<Source> source_from_key(std::string_view key) {
  for (std::size_t i = 0; i < kSourceCount; ++i)
    if (kSourceKeys[i] == key) return static_cast<Source>(i);
  return std::nullopt;
}

bool is_searched(TextKind kind) {
  switch (kind) {
    case TextKind::kNote:
    case TextKind::kCrossReference:
    case TextKind::kEmojiVersion:
    case TextKind::kUnihanMandarin:
    case TextKind::kUnihanCantonese:
    case TextKind::kUnihanJapaneseOn:
    case TextKind::kUnihanJapaneseKun:
    case TextKind::kUnihanHangul:
      return false;
    default:
      return true;
  }
}

std::string_view text_kind_key(TextKind kind) { return kKindKeys[static_cast<std::size_t>(kind)]; }

}  // namespace charfinder

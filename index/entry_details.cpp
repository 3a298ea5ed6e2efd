#include "index/entry_details.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "index/icu_names.hpp"
#include "text/hex.hpp"

namespace charfinder {
namespace {

bool wanted_language(std::string_view lang, std::span<const std::string> languages) {
  if (lang.empty() || lang == "en" || lang.starts_with("en_")) return true;
  for (const std::string& code : languages)
    if (code == "all" || language_covers(lang, code)) return true;
  return false;
}

std::vector<std::string> split_keywords(std::string_view keywords) {
  std::vector<std::string> out;
  while (!keywords.empty()) {
    const std::size_t bar = keywords.find(" | ");
    if (!keywords.substr(0, bar).empty()) out.emplace_back(keywords.substr(0, bar));
    if (bar == std::string_view::npos) break;
    keywords.remove_prefix(bar + 3);
  }
  return out;
}

std::optional<char32_t> hex_code(std::string_view hex) {
  if (hex.empty() || hex.size() > 6) return std::nullopt;
  const std::optional<std::uint32_t> v = parse_hex(hex);
  if (!v) return std::nullopt;
  return static_cast<char32_t>(*v);
}

}  // namespace

std::optional<EntryDetails> entry_details(const CharacterIndex& index,
                                          std::u32string_view code_points,
                                          std::span<const std::string> languages,
                                          SourceSet sources) {
  if (code_points.empty()) return std::nullopt;
  EntryDetails d;
  d.code_points = std::u32string(code_points);
  d.sequence = code_points.size() > 1;
  const SourceTable* table = index.table();
  std::optional<std::uint32_t> entry;
  if (table != nullptr) entry = table->find_entry(code_points);
  if (d.sequence && !entry) return std::nullopt;
  EntryHit hit;
  hit.key = d.sequence ? table->entry_key(*entry) : single_key(code_points[0]);
  hit.entry = entry ? *entry : kNoEntry;
  d.name = index.name(hit, sources);
  if (!d.sequence) {
    const auto c = static_cast<UChar32>(code_points[0]);
    d.emoji = u_hasBinaryProperty(c, UCHAR_EMOJI);
    d.emoji_presentation = u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION);
  } else {
    d.emoji = true;
  }
  if (!entry) return d;
  std::vector<AnnotationInfo> other_languages;
  for (std::uint32_t t = table->text_begin(*entry); t < table->text_end(*entry); ++t) {
    const TextInfo info = table->text_info(t);
    if ((sources & source_bit(info.source)) == 0) continue;
    const std::string_view lang = table->language(info.lang);
    if (info.source == Source::kCldr && !wanted_language(lang, languages)) continue;
    std::string text = table->text(t);
    switch (info.kind) {
      case TextKind::kAliasCorrection:
      case TextKind::kAliasControl:
      case TextKind::kAliasAlternate:
      case TextKind::kAliasFigment:
      case TextKind::kAliasAbbreviation:
        d.aliases.push_back(AliasInfo{std::string(text_kind_key(info.kind)), std::move(text)});
        break;
      case TextKind::kSequenceName:
        d.sequence_name = std::move(text);
        break;
      case TextKind::kInformalAlias:
        d.informal_aliases.push_back(std::move(text));
        break;
      case TextKind::kNote:
        d.notes.push_back(std::move(text));
        break;
      case TextKind::kCrossReference:
        if (auto c = hex_code(text)) d.cross_references.push_back(*c);
        break;
      case TextKind::kUnicode1Name:
        d.unicode1_name = std::move(text);
        break;
      case TextKind::kEmojiName:
        d.emoji_name = std::move(text);
        break;
      case TextKind::kEmojiVersion:
        d.emoji_version = std::move(text);
        break;
      case TextKind::kCldrAnnotation: {
        const std::size_t unit = text.find('\x1F');
        AnnotationInfo a{std::string(lang), text.substr(0, unit),
                         unit == std::string::npos
                             ? std::vector<std::string>{}
                             : split_keywords(std::string_view(text).substr(unit + 1))};
        (lang == "en" ? d.annotations : other_languages).push_back(std::move(a));
        break;
      }
      case TextKind::kUnihanDefinition:
        d.unihan_definition = std::move(text);
        break;
      default:
        d.unihan_readings.emplace_back(std::string(text_kind_key(info.kind)), std::move(text));
        break;
    }
  }
  for (AnnotationInfo& a : other_languages) d.annotations.push_back(std::move(a));
  return d;
}

}  // namespace charfinder

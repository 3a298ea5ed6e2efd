// What an answer's rows show: what matched an other-tier entry (its fourth field), an
// entry's code points, name and code label.
#include <algorithm>

#include "index/describe.hpp"
#include "index/entry_search.hpp"
#include "index/entry_text_match.hpp"
#include "index/icu_names.hpp"
#include "index/text_words.hpp"

namespace charfinder {
namespace {

// The first piece of `text` that has the term's words (adjacent, for a phrase). Most rows
// match through ASCII words, so folding with ICU is left to the pieces that need it: a pure
// ASCII piece is decided without it, and a piece where the words are plain ASCII runs too.
std::optional<std::string_view> matching_piece(TextKind kind, std::string_view text,
                                               const std::vector<std::string>& wanted, bool phrase,
                                               bool prefix) {
  if (phrase) {
    for (const FoldedPiece& piece : folded_pieces(kind, text))
      if (contains_phrase(piece.words, wanted)) return piece.raw;
    return std::nullopt;
  }
  for (std::string_view piece : text_pieces(kind, text)) {
    if (ascii_contains_all(piece, wanted, prefix)) return piece;
    if (is_ascii(piece)) continue;  // exact: no such words
    if (contains_all(folded_text_words(piece), wanted, prefix)) return piece;
  }
  return std::nullopt;
}

}  // namespace

void CharacterIndex::describe(EntryPage& page) const {
  if (table_ == nullptr) return;
  const std::bitset<256>& langs = page.langs_in_scope;
  for (EntryHit& hit : page.hits) {
    if (hit.by_name || hit.entry == kNoEntry) continue;
    const std::uint32_t e = hit.entry;
    std::optional<EntryMatch> best;
    for (std::size_t w = 0; w < page.match_words.size() && !best; ++w) {
      const std::vector<std::string>& wanted = page.match_words[w];
      if (wanted.empty()) continue;
      // Which (source, language) lists hold the term's first word for this entry: only those
      // texts are read (the others' may be compressed). English first.
      std::uint32_t first = 0;
      std::uint32_t last = 0;
      if (page.match_prefix[w] && wanted.size() == 1) {
        std::tie(first, last) = table_->prefix_range(wanted[0]);
        last = std::min(last, first + 64);
      } else if (const auto id = table_->word_id(wanted[0])) {
        first = *id;
        last = *id + 1;
      }
      std::vector<std::pair<Source, std::uint16_t>> where;
      for (std::uint32_t word = first; word < last; ++word)
        for (std::uint32_t d = table_->list_begin(word); d < table_->list_end(word); ++d) {
          const PostingList list = table_->list(d);
          if (is_name_tier(list.source) || list.lang >= 256 || !langs[list.lang] ||
              (page.sources & source_bit(list.source)) == 0)
            continue;
          if (std::binary_search(list.entries.begin(), list.entries.end(),
                                 static_cast<std::uint16_t>(e)))
            where.emplace_back(list.source, list.lang);
        }
      std::stable_sort(where.begin(), where.end(), [&](const auto& a, const auto& b) {
        return english_[a.second] > english_[b.second];
      });
      for (const auto& [source, lang] : where) {
        for (std::uint32_t t = table_->text_begin(e); t < table_->text_end(e) && !best; ++t) {
          const TextInfo info = table_->text_info(t);
          if (info.source != source || info.lang != lang || !is_searched(info.kind)) continue;
          const std::string text = table_->text(t);
          if (const auto piece = matching_piece(info.kind, text, wanted, page.match_phrase[w],
                                                page.match_prefix[w]))
            best = EntryMatch{info.source, std::string(table_->language(info.lang)),
                              std::string(*piece)};
        }
        if (best) break;
      }
    }
    hit.match = std::move(best);
  }
}

std::u32string CharacterIndex::code_points(const EntryHit& hit) const {
  if (is_single_key(hit.key) || table_ == nullptr || hit.entry == kNoEntry)
    return std::u32string(1, first_code_of(hit.key));
  const auto cps = table_->entry_code_points(hit.entry);
  return std::u32string(cps.begin(), cps.end());
}

std::string CharacterIndex::name(const EntryHit& hit, SourceSet sources) const {
  if (is_single_key(hit.key) || table_ == nullptr || hit.entry == kNoEntry) {
    std::string out;
    append_name(out, hit, sources);
    return out;
  }
  std::string emoji;
  std::string cldr;
  for (std::uint32_t t = table_->text_begin(hit.entry); t < table_->text_end(hit.entry); ++t) {
    const TextInfo info = table_->text_info(t);
    if ((sources & source_bit(info.source)) == 0) continue;
    if (info.kind == TextKind::kSequenceName) return table_->text(t);
    if (info.kind == TextKind::kEmojiName && emoji.empty()) emoji = table_->text(t);
    if (info.kind == TextKind::kCldrAnnotation && cldr.empty() &&
        table_->language(info.lang) == "en") {
      const std::string text = table_->text(t);
      cldr = text.substr(0, text.find('\x1F'));
    }
  }
  return !emoji.empty() ? emoji : cldr;
}

void CharacterIndex::append_name(std::string& out, const EntryHit& hit, SourceSet sources) const {
  if (is_single_key(hit.key) || table_ == nullptr || hit.entry == kNoEntry) {
    if (!names_.name_table().append_name(out, first_code_of(hit.key)))
      out += display_name(first_code_of(hit.key));  // unnamed: ICU's extended name
    return;
  }
  out += name(hit, sources);
}

std::string match_label(const EntryMatch& match) {
  switch (match.source) {
    case Source::kInformalAliases:
      return "= " + match.text;
    case Source::kUnicode1Names:
      return "Unicode 1.0: " + match.text;
    case Source::kEmoji:
      return "emoji: " + match.text;
    case Source::kCldr:
      return match.lang + ": " + match.text;
    case Source::kUnihan:
      return "definition: " + match.text;
    default:
      return match.text;
  }
}

std::string entry_code_label(std::u32string_view code_points) {
  std::string out;
  for (char32_t c : code_points) {
    if (!out.empty()) out += ' ';
    out += code_label(c);
  }
  return out;
}

}  // namespace charfinder

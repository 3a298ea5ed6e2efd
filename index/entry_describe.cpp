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

// The (source, language) lists of the other tier that a row's fourth field may quote.
using TextLists = std::vector<std::pair<Source, std::uint16_t>>;

bool quotable(const EntryPage& page, Source source, std::uint16_t lang) {
  return !is_name_tier(source) && lang < 256 && page.langs_in_scope[lang] &&
         (page.sources & source_bit(source)) != 0;
}

// The quotable lists that hold one of the words [first, last) for entry `e`: only their texts
// are read (the others' may be compressed).
TextLists lists_holding(const SourceTable& table, const EntryPage& page, std::uint32_t e,
                        std::uint32_t first, std::uint32_t last) {
  TextLists lists;
  for (std::uint32_t word = first; word < last; ++word)
    for (std::uint32_t d = table.list_begin(word); d < table.list_end(word); ++d) {
      const PostingList list = table.list(d);
      if (quotable(page, list.source, list.lang) &&
          std::binary_search(list.entries.begin(), list.entries.end(),
                             static_cast<std::uint16_t>(e)))
        lists.emplace_back(list.source, list.lang);
    }
  return lists;
}

// Every quotable list of entry `e`'s own texts (for a prefix with too many words to look up).
TextLists lists_of_entry(const SourceTable& table, const EntryPage& page, std::uint32_t e) {
  TextLists lists;
  for (std::uint32_t t = table.text_begin(e); t < table.text_end(e); ++t) {
    const TextInfo info = table.text_info(t);
    if (quotable(page, info.source, info.lang)) lists.emplace_back(info.source, info.lang);
  }
  return lists;
}

// The first piece, of a text of `e` in `lists` (in that order), that has `wanted`.
std::optional<EntryMatch> first_match(const SourceTable& table, std::uint32_t e,
                                      const TextLists& lists,
                                      const std::vector<std::string>& wanted, bool phrase,
                                      bool prefix) {
  for (const auto& [source, lang] : lists)
    for (std::uint32_t t = table.text_begin(e); t < table.text_end(e); ++t) {
      const TextInfo info = table.text_info(t);
      if (info.source != source || info.lang != lang || !is_searched(info.kind)) continue;
      const std::string text = table.text(t);
      if (const auto piece = matching_piece(info.kind, text, wanted, phrase, prefix))
        return EntryMatch{info.source, std::string(table.language(info.lang)), std::string(*piece)};
    }
  return std::nullopt;
}

// A prefix with more words than this is matched against the entry's own texts.
constexpr std::uint32_t kMaxPrefixWords = 64;

}  // namespace

void CharacterIndex::describe(EntryPage& page) const {
  if (table_ == nullptr) return;
  const auto english_first = [&](TextLists lists) {
    std::stable_sort(lists.begin(), lists.end(), [&](const auto& a, const auto& b) {
      return english_[a.second] > english_[b.second];
    });
    return lists;
  };
  for (EntryHit& hit : page.hits) {
    if (hit.by_name || hit.entry == kNoEntry) continue;
    const std::uint32_t e = hit.entry;
    std::optional<EntryMatch> best;
    // A piece with all of a term's words, in the texts that hold its first word.
    for (std::size_t w = 0; w < page.match_words.size() && !best; ++w) {
      const std::vector<std::string>& words = page.match_words[w];
      if (words.empty()) continue;
      TextLists lists;
      if (page.match_prefix[w] && words.size() == 1) {
        const auto [first, last] = table_->prefix_range(words[0]);
        lists = last - first > kMaxPrefixWords ? lists_of_entry(*table_, page, e)
                                               : lists_holding(*table_, page, e, first, last);
      } else if (const auto id = table_->word_id(words[0])) {
        lists = lists_holding(*table_, page, e, *id, *id + 1);
      }
      best = first_match(*table_, e, english_first(std::move(lists)), words, page.match_phrase[w],
                         page.match_prefix[w]);
    }
    // Else the piece with a term's first word: the parts of a hyphenated word may match in
    // different texts of the tier, and the row must still say why it is there.
    for (std::size_t w = 0; w < page.match_words.size() && !best; ++w) {
      const std::vector<std::string>& words = page.match_words[w];
      if (words.size() < 2) continue;
      if (const auto id = table_->word_id(words[0]))
        best = first_match(*table_, e, english_first(lists_holding(*table_, page, e, *id, *id + 1)),
                           {words[0]}, false, false);
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

// index/source_table.hpp
//
// SourceTable: the searchable texts of every source but `names`, compiled at build time by
// sources/datagen (from the Debian files) into one read-only byte image that is used in
// place: opening it reads only the header, so pages nobody queries never become resident.
// Entries are single code points or sequences, sorted by their code points; each entry has
// texts (source, kind, language, UTF-8); each searched text's words (fold() + text_words(),
// the query side's own code) are in a sorted vocabulary with posting lists of entries, one
// list per (word, language, source).
//
// Byte format (little-endian; every section starts 8-byte aligned; offsets from the start):
//   Header (below), then the sections it points to:
//   entry_keys u64[E]         entry_key() of each entry, ascending
//   entry_cps u32[E+1]        entry e's code points are cps[entry_cps[e] .. entry_cps[e+1])
//   cps u32[]
//   entry_texts u32[E+1]      entry e's texts are texts[entry_texts[e] .. entry_texts[e+1])
//   texts TextRecord[T]       {u32 offset, u16 length, u8 language, u8 source << 5 | kind},
//                             sorted by (source, language, kind) within an entry
//   langs u32[L+1], lang_arena  language l is its CLDR locale id ("de", "zh_Hant"); 0 is ""
//                              (Unicode's own English data)
//   word_starts u32[W+1], word_arena   the vocabulary, sorted bytewise
//   word_dirs u32[W+1]        word w's lists are dirs[word_dirs[w] .. word_dirs[w+1])
//   dirs DirRecord[D+1]       {u32 first posting, u8 language, u8 source, u16 0}; the last
//                             is a sentinel
//   postings u16[]            entry ids, ascending within each list
//   plain char[]              text bytes [0, plain_bytes) of the virtual text stream
//   block_offsets u32[B+1], blocks   the rest of the stream in zlib blocks of block_size bytes
// A text is [offset, offset + length) of the virtual stream: Unicode's and English texts
// lie in the plain part, the other languages' in compressed blocks (they are ~45 MB raw).
//
// Thread-safe: immutable after open(); text() decompresses into a per-thread buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "index/sorted_words.hpp"
#include "index/sources.hpp"

namespace charfinder {

// Sort key of an entry, comparable with a single code point's: (first code point << 20) |
// rank, where rank is 0 for a single code point and 1.. for sequences in code point order.
// So U+1F468 sorts before U+1F468 U+200D U+1F469, which sorts before U+1F469.
using EntryKey = std::uint64_t;
inline constexpr EntryKey single_key(char32_t c) { return EntryKey{c} << 20; }
inline constexpr bool is_single_key(EntryKey key) { return (key & 0xFFFFF) == 0; }
inline constexpr char32_t first_code_of(EntryKey key) { return static_cast<char32_t>(key >> 20); }

struct TextInfo {
  Source source;
  TextKind kind;
  std::uint16_t lang;
};

struct PostingList {
  std::uint16_t lang;
  Source source;
  std::span<const std::uint16_t> entries;  // ascending entry ids
};

struct SourceTableFacts {
  std::size_t bytes = 0, entries = 0, sequences = 0, texts = 0, words = 0, postings = 0,
              languages = 0;
};

class SourceTable {
 public:
  // Checks the header and the bounds of every section; `bytes` must stay alive and
  // unchanged while the table is used, and start 8-byte aligned. An error names the problem.
  static std::variant<SourceTable, std::string> open(std::span<const std::byte> bytes);

  std::uint32_t entry_count() const;
  EntryKey entry_key(std::uint32_t e) const { return keys_[e]; }
  std::span<const std::uint32_t> entry_code_points(std::uint32_t e) const;
  std::optional<std::uint32_t> find_entry(std::u32string_view code_points) const;
  std::optional<std::uint32_t> find_key(EntryKey key) const;

  std::uint32_t text_begin(std::uint32_t e) const { return entry_texts_[e]; }
  std::uint32_t text_end(std::uint32_t e) const { return entry_texts_[e + 1]; }
  TextInfo text_info(std::uint32_t t) const;
  std::string text(std::uint32_t t) const;

  std::uint16_t language_count() const;
  std::string_view language(std::uint16_t l) const;
  std::optional<std::uint16_t> language_id(std::string_view locale) const;

  // The vocabulary: ids of folded words.
  std::optional<std::uint32_t> word_id(std::string_view folded) const;
  // Ids [first, last) of the words that start with `prefix`.
  std::pair<std::uint32_t, std::uint32_t> prefix_range(std::string_view prefix) const;
  std::string_view word(std::uint32_t w) const;
  std::uint32_t word_count() const { return static_cast<std::uint32_t>(facts().words); }
  // The vocabulary as a view of the table's own arrays (for the spelling index).
  SortedWords vocabulary() const {
    const std::uint32_t n = word_count();
    return SortedWords(std::string_view(word_arena_, word_starts_[n]), {word_starts_, n + 1u});
  }
  std::uint32_t list_begin(std::uint32_t w) const { return word_dirs_[w]; }
  std::uint32_t list_end(std::uint32_t w) const { return word_dirs_[w + 1]; }
  PostingList list(std::uint32_t d) const;

  SourceTableFacts facts() const;

  struct Header;  // source_table.cpp

 private:
  SourceTable() = default;
  std::span<const std::byte> bytes_;
  const Header* header_ = nullptr;
  const std::uint64_t* keys_ = nullptr;
  const std::uint32_t* entry_cps_ = nullptr;
  const std::uint32_t* cps_ = nullptr;
  const std::uint32_t* entry_texts_ = nullptr;
  const std::byte* texts_ = nullptr;
  const std::uint32_t* lang_starts_ = nullptr;
  const char* lang_arena_ = nullptr;
  const std::uint32_t* word_starts_ = nullptr;
  const char* word_arena_ = nullptr;
  const std::uint32_t* word_dirs_ = nullptr;
  const std::byte* dirs_ = nullptr;
  const std::uint16_t* postings_ = nullptr;
  const char* plain_ = nullptr;
  const std::uint32_t* block_offsets_ = nullptr;
  const std::byte* blocks_ = nullptr;
};

// Collects texts and writes the byte image. Used by sources/datagen at build time and by
// tests, which build small tables from a few rows.
class SourceTableBuilder {
 public:
  // One text of the entry `code_points` (one code point, or a sequence). `lang` is "" for
  // Unicode's own data, else a CLDR locale id. Empty texts are ignored.
  void add(std::u32string_view code_points, Source source, TextKind kind, std::string_view lang,
           std::string_view text);
  // The image (index 0), or why it cannot be written (index 1: more than 65,535 entries or
  // 255 languages). `block_size` is the uncompressed size of a zlib block.
  std::variant<std::string, std::string> finish(std::size_t block_size = 4096) const;

  struct Counts {
    std::size_t entries = 0;  // entries with at least one text of this source
    std::size_t texts = 0;
  };
  std::vector<Counts> counts_by_source() const;  // indexed by Source

 private:
  struct Row {
    std::uint32_t entry;
    Source source;
    TextKind kind;
    std::uint32_t lang;  // index into langs_
    std::string text;
  };
  std::uint32_t entry_of(std::u32string_view code_points);
  std::uint32_t lang_of(std::string_view lang);
  std::vector<std::u32string> entries_;
  std::vector<std::string> langs_;
  std::vector<Row> rows_;
  std::map<std::u32string, std::uint32_t, std::less<>> entry_lookup_;
  std::map<std::string, std::uint32_t, std::less<>> lang_lookup_;
};

}  // namespace charfinder

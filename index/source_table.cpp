#include "index/source_table.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <ranges>

#include "index/source_table_format.hpp"

namespace charfinder {

using namespace source_table_format;

std::variant<SourceTable, std::string> SourceTable::open(std::span<const std::byte> bytes) {
  if (bytes.size() < sizeof(Header)) return std::string("source table: too short for a header");
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % 8 != 0)
    return std::string("source table: not 8-byte aligned");
  const auto* h = reinterpret_cast<const Header*>(bytes.data());
  if (std::memcmp(h->magic, kMagic, sizeof kMagic) != 0)
    return std::string("source table: bad magic");
  if (h->version != kVersion)
    return "source table: version " + std::to_string(h->version) + ", expected " +
           std::to_string(kVersion);
  if (h->end != bytes.size()) return std::string("source table: size does not match its header");
  const std::uint64_t size = bytes.size();
  auto fits = [&](std::uint64_t at, std::uint64_t count, std::uint64_t unit) {
    return at % 8 == 0 && at <= size && count * unit <= size - at;
  };
  const bool ok =
      fits(h->keys, h->entries, 8) && fits(h->entry_cps, h->entries + 1ull, 4) &&
      fits(h->cps_at, h->cps, 4) && fits(h->entry_texts, h->entries + 1ull, 4) &&
      fits(h->texts_at, h->texts, sizeof(TextRecord)) && fits(h->lang_starts, h->langs + 1ull, 4) &&
      fits(h->word_starts, h->words + 1ull, 4) && fits(h->word_dirs, h->words + 1ull, 4) &&
      fits(h->dirs_at, h->dirs + 1ull, sizeof(DirRecord)) && fits(h->postings_at, h->postings, 2) &&
      fits(h->plain, h->plain_bytes, 1) && fits(h->block_offsets, h->blocks + 1ull, 4) &&
      h->langs >= 1;
  if (!ok) return std::string("source table: a section lies outside the table");
  SourceTable t;
  const std::byte* base = bytes.data();
  t.bytes_ = bytes;
  t.header_ = h;
  t.keys_ = reinterpret_cast<const std::uint64_t*>(base + h->keys);
  t.entry_cps_ = reinterpret_cast<const std::uint32_t*>(base + h->entry_cps);
  t.cps_ = reinterpret_cast<const std::uint32_t*>(base + h->cps_at);
  t.entry_texts_ = reinterpret_cast<const std::uint32_t*>(base + h->entry_texts);
  t.texts_ = base + h->texts_at;
  t.lang_starts_ = reinterpret_cast<const std::uint32_t*>(base + h->lang_starts);
  t.lang_arena_ = reinterpret_cast<const char*>(base + h->lang_arena);
  t.word_starts_ = reinterpret_cast<const std::uint32_t*>(base + h->word_starts);
  t.word_arena_ = reinterpret_cast<const char*>(base + h->word_arena);
  t.word_dirs_ = reinterpret_cast<const std::uint32_t*>(base + h->word_dirs);
  t.dirs_ = base + h->dirs_at;
  t.postings_ = reinterpret_cast<const std::uint16_t*>(base + h->postings_at);
  t.plain_ = reinterpret_cast<const char*>(base + h->plain);
  t.block_offsets_ = reinterpret_cast<const std::uint32_t*>(base + h->block_offsets);
  t.blocks_ = base + h->blocks_at;
  return t;
}

std::uint32_t SourceTable::entry_count() const { return header_->entries; }

std::uint16_t SourceTable::language_count() const {
  return static_cast<std::uint16_t>(header_->langs);
}

std::span<const std::uint32_t> SourceTable::entry_code_points(std::uint32_t e) const {
  return {cps_ + entry_cps_[e], cps_ + entry_cps_[e + 1]};
}

std::optional<std::uint32_t> SourceTable::find_key(EntryKey key) const {
  const std::uint64_t* end = keys_ + header_->entries;
  const std::uint64_t* it = std::lower_bound(keys_, end, key);
  if (it == end || *it != key) return std::nullopt;
  return static_cast<std::uint32_t>(it - keys_);
}

std::optional<std::uint32_t> SourceTable::find_entry(std::u32string_view code_points) const {
  if (code_points.empty()) return std::nullopt;
  if (code_points.size() == 1) return find_key(single_key(code_points[0]));
  // Sequences with this first code point lie between its single key and the next one's.
  const std::uint64_t* end = keys_ + header_->entries;
  const std::uint64_t* lo = std::lower_bound(keys_, end, single_key(code_points[0]));
  const std::uint64_t* hi = std::lower_bound(lo, end, single_key(code_points[0] + 1));
  for (const std::uint64_t* it = lo; it != hi; ++it) {
    const auto e = static_cast<std::uint32_t>(it - keys_);
    const auto cps = entry_code_points(e);
    if (std::equal(cps.begin(), cps.end(), code_points.begin(), code_points.end())) return e;
  }
  return std::nullopt;
}

TextInfo SourceTable::text_info(std::uint32_t t) const {
  TextRecord r;
  std::memcpy(&r, texts_ + std::size_t{t} * sizeof r, sizeof r);
  return TextInfo{static_cast<Source>(r.source_kind >> 5),
                  static_cast<TextKind>(r.source_kind & 31), r.lang};
}

std::string SourceTable::text(std::uint32_t t) const {
  TextRecord r;
  std::memcpy(&r, texts_ + std::size_t{t} * sizeof r, sizeof r);
  const std::uint64_t plain_bytes = header_->plain_bytes;
  if (std::uint64_t{r.offset} + r.length <= plain_bytes)
    return std::string(plain_ + r.offset, r.length);
  // Compressed: decompress the blocks it spans. Each thread keeps the last few blocks
  // (rows of one answer often share them).
  struct CachedBlock {
    const SourceTable* table = nullptr;
    std::uint32_t block = 0xFFFFFFFFu;
    std::string bytes;
  };
  thread_local std::array<CachedBlock, 8> cache;
  thread_local std::size_t next_victim = 0;
  const std::uint32_t block_size = header_->block_size;
  std::string out;
  std::uint64_t at = r.offset - plain_bytes;
  std::uint64_t left = r.length;
  while (left > 0) {
    const auto block = static_cast<std::uint32_t>(at / block_size);
    if (block >= header_->blocks) break;  // cannot happen with a table we wrote
    CachedBlock* hit = nullptr;
    for (CachedBlock& c : cache)
      if (c.table == this && c.block == block) hit = &c;
    if (hit == nullptr) {
      hit = &cache[next_victim];
      next_victim = (next_victim + 1) % cache.size();
      hit->bytes.assign(block_size, '\0');
      uLongf length = block_size;
      const std::uint32_t from = block_offsets_[block];
      const std::uint32_t to = block_offsets_[block + 1];
      hit->table = nullptr;
      if (uncompress(reinterpret_cast<Bytef*>(hit->bytes.data()), &length,
                     reinterpret_cast<const Bytef*>(blocks_ + from), to - from) != Z_OK)
        return out;
      hit->bytes.resize(length);
      hit->table = this;
      hit->block = block;
    }
    const std::uint64_t in_block = at % block_size;
    if (in_block >= hit->bytes.size()) break;
    const std::uint64_t n = std::min<std::uint64_t>(left, hit->bytes.size() - in_block);
    out.append(hit->bytes, in_block, n);
    at += n;
    left -= n;
  }
  return out;
}

std::string_view SourceTable::language(std::uint16_t l) const {
  return {lang_arena_ + lang_starts_[l], lang_starts_[l + 1] - lang_starts_[l]};
}

std::optional<std::uint16_t> SourceTable::language_id(std::string_view locale) const {
  for (std::uint16_t l = 0; l < language_count(); ++l)
    if (language(l) == locale) return l;
  return std::nullopt;
}

std::string_view SourceTable::word(std::uint32_t w) const {
  return {word_arena_ + word_starts_[w], word_starts_[w + 1] - word_starts_[w]};
}

namespace {

// The words are sorted: the first word id in [from, words) for which `holds` is false, where
// `holds` is true for the words before some point and false from there on (a binary search).
template <typename Holds>
std::uint32_t first_word_where_not(const SourceTable& table, std::uint32_t from,
                                   std::uint32_t words, Holds holds) {
  const auto ids = std::views::iota(from, words);
  const auto at =
      std::ranges::partition_point(ids, [&](std::uint32_t w) { return holds(table.word(w)); });
  return from + static_cast<std::uint32_t>(at - ids.begin());
}

}  // namespace

std::pair<std::uint32_t, std::uint32_t> SourceTable::prefix_range(std::string_view prefix) const {
  const std::uint32_t lo = first_word_where_not(
      *this, 0, header_->words, [&](std::string_view text) { return text < prefix; });
  const std::uint32_t end =  // the first word not starting with prefix
      first_word_where_not(*this, lo, header_->words,
                           [&](std::string_view text) { return text.starts_with(prefix); });
  return {lo, end};
}

std::optional<std::uint32_t> SourceTable::word_id(std::string_view folded) const {
  const std::uint32_t lo = first_word_where_not(
      *this, 0, header_->words, [&](std::string_view text) { return text < folded; });
  if (lo < header_->words && word(lo) == folded) return lo;
  return std::nullopt;
}

PostingList SourceTable::list(std::uint32_t d) const {
  DirRecord r;
  DirRecord next;
  std::memcpy(&r, dirs_ + std::size_t{d} * sizeof r, sizeof r);
  std::memcpy(&next, dirs_ + (std::size_t{d} + 1) * sizeof r, sizeof r);
  return PostingList{
      r.lang, static_cast<Source>(r.source), {postings_ + r.first, postings_ + next.first}};
}

SourceTableFacts SourceTable::facts() const {
  SourceTableFacts f;
  f.bytes = bytes_.size();
  f.entries = header_->entries;
  f.texts = header_->texts;
  f.words = header_->words;
  f.postings = header_->postings;
  f.languages = header_->langs;
  f.sequences = header_->sequences;
  return f;
}

}  // namespace charfinder

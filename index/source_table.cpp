#include "index/source_table.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "index/text_words.hpp"

namespace charfinder {

struct SourceTable::Header {
  char magic[8];  // "CFSRCTB\0"
  std::uint32_t version;
  std::uint32_t entries, texts, langs, words, dirs, postings, cps, blocks;
  std::uint32_t block_size, plain_bytes, stream_bytes, sequences;
  std::uint64_t keys, entry_cps, cps_at, entry_texts, texts_at, lang_starts, lang_arena,
      word_starts, word_arena, word_dirs, dirs_at, postings_at, plain, block_offsets, blocks_at,
      end;
};

namespace {

constexpr char kMagic[8] = {'C', 'F', 'S', 'R', 'C', 'T', 'B', '\0'};
constexpr std::uint32_t kVersion = 2;

struct TextRecord {
  std::uint32_t offset;
  std::uint16_t length;
  std::uint8_t lang;
  std::uint8_t source_kind;  // source << 5 | kind
};
static_assert(sizeof(TextRecord) == 8);

struct DirRecord {
  std::uint32_t first;
  std::uint8_t lang;
  std::uint8_t source;
  std::uint16_t pad;
};
static_assert(sizeof(DirRecord) == 8);

bool english_or_unicode(std::string_view lang) {
  return lang.empty() || lang == "en" || lang.starts_with("en_");
}

class Writer {
 public:
  template <typename T>
  std::uint64_t put(const std::vector<T>& values) {
    return put_bytes(values.data(), values.size() * sizeof(T));
  }
  std::uint64_t put_bytes(const void* data, std::size_t size) {
    while (out_.size() % 8 != 0) out_.push_back('\0');
    const std::uint64_t at = out_.size();
    out_.append(static_cast<const char*>(data), size);
    return at;
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

}  // namespace

// ---------------------------------------------------------------------------------------
// Builder

std::uint32_t SourceTableBuilder::entry_of(std::u32string_view code_points) {
  auto it = entry_lookup_.find(code_points);
  if (it != entry_lookup_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(entries_.size());
  entries_.emplace_back(code_points);
  entry_lookup_.emplace(std::u32string(code_points), id);
  return id;
}

std::uint32_t SourceTableBuilder::lang_of(std::string_view lang) {
  auto it = lang_lookup_.find(lang);
  if (it != lang_lookup_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(langs_.size());
  langs_.emplace_back(lang);
  lang_lookup_.emplace(std::string(lang), id);
  return id;
}

void SourceTableBuilder::add(std::u32string_view code_points, Source source, TextKind kind,
                             std::string_view lang, std::string_view text) {
  if (text.empty() || code_points.empty()) return;
  rows_.push_back(Row{entry_of(code_points), source, kind, lang_of(lang), std::string(text)});
}

std::vector<SourceTableBuilder::Counts> SourceTableBuilder::counts_by_source() const {
  std::vector<Counts> counts(kSourceCount);
  std::vector<std::vector<bool>> seen(kSourceCount, std::vector<bool>(entries_.size()));
  for (const Row& row : rows_) {
    const auto s = static_cast<std::size_t>(row.source);
    ++counts[s].texts;
    if (!seen[s][row.entry]) {
      seen[s][row.entry] = true;
      ++counts[s].entries;
    }
  }
  return counts;
}

std::variant<std::string, std::string> SourceTableBuilder::finish(std::size_t block_size) const {
  if (entries_.size() > 0xFFFF)
    return std::variant<std::string, std::string>(
        std::in_place_index<1>,
        "too many entries for 16-bit postings: " + std::to_string(entries_.size()));
  if (langs_.size() > 0xFF)
    return std::variant<std::string, std::string>(
        std::in_place_index<1>, "too many languages: " + std::to_string(langs_.size()));
  // Entries in code point order; languages "" first, then by name.
  std::vector<std::uint32_t> entry_order(entries_.size());
  std::iota(entry_order.begin(), entry_order.end(), 0u);
  std::sort(entry_order.begin(), entry_order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return entries_[a] < entries_[b]; });
  std::vector<std::uint32_t> entry_rank(entries_.size());
  for (std::uint32_t r = 0; r < entry_order.size(); ++r) entry_rank[entry_order[r]] = r;

  std::vector<std::uint32_t> lang_order(langs_.size());
  std::iota(lang_order.begin(), lang_order.end(), 0u);
  std::sort(lang_order.begin(), lang_order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return langs_[a] < langs_[b];  // "" sorts first
  });
  std::vector<std::uint16_t> lang_rank(langs_.size());
  for (std::uint32_t r = 0; r < lang_order.size(); ++r)
    lang_rank[lang_order[r]] =
        static_cast<std::uint16_t>(r + (langs_[lang_order[0]].empty() ? 0 : 1));
  std::vector<std::string> langs_sorted;
  if (langs_.empty() || !langs_[lang_order[0]].empty()) langs_sorted.emplace_back();
  for (std::uint32_t id : lang_order) langs_sorted.push_back(langs_[id]);

  // Rows by entry, then source, language, kind; stable keeps the sources' own order.
  std::vector<std::uint32_t> row_order(rows_.size());
  std::iota(row_order.begin(), row_order.end(), 0u);
  std::stable_sort(row_order.begin(), row_order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Row& x = rows_[a];
    const Row& y = rows_[b];
    return std::tuple(entry_rank[x.entry], x.source, lang_rank[x.lang], x.kind) <
           std::tuple(entry_rank[y.entry], y.source, lang_rank[y.lang], y.kind);
  });

  // Keys.
  std::vector<std::uint64_t> keys(entries_.size());
  std::vector<std::uint32_t> entry_cps{0};
  std::vector<std::uint32_t> cps;
  std::uint32_t sequence_rank = 0;
  for (std::uint32_t r = 0; r < entry_order.size(); ++r) {
    const std::u32string& code_points = entries_[entry_order[r]];
    keys[r] = single_key(code_points[0]) | (code_points.size() == 1 ? 0 : ++sequence_rank);
    for (char32_t c : code_points) cps.push_back(c);
    entry_cps.push_back(static_cast<std::uint32_t>(cps.size()));
  }

  // The virtual text stream: plain part (Unicode data and English), then the rest ordered by
  // language and entry, so similar texts share a zlib block. Identical texts are stored once.
  std::string plain;
  std::string rest;
  std::unordered_map<std::string, std::uint32_t> plain_at;
  std::unordered_map<std::string, std::uint32_t> rest_at;
  std::vector<TextRecord> records(rows_.size());
  std::vector<std::uint32_t> rest_rows;
  for (std::uint32_t i = 0; i < row_order.size(); ++i) {
    const Row& row = rows_[row_order[i]];
    records[i] =
        TextRecord{0, static_cast<std::uint16_t>(std::min<std::size_t>(row.text.size(), 0xFFFF)),
                   static_cast<std::uint8_t>(lang_rank[row.lang]),
                   static_cast<std::uint8_t>(static_cast<unsigned>(row.source) << 5 |
                                             static_cast<unsigned>(row.kind))};
    if (english_or_unicode(langs_[row.lang])) {
      auto [it, fresh] = plain_at.emplace(row.text, static_cast<std::uint32_t>(plain.size()));
      if (fresh) plain.append(row.text, 0, records[i].length);
      records[i].offset = it->second;
    } else {
      rest_rows.push_back(i);
    }
  }
  std::stable_sort(rest_rows.begin(), rest_rows.end(), [&](std::uint32_t a, std::uint32_t b) {
    return records[a].lang < records[b].lang;
  });
  for (std::uint32_t i : rest_rows) {
    const Row& row = rows_[row_order[i]];
    auto [it, fresh] = rest_at.emplace(row.text, static_cast<std::uint32_t>(rest.size()));
    if (fresh) rest.append(row.text, 0, records[i].length);
    records[i].offset = static_cast<std::uint32_t>(plain.size()) + it->second;
  }
  std::vector<std::uint32_t> block_offsets{0};
  std::string blocks;
  for (std::size_t at = 0; at < rest.size(); at += block_size) {
    const std::size_t n = std::min(block_size, rest.size() - at);
    uLongf packed = compressBound(static_cast<uLong>(n));
    std::string buffer(packed, '\0');
    compress2(reinterpret_cast<Bytef*>(buffer.data()), &packed,
              reinterpret_cast<const Bytef*>(rest.data() + at), static_cast<uLong>(n), 9);
    blocks.append(buffer.data(), packed);
    block_offsets.push_back(static_cast<std::uint32_t>(blocks.size()));
  }

  std::vector<std::uint32_t> entry_texts(entries_.size() + 1, 0);
  for (std::uint32_t i = 0; i < row_order.size(); ++i)
    ++entry_texts[entry_rank[rows_[row_order[i]].entry] + 1];
  std::partial_sum(entry_texts.begin(), entry_texts.end(), entry_texts.begin());

  // Vocabulary and postings: (word, language, source, entry), unique.
  std::unordered_map<std::string, std::uint32_t> word_ids;
  std::vector<std::string> words;
  struct Posting {
    std::uint32_t word;
    std::uint16_t lang;
    std::uint8_t source;
    std::uint32_t entry;
  };
  std::vector<Posting> pairs;
  for (const Row& row : rows_) {
    if (!is_searched(row.kind)) continue;
    for (std::string& word : folded_text_words(row.text)) {
      auto [it, fresh] =
          word_ids.emplace(std::move(word), static_cast<std::uint32_t>(words.size()));
      if (fresh) words.push_back(it->first);
      pairs.push_back(Posting{it->second, lang_rank[row.lang],
                              static_cast<std::uint8_t>(row.source), entry_rank[row.entry]});
    }
  }
  std::vector<std::uint32_t> word_order(words.size());
  std::iota(word_order.begin(), word_order.end(), 0u);
  std::sort(word_order.begin(), word_order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return words[a] < words[b]; });
  std::vector<std::uint32_t> word_rank(words.size());
  for (std::uint32_t r = 0; r < word_order.size(); ++r) word_rank[word_order[r]] = r;
  for (Posting& p : pairs) p.word = word_rank[p.word];
  auto key = [](const Posting& p) { return std::tuple(p.word, p.lang, p.source, p.entry); };
  std::sort(pairs.begin(), pairs.end(),
            [&](const Posting& a, const Posting& b) { return key(a) < key(b); });
  pairs.erase(std::unique(pairs.begin(), pairs.end(),
                          [&](const Posting& a, const Posting& b) { return key(a) == key(b); }),
              pairs.end());

  std::vector<std::uint32_t> word_starts{0};
  std::string word_arena;
  for (std::uint32_t id : word_order) {
    word_arena += words[id];
    word_starts.push_back(static_cast<std::uint32_t>(word_arena.size()));
  }
  std::vector<std::uint32_t> word_dirs(words.size() + 1, 0);
  std::vector<DirRecord> dirs;
  std::vector<std::uint16_t> postings;  // entry ids fit 16 bits (finish() refuses more)
  postings.reserve(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const Posting& p = pairs[i];
    if (i == 0 || p.word != pairs[i - 1].word || p.lang != pairs[i - 1].lang ||
        p.source != pairs[i - 1].source) {
      dirs.push_back(DirRecord{static_cast<std::uint32_t>(postings.size()),
                               static_cast<std::uint8_t>(p.lang), p.source, 0});
      ++word_dirs[p.word + 1];
    }
    postings.push_back(static_cast<std::uint16_t>(p.entry));
  }
  std::partial_sum(word_dirs.begin(), word_dirs.end(), word_dirs.begin());
  dirs.push_back(DirRecord{static_cast<std::uint32_t>(postings.size()), 0, 0, 0});

  std::vector<std::uint32_t> lang_starts{0};
  std::string lang_arena;
  for (const std::string& lang : langs_sorted) {
    lang_arena += lang;
    lang_starts.push_back(static_cast<std::uint32_t>(lang_arena.size()));
  }

  SourceTable::Header header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.version = kVersion;
  header.entries = static_cast<std::uint32_t>(entries_.size());
  header.texts = static_cast<std::uint32_t>(records.size());
  header.langs = static_cast<std::uint32_t>(langs_sorted.size());
  header.words = static_cast<std::uint32_t>(words.size());
  header.dirs = static_cast<std::uint32_t>(dirs.size() - 1);
  header.postings = static_cast<std::uint32_t>(postings.size());
  header.cps = static_cast<std::uint32_t>(cps.size());
  header.blocks = static_cast<std::uint32_t>(block_offsets.size() - 1);
  header.block_size = static_cast<std::uint32_t>(block_size);
  header.plain_bytes = static_cast<std::uint32_t>(plain.size());
  header.stream_bytes = static_cast<std::uint32_t>(plain.size() + rest.size());
  header.sequences = sequence_rank;
  Writer w;
  w.put_bytes(&header, sizeof header);
  header.keys = w.put(keys);
  header.entry_cps = w.put(entry_cps);
  header.cps_at = w.put(cps);
  header.entry_texts = w.put(entry_texts);
  header.texts_at = w.put(records);
  header.lang_starts = w.put(lang_starts);
  header.lang_arena = w.put_bytes(lang_arena.data(), lang_arena.size());
  header.word_starts = w.put(word_starts);
  header.word_arena = w.put_bytes(word_arena.data(), word_arena.size());
  header.word_dirs = w.put(word_dirs);
  header.dirs_at = w.put(dirs);
  header.postings_at = w.put(postings);
  header.plain = w.put_bytes(plain.data(), plain.size());
  header.block_offsets = w.put(block_offsets);
  header.blocks_at = w.put_bytes(blocks.data(), blocks.size());
  while (w.out().size() % 8 != 0) w.out().push_back('\0');
  header.end = w.out().size();
  std::memcpy(w.out().data(), &header, sizeof header);
  return std::variant<std::string, std::string>(std::in_place_index<0>, std::move(w.out()));
}

// ---------------------------------------------------------------------------------------
// Reader

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

std::pair<std::uint32_t, std::uint32_t> SourceTable::prefix_range(std::string_view prefix) const {
  std::uint32_t lo = 0;
  std::uint32_t hi = header_->words;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (word(mid) < prefix)
      lo = mid + 1;
    else
      hi = mid;
  }
  std::uint32_t end = lo;
  std::uint32_t top = header_->words;
  while (end < top) {  // first word not starting with prefix
    const std::uint32_t mid = end + (top - end) / 2;
    if (word(mid).starts_with(prefix))
      end = mid + 1;
    else
      top = mid;
  }
  return {lo, end};
}

std::optional<std::uint32_t> SourceTable::word_id(std::string_view folded) const {
  std::uint32_t lo = 0;
  std::uint32_t hi = header_->words;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (word(mid) < folded)
      lo = mid + 1;
    else
      hi = mid;
  }
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

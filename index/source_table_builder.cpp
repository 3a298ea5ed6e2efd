// SourceTableBuilder: the writer of the source table's byte image (format: source_table.hpp).
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "index/source_table.hpp"
#include "index/source_table_format.hpp"
#include "index/text_words.hpp"

namespace charfinder {

using namespace source_table_format;

namespace {

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

namespace {

// The id of `key` in `items`: its index, appended (and remembered in `lookup`) when new.
template <typename String, typename View>
std::uint32_t intern(std::vector<String>& items,
                     std::map<String, std::uint32_t, std::less<>>& lookup, View key) {
  auto it = lookup.find(key);
  if (it != lookup.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(items.size());
  items.emplace_back(key);
  lookup.emplace(String(key), id);
  return id;
}

// Ids 0..n-1 of `items` in the order of their values (`order`), and each id's place in that
// order (`rank`): how the builder renumbers entries, languages and words into sorted ids.
struct Ranking {
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> rank;
};
template <typename T>
Ranking rank_by_value(const std::vector<T>& items) {
  Ranking r{std::vector<std::uint32_t>(items.size()), std::vector<std::uint32_t>(items.size())};
  std::iota(r.order.begin(), r.order.end(), 0u);
  std::sort(r.order.begin(), r.order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return items[a] < items[b]; });
  for (std::uint32_t i = 0; i < r.order.size(); ++i) r.rank[r.order[i]] = i;
  return r;
}

}  // namespace

std::uint32_t SourceTableBuilder::entry_of(std::u32string_view code_points) {
  return intern(entries_, entry_lookup_, code_points);
}

std::uint32_t SourceTableBuilder::lang_of(std::string_view lang) {
  return intern(langs_, lang_lookup_, lang);
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
  const Ranking entries_ranked = rank_by_value(entries_);
  const std::vector<std::uint32_t>& entry_order = entries_ranked.order;
  const std::vector<std::uint32_t>& entry_rank = entries_ranked.rank;

  const std::vector<std::uint32_t> lang_order = rank_by_value(langs_).order;  // "" sorts first
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
  for (const std::uint32_t row : row_order) ++entry_texts[entry_rank[rows_[row].entry] + 1];
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
  const Ranking words_ranked = rank_by_value(words);
  const std::vector<std::uint32_t>& word_order = words_ranked.order;
  const std::vector<std::uint32_t>& word_rank = words_ranked.rank;
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

}  // namespace charfinder

#include "index/name_index.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <numeric>
#include <ranges>

#include "index/icu_names.hpp"
#include "index/tokenize.hpp"

namespace charfinder {

// The builder gives each distinct word a provisional id (an open-addressing hash table over
// a string arena, so a word already seen costs no allocation), records one (id, code point)
// posting per word occurrence, then sorts the vocabulary once and lays the posting lists
// out by a counting sort on the final word rank. Code points arrive ascending per source, so
// the lists come out sorted except where a later source (aliases) adds to them.
class NameIndexBuilder {
 public:
  NameIndexBuilder() : slots_(kInitialSlots, kEmpty), named_(kCodeSpace / 64, 0) {
    recent_.fill(kEmpty);
    words_.reserve(1 << 15);
    last_code_.reserve(1 << 15);
    pair_ids_.reserve(1 << 19);
    pair_codes_.reserve(1 << 19);
  }

  void add_name(char32_t code, std::string_view name) {
    std::size_t position = 0;
    for_each_name_word(name, code, [&](std::string_view word) {
      // Neighbouring names mostly share their leading words (CJK UNIFIED IDEOGRAPH-...,
      // HANGUL SYLLABLE ...): try the id of the previous name's word at this position
      // before hashing.
      std::uint32_t id;
      if (position < kCachedPositions && recent_[position] != kEmpty &&
          word == this->word(recent_[position])) {
        id = recent_[position];
      } else {
        id = intern(word);
        if (position < kCachedPositions) recent_[position] = id;
      }
      ++position;
      if (last_code_[id] == code) return;  // already seen for this code point
      last_code_[id] = code;
      if (code < kCodeSpace) named_[code / 64] |= std::uint64_t{1} << (code % 64);
      pair_ids_.push_back(id);
      pair_codes_.push_back(code);
    });
  }

  NameIndex finish(NameIndex index) && {
    const std::size_t word_count = words_.size();
    // Sorted vocabulary and each provisional id's rank in it.
    std::vector<std::uint32_t> order(word_count);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return word(a) < word(b); });
    std::vector<std::uint32_t> rank(word_count);
    std::size_t arena_size = 0;
    for (std::uint32_t r = 0; r < word_count; ++r) {
      rank[order[r]] = r;
      arena_size += words_[order[r]].length;
    }
    index.arena_.reserve(arena_size);
    index.word_starts_.reserve(word_count + 1);
    for (std::uint32_t r = 0; r < word_count; ++r) {
      index.word_starts_.push_back(static_cast<std::uint32_t>(index.arena_.size()));
      index.arena_.append(word(order[r]));
    }
    index.word_starts_.push_back(static_cast<std::uint32_t>(index.arena_.size()));

    // Counting sort of the postings by rank; stable, so per-source order is kept.
    std::vector<std::uint32_t> starts(word_count + 1, 0);
    for (std::uint32_t id : pair_ids_) ++starts[rank[id] + 1];
    std::partial_sum(starts.begin(), starts.end(), starts.begin());
    std::vector<char32_t> postings(pair_codes_.size());
    {
      std::vector<std::uint32_t> next(starts.begin(), starts.end() - 1);
      for (std::size_t i = 0; i < pair_ids_.size(); ++i)
        postings[next[rank[pair_ids_[i]]]++] = pair_codes_[i];
    }
    // Sort the few lists a second source appended to, drop duplicates, compact.
    index.posting_starts_.reserve(word_count + 1);
    std::size_t out = 0;
    for (std::size_t w = 0; w < word_count; ++w) {
      auto first = postings.begin() + starts[w];
      auto last = postings.begin() + starts[w + 1];
      // Each source appends an ascending run: merge the runs rather than sort.
      auto run_end = std::is_sorted_until(first, last);
      if (run_end != last) {
        if (std::is_sorted(run_end, last))
          std::inplace_merge(first, run_end, last);
        else
          std::sort(first, last);
      }
      last = std::unique(first, last);
      index.posting_starts_.push_back(static_cast<std::uint32_t>(out));
      out = static_cast<std::size_t>(
          std::copy(first, last, postings.begin() + static_cast<std::ptrdiff_t>(out)) -
          postings.begin());
    }
    index.posting_starts_.push_back(static_cast<std::uint32_t>(out));
    postings.resize(out);
    postings.shrink_to_fit();

    index.named_chars_ = 0;
    for (std::uint64_t bits : named_)
      index.named_chars_ += static_cast<std::size_t>(std::popcount(bits));
    index.postings_ = std::move(postings);
    return index;
  }

 private:
  struct WordRef {
    std::uint32_t offset;
    std::uint32_t length;
  };
  static constexpr std::size_t kInitialSlots = 1 << 15;
  static constexpr char32_t kCodeSpace = 0x110000;
  static constexpr std::size_t kCachedPositions = 8;
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;

  std::string_view word(std::uint32_t id) const {
    return std::string_view(arena_).substr(words_[id].offset, words_[id].length);
  }

  static std::uint64_t hash(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return h ^ (h >> 29);
  }

  std::uint32_t intern(std::string_view text) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(text) & mask;; i = (i + 1) & mask) {
      const std::uint32_t id = slots_[i];
      if (id == kEmpty) {
        const auto new_id = static_cast<std::uint32_t>(words_.size());
        words_.push_back(
            {static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(text.size())});
        arena_.append(text);
        last_code_.push_back(0xFFFFFFFFu);
        slots_[i] = new_id;
        if (words_.size() * 2 > slots_.size()) grow();
        return new_id;
      }
      if (word(id) == text) return id;
    }
  }

  void grow() {
    std::vector<std::uint32_t> bigger(slots_.size() * 2, kEmpty);
    const std::size_t mask = bigger.size() - 1;
    for (std::uint32_t id = 0; id < words_.size(); ++id) {
      std::size_t i = hash(word(id)) & mask;
      while (bigger[i] != kEmpty) i = (i + 1) & mask;
      bigger[i] = id;
    }
    slots_ = std::move(bigger);
  }

  std::string arena_;
  std::vector<WordRef> words_;
  std::vector<char32_t> last_code_;
  std::vector<std::uint32_t> slots_;
  std::vector<std::uint32_t> pair_ids_;
  std::vector<char32_t> pair_codes_;
  std::vector<std::uint64_t> named_;  // one bit per code point that has a word
  std::array<std::uint32_t, kCachedPositions> recent_;
};

NameIndex NameIndex::build(std::span<const NamedChar> names) {
  NameIndexBuilder builder;
  for (const NamedChar& row : names) builder.add_name(row.code, row.name);
  return std::move(builder).finish(NameIndex());
}

namespace {

void add_from_icu(void* context, char32_t code, std::string_view name) {
  static_cast<NameIndexBuilder*>(context)->add_name(code, name);
}

struct NamesAndTable {
  NameIndexBuilder* builder;
  NameTable* table;
};

void add_name_from_icu(void* context, char32_t code, std::string_view name) {
  auto* both = static_cast<NamesAndTable*>(context);
  both->builder->add_name(code, name);
  both->table->add(code, name);
}

}  // namespace

NameIndex NameIndex::build_from_icu() { return build_from_icu({}); }

NameIndex NameIndex::build_from_icu(std::span<const NamedChar> more_names) {
  // Straight from ICU's enumeration into the builder: no NamedChar strings are made. ICU's
  // name data is compiled into libicudata, so the enumeration cannot fail short of a broken
  // installation; the caller would then see facts().words == 0.
  // The Unicode names also fill the name table rows are rendered from.
  NameIndexBuilder builder;
  NameTable table;
  NamesAndTable both{&builder, &table};
  enumerate_icu_names(NameChoice::kUnicode, add_name_from_icu, &both);
  enumerate_icu_names(NameChoice::kAlias, add_from_icu, &builder);
  for (const NamedChar& row : more_names) builder.add_name(row.code, row.name);
  table.finish();
  NameIndex index = std::move(builder).finish(NameIndex());
  index.name_table_ = std::move(table);
  return index;
}

std::size_t NameIndex::word_count() const {
  return word_starts_.empty() ? 0 : word_starts_.size() - 1;
}

std::string_view NameIndex::word_at(std::size_t i) const {
  return std::string_view(arena_).substr(word_starts_[i], word_starts_[i + 1] - word_starts_[i]);
}

std::span<const char32_t> NameIndex::postings_of(std::size_t i) const {
  return std::span<const char32_t>(postings_).subspan(posting_starts_[i],
                                                      posting_starts_[i + 1] - posting_starts_[i]);
}

std::size_t NameIndex::first_word_not_before(std::string_view word) const {
  const auto all = std::views::iota(std::size_t{0}, word_count());
  return *std::ranges::partition_point(all, [&](std::size_t i) { return word_at(i) < word; });
}

std::span<const char32_t> NameIndex::exact(std::string_view word) const {
  const std::size_t i = first_word_not_before(word);
  if (i == word_count() || word_at(i) != word) return {};
  return postings_of(i);
}

std::vector<std::span<const char32_t>> NameIndex::prefixed(std::string_view prefix) const {
  std::vector<std::span<const char32_t>> lists;
  for (std::size_t i = first_word_not_before(prefix);
       i < word_count() && word_at(i).starts_with(prefix); ++i)
    lists.push_back(postings_of(i));
  return lists;
}

IndexFacts NameIndex::facts() const {
  IndexFacts facts;
  facts.words = word_count();
  facts.postings = postings_.size();
  facts.named_chars = named_chars_;
  facts.memory_bytes = arena_.capacity() + word_starts_.capacity() * sizeof(std::uint32_t) +
                       posting_starts_.capacity() * sizeof(std::uint32_t) +
                       postings_.capacity() * sizeof(char32_t);
  facts.name_table_bytes = name_table_.memory_bytes();
  return facts;
}

}  // namespace charfinder

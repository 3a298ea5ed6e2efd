#include "index/spelling.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include "index/fold.hpp"
#include "index/spelling_walk.hpp"
#include "text/utf8.hpp"

namespace charfinder {
namespace {

using namespace spelling_walk;

std::vector<std::uint8_t> block_minima(const std::vector<std::uint8_t>& lcp) {
  std::vector<std::uint8_t> blocks((lcp.size() + kBlock - 1) / kBlock, 0xFF);
  for (std::size_t i = 0; i < lcp.size(); ++i)
    blocks[i / kBlock] = std::min(blocks[i / kBlock], lcp[i]);
  return blocks;
}

// lcp[i]: the bytes key i shares with key i - 1 (capped at kLcpCap; lcp[0] = 0).
template <typename KeyOf>
std::vector<std::uint8_t> common_prefixes(std::size_t n, KeyOf&& key_of) {
  std::vector<std::uint8_t> lcp(n, 0);
  for (std::size_t i = 1; i < n; ++i) {
    const std::string_view a = key_of(i - 1);
    const std::string_view b = key_of(i);
    std::size_t k = 0;
    while (k < a.size() && k < b.size() && k < kLcpCap && a[k] == b[k]) ++k;
    lcp[i] = static_cast<std::uint8_t>(k);
  }
  return lcp;
}

}  // namespace

std::size_t damerau_levenshtein(std::u32string_view a, std::u32string_view b) {
  // Lowrance-Wagner with a sentinel row and column; the last row of each code point of `a`
  // is found by a linear search of the code points seen so far (the strings are words).
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  const std::size_t big = n + m;
  const std::size_t width = m + 2;
  thread_local std::vector<std::size_t> h;
  thread_local std::vector<std::pair<char32_t, std::size_t>> last_row;
  h.assign((n + 2) * width, big);
  last_row.clear();
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return h[i * width + j]; };
  for (std::size_t i = 0; i <= n; ++i) at(i + 1, 1) = i;
  for (std::size_t j = 0; j <= m; ++j) at(1, j + 1) = j;
  auto da = [&](char32_t c) -> std::size_t {
    for (const auto& [code, r] : last_row)
      if (code == c) return r;
    return 0;
  };
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t db = 0;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t i1 = da(b[j - 1]);
      const std::size_t j1 = db;
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      if (cost == 0) db = j;
      at(i + 1, j + 1) = std::min({at(i, j) + cost, at(i + 1, j) + 1, at(i, j + 1) + 1,
                                   at(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1)});
    }
    bool found = false;
    for (auto& [code, r] : last_row) {
      if (code == a[i - 1]) {
        r = i;
        found = true;
      }
    }
    if (!found) last_row.emplace_back(a[i - 1], i);
  }
  return at(n + 1, m + 1);
}

SpellingIndex::SpellingIndex(SortedWords words, std::span<const std::uint32_t> weights,
                             Strategy strategy, const std::stop_token& stop)
    : words_(words), strategy_(strategy) {
  const std::size_t n = words_.size();
  // Suffix permutations: the ids sorted by their words without `skip` code points (compared
  // in place: no array of keys, which would cost 24 bytes a word while building).
  auto permutation = [&](unsigned skip) {
    std::vector<std::uint32_t> ids;
    for (std::size_t i = 0; i < n; ++i)
      if (code_point_count(words_[i]) > skip) ids.push_back(static_cast<std::uint32_t>(i));
    ids.shrink_to_fit();
    std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
      const std::string_view x = skip_code_points(words_[a], skip);
      const std::string_view y = skip_code_points(words_[b], skip);
      return x != y ? x < y : a < b;
    });
    return ids;
  };
  // Stopped (see the header): return incomplete; the caller discards this.
  if (stop.stop_requested()) return;
  lcp0_ = common_prefixes(n, [&](std::size_t i) { return words_[i]; });
  if (strategy_ == Strategy::kSplitWalks) {
    if (stop.stop_requested()) return;
    skip1_ = permutation(1);
    if (stop.stop_requested()) return;
    skip2_ = permutation(2);
    if (stop.stop_requested()) return;
    lcp1_ = common_prefixes(skip1_.size(),
                            [&](std::size_t i) { return skip_code_points(words_[skip1_[i]], 1); });
    lcp2_ = common_prefixes(skip2_.size(),
                            [&](std::size_t i) { return skip_code_points(words_[skip2_[i]], 2); });
    blocks1_ = block_minima(lcp1_);
    blocks2_ = block_minima(lcp2_);
  }
  if (stop.stop_requested()) return;
  blocks0_ = block_minima(lcp0_);
  by_weight_.resize(n);
  std::iota(by_weight_.begin(), by_weight_.end(), 0u);
  if (weights.size() == n) {
    std::stable_sort(by_weight_.begin(), by_weight_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return weights[a] > weights[b]; });
  }
  weight_rank_.resize(n);
  for (std::size_t r = 0; r < n; ++r) weight_rank_[by_weight_[r]] = static_cast<std::uint32_t>(r);
}

std::vector<NearWord> SpellingIndex::near(std::string_view word) const {
  return near(word, spelling_distance_for(code_point_count(word)));
}

std::vector<NearWord> SpellingIndex::near(std::string_view word, unsigned max_distance) const {
  max_distance = std::min<unsigned>(max_distance, kMaxSpellingDistance);
  std::vector<NearWord> out;
  std::u32string q = code_points_of(word);
  if (q.empty() || q.size() > kMaxSpellingCodePoints) return out;
  SpellingWalk walk(q, max_distance);
  const auto no_node = [](std::size_t, std::size_t, unsigned) {};
  const bool split =
      strategy_ == Strategy::kSplitWalks && max_distance <= 2 && q.size() > max_distance;
  if (!split) {
    const Keys keys{words_, nullptr, 0, &lcp0_, &blocks0_};
    walk.walk(
        keys, 0, false, false,
        [&](std::size_t i, unsigned d) {
          out.push_back({keys.id(i), d});
        },
        no_node);
    return out;
  }
  // f = 0: the first code point is in the head.
  {
    const Keys keys{words_, nullptr, 0, &lcp0_, &blocks0_};
    walk.walk(
        keys, 0, true, false,
        [&](std::size_t i, unsigned d) {
          out.push_back({keys.id(i), d});
        },
        no_node);
  }
  // f = 1, 2: the first one or two code points are not in the head, the next one is.
  for (unsigned skip = 1; skip <= max_distance; ++skip) {
    const Keys keys{words_, skip == 1 ? &skip1_ : &skip2_, skip, skip == 1 ? &lcp1_ : &lcp2_,
                    skip == 1 ? &blocks1_ : &blocks2_};
    walk.walk(
        keys, skip, true, false,
        [&](std::size_t i, unsigned d) {
          const std::string_view w = words_[keys.id(i)];
          std::size_t at = 0;
          for (unsigned s = 0; s < skip; ++s)
            if (walk.in_head(decode(w, at))) return;  // found by an earlier walk
          out.push_back({keys.id(i), d});
        },
        no_node);
  }
  std::sort(out.begin(), out.end(),
            [](const NearWord& a, const NearWord& b) { return a.word < b.word; });
  return out;
}

std::vector<SpellingIndex::NearPrefix> SpellingIndex::near_prefixes(std::string_view prefix,
                                                                    unsigned max_distance) const {
  max_distance = std::min<unsigned>(max_distance, kMaxSpellingDistance);
  std::vector<NearPrefix> found;
  std::u32string q = code_points_of(prefix);
  if (q.empty() || q.size() > kMaxSpellingCodePoints) return found;
  SpellingWalk walk(q, max_distance);
  const Keys keys{words_, nullptr, 0, &lcp0_, &blocks0_};
  walk.walk(
      keys, 0, false, true, [](std::size_t, unsigned) {},
      [&](std::size_t i, std::size_t bytes, unsigned d) {
        found.push_back({std::string(keys.key(i).substr(0, bytes)), d});
      });
  // Preorder: a prefix's extensions follow it directly, so a prefix is extended by another
  // candidate exactly when the next one is.
  std::vector<NearPrefix> kept;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i + 1 < found.size() && found[i + 1].prefix.starts_with(found[i].prefix)) continue;
    kept.push_back(std::move(found[i]));
  }
  return kept;
}

std::pair<std::size_t, std::size_t> SpellingIndex::prefix_range(std::string_view prefix) const {
  const std::size_t first = words_.lower_bound(prefix);
  std::string end(prefix);
  end += '\xFF';
  return {first, words_.lower_bound(end)};
}

std::vector<std::uint32_t> SpellingIndex::heaviest_with_prefix(std::string_view prefix,
                                                               std::size_t limit) const {
  const auto [first, last] = prefix_range(prefix);
  std::vector<std::uint32_t> out;
  const std::size_t range = last - first;
  if (range == 0 || limit == 0) return out;
  const auto heavier = [&](std::uint32_t a, std::uint32_t b) {
    return weight_rank_[a] < weight_rank_[b];
  };
  // Scanning the range costs `range`; scanning the weight order until `limit` words of the
  // range turn up costs about limit * n / range. Take the cheaper.
  if (range * range <= limit * words_.size() || range <= limit) {
    out.resize(range);
    std::iota(out.begin(), out.end(), static_cast<std::uint32_t>(first));
    const std::size_t keep = std::min(limit, range);
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(),
                      heavier);
    out.resize(keep);
    return out;
  }
  for (std::uint32_t id : by_weight_) {
    if (id >= first && id < last) {
      out.push_back(id);
      if (out.size() == limit) break;
    }
  }
  return out;
}

std::size_t SpellingIndex::memory_bytes() const {
  return (skip1_.capacity() + skip2_.capacity() + by_weight_.capacity() + weight_rank_.capacity()) *
             sizeof(std::uint32_t) +
         lcp0_.capacity() + lcp1_.capacity() + lcp2_.capacity() + blocks0_.capacity() +
         blocks1_.capacity() + blocks2_.capacity();
}

}  // namespace charfinder

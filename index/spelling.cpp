#include "index/spelling.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include "index/fold.hpp"

namespace charfinder {
namespace {

// A code point that is never in a query: stands for "any code point absent from q".
constexpr char32_t kAbsent = 0xFFFFFFFFu;

// Decodes the (valid, folded) UTF-8 code point at `i`, advancing `i`. Only fold()'s output
// and the vocabulary are decoded here, both valid UTF-8; a stray byte is taken as itself.
char32_t decode(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t length = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (b0 >= 0x80 && b0 < 0xC0) length = 1;
  if (i + length > s.size()) length = s.size() - i;
  char32_t c = length == 1 ? b0 : length == 2 ? (b0 & 0x1F) : length == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += length;
  return c;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// `word` without its first `skip` code points.
std::string_view skip_code_points(std::string_view word, unsigned skip) {
  std::size_t i = 0;
  for (unsigned n = 0; n < skip && i < word.size(); ++n) decode(word, i);
  return word.substr(i);
}

std::size_t code_point_count(std::string_view word) {
  std::size_t n = 0;
  for (char c : word) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A permutation of the vocabulary with `skip` leading code points removed from each key.
struct Keys {
  SortedWords words;
  const std::vector<std::uint32_t>* order = nullptr;  // nullptr: the vocabulary itself
  unsigned skip = 0;

  std::size_t size() const { return order ? order->size() : words.size(); }
  std::uint32_t id(std::size_t i) const {
    return order ? (*order)[i] : static_cast<std::uint32_t>(i);
  }
  std::string_view key(std::size_t i) const {
    return skip == 0 ? words[id(i)] : skip_code_points(words[id(i)], skip);
  }
  std::size_t lower_bound(std::size_t lo, std::size_t hi, std::string_view target) const {
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (key(mid) < target)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo;
  }
};

}  // namespace

// One query's dynamic-programming state, walked over one or more key lists.
// Row d is the Lowrance-Wagner row after d code points of the candidate: cell j is the
// distance between those d code points and the first j of the query, capped at k + 1 (a cap
// keeps "<= k" exact, since every term only grows). last_(d, j) is the last row <= d whose
// candidate code point equals q[j-1] (0: none), for transpositions.
class SpellingWalk {
 public:
  SpellingWalk(std::u32string query, unsigned k) : q_(std::move(query)), k_(k), m_(q_.size()) {
    cap_ = static_cast<std::uint8_t>(k_ + 1);
    distinct_.assign(q_.begin(), q_.end());
    std::sort(distinct_.begin(), distinct_.end());
    distinct_.erase(std::unique(distinct_.begin(), distinct_.end()), distinct_.end());
    const std::size_t depths = m_ + k_ + 4;
    rows_.assign(depths * (m_ + 1), 0);
    last_.assign(depths * (m_ + 1), 0);
    mins_.assign(depths, 0);
    for (std::size_t j = 0; j <= m_; ++j) row(0)[j] = static_cast<std::uint8_t>(std::min<std::size_t>(j, cap_));
  }

  bool in_query(char32_t c) const {
    return std::binary_search(distinct_.begin(), distinct_.end(), c);
  }
  // The smallest code point of q greater than c, or kAbsent.
  char32_t next_query_char(char32_t c) const {
    auto it = std::upper_bound(distinct_.begin(), distinct_.end(), c);
    return it == distinct_.end() ? kAbsent : *it;
  }

  // Walks keys [0, size) whose first `base` code points were cut off, as if each had been a
  // code point absent from q. With `query_char_first`, only keys whose first code point is in
  // q are walked. Calls on_word(i, distance) for each key within distance k, and, in prefix
  // mode, on_node(i, bytes, distance) for each prefix of a key within distance k whose length
  // is within one of m, instead of descending further than m + 1.
  template <typename OnWord, typename OnNode>
  void walk(const Keys& keys, unsigned base, bool query_char_first, bool prefix_mode,
            OnWord&& on_word, OnNode&& on_node) {
    for (unsigned d = 1; d <= base; ++d) compute_row(d, kAbsent);
    const std::size_t max_depth = base + (prefix_mode ? m_ + 1 : m_ + k_ + 1);
    std::vector<char32_t> path;  // code points of the current key below `base`
    std::string target;
    const std::size_t n = keys.size();
    std::size_t i = 0;
    while (i < n) {
      const std::string_view key = keys.key(i);
      std::size_t b = 0;
      std::size_t p = 0;
      while (p < path.size() && b < key.size()) {
        std::size_t next = b;
        if (decode(key, next) != path[p]) break;
        b = next;
        ++p;
      }
      path.resize(p);
      bool dead = false;
      bool capped = false;
      std::size_t char_start = b;
      char32_t c = 0;
      while (b < key.size()) {
        const std::size_t depth = base + path.size();
        if (depth + 1 > max_depth) {
          capped = true;
          break;
        }
        char_start = b;
        c = decode(key, b);
        compute_row(depth + 1, c);
        path.push_back(c);
        if (mins_[depth + 1] > k_ ||
            (query_char_first && path.size() == 1 && !in_query(c))) {
          dead = true;
          break;
        }
        if (prefix_mode) {
          const std::size_t length = path.size();
          const std::uint8_t distance = row(depth + 1)[m_];
          if (distance <= k_ && length + 1 >= m_ && length <= m_ + 1) on_node(i, b, distance);
        }
      }
      if (capped) {  // prefix mode: nothing below this node is reported
        target.assign(key.substr(0, b));
        target += '\xFF';
        i = keys.lower_bound(i + 1, n, target);
        continue;
      }
      if (dead) {
        path.pop_back();
        const std::size_t parent = base + path.size();
        target.assign(key.substr(0, char_start));
        if (mins_[parent] >= k_ || (query_char_first && path.empty())) {
          // Only a code point of q can keep a child of the parent alive: jump to the next one.
          const char32_t next = next_query_char(c);
          if (next == kAbsent)
            target += '\xFF';
          else
            append_utf8(target, next);
        } else {
          append_utf8(target, c);
          target += '\xFF';
        }
        i = keys.lower_bound(i + 1, n, target);
        continue;
      }
      const std::uint8_t distance = row(base + path.size())[m_];
      if (!prefix_mode && distance <= k_) on_word(i, distance);
      ++i;
    }
  }

  std::size_t m() const { return m_; }
  unsigned k() const { return k_; }

 private:
  std::uint8_t* row(std::size_t d) { return rows_.data() + d * (m_ + 1); }
  std::uint8_t* last(std::size_t d) { return last_.data() + d * (m_ + 1); }

  void compute_row(std::size_t d, char32_t c) {
    const std::uint8_t* prev = row(d - 1);
    std::uint8_t* cur = row(d);
    const std::uint8_t* last_prev = last(d - 1);
    std::uint8_t* last_cur = last(d);
    cur[0] = static_cast<std::uint8_t>(std::min<std::size_t>(d, cap_));
    last_cur[0] = 0;
    std::uint8_t low = cur[0];
    std::size_t db = 0;  // last column j' < j with q[j'-1] == c
    for (std::size_t j = 1; j <= m_; ++j) {
      const bool same = q_[j - 1] == c;
      unsigned v = std::min<unsigned>(prev[j - 1] + (same ? 0u : 1u),
                                      std::min<unsigned>(cur[j - 1], prev[j]) + 1u);
      const std::size_t i1 = last_prev[j];
      if (i1 != 0 && db != 0) {
        // Transpose q[j-1] (at candidate row i1) with c (at query column db), deleting the
        // d-i1-1 candidate and j-db-1 query code points between them.
        v = std::min<unsigned>(v, row(i1 - 1)[db - 1] + static_cast<unsigned>((d - i1 - 1) + 1 + (j - db - 1)));
      }
      if (same) db = j;
      cur[j] = static_cast<std::uint8_t>(std::min<unsigned>(v, cap_));
      last_cur[j] = same ? static_cast<std::uint8_t>(d) : last_prev[j];
      low = std::min(low, cur[j]);
    }
    mins_[d] = low;
  }

  std::u32string q_;
  unsigned k_;
  std::size_t m_;
  std::uint8_t cap_ = 0;
  std::vector<char32_t> distinct_;
  std::vector<std::uint8_t> rows_;
  std::vector<std::uint8_t> last_;
  std::vector<std::uint8_t> mins_;
};

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
                             Strategy strategy)
    : words_(words), strategy_(strategy) {
  const std::size_t n = words_.size();
  // Suffix permutations: sort (id, suffix offset) pairs once, keep the ids.
  auto permutation = [&](unsigned skip) {
    std::vector<std::pair<std::string_view, std::uint32_t>> keyed;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view word = words_[i];
      if (code_point_count(word) > skip)
        keyed.emplace_back(skip_code_points(word, skip), static_cast<std::uint32_t>(i));
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::uint32_t> ids;
    ids.reserve(keyed.size());
    for (const auto& entry : keyed) ids.push_back(entry.second);
    return ids;
  };
  if (strategy_ == Strategy::kSplitWalks) {
    skip1_ = permutation(1);
    skip2_ = permutation(2);
  }
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
  std::vector<NearWord> out;
  std::u32string q = code_points_of(word);
  if (q.empty() || q.size() > kMaxSpellingCodePoints) return out;
  SpellingWalk walk(q, max_distance);
  const auto no_node = [](std::size_t, std::size_t, unsigned) {};
  const bool split = strategy_ == Strategy::kSplitWalks && max_distance <= 2 &&
                     q.size() > max_distance;
  if (!split) {
    const Keys keys{words_, nullptr, 0};
    walk.walk(keys, 0, false, false,
              [&](std::size_t i, unsigned d) { out.push_back({keys.id(i), d}); }, no_node);
    return out;
  }
  // f = 0: the first code point is in q.
  {
    const Keys keys{words_, nullptr, 0};
    walk.walk(keys, 0, true, false,
              [&](std::size_t i, unsigned d) { out.push_back({keys.id(i), d}); }, no_node);
  }
  // f = 1, 2: the first code point(s) are not in q, the next one is.
  for (unsigned skip = 1; skip <= max_distance; ++skip) {
    const Keys keys{words_, skip == 1 ? &skip1_ : &skip2_, skip};
    walk.walk(
        keys, skip, true, false,
        [&](std::size_t i, unsigned d) {
          const std::string_view w = words_[keys.id(i)];
          std::size_t at = 0;
          for (unsigned s = 0; s < skip; ++s)
            if (walk.in_query(decode(w, at))) return;  // found by an earlier walk
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
  std::vector<NearPrefix> found;
  std::u32string q = code_points_of(prefix);
  if (q.empty() || q.size() > kMaxSpellingCodePoints) return found;
  SpellingWalk walk(q, max_distance);
  const Keys keys{words_, nullptr, 0};
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
  return (skip1_.capacity() + skip2_.capacity() + by_weight_.capacity() +
          weight_rank_.capacity()) *
         sizeof(std::uint32_t);
}

}  // namespace charfinder

// index/spelling_walk.hpp (internal to index/spelling.cpp)
//
// The depth-first walk of SpellingIndex (spelling.hpp explains the search): Keys, a list of
// vocabulary keys (the vocabulary, or a permutation of it with leading code points cut off)
// with the common prefixes of neighbours, and SpellingWalk, one query's dynamic-programming
// rows walked over such lists. Not thread-safe: a SpellingWalk belongs to one call.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/sorted_words.hpp"
#include "text/utf8.hpp"

namespace charfinder::spelling_walk {

// A code point that is never in a query: stands for "any code point absent from q".
constexpr char32_t kAbsent = 0xFFFFFFFFu;
// Common prefixes of neighbouring keys are stored in a byte, capped here.
constexpr std::size_t kLcpCap = 255;
// Common prefixes are summarised by their minimum over blocks of this many keys.
constexpr std::size_t kBlock = 32;
// Siblings that cannot stay alive are read one by one up to this many, then galloped over.
constexpr std::size_t kMaxSiblingsRead = 16;

// Decodes the code point at `i`, advancing `i`. The vocabulary and fold()'s output are valid
// UTF-8; a stray byte would be taken as itself.
inline char32_t decode(std::string_view s, std::size_t& i) {
  char32_t c = 0;
  const std::size_t length = decode_utf8(s, i, c);
  if (length == 0) {
    c = static_cast<unsigned char>(s[i]);
    ++i;
  } else {
    i += length;
  }
  return c;
}

// `word` without its first `skip` code points.
inline std::string_view skip_code_points(std::string_view word, unsigned skip) {
  std::size_t i = 0;
  for (unsigned n = 0; n < skip && i < word.size(); ++n) decode(word, i);
  return word.substr(i);
}

inline std::size_t code_point_count(std::string_view word) {
  std::size_t n = 0;
  for (char c : word) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A permutation of the vocabulary with `skip` leading code points removed from each key.
struct Keys {
  SortedWords words;
  const std::vector<std::uint32_t>* order = nullptr;  // nullptr: the vocabulary itself
  unsigned skip = 0;
  const std::vector<std::uint8_t>* lcp = nullptr;     // see SpellingIndex::lcp0_
  const std::vector<std::uint8_t>* blocks = nullptr;  // minimum of each kBlock lcp bytes

  // The first j' >= j whose key shares fewer than `bytes` bytes with the key before it (n if
  // none): where the subtree of that prefix ends. REQUIRES: bytes < kLcpCap.
  std::size_t next_below(std::size_t j, std::size_t bytes) const {
    const std::size_t n = size();
    const std::uint8_t* common = lcp->data();
    for (; j < n && j % kBlock != 0; ++j)
      if (common[j] < bytes) return j;
    while (j < n && (*blocks)[j / kBlock] >= bytes) j += kBlock;
    for (; j < n; ++j)
      if (common[j] < bytes) return j;
    return n;
  }

  std::size_t size() const { return order ? order->size() : words.size(); }
  std::uint32_t id(std::size_t i) const {
    return order ? (*order)[i] : static_cast<std::uint32_t>(i);
  }
  std::string_view key(std::size_t i) const {
    return skip == 0 ? words[id(i)] : skip_code_points(words[id(i)], skip);
  }
  // The first i in [lo, hi) whose key is not less than `target`, galloping from lo: the walk
  // mostly skips small subtrees, so this costs O(log distance), not O(log size).
  std::size_t lower_bound(std::size_t lo, std::size_t hi, std::string_view target) const {
    for (std::size_t step = 1; lo < hi; step *= 2) {
      const std::size_t probe = lo + step - 1;
      if (probe >= hi || !(key(probe) < target)) {
        hi = std::min(hi, probe);
        break;
      }
      lo = probe + 1;
    }
    const auto rest = std::views::iota(lo, hi);
    return *std::ranges::partition_point(rest, [&](std::size_t i) { return key(i) < target; });
  }
};

// One query's dynamic-programming state, walked over one or more key lists.
// Row d is the Lowrance-Wagner row after d code points of the candidate: cell j is the
// distance between those d code points and the first j of the query, capped at k + 1 (a cap
// keeps "<= k" exact, since every term only grows). Cells with |d - j| > k always hold the cap,
// so only the band |d - j| <= k is computed. last_(d, j) is the last row <= d whose candidate
// code point equals q[j-1] (0: none), for transpositions.
class SpellingWalk {
 public:
  SpellingWalk(std::u32string query, unsigned k) : q_(std::move(query)), k_(k), m_(q_.size()) {
    cap_ = static_cast<std::uint8_t>(k_ + 1);
    auto sorted_set = [](std::u32string_view text) {
      std::vector<char32_t> set(text.begin(), text.end());
      std::sort(set.begin(), set.end());
      set.erase(std::unique(set.begin(), set.end()), set.end());
      return set;
    };
    head_ = sorted_set(std::u32string_view(q_).substr(0, std::min<std::size_t>(m_, k_ + 2)));
    const std::size_t depths = m_ + k_ + 4;
    rows_.assign(depths * (m_ + 1), cap_);
    last_.assign(depths * (m_ + 1), 0);
    mins_.assign(depths, 0);
    live_.resize(depths);
    live_valid_.assign(depths, 0);
    for (std::size_t d = 0; d < depths; ++d)
      row(d)[0] = static_cast<std::uint8_t>(std::min<std::size_t>(d, cap_));
    for (std::size_t j = 0; j <= m_; ++j)
      row(0)[j] = static_cast<std::uint8_t>(std::min<std::size_t>(j, cap_));
  }

  // One of the first k + 2 code points of q: a word within distance k has one of them among
  // its own first k + 1 code points (see spelling.hpp).
  bool in_head(char32_t c) const { return std::binary_search(head_.begin(), head_.end(), c); }

  // Walks keys [0, size) whose first `base` code points were cut off, as if each had been a
  // code point absent from q. With `head_first`, only keys whose first code point is in_head()
  // are walked. Calls on_word(i, distance) for each key within distance k, and, in prefix
  // mode, on_node(i, bytes, distance) for each prefix of a key within distance k whose length
  // is within one of m, instead of descending further than m + 1.
  template <typename OnWord, typename OnNode>
  void walk(const Keys& keys, unsigned base, bool head_first, bool prefix_mode, OnWord&& on_word,
            OnNode&& on_node) {
    for (unsigned d = 1; d <= base; ++d) compute_row(d, kAbsent);
    const std::size_t max_depth = base + (prefix_mode ? m_ + 1 : m_ + k_ + 1);
    ends_.clear();  // byte offset in the previous key after each code point of the path
    std::string_view previous;
    std::string target;
    constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);
    std::size_t known_shared = 0;  // bytes key i shares with `previous`, when known
    const std::size_t n = keys.size();
    std::size_t i = 0;
    while (i < n) {
      const std::string_view key = keys.key(i);
      // The path's code points that lie wholly within the bytes shared with the previous key.
      std::size_t shared = known_shared;
      if (shared == kUnknown || shared >= kLcpCap) {
        const std::size_t common = std::min(key.size(), previous.size());
        shared = static_cast<std::size_t>(
            std::mismatch(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(common),
                          previous.begin())
                .first -
            key.begin());
      }
      known_shared = kUnknown;
      while (!ends_.empty() && ends_.back() > shared) ends_.pop_back();
      previous = key;
      std::size_t b = ends_.empty() ? 0 : ends_.back();
      bool dead = false;
      bool capped = false;
      std::size_t char_start = b;
      char32_t c = 0;
      while (b < key.size()) {
        const std::size_t depth = base + ends_.size();
        if (depth + 1 > max_depth) {
          capped = true;
          break;
        }
        char_start = b;
        c = decode(key, b);
        const bool tight = mins_[depth] >= k_;  // only the children in live() can stay alive
        const bool cut =
            (head_first && ends_.empty() && !in_head(c)) || (tight && !contains(live(depth), c));
        if (!cut) compute_row(depth + 1, c);
        ends_.push_back(b);
        if (cut || mins_[depth + 1] > k_) {
          dead = true;
          break;
        }
        if (prefix_mode) {
          const std::size_t length = ends_.size();
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
        ends_.pop_back();
        const std::size_t parent = base + ends_.size();
        const std::size_t parent_bytes = char_start;
        const bool root = head_first && ends_.empty();
        const bool tight = !root && mins_[parent] >= k_;
        if (!root && b < kLcpCap) {
          // Read the common prefixes: skip the rest of this child's subtree, and, when only
          // live() children can stay alive, the siblings that cannot, a few at most.
          std::size_t j = keys.next_below(i + 1, b);
          std::size_t read = 0;
          char32_t first = 0;
          bool gave_up = false;
          while (tight && j < n && (*keys.lcp)[j] >= parent_bytes) {
            const std::string_view sibling = keys.key(j);
            std::size_t end_of_first = parent_bytes;
            first = decode(sibling, end_of_first);
            if (contains(live(parent), first)) break;
            if (++read == kMaxSiblingsRead) {
              gave_up = true;
              break;
            }
            j = keys.next_below(j + 1, end_of_first);
          }
          if (!gave_up) {
            i = j;
            continue;
          }
          i = j;
          c = first;  // gallop on from this sibling to the next live code point
        }
        target.assign(key.substr(0, parent_bytes));
        const char32_t next = root ? next_in(head_, c) : tight ? next_in(live(parent), c) : kAbsent;
        if (!root && !tight) append_utf8(target, c);  // past this child's subtree
        if (next == kAbsent)
          target += '\xFF';  // past the parent's (or this child's) subtree
        else
          append_utf8(target, next);
        i = keys.lower_bound(i + 1, n, target);
        continue;
      }
      const std::uint8_t distance = row(base + ends_.size())[m_];
      if (!prefix_mode && distance <= k_) on_word(i, distance);
      ++i;
      if (i < n) known_shared = (*keys.lcp)[i];
    }
  }

 private:
  std::uint8_t* row(std::size_t d) { return rows_.data() + d * (m_ + 1); }
  std::uint8_t* last(std::size_t d) { return last_.data() + d * (m_ + 1); }

  static bool contains(const std::vector<char32_t>& set, char32_t c) {
    for (char32_t x : set)
      if (x == c) return true;
    return false;
  }

  // When row d's best cell is k, the code points a child may have and stay within k: the
  // diagonal matches from its cells at k, and the partners of a transposition that can
  // still be paid for. Any other child's row is all above k, so it is not computed. Sorted;
  // cached until row d is recomputed.
  const std::vector<char32_t>& live(std::size_t d) {
    if (live_valid_[d]) return live_[d];
    std::vector<char32_t>& set = live_[d];
    set.clear();
    const std::uint8_t* r = row(d);
    for (std::size_t j = 1; j <= m_; ++j)
      if (r[j - 1] <= k_) set.push_back(q_[j - 1]);
    // A transposition in row d + 1 at column j pairs the row last(d)[j] = i1 with a column
    // db < j whose code point q[db-1] is the child's, at cost
    // row(i1-1)[db-1] + (d - i1) + (j - db).
    const std::uint8_t* last_d = last(d);
    for (std::size_t j = 2; j <= m_; ++j) {
      const std::size_t i1 = last_d[j];
      if (i1 == 0 || d - i1 + 1 > k_) continue;
      for (std::size_t db = j - 1; db >= 1 && j - db + (d - i1) <= k_; --db)
        if (row(i1 - 1)[db - 1] + (d - i1) + (j - db) <= k_) set.push_back(q_[db - 1]);
    }
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    live_valid_[d] = 1;
    return set;
  }

  // The smallest code point of `set` greater than c, or kAbsent.
  static char32_t next_in(const std::vector<char32_t>& set, char32_t c) {
    auto it = std::upper_bound(set.begin(), set.end(), c);
    return it == set.end() ? kAbsent : *it;
  }

  void compute_row(std::size_t d, char32_t c) {
    // Locals, not members: the byte stores below may alias any member, so the compiler
    // would reload them on every cell.
    const std::size_t m = m_;
    const std::size_t k = k_;
    const unsigned cap = cap_;
    const char32_t* q = q_.data();
    std::uint8_t* rows = rows_.data();
    const std::uint8_t* prev = rows + (d - 1) * (m + 1);
    std::uint8_t* cur = rows + d * (m + 1);
    const std::uint8_t* last_prev = last_.data() + (d - 1) * (m + 1);
    std::uint8_t* last_cur = last_.data() + d * (m + 1);
    const auto row_index = static_cast<std::uint8_t>(d);
    for (std::size_t j = 1; j <= m; ++j) last_cur[j] = q[j - 1] == c ? row_index : last_prev[j];
    // Only the band |d - j| <= k is computed; the cells outside stay at the cap.
    const std::size_t lo = d > k + 1 ? d - k : 1;
    const std::size_t hi = std::min(m, d + k);
    std::size_t db = 0;  // last column j' < j with q[j'-1] == c
    for (std::size_t j = lo - 1; j >= 1; --j) {
      if (q[j - 1] == c) {
        db = j;
        break;
      }
    }
    unsigned low = cur[0];
    for (std::size_t j = lo; j <= hi; ++j) {
      const bool same = q[j - 1] == c;
      unsigned v = std::min<unsigned>(prev[j - 1] + (same ? 0u : 1u),
                                      std::min<unsigned>(cur[j - 1], prev[j]) + 1u);
      const std::size_t i1 = last_prev[j];
      if (i1 != 0 && db != 0) {
        // Transpose q[j-1] (at candidate row i1) with c (at query column db), deleting the
        // d-i1-1 candidate and j-db-1 query code points between them.
        v = std::min<unsigned>(v, rows[(i1 - 1) * (m + 1) + db - 1] +
                                      static_cast<unsigned>((d - i1 - 1) + 1 + (j - db - 1)));
      }
      if (same) db = j;
      v = std::min(v, cap);
      cur[j] = static_cast<std::uint8_t>(v);
      low = std::min(low, v);
    }
    mins_[d] = static_cast<std::uint8_t>(low);
    live_valid_[d] = 0;
  }

  std::u32string q_;
  unsigned k_;
  std::size_t m_;
  std::uint8_t cap_ = 0;
  std::vector<char32_t> head_;  // the first k + 2 of them, sorted
  std::vector<std::uint8_t> rows_;
  std::vector<std::uint8_t> last_;
  std::vector<std::uint8_t> mins_;
  std::vector<std::size_t> ends_;
  std::vector<std::vector<char32_t>> live_;
  std::vector<std::uint8_t> live_valid_;
};

}  // namespace charfinder::spelling_walk

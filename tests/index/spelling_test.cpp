#include "index/spelling.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "index/fold.hpp"
#include "tests/index/large_vocabulary.hpp"
#include "text/utf8.hpp"

namespace charfinder {
namespace {

std::string utf8(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) append_utf8(out, c);
  return out;
}

// Textbook Damerau-Levenshtein (Lowrance-Wagner as on Wikipedia, an alphabet map for da),
// written independently of spelling.cpp to check damerau_levenshtein().
std::size_t reference_dl(std::u32string_view a, std::u32string_view b) {
  const std::size_t n = a.size(), m = b.size(), big = n + m;
  std::map<char32_t, std::size_t> da;
  std::vector<std::vector<std::size_t>> d(n + 2, std::vector<std::size_t>(m + 2, 0));
  d[0][0] = big;
  for (std::size_t i = 0; i <= n; ++i) d[i + 1][0] = big, d[i + 1][1] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j + 1] = big, d[1][j + 1] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t db = 0;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t k = da.count(b[j - 1]) ? da[b[j - 1]] : 0;
      const std::size_t l = db;
      std::size_t cost = 1;
      if (a[i - 1] == b[j - 1]) cost = 0, db = j;
      d[i + 1][j + 1] = std::min({d[i][j] + cost, d[i + 1][j] + 1, d[i][j + 1] + 1,
                                  d[k][l] + (i - k - 1) + 1 + (j - l - 1)});
    }
    da[a[i - 1]] = i;
  }
  return d[n + 1][m + 1];
}

// The shared fixture: the ICU words plus the CLDR words of languages in six scripts.
struct Fixture {
  OwnedWords owned;
  SortedWords words;
  std::vector<std::u32string> code_points;
  std::vector<std::uint32_t> weights;
  SpellingIndex split;
  SpellingIndex plain;

  Fixture()
      : owned(testing::large_vocabulary({"ru", "ja", "zh", "el", "ko", "hi", "de"})),
        words(owned.view()),
        code_points(make_code_points(words)),
        weights(make_weights(words)),
        split(words, weights),
        plain(words, weights, SpellingIndex::Strategy::kPlainWalk) {}

  static std::vector<std::u32string> make_code_points(SortedWords words) {
    std::vector<std::u32string> out;
    for (std::size_t i = 0; i < words.size(); ++i) out.push_back(code_points_of(words[i]));
    return out;
  }
  static std::vector<std::uint32_t> make_weights(SortedWords words) {
    std::vector<std::uint32_t> out(words.size());
    // NOLINTNEXTLINE(cert-msc32-c,cert-msc51-cpp): a fixed seed keeps the test reproducible
    std::mt19937 random(7);
    for (auto& w : out) w = random() % 50;  // with ties
    return out;
  }

  // Every word within `k`, by a full scan.
  std::vector<NearWord> brute_near(std::u32string_view q, unsigned k) const {
    std::vector<NearWord> out;
    if (q.empty() || q.size() > kMaxSpellingCodePoints) return out;
    for (std::size_t i = 0; i < code_points.size(); ++i) {
      const std::u32string& w = code_points[i];
      const std::size_t gap = w.size() > q.size() ? w.size() - q.size() : q.size() - w.size();
      if (gap > k) continue;
      const std::size_t d = damerau_levenshtein(w, q);
      if (d <= k) out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(d)});
    }
    return out;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

// Seeded query words: real words, real words with 1-3 random edits, random strings over the
// vocabulary's own code points (so mixed scripts), all folded-shaped.
std::vector<std::u32string> random_queries(std::size_t count, unsigned seed) {
  const Fixture& f = fixture();
  std::mt19937 random(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  auto any_code_point = [&] {
    const std::u32string& w = f.code_points[pick(f.code_points.size())];
    return w[pick(w.size())];
  };
  std::vector<std::u32string> out;
  while (out.size() < count) {
    std::u32string word = f.code_points[pick(f.code_points.size())];
    const std::size_t kind = pick(10);
    if (kind < 3) {
      // unchanged
    } else if (kind < 8) {
      const std::size_t edits = 1 + pick(3);
      for (std::size_t e = 0; e < edits; ++e) {
        // Mostly a code point of the word's own script (a neighbour in the word), else any.
        const char32_t c =
            (pick(3) != 0 && !word.empty()) ? word[pick(word.size())] : any_code_point();
        switch (pick(4)) {
          case 0:
            word.insert(word.begin() + static_cast<std::ptrdiff_t>(pick(word.size() + 1)), c);
            break;
          case 1:
            if (!word.empty()) word.erase(pick(word.size()), 1);
            break;
          case 2:
            if (!word.empty()) word[pick(word.size())] = c;
            break;
          default:
            if (word.size() >= 2) {
              const std::size_t at = pick(word.size() - 1);
              std::swap(word[at], word[at + 1]);
            }
        }
      }
    } else {
      word.clear();
      const std::size_t length = 1 + pick(9);
      const std::u32string& model = f.code_points[pick(f.code_points.size())];
      for (std::size_t i = 0; i < length; ++i)
        word += pick(4) == 0 ? any_code_point() : model[pick(model.size())];
    }
    if (!word.empty()) out.push_back(std::move(word));
  }
  return out;
}

TEST_CASE("damerau_levenshtein is the unrestricted distance", "[index][spelling]") {
  CHECK(damerau_levenshtein(U"", U"") == 0);
  CHECK(damerau_levenshtein(U"", U"ABC") == 3);
  CHECK(damerau_levenshtein(U"BLAK", U"BLACK") == 1);
  CHECK(damerau_levenshtein(U"SQAURED", U"SQUARED") == 1);  // one transposition
  CHECK(damerau_levenshtein(U"CA", U"ABC") == 2);           // optimal string alignment would say 3
  CHECK(damerau_levenshtein(U"ネコ", U"コネ") == 1);
  CHECK(damerau_levenshtein(U"КОШКА", U"КШОКА") == 1);
  CHECK(damerau_levenshtein(U"猫脸", U"猫") == 1);
  // NOLINTNEXTLINE(cert-msc32-c,cert-msc51-cpp): a fixed seed keeps the test reproducible
  std::mt19937 random(11);
  const std::u32string alphabet = U"ABCDкош猫";
  for (int round = 0; round < 20000; ++round) {
    std::u32string a, b;
    for (std::size_t i = random() % 7; i > 0; --i) a += alphabet[random() % alphabet.size()];
    for (std::size_t i = random() % 7; i > 0; --i) b += alphabet[random() % alphabet.size()];
    INFO(utf8(a) << " / " << utf8(b));
    REQUIRE(damerau_levenshtein(a, b) == reference_dl(a, b));
    REQUIRE(damerau_levenshtein(a, b) == damerau_levenshtein(b, a));
  }
}

TEST_CASE("near() finds exactly the words a full scan finds", "[index][spelling]") {
  const Fixture& f = fixture();
  REQUIRE(f.words.size() > 40000);
  std::size_t non_ascii = 0;
  std::size_t with_candidates = 0;
  for (const std::u32string& q : random_queries(3000, 2026)) {
    const std::string word = utf8(q);
    INFO("query word " << word);
    const unsigned k = spelling_distance_for(q.size());
    const std::vector<NearWord> expected = f.brute_near(q, k);
    REQUIRE(f.split.near(word) == expected);
    non_ascii += std::any_of(q.begin(), q.end(), [](char32_t c) { return c >= 0x80; });
    with_candidates += !expected.empty();
  }
  CHECK(non_ascii > 500);         // the seed exercises other scripts...
  CHECK(with_candidates > 1500);  // ...and mostly words that have candidates
}

TEST_CASE("the plain walk and other distances agree with the scan", "[index][spelling]") {
  const Fixture& f = fixture();
  for (const std::u32string& q : random_queries(300, 99)) {
    const std::string word = utf8(q);
    INFO("query word " << word);
    for (unsigned k = 0; k <= 3; ++k) {
      CAPTURE(k);
      const std::vector<NearWord> expected = f.brute_near(q, k);
      REQUIRE(f.split.near(word, k) == expected);
      if (k <= 2) REQUIRE(f.plain.near(word, k) == expected);
    }
  }
}

TEST_CASE("near() limits", "[index][spelling]") {
  const Fixture& f = fixture();
  CHECK(f.split.near("").empty());
  CHECK(f.split.near(std::string(kMaxSpellingCodePoints + 1, 'A')).empty());
  // The longest allowed word is searched; a pathological one of repeated letters is cheap.
  CHECK(f.split.near(std::string(kMaxSpellingCodePoints, 'A')) ==
        f.brute_near(std::u32string(kMaxSpellingCodePoints, U'A'), 2));
  // A word is its own candidate at distance 0.
  const std::vector<NearWord> black = f.split.near("BLACK");
  REQUIRE(!black.empty());
  CHECK(std::any_of(black.begin(), black.end(), [&](const NearWord& n) {
    return f.words[n.word] == "BLACK" && n.distance == 0;
  }));
}

TEST_CASE("near_prefixes() matches a scan of every prefix", "[index][spelling]") {
  const Fixture& f = fixture();
  for (const std::u32string& q : random_queries(150, 5)) {
    const std::string word = utf8(q);
    INFO("query prefix " << word);
    const unsigned k = spelling_distance_for(q.size());
    std::set<std::u32string> prefixes;
    for (const std::u32string& w : f.code_points)
      for (std::size_t length = q.size() > 0 ? q.size() - 1 : 0;
           length <= std::min(w.size(), q.size() + 1); ++length)
        if (length > 0 && damerau_levenshtein(w.substr(0, length), q) <= k)
          prefixes.insert(w.substr(0, length));
    std::vector<std::string> expected;
    for (const std::u32string& p : prefixes) {
      const auto next = prefixes.upper_bound(p);
      if (next != prefixes.end() && next->starts_with(p)) continue;  // another extends it
      expected.push_back(utf8(p));
    }
    std::vector<std::string> got;
    for (const auto& candidate : f.split.near_prefixes(word, k)) {
      CHECK(candidate.distance == damerau_levenshtein(code_points_of(candidate.prefix), q));
      got.push_back(candidate.prefix);
    }
    std::sort(expected.begin(), expected.end());
    REQUIRE(got == expected);
  }
}

TEST_CASE("heaviest_with_prefix() ranks the prefix's words by weight", "[index][spelling]") {
  const Fixture& f = fixture();
  for (const std::string prefix :
       {"", "A", "B", "CH", "CHES", "КО", "ネ", "ZZZZZZ", "\xE7\x8C\xAB"}) {
    CAPTURE(prefix);
    const auto [first, last] = f.split.prefix_range(prefix);
    std::vector<std::uint32_t> expected;
    for (std::size_t i = first; i < last; ++i) expected.push_back(static_cast<std::uint32_t>(i));
    std::stable_sort(expected.begin(), expected.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return f.weights[a] > f.weights[b]; });
    if (expected.size() > 10) expected.resize(10);
    CHECK(f.split.heaviest_with_prefix(prefix, 10) == expected);
    for (std::uint32_t id : expected) CHECK(f.words[id].starts_with(prefix));
  }
}

TEST_CASE("the spelling arrays stay small", "[index][spelling]") {
  const Fixture& f = fixture();
  // Four 32-bit ids and three bytes per word at most.
  CHECK(f.split.memory_bytes() <= 19 * f.words.size());
}

}  // namespace
}  // namespace charfinder

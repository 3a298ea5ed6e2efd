// Spelling micro-benchmarks (issue 10): candidate search, suggestions, completion, and the
// build time and memory of the structure, on a vocabulary the size of the multi-source one
// (ICU names + every CLDR annotation word of all languages, ~276k words; see
// tests/index/large_vocabulary.hpp) and on today's formal-name vocabulary.
// Run (RelWithDebInfo is -O2):
//   cmake --build BUILD --target spelling_bench && BUILD/bench/spelling_bench
// The comparisons that chose the structure: BM_Near/{split,plain,scan,bktree} and
// BM_DeletionIndexSize (what a symmetric-delete index of distance 2 would hold).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "index/correction.hpp"
#include "index/fold.hpp"
#include "index/name_index.hpp"
#include "index/spelling.hpp"
#include "tests/index/large_vocabulary.hpp"

namespace {

using namespace charfinder;

const NameIndex& icu_index() {
  static const NameIndex index = NameIndex::build_from_icu();
  return index;
}

struct Large {
  OwnedWords owned{testing::large_vocabulary()};
  std::vector<std::uint32_t> weights;
  std::vector<std::u32string> code_points;
  Large() {
    const SortedWords words = owned.view();
    for (std::size_t i = 0; i < words.size(); ++i) {
      weights.push_back(static_cast<std::uint32_t>(icu_index().exact(words[i]).size()));
      code_points.push_back(code_points_of(words[i]));
    }
  }
};

const Large& large() {
  static const Large vocabulary;
  return vocabulary;
}

const SpellingIndex& large_spelling(SpellingIndex::Strategy strategy) {
  static const SpellingIndex split(large().owned.view(), large().weights);
  static const SpellingIndex plain(large().owned.view(), large().weights,
                                   SpellingIndex::Strategy::kPlainWalk);
  return strategy == SpellingIndex::Strategy::kSplitWalks ? split : plain;
}

const SpellingIndex& icu_spelling() {
  static const SpellingIndex spelling = spelling_index_of(icu_index());
  return spelling;
}

void BM_BuildLarge(benchmark::State& state) {
  large();  // read the CLDR files before timing
  std::size_t memory = 0;
  for (auto _ : state) {
    SpellingIndex index(large().owned.view(), large().weights);
    memory = index.memory_bytes();
    benchmark::DoNotOptimize(index);
  }
  state.counters["memory_bytes"] = static_cast<double>(memory);
  state.counters["words"] = static_cast<double>(large().owned.view().size());
  state.counters["vocabulary_bytes"] =
      static_cast<double>(large().owned.view().arena_bytes() + 4 * large().owned.view().size());
}
BENCHMARK(BM_BuildLarge)->Unit(benchmark::kMillisecond);

void BM_BuildIcu(benchmark::State& state) {
  icu_index();
  std::size_t memory = 0;
  for (auto _ : state) {
    SpellingIndex index = spelling_index_of(icu_index());
    memory = index.memory_bytes();
    benchmark::DoNotOptimize(index);
  }
  state.counters["memory_bytes"] = static_cast<double>(memory);
  state.counters["words"] = static_cast<double>(icu_index().facts().words);
}
BENCHMARK(BM_BuildIcu)->Unit(benchmark::kMillisecond);

// Query words: Latin with distance 1 and 2, Cyrillic, kana, a hopeless one.
const char* const kWords[] = {"BLAK", "CSTLE", "SQAURED", "КОШКК", "ネココ", "XYZZYQ"};

void near_with(benchmark::State& state, SpellingIndex::Strategy strategy) {
  const std::string word = kWords[state.range(0)];
  const SpellingIndex& index = large_spelling(strategy);
  std::size_t found = 0;
  for (auto _ : state) {
    const auto near = index.near(word);
    found = near.size();
    benchmark::DoNotOptimize(near);
  }
  state.SetLabel(word);
  state.counters["candidates"] = static_cast<double>(found);
}
void BM_NearSplit(benchmark::State& state) {
  near_with(state, SpellingIndex::Strategy::kSplitWalks);
}
void BM_NearPlain(benchmark::State& state) {
  near_with(state, SpellingIndex::Strategy::kPlainWalk);
}
BENCHMARK(BM_NearSplit)->DenseRange(0, 5)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NearPlain)->DenseRange(0, 5)->Unit(benchmark::kMicrosecond);

// The full scan the tests compare with: every word of a close enough length.
void BM_NearScan(benchmark::State& state) {
  const std::u32string q = code_points_of(kWords[state.range(0)]);
  const unsigned k = spelling_distance_for(q.size());
  std::size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::u32string& w : large().code_points) {
      const std::size_t gap = w.size() > q.size() ? w.size() - q.size() : q.size() - w.size();
      if (gap <= k && damerau_levenshtein(w, q) <= k) ++found;
    }
  }
  state.SetLabel(kWords[state.range(0)]);
  state.counters["candidates"] = static_cast<double>(found);
}
BENCHMARK(BM_NearScan)->DenseRange(0, 5, 5)->Unit(benchmark::kMillisecond)->Iterations(3);

// A BK-tree over the same words (the other classic structure), to compare visits and time.
class BkTree {
 public:
  explicit BkTree(const std::vector<std::u32string>& words) : words_(words) {
    nodes_.reserve(words.size());
    for (std::uint32_t i = 0; i < words.size(); ++i) insert(i);
  }
  std::size_t near(const std::u32string& q, std::size_t k, std::size_t& visited) const {
    std::size_t found = 0;
    std::vector<std::uint32_t> stack{0};
    while (!stack.empty()) {
      const Node& node = nodes_[stack.back()];
      stack.pop_back();
      ++visited;
      const std::size_t d = damerau_levenshtein(words_[node.word], q);
      found += d <= k;
      for (const auto& [edge, child] : node.children)
        if (edge + k >= d && edge <= d + k) stack.push_back(child);
    }
    return found;
  }
  std::size_t memory_bytes() const {
    std::size_t bytes = nodes_.capacity() * sizeof(Node);
    for (const Node& node : nodes_) bytes += node.children.capacity() * sizeof(node.children[0]);
    return bytes;
  }

 private:
  struct Node {
    std::uint32_t word;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> children;  // (distance, node)
  };
  void insert(std::uint32_t word) {
    if (nodes_.empty()) {
      nodes_.push_back({word, {}});
      return;
    }
    std::uint32_t at = 0;
    for (;;) {
      const auto d =
          static_cast<std::uint32_t>(damerau_levenshtein(words_[nodes_[at].word], words_[word]));
      auto& children = nodes_[at].children;
      auto it =
          std::find_if(children.begin(), children.end(), [&](auto& c) { return c.first == d; });
      if (it == children.end()) {
        children.emplace_back(d, static_cast<std::uint32_t>(nodes_.size()));
        nodes_.push_back({word, {}});
        return;
      }
      at = it->second;
    }
  }
  const std::vector<std::u32string>& words_;
  std::vector<Node> nodes_;
};

void BM_NearBkTree(benchmark::State& state) {
  static const BkTree tree(large().code_points);
  const std::u32string q = code_points_of(kWords[state.range(0)]);
  std::size_t visited = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    visited = 0;
    found = tree.near(q, spelling_distance_for(q.size()), visited);
  }
  state.SetLabel(kWords[state.range(0)]);
  state.counters["candidates"] = static_cast<double>(found);
  state.counters["visited"] = static_cast<double>(visited);
  state.counters["memory_bytes"] = static_cast<double>(tree.memory_bytes());
}
BENCHMARK(BM_NearBkTree)->DenseRange(0, 5)->Unit(benchmark::kMicrosecond)->Iterations(20);

// What a symmetric-delete (SymSpell) index of distance 2 would hold: every distinct string
// made by deleting up to two code points of each word, one posting each.
void BM_DeletionIndexSize(benchmark::State& state) {
  std::size_t postings = 0;
  for (auto _ : state) {
    postings = 0;
    std::unordered_set<std::u32string> variants;
    for (const std::u32string& w : large().code_points) {
      variants.clear();
      variants.insert(w);
      for (std::size_t i = 0; i < w.size(); ++i) {
        std::u32string one = w.substr(0, i) + w.substr(i + 1);
        for (std::size_t j = 0; j < one.size(); ++j)
          variants.insert(one.substr(0, j) + one.substr(j + 1));
        variants.insert(std::move(one));
      }
      postings += variants.size();
    }
  }
  // At least a 4-byte word id and a 4-byte key hash per posting.
  state.counters["postings"] = static_cast<double>(postings);
  state.counters["min_bytes"] = static_cast<double>(postings * 8);
}
BENCHMARK(BM_DeletionIndexSize)->Unit(benchmark::kMillisecond)->Iterations(1);

// Counts every call that crosses the seam, and forwards to the formal-name index.
class CountingOracle final : public CorrectionOracle {
 public:
  std::size_t entries_with(std::string_view word) const override {
    ++words;
    return inner.entries_with(word);
  }
  bool has_prefix(std::string_view prefix) const override {
    ++words;
    return inner.has_prefix(prefix);
  }
  std::size_t count(const Query& query) const override {
    ++counts;
    return inner.count(query);
  }
  NameIndexOracle inner{icu_index()};
  mutable std::size_t words = 0;
  mutable std::size_t counts = 0;
};

const char* const kSuggestQueries[] = {"chess blak king", "latin capitl letter", "sqaured latin t",
                                       "xyzzyq black chess"};

void suggest_with(benchmark::State& state, const SpellingIndex& spelling) {
  const ParsedQuery parsed = parse_query(kSuggestQueries[state.range(0)]);
  if (!parsed.query) {
    state.SkipWithError(parsed.error.c_str());
    return;
  }
  const Query& query = *parsed.query;
  CountingOracle oracle;
  std::size_t suggestions = 0;
  std::string first;
  for (auto _ : state) {
    const auto found = suggest_corrections(query, spelling, oracle);
    suggestions = found.size();
    if (!found.empty()) first = found[0].query;
    benchmark::DoNotOptimize(found);
  }
  const double runs = static_cast<double>(state.iterations());
  state.SetLabel(std::string(kSuggestQueries[state.range(0)]) + " -> " + first);
  state.counters["suggestions"] = static_cast<double>(suggestions);
  state.counters["oracle_word_calls"] = static_cast<double>(oracle.words) / runs;
  state.counters["oracle_count_calls"] = static_cast<double>(oracle.counts) / runs;
}
void BM_SuggestLarge(benchmark::State& state) {
  suggest_with(state, large_spelling(SpellingIndex::Strategy::kSplitWalks));
}
void BM_SuggestIcu(benchmark::State& state) { suggest_with(state, icu_spelling()); }
BENCHMARK(BM_SuggestLarge)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SuggestIcu)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

const char* const kCompleteQueries[] = {"ches", "chess bl", "a", "latin capital letter t"};

void BM_CompleteLarge(benchmark::State& state) {
  const ParsedQuery parsed = parse_query(kCompleteQueries[state.range(0)]);
  if (!parsed.query) {
    state.SkipWithError(parsed.error.c_str());
    return;
  }
  const Query& query = *parsed.query;
  const SpellingIndex& spelling = large_spelling(SpellingIndex::Strategy::kSplitWalks);
  const NameIndexOracle oracle(icu_index());
  std::size_t found = 0;
  std::string first;
  for (auto _ : state) {
    const auto completions = complete_last_word(query, spelling, oracle);
    found = completions.size();
    if (!completions.empty()) first = completions[0].query;
    benchmark::DoNotOptimize(completions);
  }
  state.SetLabel(std::string(kCompleteQueries[state.range(0)]) + " -> " + first);
  state.counters["completions"] = static_cast<double>(found);
}
BENCHMARK(BM_CompleteLarge)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

// The seam: a virtual call through CorrectionOracle against the direct index call it wraps.
void BM_SeamVirtual(benchmark::State& state) {
  const NameIndexOracle oracle(icu_index());
  const CorrectionOracle& seam = oracle;
  for (auto _ : state) benchmark::DoNotOptimize(seam.entries_with("BLACK"));
}
void BM_SeamDirect(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(icu_index().exact("BLACK").size());
}
BENCHMARK(BM_SeamVirtual);
BENCHMARK(BM_SeamDirect);

}  // namespace
BENCHMARK_MAIN();

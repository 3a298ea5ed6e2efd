// Entry search benchmarks: every source and every language against the names-only
// configuration (`search.sources: [names]`), in the same run, as the targets of issue 9 are
// ratios (README "Figures"):
//   sun and the cjk count <= 1.5x names-only; a three-word query across all languages
//   <= 20x the names-only one-word query.
// Run: cmake --build BUILD --target entry_bench && BUILD/bench/entry_bench
#include <benchmark/benchmark.h>

#include <string>
#include <variant>
#include <vector>

#include "bench/bench_index.hpp"
#include "index/entry_search.hpp"
#include "index/name_index.hpp"

namespace {

using namespace charfinder;

using bench::index;
using bench::names;

const SearchScope kNamesOnly{source_bit(Source::kNames), {}};
const std::vector<std::string> kAllLanguages{"all"};  // kEverything views it
const SearchScope kEverything{kAllSources, kAllLanguages};

void run(benchmark::State& state, const std::string& text, std::size_t limit,
         const SearchScope& scope, bool describe = false) {
  std::size_t total = 0;
  for (auto _ : state) {
    auto answer = index().run(text, scope, 0, limit);
    EntryPage& page = std::get<EntryPage>(answer);
    if (describe) index().describe(page);
    total = page.total;
    benchmark::DoNotOptimize(answer);
  }
  state.counters["total"] = static_cast<double>(total);
}

void BM_OpenTable(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(SourceTable::open(embedded_source_table()));
}
BENCHMARK(BM_OpenTable);

void BM_SunNamesOnly(benchmark::State& s) { run(s, "sun", 100, kNamesOnly); }
void BM_SunAll(benchmark::State& s) { run(s, "sun", 100, kEverything); }
void BM_SunAllDescribed(benchmark::State& s) { run(s, "sun", 100, kEverything, true); }
void BM_CjkCountNamesOnly(benchmark::State& s) { run(s, "cjk", 0, kNamesOnly); }
void BM_CjkCountAll(benchmark::State& s) { run(s, "cjk", 0, kEverything); }
void BM_ThreeWordsAll(benchmark::State& s) { run(s, "cat face smiling", 100, kEverything); }
void BM_ThreeWordsAllDescribed(benchmark::State& s) {
  run(s, "cat face smiling", 100, kEverything, true);
}
void BM_ChessBlackNamesOnly(benchmark::State& s) { run(s, "chess black", 100, kNamesOnly); }
void BM_ChessBlackAll(benchmark::State& s) { run(s, "chess black", 100, kEverything); }
void BM_LangDeKatze(benchmark::State& s) { run(s, "lang:de katze", 100, kEverything, true); }
void BM_PrefixAll(benchmark::State& s) { run(s, "arrow*", 100, kEverything); }
BENCHMARK(BM_SunNamesOnly);
BENCHMARK(BM_SunAll);
BENCHMARK(BM_SunAllDescribed);
BENCHMARK(BM_CjkCountNamesOnly);
BENCHMARK(BM_CjkCountAll);
BENCHMARK(BM_ThreeWordsAll);
BENCHMARK(BM_ThreeWordsAllDescribed);
BENCHMARK(BM_ChessBlackNamesOnly);
BENCHMARK(BM_ChessBlackAll);
BENCHMARK(BM_LangDeKatze);
BENCHMARK(BM_PrefixAll)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

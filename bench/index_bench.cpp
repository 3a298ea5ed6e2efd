// Index micro-benchmarks: build time and memory, query latency for the common query shapes.
// Run (Release-ish build, RelWithDebInfo is -O2):
//   cmake --build BUILD --target index_bench && BUILD/bench/index_bench
#include <benchmark/benchmark.h>

#include <string>
#include <variant>

#include "index/name_index.hpp"
#include "index/query.hpp"
#include "index/search.hpp"

namespace {

using namespace charfinder;

const NameIndex& shared_index() {
  static const NameIndex index = NameIndex::build_from_icu();
  return index;
}

void BM_BuildFromIcu(benchmark::State& state) {
  std::size_t memory = 0;
  std::size_t postings = 0;
  std::size_t words = 0;
  for (auto _ : state) {
    NameIndex index = NameIndex::build_from_icu();
    memory = index.facts().memory_bytes;
    postings = index.facts().postings;
    words = index.facts().words;
    benchmark::DoNotOptimize(index);
  }
  state.counters["memory_bytes"] = static_cast<double>(memory);
  state.counters["postings"] = static_cast<double>(postings);
  state.counters["words"] = static_cast<double>(words);
}
BENCHMARK(BM_BuildFromIcu)->Unit(benchmark::kMillisecond);

void BM_ReadIcuNamesThenBuild(benchmark::State& state) {
  for (auto _ : state) {
    const std::vector<NamedChar> rows = read_icu_names();
    NameIndex index = NameIndex::build(rows);
    benchmark::DoNotOptimize(index);
  }
}
BENCHMARK(BM_ReadIcuNamesThenBuild)->Unit(benchmark::kMillisecond);

// Parse + search, returning the first page of 100 rows (what a front end asks for).
void run(benchmark::State& state, const std::string& text, std::size_t limit) {
  const NameIndex& index = shared_index();
  std::size_t total = 0;
  for (auto _ : state) {
    auto answer = run_query(index, text, 0, limit);
    total = std::get<SearchPage>(answer).total;
    benchmark::DoNotOptimize(answer);
  }
  state.counters["total"] = static_cast<double>(total);
}

void BM_QueryOneWord(benchmark::State& state) { run(state, "sun", 100); }
void BM_QueryTwoWords(benchmark::State& state) { run(state, "chess black", 100); }
void BM_QueryPrefix(benchmark::State& state) { run(state, "arrow*", 100); }
void BM_QueryCjkCount(benchmark::State& state) { run(state, "cjk", 0); }
void BM_QueryCjkPage(benchmark::State& state) { run(state, "cjk", 100); }
void BM_QueryPhrase(benchmark::State& state) { run(state, "\"rightwards black arrow\"", 100); }
void BM_QueryNegated(benchmark::State& state) { run(state, "cjk -unified", 100); }
void BM_QueryPhraseHeavy(benchmark::State& state) { run(state, "\"cjk unified ideograph\"", 100); }
void BM_QueryShortPrefix(benchmark::State& state) { run(state, "l*", 100); }
void BM_QueryAllAssigned(benchmark::State& state) { run(state, "U+0000..U+10FFFF", 100); }
void BM_QueryRange(benchmark::State& state) { run(state, "U+2600..U+26FF sun", 100); }
BENCHMARK(BM_QueryOneWord);
BENCHMARK(BM_QueryTwoWords);
BENCHMARK(BM_QueryPrefix);
BENCHMARK(BM_QueryCjkCount);
BENCHMARK(BM_QueryCjkPage);
BENCHMARK(BM_QueryPhrase);
BENCHMARK(BM_QueryNegated)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QueryRange);
BENCHMARK(BM_QueryPhraseHeavy)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QueryShortPrefix)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QueryAllAssigned)->Unit(benchmark::kMillisecond);

void BM_ExactLookup(benchmark::State& state) {
  const NameIndex& index = shared_index();
  for (auto _ : state) benchmark::DoNotOptimize(index.exact("SUN"));
}
BENCHMARK(BM_ExactLookup);

}  // namespace

BENCHMARK_MAIN();

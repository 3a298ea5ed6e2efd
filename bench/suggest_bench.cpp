// "Did you mean" and completion on the real multi-source index (issue 10's targets): the
// ICU names plus the embedded source table, every source and language loaded. A suggestion
// for a three-word query with one misspelt word should cost <= 300 us, a completion <= 50 us,
// and the structures should add <= 8 MiB of RSS.
//   build/bench/suggest_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// BM_Build reports the structures' heap bytes and the RSS they add (measured around the
// first build in this process: the heap arrays plus the table's vocabulary and posting
// directory pages that building reads).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

#include "bench/bench_index.hpp"
#include "index/entry_spelling.hpp"

namespace {

using namespace charfinder;

using bench::index;
using bench::names;

// RssAnon and RssFile of /proc/self/status, in KiB.
std::pair<long, long> rss_kib() {
  long anon = 0;
  long file = 0;
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    std::istringstream fields(line);
    std::string key;
    long kib = 0;
    if (!(fields >> key >> kib)) continue;
    if (key == "RssAnon:") anon = kib;
    if (key == "RssFile:") file = kib;
  }
  return {anon, file};
}

struct Built {
  std::unique_ptr<EntrySpelling> spelling;
  long anon_added_kib = 0;  // the structures' heap, and what the build left behind
  long file_added_kib = 0;  // pages of the embedded table the build read
  double build_ms = 0;
};

const Built& built() {
  static const Built b = [] {
    index();  // the index and the table header are not the spelling structures
    benchmark::DoNotOptimize(names().facts());
    Built out;
    const auto before = rss_kib();
    const auto start = std::chrono::steady_clock::now();
    out.spelling = std::make_unique<EntrySpelling>(index());
    out.build_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const auto after = rss_kib();
    out.anon_added_kib = after.first - before.first;
    out.file_added_kib = after.second - before.second;
    return out;
  }();
  return b;
}

void BM_Build(benchmark::State& state) {
  const Built& b = built();
  for (auto _ : state) benchmark::DoNotOptimize(&b);
  state.counters["words"] = static_cast<double>(b.spelling->words());
  state.counters["heap_MiB"] = static_cast<double>(b.spelling->memory_bytes()) / (1 << 20);
  state.counters["rss_anon_added_MiB"] = static_cast<double>(b.anon_added_kib) / 1024;
  state.counters["rss_file_added_MiB"] = static_cast<double>(b.file_added_kib) / 1024;
  state.counters["first_build_ms"] = b.build_ms;
}
BENCHMARK(BM_Build)->Iterations(1);

// Three-word queries with one misspelt word (k = 1 and k = 2, Latin and Cyrillic), and ones
// needing no correction or having none.
const char* const kSuggest[] = {
    "chess blak king",     "sqaured latin t",    "latin capitl letter", "black chess knihgt",
    "lang:ru кошкк белая", "xyzzyq black chess", "chess black king",    "lang:all sqaured latin t",
};

// Times `answer(spelling, query)` (suggest or complete) on `text`; the label is the text and
// its first answer.
template <typename Answer>
void time_answers(benchmark::State& state, const char* text, Answer answer) {
  const ParsedQuery parsed = parse_query(text);
  if (!parsed.query) {
    state.SkipWithError(parsed.error.c_str());
    return;
  }
  const Query& query = *parsed.query;
  const EntrySpelling& spelling = *built().spelling;
  std::string first;
  for (auto _ : state) {
    const auto found = answer(spelling, query);
    if (!found.empty()) first = found[0].query;
    benchmark::DoNotOptimize(found);
  }
  state.SetLabel(std::string(text) + " -> " + (first.empty() ? "(none)" : first));
}

void BM_Suggest(benchmark::State& state) {
  time_answers(state, kSuggest[state.range(0)],
               [](const EntrySpelling& spelling, const Query& query) {
                 return spelling.suggest(query, {});
               });
}
BENCHMARK(BM_Suggest)->DenseRange(0, 7)->Unit(benchmark::kMicrosecond);

// The walk alone, in the default scope's vocabulary and in every language's.
const char* const kNear[] = {"BLAK", "SQAURED", "CAPITL", "KNIHGT"};

void BM_Near(benchmark::State& state) {
  const char* word = kNear[state.range(0)];
  const SpellingSet vocabulary = built().spelling->vocabulary(state.range(1) != 0);
  std::size_t found = 0;
  for (auto _ : state) {
    const auto near = vocabulary.near(word);
    found = near.size();
    benchmark::DoNotOptimize(near);
  }
  state.SetLabel(std::string(word) + (state.range(1) ? " (every language)" : " (English)"));
  state.counters["candidates"] = static_cast<double>(found);
}
BENCHMARK(BM_Near)->ArgsProduct({{0, 1, 2, 3}, {0, 1}})->Unit(benchmark::kMicrosecond);

const char* const kComplete[] = {"ches",        "chess bl",   "a", "latin capital letter t",
                                 "lang:ru кош", "lang:all ca"};

void BM_Complete(benchmark::State& state) {
  time_answers(state, kComplete[state.range(0)],
               [](const EntrySpelling& spelling, const Query& query) {
                 return spelling.complete(query, {});
               });
}
BENCHMARK(BM_Complete)->DenseRange(0, 5)->Unit(benchmark::kMicrosecond);

}  // namespace
BENCHMARK_MAIN();

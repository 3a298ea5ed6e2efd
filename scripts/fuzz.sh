#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang-16 in build-fuzz/ and runs each for a
# bounded time. Fails on any finding: a crash, a sanitizer report, a broken property, a
# timeout (an input that takes over 10 s) or an out-of-memory (over 2 GiB).
#
#   scripts/fuzz.sh                       every target for 60 s (what CI runs)
#   scripts/fuzz.sh --time=1800 [TARGET]  longer, e.g. the 30-minute runs of docs/robustness.md
#   scripts/fuzz.sh --parallel ...        all targets at once (one process each)
#
# The committed seeds (tests/fuzz/corpus/<target>/) are never changed: every run starts from
# them plus what earlier runs on this machine found (build-fuzz/corpus/<target>/), so seeds
# that once crashed are re-checked on every run. A finding is saved in
# build-fuzz/artifacts/; reproduce it with `build-fuzz/tests/fuzz/<target> FILE`, fix it, and
# add the file to the target's seed corpus as a regression input.
# Prints one line per target: executions, coverage (cov: edges, ft: features), corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=60
parallel=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --time=*) seconds=${arg#--time=} ;;
    --parallel) parallel=1 ;;
    -*) echo "fuzz.sh: unknown option $arg" >&2; exit 2 ;;
    *) targets+=("${arg%_fuzz}_fuzz") ;;
  esac
done
all=(http_request_parser_fuzz url_fuzz telnet_decoder_fuzz query_search_fuzz config_loader_fuzz
  names_list_fuzz name_aliases_fuzz emoji_test_fuzz cldr_annotations_fuzz unihan_readings_fuzz)
((${#targets[@]})) || targets=("${all[@]}")

# query_search_fuzz embeds the source table of the normal build of this checkout (built here
# if needed), as scripts/test.sh --sanitize=thread does.
source scripts/lib/source_table.sh
source_table=$(normal_source_table "$root")
build=$root/build-fuzz
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
  -DCHARFINDER_FUZZ=ON -DCHARFINDER_BUILD_TESTS=OFF -DCHARFINDER_BUILD_BENCH=OFF \
  -DCHARFINDER_SOURCE_TABLE="$source_table" -DCHARFINDER_JEMALLOC=OFF \
  >/dev/null
cmake --build "$build" --target fuzz

# Per-target options. HTTP heads go up to 8 KiB + 16 KiB; the query target must reach the
# 1 KiB and 32-term limits, so it also needs -len_control=0 (no slow growth of lengths).
options_for() {
  case "$1" in
    http_request_parser_fuzz) echo "-max_len=26000 -dict=$root/tests/fuzz/http.dict" ;;
    url_fuzz) echo "-max_len=4096 -dict=$root/tests/fuzz/http.dict" ;;
    telnet_decoder_fuzz) echo "-max_len=4096 -dict=$root/tests/fuzz/telnet.dict" ;;
    # A query over a huge posting list (prefix `a*`: 6,796 entries, each term checked alone
    # as well) takes ~0.1 s here under ASan, several seconds on a loaded machine.
    query_search_fuzz) echo "-max_len=1100 -len_control=0 -timeout=60 -dict=$root/tests/fuzz/query.dict" ;;
    config_loader_fuzz) echo "-max_len=4096" ;;
    # The data files of sources/: seeds are excerpts of Debian's files (a few KiB each).
    names_list_fuzz | name_aliases_fuzz | emoji_test_fuzz | unihan_readings_fuzz)
      echo "-max_len=8192" ;;
    cldr_annotations_fuzz) echo "-max_len=8192 -dict=$root/tests/fuzz/xml.dict" ;;
  esac
}

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
command -v llvm-symbolizer >/dev/null && export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer)

run_one() {
  local target=$1
  local corpus=$build/corpus/$target artifacts=$build/artifacts log=$build/logs/$target.log
  mkdir -p "$corpus" "$artifacts" "$build/logs"
  # shellcheck disable=SC2046
  "$build/tests/fuzz/$target" -timeout=10 $(options_for "$target") -max_total_time="$seconds" \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
    "$corpus" "$root/tests/fuzz/corpus/$target" >"$log" 2>&1
}

summary() {
  local target=$1 status=$2 log=$build/logs/$1.log
  local execs done_line
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)' "$log" | tail -1 |
              grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' || echo "cov: ?")
  printf '%-26s %s executions in %ss, %s, %s\n' "$target" "$execs" "$seconds" "$done_line" \
    "$([[ $status == 0 ]] && echo "no finding" || echo "FINDING (exit $status, see $log)")"
}

failed=0
declare -A status
if ((parallel)); then
  declare -A pids
  for target in "${targets[@]}"; do run_one "$target" & pids[$target]=$!; done
  for target in "${targets[@]}"; do
    if wait "${pids[$target]}"; then status[$target]=0; else status[$target]=$?; fi
  done
else
  for target in "${targets[@]}"; do
    if run_one "$target"; then status[$target]=0; else status[$target]=$?; fi
  done
fi
for target in "${targets[@]}"; do
  summary "$target" "${status[$target]}"
  if [[ ${status[$target]} != 0 ]]; then
    failed=1
    grep -E 'ERROR|property failed|SUMMARY|Test unit written' "$build/logs/$target.log" >&2 || true
  fi
done
exit $failed

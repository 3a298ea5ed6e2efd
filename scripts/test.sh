#!/usr/bin/env bash
# The whole test suite from a clean checkout: install what is missing, build, run every test.
# This is the README's test command, and what CI runs (.ci/run).
#
#   scripts/test.sh [CTEST ARGS...]                        build/      every test, then the
#                                                          e2e tests with server.threads: 4
#   scripts/test.sh --sanitize=address,undefined [ARGS...] build-asan/ every test but deploy
#   scripts/test.sh --sanitize=thread [ARGS...]            build-tsan/ the daemon's e2e tests,
#                                                          with server.threads: 4
#
# Sanitized builds use g++ 12 (the compiler of the normal build, so the same code is tested)
# and stop at the first report: halt_on_error, leak checking on, no recovery. A sanitizer
# report therefore fails the test that caused it. Why each label is left out, and the one
# test that needs a sanitizer setting of its own, is written in docs/robustness.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

sanitize=""
extra_cmake_args=()
# Every sanitizer report of every process (test binaries and the daemons they start) is
# written to a file here as well as failing its test; the run fails unless it stays empty.
check_reports() {
  local dir=$1
  if compgen -G "$dir/*" >/dev/null; then
    echo "test.sh: sanitizer reports in $dir:" >&2
    cat "$dir"/* >&2
    return 1
  fi
  echo "test.sh: no sanitizer report"
}

# One sanitized run: configure and build the tree $1 with the compiler flags $2 and the linker
# flags $3, export the NAME=VALUE settings that follow up to "--" (@REPORTS@ in them is the
# tree's sanitizer-reports folder, emptied first), run ctest with the arguments after "--"
# (the labels, then the script's own), and exit with ctest's status, or 1 on any report.
sanitized_run() {
  local dir=$1 cxx_flags=$2 link_flags=$3
  shift 3
  # -O1 -g1: what the sanitizers' authors advise (fast enough, whole stacks with line
  # numbers), and about half the compile time of -O2 -g on this 2-core machine.
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DCHARFINDER_BUILD_BENCH=OFF -DCHARFINDER_JEMALLOC=OFF -DCMAKE_CXX_FLAGS="$cxx_flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$link_flags" "${extra_cmake_args[@]}"
  cmake --build "$dir"
  local reports=$root/$dir/sanitizer-reports
  rm -rf "$reports" && mkdir -p "$reports"
  while [[ $1 != -- ]]; do
    export "${1//@REPORTS@/$reports}"
    shift
  done
  shift
  local status=0
  ctest --test-dir "$dir" --output-on-failure --timeout 1800 -j2 "$@" || status=$?
  check_reports "$reports" || status=1
  exit $status
}
if [[ "${1:-}" == --sanitize=* ]]; then
  sanitize=${1#--sanitize=}
  shift
fi

scripts/install-deps.sh --test

case "$sanitize" in
  "")
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
    cmake --build build
    ctest --test-dir build --output-on-failure --timeout 900 -j2 "$@"
    # The daemon's e2e tests once more with server.threads: 4, so every one of them also runs
    # on four serving shards (shard-per-thread serving, daemon/runtime/server.hpp).
    CHARFINDER_E2E_THREADS=4 ctest --test-dir build --output-on-failure --timeout 900 -j2 \
      -L e2e "$@"
    ;;
  address,undefined | undefined,address)
    # deploy: builds a .deb and a container image of the release binary and boots them under
    # systemd-nspawn and podman; a sanitized binary is not what ships, and those trees have
    # no sanitizer runtime. soak and fleet measure latency and replica ratios, which under
    # ASan would measure ASan; the code they drive (drain, reload, PROXY listeners, hostile
    # input) is in the e2e tests, which run here. Everything else (unit, e2e, tools,
    # browser) runs sanitized. UBSan's vptr check is off: it needs a free descriptor to probe
    # memory, and one e2e test holds the daemon at its descriptor limit on purpose, where the
    # check reports valid objects as invalid (tests/e2e/limits_test.cpp, docs/robustness.md).
    sanitized_run build-asan \
      "-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer -fno-sanitize-recover=all" \
      "-fsanitize=address,undefined" \
      "ASAN_OPTIONS=log_path=@REPORTS@/asan:halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:detect_invalid_pointer_pairs=0" \
      "UBSAN_OPTIONS=log_path=@REPORTS@/ubsan:halt_on_error=1:print_stacktrace=1:report_error_type=1" \
      -- -LE 'deploy|soak|fleet' "$@"
    ;;
  thread)
    # The e2e tests start the daemon through tests/e2e/daemon_process.cpp, which adds
    # server.threads from CHARFINDER_E2E_THREADS to every `serve`, so sessions really run on
    # 4 threads.
    # The source table comes from the normal build of this checkout (built here if needed).
    source scripts/lib/source_table.sh
    source_table=$(normal_source_table "$root")
    extra_cmake_args=(-DCHARFINDER_SOURCE_TABLE="$source_table")
    # -Wno-tsan: g++ warns (an error under CI=true) that TSan does not model the standalone
    # std::atomic_thread_fence in Asio's std_fenced_block (io_context::execute). Asio's
    # scheduler hands work over under its own mutex, which TSan does see; a race the fence
    # alone would order is a report we would read, not one the warning hides.
    sanitized_run build-tsan "-fsanitize=thread -fno-omit-frame-pointer -Wno-tsan" "-fsanitize=thread" \
      "TSAN_OPTIONS=log_path=@REPORTS@/tsan:halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$root/tests/sanitizers/tsan.supp" \
      CHARFINDER_E2E_THREADS=4 \
      -- -L e2e "$@"
    ;;
  *)
    echo "test.sh: --sanitize=address,undefined or --sanitize=thread, got '$sanitize'" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Shard-per-thread figures (issue 11): telnet queries per second, p50/p99 and the daemon's CPU
# per query for server.threads 1, 2 and 4 in ONE run, unpinned and pinned (taskset: the daemon
# on CPU 0, the load generator on CPU 1), and the ratios to threads 1 of the same run.
#
#   bench/shard_figures.sh [BUILD_DIR] [SECONDS_PER_RUN] [SESSIONS] [ROUNDS]
#
# Each configuration runs ROUNDS times (default 3), interleaved (1, 2, 4, 1, 2, 4, ...) so that
# a noisy neighbour hits every configuration alike; the medians are printed. Needs the
# charfinder and telnet_load targets in BUILD_DIR (default: build). The daemon logs at info
# level (one line per query, as in production) into a file.
set -euo pipefail

build=${1:-build}
seconds=${2:-5}
sessions=${3:-64}
rounds=${4:-3}
binary=$build/daemon/charfinder
load=$build/bench/telnet_load
[[ -x $binary && -x $load ]] || { echo "build charfinder and telnet_load in $build first" >&2; exit 2; }

source "$(dirname "$0")/bench_lib.sh"

# start_daemon THREADS PIN: PIN is a taskset CPU list or "" (unpinned).
start_daemon() {
  cat >"$work/config.yaml" <<YAML
telnet:
  listen: ["127.0.0.1:0"]
http:
  listen: ["127.0.0.1:0"]
server:
  threads: $1
YAML
  if [[ -n $2 ]]; then launch_daemon taskset -c "$2"; else launch_daemon; fi
}

# measure THREADS PIN_DAEMON PIN_LOAD: one line "qps p50 p99 cpu_us_per_query".
measure() {
  start_daemon "$1" "$2"
  local runner=()
  [[ -n $3 ]] && runner=(taskset -c "$3")
  "${runner[@]}" "$load" --port "$port" --sessions 4 --duration 1 >/dev/null  # warm up
  local before after out queries
  before=$(cpu_ticks)
  out=$("${runner[@]}" "$load" --port "$port" --sessions "$sessions" --duration "$seconds")
  after=$(cpu_ticks)
  stop_daemon
  queries=$(sed 's/.*queries=\([0-9]*\).*/\1/' <<<"$out")
  awk -v t=$((after - before)) -v q="$queries" -v hz="$ticks_per_second" -v line="$out" 'BEGIN {
    match(line, /qps=[0-9.]+/); qps = substr(line, RSTART + 4, RLENGTH - 4)
    match(line, /p50_us=[0-9]+/); p50 = substr(line, RSTART + 7, RLENGTH - 7)
    match(line, /p99_us=[0-9]+/); p99 = substr(line, RSTART + 7, RLENGTH - 7)
    printf "%s %s %s %.2f\n", qps, p50, p99, q ? t * 1e6 / hz / q : 0 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "# $(nproc) CPUs, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# ${seconds}s per run, ${sessions} sessions sending 'sun', ${rounds} rounds interleaved, medians"
for mode in unpinned pinned; do
  pin_daemon="" pin_load=""
  [[ $mode == pinned ]] && pin_daemon=0 pin_load=1
  for round in $(seq "$rounds"); do
    for threads in 1 2 4; do
      measure "$threads" "$pin_daemon" "$pin_load" >>"$work/$mode.$threads"
    done
  done
  echo "## $mode$([[ $mode == pinned ]] && echo ' (daemon on CPU 0, load generator on CPU 1)')"
  echo "| server.threads | queries/s | p50 µs | p99 µs | CPU µs/query | qps / t1 | p99 / t1 | CPU / t1 |"
  echo "|---|---|---|---|---|---|---|---|"
  for threads in 1 2 4; do
    file=$work/$mode.$threads
    qps=$(cut -d' ' -f1 "$file" | median)
    p50=$(cut -d' ' -f2 "$file" | median)
    p99=$(cut -d' ' -f3 "$file" | median)
    cpu=$(cut -d' ' -f4 "$file" | median)
    [[ $threads == 1 ]] && base_qps=$qps base_p99=$p99 base_cpu=$cpu
    awk -v t="$threads" -v qps="$qps" -v p50="$p50" -v p99="$p99" -v cpu="$cpu" \
        -v bq="$base_qps" -v bp="$base_p99" -v bc="$base_cpu" 'BEGIN {
      printf "| %s | %.0f | %s | %s | %.2f | %.2f | %.2f | %.2f |\n", t, qps, p50, p99, cpu,
             qps / bq, p99 / bp, cpu / bc }'
  done
  echo "runs (qps p50 p99 cpu):"; for threads in 1 2 4; do echo "  t$threads: $(tr '\n' ';' <"$work/$mode.$threads")"; done
done

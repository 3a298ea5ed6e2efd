#!/usr/bin/env bash
# Telnet front-end figures: queries per second for `sun` with 1, 8 and 64 concurrent
# sessions (p50/p99 latency), the daemon's CPU time per query, RSS per idle session with
# 10,000 idle sessions, and server.threads 1 vs 2.
#
#   bench/telnet_figures.sh [BUILD_DIR] [SECONDS_PER_RUN]
#
# Needs the charfinder, telnet_load and floor_server targets built in BUILD_DIR (default:
# build). The daemon logs at info level (one line per query, as in production) into a file.
set -euo pipefail

build=${1:-build}
seconds=${2:-5}
binary=$build/daemon/charfinder
load=$build/bench/telnet_load
floor=$build/bench/floor_server
[[ -x $binary && -x $load && -x $floor ]] ||
  { echo "build charfinder, telnet_load and floor_server in $build first" >&2; exit 2; }

ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) >= 12000 )) || { echo "need ulimit -n >= 12000 (have $(ulimit -n))" >&2; exit 2; }

source "$(dirname "$0")/bench_lib.sh"

# start_daemon THREADS [PAGE_SIZE]: starts the daemon, sets daemon_pid and port.
start_daemon() {
  cat >"$work/config.yaml" <<YAML
telnet:
  listen: ["127.0.0.1:0"]
  page_size: ${2:-100}
http:
  listen: ["127.0.0.1:0"]
server:
  threads: $1
limits:
  max_connections: 12000
  max_connections_per_ip: 12000
YAML
  launch_daemon
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$daemon_pid/status"; }

# run_load SESSIONS [LOAD_THREADS] [QUERY]: prints the load line plus the daemon's CPU per query.
run_load() {
  local before after out queries
  before=$(cpu_ticks)
  out=$("$load" --port "$port" --sessions "$1" --threads "${2:-1}" --duration "$seconds" \
          --query "${3:-sun}")
  after=$(cpu_ticks)
  queries=$(sed 's/.*queries=\([0-9]*\).*/\1/' <<<"$out")
  echo "$out daemon_cpu_us_per_query=$(awk -v t=$((after - before)) -v q="$queries" -v hz="$ticks_per_second" \
    'BEGIN { printf "%.2f", q ? t * 1e6 / hz / q : 0 }')"
}

echo "# $(nproc) CPUs, $(uname -r), ${seconds}s per run, query 'sun' (17 rows, 1 KiB answer)"
echo "## server.threads 1"
start_daemon 1
"$load" --port "$port" --sessions 4 --duration 1 >/dev/null  # warm up
for n in 1 8 64; do run_load "$n"; done
stop_daemon

echo "## server.threads 2 (load generator on 1 and on 2 threads; the machine has $(nproc) CPUs)"
start_daemon 2
"$load" --port "$port" --sessions 4 --duration 1 >/dev/null
for n in 1 8 64; do run_load "$n"; done
run_load 64 2
stop_daemon

# The floor: a bare epoll server sending the same number of bytes per query, driven the same
# way. Its CPU per query is what loopback TCP costs here; the daemon's figure minus it is ours.
echo "## kernel floor: bench/floor_server (epoll, fixed 656-byte answer, no logging)"
"$floor" "$work/floor.port" 656 &
daemon_pid=$!
for _ in $(seq 50); do [[ -s $work/floor.port ]] && break; sleep 0.1; done
port=$(cat "$work/floor.port")
for n in 8 64; do run_load "$n"; done
stop_daemon

# With `sun` the answer comes from the page cache and the load generator is the bottleneck on
# a 2-CPU machine. A render-heavy answer (624 rows, page_size 0: never cached, 624 ICU name
# lookups each) makes the daemon the bottleneck, so the second thread's gain shows.
echo "## two daemon threads vs one on a render-heavy query: 'arrow*' (624 rows), page_size 0"
for threads in 1 2; do
  start_daemon "$threads" 0
  echo -n "server.threads $threads: "
  run_load 8 1 'arrow*'
  stop_daemon
done

echo "## idle sessions"
start_daemon 1
"$load" --port "$port" --sessions 1 --duration 0.5 >/dev/null
base=$(rss_kib)
"$load" --port "$port" --idle 10000 --hold 120 >"$work/idle.out" 2>&1 &
idle_pid=$!
for _ in $(seq 600); do
  grep -q "ready" "$work/idle.out" 2>/dev/null && break
  kill -0 "$idle_pid" 2>/dev/null || break
  sleep 0.1
done
cat "$work/idle.out"
held=$(rss_kib)
kill -TERM "$idle_pid" 2>/dev/null || true
wait "$idle_pid" 2>/dev/null || true
echo "daemon VmRSS ${base} KiB -> ${held} KiB with 10000 idle sessions:" \
  "$(( (held - base) * 1024 / 10000 )) bytes per idle session"
stop_daemon

#!/usr/bin/env bash
# All of issue 11's figures in one run (README "Figures", "Memory and caching" and
# "Shard-per-thread serving"): first bench/memory_figures.sh (cached page and API against
# nginx with sendfile off and on, uncached rows against cached, `sun` across every source,
# the RSS curves), then bench/shard_figures.sh (threads 1/2/4, unpinned and pinned). Each
# prints its ratios to threads 1 or to the cached rate of the same run.
#
#   bench/scale_figures.sh [BUILD_DIR] [ROUNDS]     defaults: build, 3
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rounds=${2:-3}
echo "# scale_figures: $(date -u +'%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench/memory_figures.sh "$build" 5 60 "$rounds"
bench/shard_figures.sh "$build" 4 64 "$rounds"
echo "# scale_figures: done $(date -u +'%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Issue 9's figures, as ratios to the names-only configuration (`search.sources: [names]`)
# measured in the same run, with every source and every language in (README "Figures"):
#   exec -> ready <= 1.3x names-only; VmRSS when ready <= 32 MiB;
#   `sun` and the `cjk` count <= 1.5x; a three-word query across all languages <= 20x the
#   names-only one-word query (in-process, bench/entry_bench: parse + search, CPU time).
#
#   bench/sources_figures.sh [BUILD] [RUNS]     default: build, 20 runs
set -euo pipefail
BUILD=${1:-build}
RUNS=${2:-20}
BINARY=$BUILD/daemon/charfinder
names_only=$(mktemp --suffix=.yaml)
everything=$(mktemp --suffix=.yaml)
trap 'rm -f "$names_only" "$everything"' EXIT
printf 'search:\n  sources: [names]\n' >"$names_only"
printf 'search:\n  languages: [all]\n' >"$everything"
PYTHONPATH="$(dirname "$0")" python3 - "$BINARY" "$RUNS" "$names_only" "$everything" <<'PY'
import statistics, sys
from daemon_probe import free_port, start_serve, status_kib, stop, wait_ready

binary, runs, configs = sys.argv[1], int(sys.argv[2]), {"names only": sys.argv[3], "every source": sys.argv[4]}

figures = {}
for run in range(runs):
    for name, config in configs.items():  # interleaved, so drift hits both alike
        port = free_port()
        proc, start = start_serve(binary, port, ["-c", config])
        ready_at = wait_ready(proc)
        if ready_at is None:
            sys.exit(f"{name}: no ready line")
        ready = (ready_at - start) * 1000
        rss = status_kib(proc.pid, "VmRSS") / 1024
        stop(proc)
        figures.setdefault(name, {"ready": [], "rss": []})
        figures[name]["ready"].append(ready)
        figures[name]["rss"].append(rss)

med = {n: {k: statistics.median(v) for k, v in f.items()} for n, f in figures.items()}
for n, m in med.items():
    print(f"{n:>13}: exec->ready median {m['ready']:6.1f} ms   VmRSS when ready {m['rss']:5.1f} MiB")
print(f"{'ratio':>13}: exec->ready {med['every source']['ready'] / med['names only']['ready']:.2f}x (target <= 1.3x)")
PY
"$BUILD/bench/entry_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_filter='Sun|Cjk|ThreeWords' 2>/dev/null | grep median

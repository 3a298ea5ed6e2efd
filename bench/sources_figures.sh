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
python3 - "$BINARY" "$RUNS" "$names_only" "$everything" <<'PY'
import signal, socket, statistics, subprocess, sys, time

binary, runs, configs = sys.argv[1], int(sys.argv[2]), {"names only": sys.argv[3], "every source": sys.argv[4]}

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1

figures = {}
for run in range(runs):
    for name, config in configs.items():  # interleaved, so drift hits both alike
        port = free_port()
        start = time.perf_counter()
        proc = subprocess.Popen([binary, "serve", "-c", config, "--telnet-listen", f"127.0.0.1:{port}",
                                 "--http-listen", "127.0.0.1:0"],
                                stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        for line in proc.stderr:
            if "ready telnet=" in line:
                break
        ready = (time.perf_counter() - start) * 1000
        rss = kib(proc.pid, "VmRSS") / 1024
        proc.send_signal(signal.SIGTERM)
        proc.stderr.read()
        proc.wait(timeout=10)
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

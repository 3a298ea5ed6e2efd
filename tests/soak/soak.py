#!/usr/bin/env python3
"""Soak test: the real daemon under idle, busy and hostile clients at once, then SIGTERM.

    tests/soak/soak.py BUILD/daemon/charfinder [--idle 5000] [--busy 64] [--http 16]
                       [--seconds 60] [--json FILE]

Python 3 standard library only. Phases (docs/robustness.md, "Soak test"):

 1. Start the daemon (test config below), warm it up, then measure the unloaded baseline:
    the good clients' latency (p50/p99) and the daemon's RSS and open fds.
 2. Load, for --seconds: --idle telnet sessions that only connect and wait, --busy telnet
    sessions and --http keep-alive HTTP connections that query in a loop, and every hostile
    client of the list below, over and over. Every good answer is compared byte for byte
    with the expected one (the rows of `charfinder find`); a wrong, partial or missing
    answer, a refused connection or a reset is an error. Zero errors are allowed.
 3. The good clients' p99 under load must stay within P99_FACTOR of the unloaded baseline.
 4. Every hostile client must get its documented answer (an error line, a 4xx, or a close).
 5. Everybody leaves; the daemon's fd count must return to the baseline (+FD_MARGIN) and its
    RSS to within RSS_MARGIN_MB of the baseline.
 6. Full load again (idle, busy, HTTP, big answers being read), then SIGTERM: every answer in
    flight arrives whole, every telnet session gets "server shutting down, goodbye", every
    HTTP connection ends after a whole response, and the daemon exits 0 within the grace.

Prints a summary and, with --json, writes the figures to a file. Exit status 0 iff all holds.
This file is the orchestration (the phases in order, the checks on their figures); the
clients, the daemon and the measurements live in soaklib/ (its __init__ lists them).
"""

import argparse
import asyncio
import json
import resource
import sys
import time

from soaklib.common import FD_MARGIN, P99_FACTOR, P99_FLOOR_MS, RSS_MARGIN_MB, Stats
from soaklib.daemon import Daemon, expected_answers
from soaklib.load import baseline, load_phase, wait_recovered
from soaklib.probe import latency_figures, probe, run_probe
from soaklib.shutdown import shutdown_phase


async def main_async(args):
    stats = Stats()
    answers = expected_answers(args.binary)
    d = Daemon(args.binary, args.threads)
    figures = {"idle": args.idle, "busy_telnet": args.busy, "busy_http": args.http,
               "seconds": args.seconds, "threads": args.threads}
    try:
        await baseline(d, answers, stats, rounds=100)  # warm-up: caches, arenas, threads
        base = latency_figures(await run_probe(d, answers, 5))
        base_fds, base_rss = d.fds(), d.rss_mb()
        figures["baseline"] = dict(base, fds=base_fds, rss_mb=round(base_rss, 1))
        print(f"soak: baseline {json.dumps(figures['baseline'])}", flush=True)

        load = await load_phase(d, args, answers, stats)
        figures["load"] = load
        print(f"soak: load {json.dumps(load)}", flush=True)
        if base["probe_errors"] or load["probe"]["probe_errors"]:
            stats.error("probe", "wrong answers to the latency probe")
        for proto in ("telnet", "http"):
            p99, base_p99 = load["probe"][f"{proto}_p99_ms"], base[f"{proto}_p99_ms"]
            ratio = p99 / base_p99 if base_p99 > 0 else float("inf")
            load[f"{proto}_p99_ratio"] = round(ratio, 2)
            if p99 > max(P99_FACTOR * base_p99, P99_FLOOR_MS):
                stats.error(f"{proto} p99", f"{p99:.2f} ms under load vs {base_p99:.2f} ms "
                                            f"unloaded (allowed: max({P99_FACTOR} x, {P99_FLOOR_MS} ms))")

        fds, rss = await wait_recovered(d, base_fds, base_rss)
        figures["after"] = {"fds": fds, "rss_mb": round(rss, 1)}
        if fds > base_fds + FD_MARGIN:
            stats.error("fds", f"{fds} after the load, baseline {base_fds} (+{FD_MARGIN} allowed)")
        if rss > base_rss + RSS_MARGIN_MB:
            stats.error("rss", f"{rss:.1f} MB after the load, baseline {base_rss:.1f} MB "
                               f"(+{RSS_MARGIN_MB} allowed)")
        figures["hostile"] = {k: {"passed": v[0], "failed": v[1]} for k, v in stats.hostile.items()}

        shutdown = await shutdown_phase(d, args, answers, stats)
        figures["shutdown"] = shutdown
        if shutdown["exit_code"] != 0:
            stats.error("exit", f"exit code {shutdown['exit_code']}")
        if shutdown["exit_seconds"] > 10 + 2:
            stats.error("exit", f"took {shutdown['exit_seconds']} s (grace 10 s)")
        if shutdown["telnet_goodbyes"] != shutdown["telnet_sessions"]:
            stats.error("goodbyes", f"{shutdown['telnet_goodbyes']} goodbyes for "
                                    f"{shutdown['telnet_sessions']} telnet sessions")
    finally:
        d.drain_log()
        d.close()
    figures["errors"] = len(stats.errors)
    figures["hostile_failed"] = sum(v[1] for v in stats.hostile.values())
    return stats, figures, d


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--idle", type=int, default=5000)
    parser.add_argument("--busy", type=int, default=64)
    parser.add_argument("--http", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json")
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        probe(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
        return 0
    args = parser.parse_args()

    need = args.idle + args.busy + args.http + 2000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            print(f"soak: RLIMIT_NOFILE hard limit {hard} < {need} needed", file=sys.stderr)
            return 1
        resource.setrlimit(resource.RLIMIT_NOFILE, (need if hard == resource.RLIM_INFINITY
                                                    else min(hard, max(need, soft)), hard))

    t0 = time.monotonic()
    stats, figures, d = asyncio.run(main_async(args))
    figures["wall_seconds"] = round(time.monotonic() - t0, 1)
    print("soak: figures " + json.dumps(figures, indent=1, default=str))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1, default=str)
    failed_hostile = [k for k, v in stats.hostile.items() if v[1]]
    if stats.errors or failed_hostile:
        print(f"soak: FAILED: {len(stats.errors)} errors, hostile clients with a wrong answer: "
              f"{failed_hostile}", file=sys.stderr)
        for who, what in stats.errors[:20]:
            print(f"  {who}: {what}", file=sys.stderr)
        tail = d.log.decode(errors="replace").splitlines()[-30:]
        print("soak: daemon log tail:\n  " + "\n  ".join(tail), file=sys.stderr)
        return 1
    print("soak: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

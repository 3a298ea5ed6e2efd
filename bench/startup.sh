#!/usr/bin/env bash
# Start-up figures of `charfinder serve`: time from exec until the telnet port accepts a TCP
# connection, time until the `ready` log line, and the resident memory (VmRSS, and the peak
# VmHWM) once ready. Targets (DESIGN/issue 3): < 30 ms to accepting, < 16 MiB RSS.
#
#   bench/startup.sh [BINARY] [RUNS]      default: build/daemon/charfinder, 20 runs
#
# Each run picks a free loopback port, execs the binary, connects in a tight loop (1 ms
# apart) until the port accepts, waits for the ready line, reads /proc/PID/status, then
# stops the daemon with SIGTERM. Prints one line per run and the median / min / max.
set -euo pipefail
BINARY=${1:-build/daemon/charfinder}
RUNS=${2:-20}
PYTHONPATH="$(dirname "$0")" exec python3 - "$BINARY" "$RUNS" <<'PY'
import os, socket, statistics, sys, time
from daemon_probe import free_port, start_serve, status_kib, stop, wait_ready

binary, runs = sys.argv[1], int(sys.argv[2])

accept_ms, ready_ms, rss_kib, hwm_kib = [], [], [], []
for run in range(runs):
    port = free_port()
    proc, start = start_serve(binary, port)
    deadline = start + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.perf_counter() > deadline or proc.poll() is not None:
                sys.exit(f"run {run}: not accepting within 10 s\n{proc.stderr.read()}")
            time.sleep(0.001)
    accepted = time.perf_counter()
    ready = wait_ready(proc)
    if ready is None:
        sys.exit(f"run {run}: no ready line")
    rss, hwm = status_kib(proc.pid, "VmRSS"), status_kib(proc.pid, "VmHWM")
    if stop(proc) != 0:
        sys.exit(f"run {run}: exit status {proc.returncode}")
    accept_ms.append((accepted - start) * 1000)
    ready_ms.append((ready - start) * 1000)
    rss_kib.append(rss)
    hwm_kib.append(hwm)
    print(f"run {run:2}: accepting {accept_ms[-1]:7.1f} ms  ready line {ready_ms[-1]:7.1f} ms  "
          f"VmRSS {rss / 1024:6.1f} MiB  VmHWM {hwm / 1024:6.1f} MiB")

def summary(name, values, unit, scale=1.0):
    v = [x * scale for x in values]
    print(f"{name:>12}: median {statistics.median(v):7.1f} {unit}  min {min(v):7.1f}  max {max(v):7.1f}")

print(f"{runs} runs of {binary} on {os.cpu_count()} CPUs")
summary("accepting", accept_ms, "ms")
summary("ready line", ready_ms, "ms")
summary("VmRSS", rss_kib, "MiB", 1 / 1024)
summary("VmHWM", hwm_kib, "MiB", 1 / 1024)
PY

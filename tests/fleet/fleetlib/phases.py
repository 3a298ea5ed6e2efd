"""The fleet test's phases, each on the fleet set up by fleet_test.py's main: the replica
ratio, the rolling restart and the reload under load, and the check that the replicas saw the
clients' addresses."""

import re
import shutil
import signal
import subprocess
import time

import yaml

from .common import HTTP_CLIENT_IP, TELNET_CLIENT_IP, Fail, http_get, log, metric, wait_until


def wrk_rate(front_port, seconds):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s",
                          f"http://127.0.0.1:{front_port}/api/search?q=cat+face"],
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    m = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if not m or errors:
        raise Fail(f"wrk through HAProxy failed: {out}")
    return float(m.group(1))


def replica_ratio(haproxy, replicas, front_http, figures):
    """1. The replica ratio, before the chaos (nothing else running)."""
    if shutil.which("wrk"):
        for b in ("charfinder_http", "charfinder_telnet"):
            for s in ("r2", "r3"):
                haproxy.command(f"disable server {b}/{s}")
        one = wrk_rate(front_http, 3)
        for b in ("charfinder_http", "charfinder_telnet"):
            for s in ("r2", "r3"):
                haproxy.command(f"enable server {b}/{s}")
        for r in replicas:
            haproxy.wait_state(r.name, "UP", 10)
        three = wrk_rate(front_http, 3)
        figures.update(rps_1_replica=round(one), rps_3_replicas=round(three),
                       replica_ratio=round(three / one, 2))
        log(f"ratio: 1 replica {one:.0f} req/s, 3 replicas {three:.0f} req/s "
            f"-> {three / one:.2f} (2 cores shared with HAProxy and wrk)")
    else:
        figures["replica_ratio"] = "not measured: wrk is not installed"


def rolling_restart(haproxy, replicas, plain_port, stats):
    """2a. Each replica in turn: SIGTERM, /readyz 503 at once while still serving, DOWN in
    HAProxy, exit 0 after the drain, started again, UP before the next. Returns the times
    (ms) until each was back UP."""
    restart_ms = []
    for r in replicas:
        t0 = time.monotonic()
        r.proc.send_signal(signal.SIGTERM)
        # /readyz must say 503 at once, while the replica still answers.
        wait_until(lambda: http_get(r.ip, plain_port, "/readyz")[0] == 503, 1.0,
                   f"{r.name}'s /readyz to answer 503 after SIGTERM")
        readyz_ms = (time.monotonic() - t0) * 1000
        status, _ = http_get(r.ip, plain_port, "/api/search?q=sun")
        if status != 200:
            raise Fail(f"{r.name} stopped answering at once ({status}) instead of draining")
        haproxy.wait_state(r.name, "DOWN", 5)
        down_ms = (time.monotonic() - t0) * 1000
        try:
            code = r.proc.wait(30)
        except subprocess.TimeoutExpired:
            raise Fail(f"{r.name} did not exit within 30 s of SIGTERM")
        exit_ms = (time.monotonic() - t0) * 1000
        text = r.log()
        if code != 0 or "stopped" not in text or "draining" not in text:
            raise Fail(f"{r.name} exit {code}; log tail: {text[-1500:]}")
        r.start()
        haproxy.wait_state(r.name, "UP", 15)
        back_ms = (time.monotonic() - t0) * 1000
        restart_ms.append(round(back_ms))
        log(f"{r.name}: readyz 503 after {readyz_ms:.0f} ms, HAProxy DOWN after "
            f"{down_ms:.0f} ms, exit 0 after {exit_ms:.0f} ms, UP again after "
            f"{back_ms:.0f} ms; so far {stats.c}")
    return restart_ms


def reload_all(replicas, plain_port, stats):
    """2b. A SIGHUP reload of every replica with a live change (log level and a limit): a new
    generation in /metrics, the 'configuration reloaded' line naming both keys, a fresh
    reload time. Returns (ms until the new generation showed, the daemons' own us)."""
    reload_ms, reload_us = [], []
    for r in replicas:
        cfg = yaml.safe_load(open(r.config_path))
        cfg["log"]["level"] = "debug" if cfg["log"]["level"] == "info" else "info"
        cfg["limits"]["max_connections_per_ip"] = 300
        with open(r.config_path, "w") as f:
            yaml.safe_dump(cfg, f)
        before = metric(r.ip, plain_port, "charfinder_config_generation")
        t0 = time.monotonic()
        r.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: metric(r.ip, plain_port, "charfinder_config_generation") == before + 1,
                   5, f"{r.name}'s config generation to go from {before} to {before + 1}",
                   poll=0.002)
        reload_ms.append(round((time.monotonic() - t0) * 1000, 1))
        line = re.search(r"configuration reloaded from \S+: generation (\d+) in (\d+) us; "
                         r"changed: (.*)", r.log())
        if not line or "limits.max_connections_per_ip" not in line.group(3) or \
                "log.level" not in line.group(3):
            raise Fail(f"{r.name}: no 'configuration reloaded … changed: log.level, "
                       f"limits.max_connections_per_ip' line: {r.log()[-1500:]}")
        reload_us.append(int(line.group(2)))
        stamp = metric(r.ip, plain_port, "charfinder_config_last_reload_timestamp_seconds")
        if not stamp or abs(stamp - time.time()) > 60:
            raise Fail(f"{r.name}: last reload time in /metrics is {stamp}")
    log(f"reloaded all replicas under load: SIGHUP -> new generation in /metrics "
        f"after {reload_ms} ms (the daemons: {reload_us} us); so far {stats.c}")
    return reload_ms, reload_us


def load_problems(c):
    """What the load clients' tally `c` says went wrong (an empty list: nothing)."""
    problems = []
    if c["http_failed"]:
        problems.append(f"{c['http_failed']} failed HTTP requests")
    if c["telnet_truncated"] or c["telnet_cut"]:
        problems.append(f"{c['telnet_truncated']} truncated, {c['telnet_cut']} cut telnet answers")
    if c["telnet_goodbyes"] == 0 or c["telnet_reconnects"] == 0:
        problems.append("no telnet session got a goodbye and reconnected during the restarts")
    if c["http_ok"] < 100 or c["telnet_answers"] < 50:
        problems.append("too little load got through")
    return problems


def peer_problems(replicas):
    """3. The replicas saw the clients, not HAProxy (PROXY protocol): one problem a replica
    whose query or access log shows another peer."""
    problems = []
    for r in replicas:
        text = r.all_logs()
        queries = re.findall(r"telnet (\S+) query", text)
        # (the test's HTTP clients ask limit=100; wrk's requests, from 127.0.0.1, do not)
        searches = re.findall(r'http (\S+) "GET /api/search\?q=[^ &]*&limit=100 ', text)
        bad = [p for p in queries if not p.startswith(TELNET_CLIENT_IP + ":")] + \
              [p for p in searches if not p.startswith(HTTP_CLIENT_IP + ":")]
        if not queries or not searches or bad:
            problems.append(f"{r.name}: {len(queries)} telnet queries and {len(searches)} "
                            f"searches logged; peers not the client's: {bad[:5]}")
    return problems

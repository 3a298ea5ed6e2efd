#!/usr/bin/env python3
"""The fleet test: three charfinder replicas behind real HAProxy, on loopback.

  fleet_test.py --charfinder BIN --source SRC [--haproxy HAPROXY] [--figures FILE]

Runs deploy/haproxy/haproxy.cfg itself (addresses from the environment) in front of three
replicas configured from deploy/haproxy/charfinder-replica.yaml, each on its own loopback
address (127.0.0.11-13, same ports, as three hosts would be), and checks:

  1. the replica ratio: HTTP requests/s through HAProxy with 1 replica in service, then 3
     (wrk, 3 s each; on a 2-core machine expect about 1.0: the figure is for honesty);
  2. under telnet and HTTP load through HAProxy (clients on 127.0.0.77 / .78):
       - a rolling restart: each replica in turn gets SIGTERM, must answer /readyz 503 at
         once while still serving, drain, exit 0 ("stopped"), and is started again; the
         next one only once HAProxy has it back UP;
       - a SIGHUP reload of every replica (a live change: log level and a limit), which
         must be logged as applied and show in /metrics as a new generation;
     with zero failed HTTP requests, zero truncated or cut telnet answers, goodbyes received
     by the sessions on stopping replicas, and clients that reconnect and go on;
  3. the replicas' query and access logs show the clients' addresses (PROXY protocol), not
     HAProxy's.
Prints the figures as one JSON line (and writes them to --figures). Exit 0 pass, 1 fail,
77 skip (no haproxy), with the reason on stderr. Every wait has a deadline; everything
started is stopped by its pid on exit.

This file sets the fleet up and runs the phases in order; the processes, the load clients and
the phases live in fleetlib/ (its __init__ lists them).
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

import yaml

from fleetlib.clients import Stats, http_worker, telnet_worker
from fleetlib.common import (HTTP_CLIENT_IP, QUERIES, REPLICA_IPS, SKIP, TELNET_CLIENT_IP, Fail, log,
                             pick_ports)
from fleetlib.phases import load_problems, peer_problems, reload_all, replica_ratio, rolling_restart
from fleetlib.processes import HAProxy, Replica


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charfinder", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--haproxy", default=shutil.which("haproxy") or "haproxy")
    ap.add_argument("--figures")
    ap.add_argument("--replica-threads", type=int,
                    help="server.threads of each replica (default: the example's, 0 = per core)")
    args = ap.parse_args()
    if not shutil.which(args.haproxy) and not os.access(args.haproxy, os.X_OK):
        print("SKIP: haproxy is not installed (scripts/install-deps.sh --test)", file=sys.stderr)
        return SKIP
    for ip in REPLICA_IPS + [TELNET_CLIENT_IP, HTTP_CLIENT_IP]:
        try:
            s = socket.socket()
            s.bind((ip, 0))
            s.close()
        except OSError as e:
            print(f"SKIP: cannot bind loopback address {ip}: {e}", file=sys.stderr)
            return SKIP

    work = tempfile.mkdtemp(prefix="charfinder-fleet.")
    replicas, haproxy = [], None
    figures = {}
    try:
        telnet_port, http_port, plain_port = pick_ports(3, REPLICA_IPS)
        front_telnet, front_http = pick_ports(2, ["127.0.0.1"])

        example = yaml.safe_load(open(os.path.join(args.source, "deploy/haproxy/charfinder-replica.yaml")))
        drain = example["server"]["drain_delay"]
        for i, ip in enumerate(REPLICA_IPS):
            cfg = json.loads(json.dumps(example))
            cfg["telnet"]["proxy_listen"] = [f"{ip}:{telnet_port}"]
            cfg["http"]["proxy_listen"] = [f"{ip}:{http_port}"]
            cfg["http"]["listen"] = [f"{ip}:{plain_port}"]
            cfg.setdefault("log", {})["level"] = "info"
            if args.replica_threads is not None:
                cfg["server"]["threads"] = args.replica_threads
            path = os.path.join(work, f"r{i + 1}.yaml")
            with open(path, "w") as f:
                yaml.safe_dump(cfg, f)
            replicas.append(Replica(i, args.charfinder, path, work))
        for r in replicas:
            r.start()
        log(f"replicas up on {REPLICA_IPS} telnet={telnet_port} http={http_port} "
            f"(PROXY) plain http={plain_port}; drain_delay {drain}")

        env = {"CF_FRONT_TELNET": f"127.0.0.1:{front_telnet}",
               "CF_FRONT_HTTP": f"127.0.0.1:{front_http}",
               "CF_TELNET_PORT": str(telnet_port), "CF_HTTP_PORT": str(http_port),
               "CF_HAPROXY_SOCKET": os.path.join(work, "haproxy.sock"),
               "CF_HAPROXY_MAXCONN": "2000"}
        for i, ip in enumerate(REPLICA_IPS):
            env[f"CF_R{i + 1}_ADDR"] = ip
        haproxy = HAProxy(args.haproxy, os.path.join(args.source, "deploy/haproxy/haproxy.cfg"),
                          env, work)
        for r in replicas:
            haproxy.wait_state(r.name, "UP", 15)
        log(f"HAProxy up: telnet 127.0.0.1:{front_telnet}, http 127.0.0.1:{front_http}; all UP")

        expected = {}
        for q in QUERIES:
            out = subprocess.run([args.charfinder, "find", q], capture_output=True, text=True)
            expected[q] = int(out.stdout.strip().splitlines()[-1].split()[0])

        replica_ratio(haproxy, replicas, front_http, figures)

        # --- 2. load, rolling restart, reload
        stats = Stats()
        stop = threading.Event()
        workers = [threading.Thread(target=http_worker, args=(front_http, expected, stop, stats))
                   for _ in range(3)]
        workers += [threading.Thread(target=telnet_worker, args=(front_telnet, expected, stop, stats))
                    for _ in range(4)]
        for w in workers:
            w.start()
        time.sleep(1.5)
        if stats.c["http_ok"] == 0 or stats.c["telnet_answers"] == 0:
            raise Fail(f"no load is getting through: {stats.c} {stats.errors}")

        restart_ms = rolling_restart(haproxy, replicas, plain_port, stats)

        reconnects_before_reload = stats.c["telnet_reconnects"]
        reload_ms, reload_us = reload_all(replicas, plain_port, stats)

        time.sleep(1.0)
        if stats.c["telnet_reconnects"] != reconnects_before_reload:
            raise Fail("telnet sessions were dropped by the reloads: "
                       f"{stats.c['telnet_reconnects'] - reconnects_before_reload} reconnects")
        stop.set()
        for w in workers:
            w.join(30)
        c = stats.c
        log(f"load done: {c}")
        if stats.errors:
            log("errors seen: " + " | ".join(stats.errors))
        problems = load_problems(c) + peer_problems(replicas)
        if problems:
            raise Fail("; ".join(problems))

        figures.update(http_requests=c["http_ok"], http_failed=c["http_failed"],
                       telnet_answers=c["telnet_answers"], telnet_truncated=c["telnet_truncated"],
                       telnet_cut=c["telnet_cut"], telnet_goodbyes=c["telnet_goodbyes"],
                       telnet_reconnects=c["telnet_reconnects"],
                       telnet_unanswered_at_goodbye=c["telnet_unanswered_at_goodbye"],
                       restart_ms=restart_ms, reload_ms=reload_ms, reload_us=reload_us,
                       drain_delay=drain)
        print(json.dumps(figures))
        if args.figures:
            with open(args.figures, "w") as f:
                json.dump(figures, f)
        log("PASS")
        return 0
    except Fail as e:
        log(f"FAIL: {e}")
        for r in replicas:
            log(f"--- {r.name} log tail\n{r.log()[-1500:]}")
        if haproxy:
            log(f"--- haproxy log tail\n{open(haproxy.log_path, errors='replace').read()[-1500:]}")
        return 1
    finally:
        if haproxy:
            haproxy.stop()
        for r in replicas:
            r.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())

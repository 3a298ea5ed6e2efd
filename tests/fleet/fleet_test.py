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
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import yaml

SKIP = 77
REPLICA_IPS = ["127.0.0.11", "127.0.0.12", "127.0.0.13"]
TELNET_CLIENT_IP = "127.0.0.77"
HTTP_CLIENT_IP = "127.0.0.78"
QUERIES = ["sun", "chess black", "cat face", "snowman", "arrow black"]
GOODBYE = b"server shutting down, goodbye\r\n"


def log(msg):
    print(f"[fleet {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Fail(Exception):
    pass


def wait_until(pred, seconds, what, poll=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(poll)
    raise Fail(f"timed out after {seconds} s waiting for {what}")


def port_free_everywhere(port, ips):
    for ip in ips:
        s = socket.socket()
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((ip, port))
        except OSError:
            return False
        finally:
            s.close()
    return True


_taken = set()


def pick_ports(count, ips):
    """`count` ports free on every one of `ips`, none returned before by this process."""
    ports = []
    while len(ports) < count:
        p = random.randrange(20000, 60000)
        if p not in _taken and port_free_everywhere(p, ips):
            _taken.add(p)
            ports.append(p)
    return ports


def http_get(ip, port, path, timeout=3.0):
    c = http.client.HTTPConnection(ip, port, timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


# --------------------------------------------------------------------------- processes


class Replica:
    def __init__(self, index, binary, config_path, work):
        self.index = index
        self.name = f"r{index + 1}"
        self.ip = REPLICA_IPS[index]
        self.binary = binary
        self.config_path = config_path
        self.work = work
        self.proc = None
        self.log_path = None
        self.generation = 0
        self.starts = 0

    def start(self):
        self.starts += 1
        self.log_path = os.path.join(self.work, f"{self.name}.{self.starts}.log")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen([self.binary, "serve", "-c", self.config_path],
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        wait_until(lambda: "ready telnet=" in self.log() or self.proc.poll() is not None, 15,
                   f"{self.name}'s ready line")
        if self.proc.poll() is not None:
            raise Fail(f"{self.name} exited at start: {self.log()[-2000:]}")

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def all_logs(self):
        out = ""
        for i in range(1, self.starts + 1):
            with open(os.path.join(self.work, f"{self.name}.{i}.log"), "rb") as f:
                out += f.read().decode("utf-8", "replace")
        return out

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)


class HAProxy:
    def __init__(self, binary, cfg, env, work):
        self.sock = env["CF_HAPROXY_SOCKET"]
        self.log_path = os.path.join(work, "haproxy.log")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen([binary, "-db", "-f", cfg], env={**os.environ, **env},
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        wait_until(lambda: os.path.exists(self.sock) or self.proc.poll() is not None, 10,
                   "HAProxy's admin socket")
        if self.proc.poll() is not None:
            raise Fail(f"haproxy exited: {open(self.log_path).read()[-2000:]}")

    def command(self, line):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(5)
        s.connect(self.sock)
        s.sendall(line.encode() + b"\n")
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
        s.close()
        return out.decode()

    def states(self):
        """{(backend, server): 'UP'|'DOWN'|'MAINT'...} from `show stat`."""
        out = {}
        lines = self.command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        for line in lines[1:]:
            if not line:
                continue
            row = dict(zip(header, line.split(",")))
            if row["svname"] in ("FRONTEND", "BACKEND"):
                continue
            out[(row["pxname"], row["svname"])] = row["status"]
        return out

    def wait_state(self, server, state, seconds):
        def ok():
            st = self.states()
            return all(st[(b, server)].startswith(state)
                       for b in ("charfinder_telnet", "charfinder_http"))
        wait_until(ok, seconds, f"HAProxy to see {server} {state}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


# --------------------------------------------------------------------------- load clients


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.c = {k: 0 for k in ("http_ok", "http_failed", "telnet_answers", "telnet_truncated",
                                 "telnet_cut", "telnet_goodbyes", "telnet_unanswered_at_goodbye",
                                 "telnet_reconnects", "telnet_connect_failed")}
        self.errors = []

    def add(self, key, n=1, error=None):
        with self.lock:
            self.c[key] += n
            if error and len(self.errors) < 20:
                self.errors.append(f"{key}: {error}")


def http_worker(front_port, expected, stop, stats):
    conn = None
    i = 0
    while not stop.is_set():
        q = QUERIES[i % len(QUERIES)]
        i += 1
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", front_port, timeout=10,
                                                  source_address=(HTTP_CLIENT_IP, 0))
            conn.request("GET", "/api/search?q=" + q.replace(" ", "+") + "&limit=100")
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                stats.add("http_failed", error=f"{q}: status {r.status} {body[:200]!r}")
            else:
                doc = json.loads(body)
                if doc["total"] != expected[q] or len(doc["results"]) != expected[q]:
                    stats.add("http_failed", error=f"{q}: total {doc['total']} "
                              f"results {len(doc['results'])}, expected {expected[q]}")
                else:
                    stats.add("http_ok")
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except Exception as e:  # any failure the client sees is a failed request
            stats.add("http_failed", error=f"{q}: {type(e).__name__}: {e}")
            if conn:
                conn.close()
            conn = None
        time.sleep(0.004)
    if conn:
        conn.close()


def telnet_worker(front_port, expected, stop, stats):
    """One client: a session through HAProxy, queries in a loop; on the server's goodbye it
    reconnects. Every answer must be complete: its rows, the status sentence, the prompt."""
    i = 0
    first = True
    while not stop.is_set():
        try:
            s = socket.socket()
            s.settimeout(10)
            s.bind((TELNET_CLIENT_IP, 0))
            s.connect(("127.0.0.1", front_port))
        except OSError as e:
            stats.add("telnet_connect_failed", error=str(e))
            time.sleep(0.1)
            continue
        if not first:
            stats.add("telnet_reconnects")
        first = False
        buf = b""

        def read_until(pred):
            nonlocal buf
            while not pred(buf):
                chunk = s.recv(65536)
                if not chunk:
                    return False
                buf += chunk
            return True

        try:
            if not read_until(lambda b: b.endswith(b"?> ")):
                if GOODBYE in buf:
                    stats.add("telnet_goodbyes")
                else:
                    stats.add("telnet_cut", error=f"closed before the prompt: {buf[-200:]!r}")
                s.close()
                continue
            while not stop.is_set():
                q = QUERIES[i % len(QUERIES)]
                i += 1
                buf = b""
                s.sendall(q.encode() + b"\r\n")
                done = read_until(lambda b: b.endswith(b"\r\n?> "))
                text = buf.decode("utf-8", "replace")
                if not done:
                    rows = [l for l in text.split("\r\n") if l.startswith("U+")]
                    if GOODBYE in buf and not rows:
                        # The goodbye crossed our query on the wire: not answered, not cut.
                        stats.add("telnet_goodbyes")
                        stats.add("telnet_unanswered_at_goodbye")
                    elif GOODBYE in buf and text.count("for '") >= 1:
                        stats.add("telnet_answers")  # answered in full, then goodbye
                        stats.add("telnet_goodbyes")
                    elif rows:
                        stats.add("telnet_truncated", error=f"{q}: {len(rows)} rows then close")
                    else:
                        stats.add("telnet_cut", error=f"{q}: closed without goodbye: {buf[-200:]!r}")
                    break
                lines = text[: -len("?> ")].split("\r\n")
                rows = [l for l in lines if l.startswith("U+")]
                status = [l for l in lines if l][-1]
                want = f"{expected[q]} matches for '{q}'"
                if status != want or len(rows) != expected[q]:
                    stats.add("telnet_truncated", error=f"{q}: '{status}' with {len(rows)} rows")
                else:
                    stats.add("telnet_answers")
                time.sleep(0.01)
        except (OSError, socket.timeout) as e:
            stats.add("telnet_cut", error=f"{type(e).__name__}: {e}")
        finally:
            s.close()


# --------------------------------------------------------------------------- the test


def metric(ip, port, name):
    status, body = http_get(ip, port, "/metrics")
    m = re.search(rf"^{name}(?:{{[^}}]*}})? ([0-9.e+]+)$", body.decode(), re.M)
    return float(m.group(1)) if m else None


def wrk_rate(front_port, seconds):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s",
                          f"http://127.0.0.1:{front_port}/api/search?q=cat+face"],
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    m = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if not m or errors:
        raise Fail(f"wrk through HAProxy failed: {out}")
    return float(m.group(1))


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

        # --- 1. replica ratio, before the chaos (nothing else running)
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

        reload_ms, reload_us = [], []
        reconnects_before_reload = stats.c["telnet_reconnects"]
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
        problems = []
        if c["http_failed"]:
            problems.append(f"{c['http_failed']} failed HTTP requests")
        if c["telnet_truncated"] or c["telnet_cut"]:
            problems.append(f"{c['telnet_truncated']} truncated, {c['telnet_cut']} cut telnet answers")
        if c["telnet_goodbyes"] == 0 or c["telnet_reconnects"] == 0:
            problems.append("no telnet session got a goodbye and reconnected during the restarts")
        if c["http_ok"] < 100 or c["telnet_answers"] < 50:
            problems.append("too little load got through")

        # --- 3. the replicas saw the clients, not HAProxy
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

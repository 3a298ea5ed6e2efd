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
"""

import argparse
import asyncio
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

P99_FACTOR = 10.0  # loaded p99 <= P99_FACTOR * unloaded p99 ...
P99_FLOOR_MS = 50.0  # ... or <= this, whichever is larger (a 1 ms baseline is noise-bound)
FD_MARGIN = 8  # fds: the daemon's log pipe, epoll, timers, eventfds are all in the baseline
RSS_MARGIN_MB = 64.0  # glibc keeps some freed arenas; a leak of 5,000 sessions would be more

CONFIG = """\
telnet:
  page_size: 0
  idle_timeout: 300s
  write_timeout: 5s
http:
  header_timeout: 2s
  idle_timeout: 15s
  max_page_size: 100000
limits:
  max_connections: 12000
  max_connections_per_ip: 12000
  max_line_bytes: 1024
server:
  threads: {threads}
  shutdown_grace: 10s
log:
  level: warn
"""

PROMPT = b"?> "
GOODBYE_SHUTDOWN = b"server shutting down, goodbye\r\n"
INVALID_UTF8 = b"error: the line is not valid UTF-8\r\n"
TOO_LONG = b"error: the line is longer than 1024 bytes; it was ignored\r\n"
IAC, DO, DONT, WILL, WONT, SB, SE, NOP, IP = 255, 253, 254, 251, 252, 250, 240, 241, 244

# The good clients' queries (small and medium answers, every term kind).
QUERIES = [
    "chess black",
    "arrow* -black",
    '"black arrow"',
    "U+2600..U+26FF sun",
    "cat face",
    "snowman",
    "euro-currency",
    "U+1F431",
    "ＣＡＴ",
    "greek small letter alpha",
]


class Failure(Exception):
    pass


class Stats:
    def __init__(self):
        self.errors = []  # (client, what)
        self.latencies = {"telnet": [], "http": []}
        self.answers = {"telnet": 0, "http": 0}
        self.hostile = {}  # name -> [passed, failed, last failure]

    def error(self, who, what):
        if len(self.errors) < 50:
            print(f"soak: ERROR {who}: {what}", file=sys.stderr)
        self.errors.append((who, what))

    def hostile_result(self, name, ok, detail=""):
        entry = self.hostile.setdefault(name, [0, 0, ""])
        if ok:
            entry[0] += 1
        else:
            entry[1] += 1
            entry[2] = detail
            print(f"soak: HOSTILE {name} got the wrong answer: {detail}", file=sys.stderr)


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[k]


# ---------------------------------------------------------------- the daemon


class Daemon:
    def __init__(self, binary, threads):
        self.config = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
        self.config.write(CONFIG.format(threads=threads))
        self.config.close()
        self.proc = subprocess.Popen(
            [binary, "serve", "-c", self.config.name, "--telnet-listen", "127.0.0.1:0",
             "--http-listen", "127.0.0.1:0", "--log-level", "info"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # The log is drained all the time by a thread (a full pipe would block the daemon);
        # the last MiB is kept for the failure report.
        self.log = b""
        self.log_lock = threading.Lock()
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()
        self.ready.wait(20)
        with self.log_lock:
            m = re.search(rb"ready telnet=127\.0\.0\.1:(\d+) http=127\.0\.0\.1:(\d+)", self.log)
        if not m:
            raise Failure("the daemon did not become ready:\n" + self.log.decode(errors="replace"))
        self.telnet_port, self.http_port = int(m.group(1)), int(m.group(2))

    def _drain(self):
        while True:
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                self.ready.set()
                return
            with self.log_lock:
                self.log = (self.log + chunk)[-(1 << 20):]
                if not self.ready.is_set() and b"ready telnet=" in self.log:
                    self.ready.set()

    def drain_log(self):
        self.reader.join(timeout=5) if self.proc.poll() is not None else None

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def fds(self):
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.unlink(self.config.name)


# ---------------------------------------------------------------- expected answers


def expected_answers(binary):
    """Query -> (telnet answer bytes up to and including the prompt, list of codes)."""
    answers = {}
    for query in QUERIES + ["cjk"]:
        out = subprocess.run([binary, "find", *query.split(" ")] if '"' not in query
                             else [binary, "find", query],
                             capture_output=True, check=False).stdout
        lines = out.split(b"\n")
        assert lines[-1] == b"", query
        lines = lines[:-1]
        rows, status = lines[:-1], lines[-1]
        codes = [row.split(b"\t")[0].decode() for row in rows]
        telnet = b"".join(row + b"\r\n" for row in rows) + status + b"\r\n" + PROMPT
        answers[query] = (telnet, codes)
    return answers


# ---------------------------------------------------------------- telnet clients


async def telnet_connect(port, limit=1 << 24, rcvbuf=None):
    if rcvbuf is None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=limit)
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=limit)
    banner = await asyncio.wait_for(reader.readuntil(PROMPT), 30)
    if not banner.endswith(b"\r\n" + PROMPT) and banner != PROMPT:
        raise Failure(f"bad banner {banner!r}")
    return reader, writer


async def telnet_ask(reader, writer, query, expected, timeout=30):
    start = time.monotonic()
    writer.write(query.encode() + b"\r\n")
    got = await asyncio.wait_for(reader.readexactly(len(expected)), timeout)
    elapsed = time.monotonic() - start
    if got != expected:
        raise Failure(f"answer to {query!r} differs: {got[:200]!r}...")
    return elapsed


async def close_writer(writer):
    try:
        writer.close()
        await asyncio.wait_for(writer.wait_closed(), 5)
    except (OSError, asyncio.TimeoutError):
        pass


async def idle_session(port, stats, hold, who):
    """Connects and waits; at the end (hold set), may check it still answers."""
    try:
        reader, writer = await telnet_connect(port)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
        stats.error(who, f"connect: {e!r}")
        return None
    return reader, writer


async def busy_telnet(port, stats, answers, stop, who, think=0.02, record=True):
    try:
        reader, writer = await telnet_connect(port)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
        stats.error(who, f"connect: {e!r}")
        return
    i = hash(who) % len(QUERIES)
    try:
        while not stop.is_set():
            query = QUERIES[i % len(QUERIES)]
            i += 1
            elapsed = await telnet_ask(reader, writer, query, answers[query][0])
            if record:
                stats.latencies["telnet"].append(elapsed)
            stats.answers["telnet"] += 1
            await asyncio.sleep(think)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
        stats.error(who, repr(e))
    finally:
        await close_writer(writer)


# ---------------------------------------------------------------- HTTP clients


async def read_http_response(reader, head_only=False):
    """(status, headers dict lower-case, body) or None on a clean EOF before any byte."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as e:
        if not e.partial:
            return None
        raise Failure(f"partial response head {e.partial[:200]!r}")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3}) ", lines[0])
    if not m:
        raise Failure(f"bad status line {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "-1"))
    if length < 0:
        raise Failure("response without Content-Length")
    body = b"" if head_only else await reader.readexactly(length)
    return int(m.group(1)), headers, body


def search_path(query, limit=100000):
    from urllib.parse import quote_plus
    return f"/api/search?q={quote_plus(query)}&limit={limit}"


def check_search_body(body, query, codes):
    answer = json.loads(body)
    got = [r["code"] for r in answer["results"]]
    if answer["total"] != len(codes) or got != codes:
        raise Failure(f"JSON answer to {query!r} differs (total {answer['total']})")


async def busy_http(port, stats, answers, stop, who, think=0.02, record=True):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
    except OSError as e:
        stats.error(who, f"connect: {e!r}")
        return
    i = hash(who) % len(QUERIES)
    try:
        while not stop.is_set():
            query = QUERIES[i % len(QUERIES)]
            i += 1
            start = time.monotonic()
            writer.write(f"GET {search_path(query)} HTTP/1.1\r\nHost: soak\r\n\r\n".encode())
            response = await asyncio.wait_for(read_http_response(reader), 30)
            elapsed = time.monotonic() - start
            if response is None:
                raise Failure("connection closed before the response")
            status, headers, body = response
            if status != 200:
                raise Failure(f"status {status}")
            check_search_body(body, query, answers[query][1])
            if record:
                stats.latencies["http"].append(elapsed)
            stats.answers["http"] += 1
            await asyncio.sleep(think)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure,
            ValueError, KeyError) as e:
        stats.error(who, repr(e))
    finally:
        await close_writer(writer)


async def http_exchange(port, data, shut_wr=False, drip=None, timeout=20):
    """Sends `data`, then drips `drip` = (chunk, interval, count) until the server answers;
    reads until EOF; returns the bytes (b"<RESET>" appended on a reset)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
    received = bytearray()

    async def read_all():
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    return
                received.extend(chunk)
        except ConnectionResetError:
            received.extend(b"<RESET>")

    reading = asyncio.create_task(read_all())
    try:
        writer.write(data)
        if drip:
            chunk, interval, count = drip
            for _ in range(count):
                await asyncio.sleep(interval)
                if received or reading.done():
                    break
                try:
                    writer.write(chunk)
                    await writer.drain()
                except OSError:
                    break
        if shut_wr:
            writer.write_eof()
        await asyncio.wait_for(reading, timeout)
        return bytes(received)
    finally:
        reading.cancel()
        await close_writer(writer)


def statuses(data):
    return [int(s) for s in re.findall(rb"(?:^|\r\n\r\n|\n)HTTP/1\.[01] (\d{3}) ", data)]


# ---------------------------------------------------------------- hostile clients


async def hostile_http(name, port, data, want, stats, **kw):
    """`want`: the statuses expected in order, then the connection closed (no reset)."""
    try:
        got = await http_exchange(port, data, **kw)
        ok = statuses(got) == want and not got.endswith(b"<RESET>")
        stats.hostile_result(name, ok, f"got {statuses(got)} {got[:120]!r}, want {want}")
    except (OSError, asyncio.TimeoutError) as e:
        stats.hostile_result(name, False, repr(e))


HOST = b"Host: soak\r\n"
HOSTILE_HTTP = [
    ("http: request line over 8 KiB -> 414", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n" + HOST + b"\r\n", [414]),
    ("http: header section over 16 KiB -> 431",
     b"GET / HTTP/1.1\r\n" + HOST + b"X-Big: " + b"b" * 17000 + b"\r\n\r\n", [431]),
    ("http: 101 header fields -> 431",
     b"GET / HTTP/1.1\r\n" + HOST + b"".join(b"X-%d: v\r\n" % i for i in range(101)) + b"\r\n", [431]),
    ("http: smuggling CL+TE -> 400, nothing behind it",
     b"POST / HTTP/1.1\r\n" + HOST + b"Content-Length: 35\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"0\r\n\r\nGET /healthz HTTP/1.1\r\n" + HOST + b"\r\n", [400]),
    ("http: smuggling duplicate Content-Length -> 400",
     b"GET / HTTP/1.1\r\n" + HOST + b"Content-Length: 0\r\nContent-Length: 30\r\n\r\n"
     b"GET /healthz HTTP/1.1\r\n" + HOST + b"\r\n", [400]),
    ("http: smuggling obs-fold -> 400",
     b"GET / HTTP/1.1\r\n" + HOST + b"X-A: b\r\n Transfer-Encoding: chunked\r\n\r\n", [400]),
    ("http: smuggling bare CR -> 400", b"GET / HTTP/1.1\r" + HOST + b"\r\n", [400]),
    ("http: Transfer-Encoding alone -> 413",
     b"POST / HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", [413]),
    ("http: a body -> 413", b"POST / HTTP/1.1\r\n" + HOST + b"Content-Length: 5\r\n\r\nhello", [413]),
    ("http: DELETE -> 405, keep-alive", b"DELETE / HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n", [405]),
    ("http: HTTP/2 preface -> 505", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", [505]),
    ("http: pipelined garbage -> 200 200 200 400",
     (b"GET /healthz HTTP/1.1\r\n" + HOST + b"\r\n") * 3 + b"\x16\x03\x01\x02\x00garbage\r\n\r\n",
     [200, 200, 200, 400]),
    ("http: half-closed after a request -> whole 200",
     b"GET " + search_path("chess black").encode() + b" HTTP/1.1\r\n" + HOST + b"\r\n", [200]),
]


async def hostile_slowloris_http(port, stats):
    name = "http: slowloris headers -> 408 after header_timeout"
    start = time.monotonic()
    try:
        got = await http_exchange(port, b"GET / HTTP/1.1\r\n" + HOST + b"X-Slow: ",
                                  drip=(b"x", 0.5, 12), timeout=15)
        elapsed = time.monotonic() - start
        ok = statuses(got) == [408] and elapsed < 2 + 3
        stats.hostile_result(name, ok, f"{statuses(got)} after {elapsed:.1f}s")
    except (OSError, asyncio.TimeoutError) as e:
        stats.hostile_result(name, False, repr(e))


async def telnet_exchange(port, data, expect, name, stats, rcvbuf=None, shut_wr=False,
                          drip_interval=None):
    """Sends data (bytes, or a list of pieces to drip), reads to EOF; compares with expect."""
    try:
        reader, writer = await telnet_connect(port, rcvbuf=rcvbuf)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
        stats.hostile_result(name, False, f"connect: {e!r}")
        return
    try:
        if drip_interval:
            for byte in data:
                writer.write(bytes([byte]))
                await asyncio.sleep(drip_interval)
        else:
            writer.write(data)
        if shut_wr:
            writer.write_eof()
        out = b""
        while True:
            chunk = await asyncio.wait_for(reader.read(1 << 20), 30)
            if not chunk:
                break
            out += chunk
            if expect is not None and not shut_wr and out.startswith(expect) and \
                    expect.endswith(PROMPT) and len(out) >= len(expect):
                break
        ok = out == expect if not callable(expect) else expect(out)
        stats.hostile_result(name, ok, f"got {out[:160]!r}... ({len(out)} bytes)")
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as e:
        stats.hostile_result(name, False, repr(e))
    finally:
        await close_writer(writer)


def strip_iac_replies(data):
    """(bytes with IAC WONT/DONT x triples removed, set of (verb, opt) seen, duplicates)."""
    seen, dups, out, i = set(), 0, bytearray(), 0
    while i < len(data):
        if data[i] == IAC and i + 2 < len(data) and data[i + 1] in (WONT, DONT):
            key = (data[i + 1], data[i + 2])
            dups += key in seen
            seen.add(key)
            i += 3
        else:
            out.append(data[i])
            i += 1
    return bytes(out), seen, dups


async def hostile_iac_flood(port, stats, answers):
    name = "telnet: IAC flood (1 MiB) -> one refusal per option, then answers"
    flood = bytearray()
    for _ in range(8):
        for opt in range(256):
            flood += bytes([IAC, DO, opt, IAC, WILL, opt, IAC, NOP])
    flood += bytes([IAC, SB, 24]) + b"\x00" * 200000 + bytes([IAC, SE])
    flood += bytes([IAC, NOP]) * 200000
    query = b"cat face\r\n"
    try:
        reader, writer = await telnet_connect(port)
        writer.write(bytes(flood) + query)
        expected = answers["cat face"][0]
        out = b""
        while True:
            chunk = await asyncio.wait_for(reader.read(1 << 16), 30)
            if not chunk:
                break
            out += chunk
            text, seen, dups = strip_iac_replies(out)
            if text.endswith(PROMPT) and len(text) >= len(expected):
                break
        text, seen, dups = strip_iac_replies(out)
        ok = text == expected and len(seen) == 512 and dups == 0
        stats.hostile_result(name, ok, f"{len(seen)} refusals, {dups} repeated, text {text[:80]!r}")
        await close_writer(writer)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
        stats.hostile_result(name, False, repr(e))


async def hostile_never_reads(port, stats, answers):
    """Asks for 5 x 98,263 rows with a tiny receive buffer and never reads: dropped after
    telnet.write_timeout (5 s), well before it could have had the answers. A raw socket, not
    an asyncio stream: a stream's transport would read on our behalf."""
    name = "telnet: never reads 5 x cjk (98,263 rows) -> dropped after write_timeout"
    full = len(answers["cjk"][0]) * 5
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, ("127.0.0.1", port))
        banner = b""
        while not banner.endswith(PROMPT):
            banner += await asyncio.wait_for(loop.sock_recv(sock, 4096), 30)
        await loop.sock_sendall(sock, b"cjk\r\n" * 5)
        await asyncio.sleep(5 + 4)  # write_timeout + margin, reading nothing
        got, reset = 0, False
        try:
            while True:
                chunk = await asyncio.wait_for(loop.sock_recv(sock, 1 << 20), 10)
                if not chunk:
                    break
                got += len(chunk)
        except ConnectionResetError:
            reset = True
        stats.hostile_result(name, got < full, f"read {got} of {full} bytes afterwards, reset={reset}")
    except (OSError, asyncio.TimeoutError) as e:
        stats.hostile_result(name, False, repr(e))
    finally:
        sock.close()


async def hostile_storm(tport, hport, stats, n=500):
    """Connect/close storm: connect and close at once, close with RST (SO_LINGER 0), close
    after half a request. The daemon must take them all and keep answering."""
    name = f"both: connect/close storm ({n} connections)"
    loop = asyncio.get_running_loop()
    failures = 0

    async def one(i):
        nonlocal failures
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, ("127.0.0.1", tport if i % 2 else hport))
            if i % 3 == 1:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            elif i % 3 == 2:
                await loop.sock_sendall(sock, b"GET /api/sea" if i % 2 == 0 else b"chess bl")
        except OSError:
            failures += 1
        finally:
            sock.close()

    for start in range(0, n, 100):
        await asyncio.gather(*(one(i) for i in range(start, min(n, start + 100))))
    stats.hostile_result(name, failures == 0, f"{failures} connects failed")


async def hostile_round(d, stats, answers):
    tport, hport = d.telnet_port, d.http_port
    hello = answers["snowman"][0]
    jobs = [hostile_http(n, hport, data, want, stats, shut_wr=n.startswith("http: half-closed"))
            for n, data, want in HOSTILE_HTTP]
    jobs += [
        hostile_slowloris_http(hport, stats),
        telnet_drip(tport, stats, answers),
        telnet_exchange(tport, b"caf\xc3\r\n\xc0\xaf\r\n\xed\xa0\x80\r\n\xf5\x80\x80\x80\r\nsnowman\r\n",
                        (INVALID_UTF8 + PROMPT) * 4 + hello,
                        "telnet: invalid, overlong and surrogate UTF-8 -> error lines, goes on",
                        stats),
        telnet_exchange(tport, b"a" * 100000 + b"\r\nsnowman\r\n", TOO_LONG + PROMPT + hello,
                        "telnet: 100 kB line -> error line, goes on", stats),
        telnet_exchange(tport, b"\x1b[A", b"control character, goodbye\r\n",
                        "telnet: ESC at line start -> goodbye, close", stats),
        telnet_exchange(tport, bytes([IAC, IP]), b"interrupted, goodbye\r\n",
                        "telnet: IAC IP -> goodbye, close", stats),
        telnet_exchange(tport, b"chess black\r\n",
                        answers["chess black"][0] + b"end of input, goodbye\r\n",
                        "telnet: half-closed after a query -> whole answer, goodbye", stats,
                        shut_wr=True),
        hostile_iac_flood(tport, stats, answers),
        hostile_never_reads(tport, stats, answers),
        hostile_storm(tport, hport, stats),
    ]
    await asyncio.gather(*jobs)


async def telnet_drip(port, stats, answers):
    name = "telnet: slowloris line (a byte per 0.2 s) -> the right answer"
    try:
        reader, writer = await telnet_connect(port)
        for byte in b"chess black\r\n":
            writer.write(bytes([byte]))
            await asyncio.sleep(0.2)
        expected = answers["chess black"][0]
        got = await asyncio.wait_for(reader.readexactly(len(expected)), 20)
        stats.hostile_result(name, got == expected, f"got {got[:80]!r}")
        await close_writer(writer)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
        stats.hostile_result(name, False, repr(e))


# ---------------------------------------------------------------- the latency probe
#
# Latency is measured by a separate process with blocking sockets, one telnet session and one
# keep-alive HTTP connection, a query every 10 ms: the load generator's own event loop (busy
# with thousands of sockets) would otherwise be measured along with the daemon. The same probe
# measures the unloaded baseline and the loaded figure.


def probe(telnet_port, http_port, seconds, queries_json):
    answers = {q: (bytes.fromhex(t), c) for q, (t, c) in json.loads(queries_json).items()}
    t = socket.create_connection(("127.0.0.1", telnet_port))
    h = socket.create_connection(("127.0.0.1", http_port))
    t.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    h.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def read_until(sock, buf, pred):
        while not pred(buf):
            chunk = sock.recv(1 << 16)
            if not chunk:
                raise Failure("closed")
            buf += chunk
        return buf

    read_until(t, b"", lambda b: b.endswith(PROMPT))
    lat = {"telnet": [], "http": []}
    errors = 0
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        query = QUERIES[i % len(QUERIES)]
        i += 1
        expected, codes = answers[query]
        start = time.monotonic()
        t.sendall(query.encode() + b"\r\n")
        got = read_until(t, b"", lambda b: len(b) >= len(expected))
        lat["telnet"].append(time.monotonic() - start)
        errors += got != expected
        start = time.monotonic()
        h.sendall(f"GET {search_path(query)} HTTP/1.1\r\nHost: soak\r\n\r\n".encode())
        got = read_until(h, b"", lambda b: b"\r\n\r\n" in b)
        head, _, body = got.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        body = read_until(h, body, lambda b: len(b) >= length)
        lat["http"].append(time.monotonic() - start)
        try:
            check_search_body(body, query, codes)
        except (Failure, ValueError, KeyError):
            errors += 1
        time.sleep(0.01)
    print(json.dumps({"latencies": lat, "errors": errors}))


async def run_probe(d, answers, seconds):
    wire = json.dumps({q: (answers[q][0].hex(), answers[q][1]) for q in QUERIES})
    proc = await asyncio.create_subprocess_exec(
        sys.executable, os.path.abspath(__file__), "--probe", str(d.telnet_port),
        str(d.http_port), str(seconds), wire, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    if proc.returncode != 0:
        raise Failure(f"the latency probe failed ({proc.returncode})")
    return json.loads(out)


def latency_figures(result):
    figures = {"probe_errors": result["errors"]}
    for proto, values in result["latencies"].items():
        figures[f"{proto}_queries"] = len(values)
        figures[f"{proto}_p50_ms"] = round(percentile(values, 50) * 1e3, 3)
        figures[f"{proto}_p99_ms"] = round(percentile(values, 99) * 1e3, 3)
    return figures


# ---------------------------------------------------------------- phases


async def open_idle(port, n, stats, tag):
    sessions = []
    for start in range(0, n, 250):
        batch = await asyncio.gather(*(idle_session(port, stats, None, f"{tag} idle {i}")
                                       for i in range(start, min(n, start + 250))))
        sessions += [s for s in batch if s]
    return sessions


async def baseline(d, answers, stats, rounds=300):
    """Unloaded latency: one telnet and one HTTP client, one query at a time."""
    lat = {"telnet": [], "http": []}
    reader, writer = await telnet_connect(d.telnet_port)
    hr, hw = await asyncio.open_connection("127.0.0.1", d.http_port, limit=1 << 24)
    for i in range(rounds):
        query = QUERIES[i % len(QUERIES)]
        lat["telnet"].append(await telnet_ask(reader, writer, query, answers[query][0]))
        start = time.monotonic()
        hw.write(f"GET {search_path(query)} HTTP/1.1\r\nHost: soak\r\n\r\n".encode())
        status, _, body = await read_http_response(hr)
        lat["http"].append(time.monotonic() - start)
        if status != 200:
            raise Failure(f"baseline HTTP status {status}")
        check_search_body(body, query, answers[query][1])
    await close_writer(writer)
    await close_writer(hw)
    return lat


async def load_phase(d, args, answers, stats):
    idle = await open_idle(d.telnet_port, args.idle, stats, "load")
    print(f"soak: {len(idle)} idle telnet sessions open; daemon fds {d.fds()}, "
          f"RSS {d.rss_mb():.1f} MB", flush=True)
    stop = asyncio.Event()
    good = [asyncio.create_task(busy_telnet(d.telnet_port, stats, answers, stop, f"busy telnet {i}"))
            for i in range(args.busy)]
    good += [asyncio.create_task(busy_http(d.http_port, stats, answers, stop, f"busy http {i}"))
             for i in range(args.http)]
    end = time.monotonic() + args.seconds
    rounds = 0
    peak_rss, peak_fds = 0.0, 0
    await asyncio.sleep(1)  # the busy clients are up to speed
    probing = asyncio.create_task(run_probe(d, answers, max(5, args.seconds - 5)))
    while time.monotonic() < end or not probing.done():
        await hostile_round(d, stats, answers)
        rounds += 1
        peak_rss, peak_fds = max(peak_rss, d.rss_mb()), max(peak_fds, d.fds())
    stop.set()
    loaded = latency_figures(await probing)
    await asyncio.gather(*good)
    # The idle sessions are all still there and still answer.
    alive = 0
    for i, (reader, writer) in enumerate(idle):
        if i % 50 == 0:
            try:
                await telnet_ask(reader, writer, "snowman", answers["snowman"][0])
                alive += 1
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
                stats.error(f"idle {i}", f"after the load: {e!r}")
    peak_rss, peak_fds = max(peak_rss, d.rss_mb()), max(peak_fds, d.fds())
    await asyncio.gather(*(close_writer(w) for _, w in idle))
    return {"hostile_rounds": rounds, "idle_checked": alive, "peak_rss_mb": round(peak_rss, 1),
            "peak_fds": peak_fds, "idle_open": len(idle), "probe": loaded,
            "telnet_answers": stats.answers["telnet"], "http_answers": stats.answers["http"]}


async def wait_recovered(d, base_fds, base_rss, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        fds, rss = d.fds(), d.rss_mb()
        if (fds <= base_fds + FD_MARGIN and rss <= base_rss + RSS_MARGIN_MB) or \
                time.monotonic() > deadline:
            return fds, rss
        await asyncio.sleep(0.5)


async def shutdown_phase(d, args, answers, stats):
    """Full load, then SIGTERM; checks every stream ends whole."""
    results = {"telnet_goodbyes": 0, "telnet_sessions": 0, "http_whole": 0,
               "http_unanswered_at_close": 0, "answers_in_flight_whole": 0}
    idle = await open_idle(d.telnet_port, min(args.idle, 2000), stats, "shutdown")
    results["telnet_sessions"] += len(idle)
    sigterm_sent = asyncio.Event()

    async def busy_until_goodbye(i):
        who = f"shutdown busy telnet {i}"
        try:
            reader, writer = await telnet_connect(d.telnet_port)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
            stats.error(who, f"connect: {e!r}")
            return
        results["telnet_sessions"] += 1
        big = i % 16 == 0  # some sessions are in the middle of a 98,263-row answer
        try:
            while True:
                query = "cjk" if big else QUERIES[i % len(QUERIES)]
                i += 1
                writer.write(query.encode() + b"\r\n")
                expected = answers[query][0]
                data = b""
                while len(data) < len(expected):
                    chunk = await asyncio.wait_for(reader.read(1 << 20), 30)
                    if not chunk:
                        break
                    data += chunk
                    if data.startswith(GOODBYE_SHUTDOWN):
                        break
                if data.startswith(GOODBYE_SHUTDOWN):
                    # The query arrived after shutdown began: the goodbye instead of an answer.
                    rest = data[len(GOODBYE_SHUTDOWN):] + await asyncio.wait_for(reader.read(), 10)
                    if rest:
                        raise Failure(f"bytes after the goodbye: {rest[:80]!r}")
                    results["telnet_goodbyes"] += 1
                    return
                if data[:len(expected)] != expected:
                    raise Failure(f"answer to {query!r} cut or wrong: {len(data)} of "
                                  f"{len(expected)} bytes, {data[-80:]!r}")
                if sigterm_sent.is_set():
                    results["answers_in_flight_whole"] += 1
                tail = data[len(expected):]
                if tail:  # the goodbye right behind the answer
                    tail += await asyncio.wait_for(reader.read(), 10)
                    if tail != GOODBYE_SHUTDOWN:
                        raise Failure(f"after the answer: {tail[:80]!r}")
                    results["telnet_goodbyes"] += 1
                    return
                await asyncio.sleep(0.01)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
            stats.error(who, repr(e))
        finally:
            await close_writer(writer)

    async def http_until_close(i):
        who = f"shutdown busy http {i}"
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", d.http_port, limit=1 << 24)
        except OSError as e:
            stats.error(who, f"connect: {e!r}")
            return
        try:
            while True:
                query = QUERIES[i % len(QUERIES)]
                i += 1
                try:
                    writer.write(f"GET {search_path(query)} HTTP/1.1\r\nHost: soak\r\n\r\n".encode())
                    await writer.drain()
                except OSError:
                    results["http_unanswered_at_close"] += 1
                    return
                try:
                    response = await asyncio.wait_for(read_http_response(reader), 30)
                except ConnectionResetError:
                    response = None
                if response is None:  # closed between responses: the request was not started
                    results["http_unanswered_at_close"] += 1
                    return
                status, headers, body = response
                if status == 503:  # refused because shutdown began: a whole, documented answer
                    results["http_whole"] += 1
                    return
                if status != 200:
                    raise Failure(f"status {status}")
                check_search_body(body, query, answers[query][1])
                results["http_whole"] += 1
                if headers.get("connection", "").lower() == "close":
                    rest = await asyncio.wait_for(reader.read(), 10)
                    if rest:
                        raise Failure(f"bytes after Connection: close: {rest[:80]!r}")
                    return
                await asyncio.sleep(0.01)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure,
                ValueError, KeyError) as e:
            stats.error(who, repr(e))
        finally:
            await close_writer(writer)

    async def idle_goodbye(k, reader, writer):
        try:
            data = await asyncio.wait_for(reader.read(), 30)
            if data != GOODBYE_SHUTDOWN:
                stats.error(f"shutdown idle {k}", f"got {data[:80]!r}")
            else:
                results["telnet_goodbyes"] += 1
        except (OSError, asyncio.TimeoutError) as e:
            stats.error(f"shutdown idle {k}", repr(e))
        finally:
            await close_writer(writer)

    tasks = [asyncio.create_task(busy_until_goodbye(i)) for i in range(args.busy)]
    tasks += [asyncio.create_task(http_until_close(i)) for i in range(args.http)]
    tasks += [asyncio.create_task(idle_goodbye(k, r, w)) for k, (r, w) in enumerate(idle)]
    await asyncio.sleep(3)  # everybody busy, the big answers in flight
    start = time.monotonic()
    d.proc.send_signal(signal.SIGTERM)
    sigterm_sent.set()
    await asyncio.gather(*tasks)
    loop = asyncio.get_running_loop()
    try:
        code = await loop.run_in_executor(None, lambda: d.proc.wait(timeout=20))
    except subprocess.TimeoutExpired:
        code = None
    results["exit_code"] = code
    results["exit_seconds"] = round(time.monotonic() - start, 2)
    return results


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

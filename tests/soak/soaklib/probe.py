"""The latency probe.

Latency is measured by a separate process with blocking sockets, one telnet session and one
keep-alive HTTP connection, a query every 10 ms: the load generator's own event loop (busy
with thousands of sockets) would otherwise be measured along with the daemon. The same probe
measures the unloaded baseline and the loaded figure.
"""

import asyncio
import json
import os
import re
import socket
import sys
import time

from .common import PROMPT, QUERIES, Failure, percentile
from .http_clients import check_search_body, search_request

# The probe runs as `soak.py --probe ...` (soak.py's main hands it to probe()).
SOAK_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "soak.py")


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
        h.sendall(search_request(query))
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
        sys.executable, SOAK_SCRIPT, "--probe", str(d.telnet_port),
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

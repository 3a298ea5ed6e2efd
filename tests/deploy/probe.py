#!/usr/bin/env python3
"""Loopback clients for the deploy tests; every step has a deadline, nothing waits forever.

  probe.py telnet HOST PORT QUERY   connect, wait for the prompt, send QUERY, print the
                                    status sentence of the answer, send /quit
  probe.py search HOST PORT QUERY   GET /api/search?q=QUERY, print "total=N first=U+XXXX"
  probe.py wait HOST PORT [SECS]    wait until a TCP connect succeeds (default 30 s)
Exit 0 on success; 1 with a one-line reason on stderr otherwise.
"""
import json
import socket
import sys
import time
import urllib.parse
import urllib.request

TIMEOUT = 10.0


def fail(msg):
    print(f"probe: {msg}", file=sys.stderr)
    sys.exit(1)


def read_until(sock, buf, pred, deadline, what):
    while not pred(buf):
        left = deadline - time.monotonic()
        if left <= 0:
            fail(f"timed out waiting for {what}; got {buf[-300:]!r}")
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            fail(f"connection closed while waiting for {what}; got {buf[-300:]!r}")
        buf += chunk
    return buf


def telnet(host, port, query):
    deadline = time.monotonic() + TIMEOUT
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as s:
        buf = read_until(s, b"", lambda b: b.endswith(b"?> "), deadline, "the prompt")
        s.sendall(query.encode() + b"\r\n")
        # The answer ends with the status sentence and a new prompt.
        buf = read_until(s, b"", lambda b: b.endswith(b"\r\n?> "), deadline, "the answer")
        lines = buf[: -len(b"?> ")].decode("utf-8", "replace").split("\r\n")
        status = [l for l in lines if l][-1]
        s.sendall(b"/quit\r\n")
    print(status)


def search(host, port, query):
    url = f"http://{host}:{port}/api/search?q={urllib.parse.quote(query)}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as r:
            body = json.load(r)
    except Exception as e:  # any failure is the answer: print it
        fail(f"GET {url}: {e}")
    results = body.get("results") or [{}]
    print(f"total={body.get('total')} first={results[0].get('code')}")


def wait(host, port, secs="30"):
    deadline = time.monotonic() + float(secs)
    while True:
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            return
        except OSError as e:
            if time.monotonic() > deadline:
                fail(f"{host}:{port} not accepting after {secs} s: {e}")
            time.sleep(0.1)  # polling interval of a bounded wait, not synchronisation


if __name__ == "__main__":
    commands = {"telnet": telnet, "search": search, "wait": wait}
    if len(sys.argv) < 4 or sys.argv[1] not in commands:
        fail(__doc__.strip().splitlines()[0] + " (see the source for usage)")
    commands[sys.argv[1]](*sys.argv[2:])

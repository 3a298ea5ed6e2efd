"""The load clients: HTTP and telnet workers through HAProxy, and their tally."""

import http.client
import json
import socket
import threading
import time

from .common import GOODBYE, HTTP_CLIENT_IP, QUERIES, TELNET_CLIENT_IP


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

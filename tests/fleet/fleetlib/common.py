"""What every part of the fleet test shares: the addresses, the queries, logging, waiting
under a deadline, free ports, a plain GET and one figure from /metrics."""

import http.client
import random
import re
import socket
import sys
import time

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


def metric(ip, port, name):
    status, body = http_get(ip, port, "/metrics")
    m = re.search(rf"^{name}(?:{{[^}}]*}})? ([0-9.e+]+)$", body.decode(), re.M)
    return float(m.group(1)) if m else None

"""Every hostile client of docs/robustness.md, each checked for its documented answer."""

import asyncio
import socket
import time

from .common import (DO, DONT, IAC, INVALID_UTF8, IP, NOP, PROMPT, SB, SE, TOO_LONG, WILL, WONT,
                     Failure, close_writer)
from .http_clients import http_exchange, search_path, statuses
from .telnet_clients import telnet_connect


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

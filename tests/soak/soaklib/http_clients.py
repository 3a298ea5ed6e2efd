"""The good HTTP clients and the HTTP wire helpers the hostile ones share."""

import asyncio
import json
import re
import time

from .common import Failure, busy_client, close_writer


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


def search_request(query):
    """The keep-alive GET of the good clients' search for `query`."""
    return f"GET {search_path(query)} HTTP/1.1\r\nHost: soak\r\n\r\n".encode()


def check_search_body(body, query, codes):
    answer = json.loads(body)
    got = [r["code"] for r in answer["results"]]
    if answer["total"] != len(codes) or got != codes:
        raise Failure(f"JSON answer to {query!r} differs (total {answer['total']})")


async def busy_http(port, stats, answers, stop, who, think=0.02, record=True):
    async def ask(reader, writer, query):
        start = time.monotonic()
        writer.write(search_request(query))
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

    def connect():
        return asyncio.open_connection("127.0.0.1", port, limit=1 << 24)

    await busy_client(who, stats, stop, connect, ask, OSError,
                      (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure,
                       ValueError, KeyError), think)


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

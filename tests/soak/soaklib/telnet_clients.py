"""The good telnet clients: connect, ask and compare, idle and busy sessions."""

import asyncio
import socket
import time

from .common import PROMPT, Failure, busy_client


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


async def idle_session(port, stats, hold, who):
    """Connects and waits; at the end (hold set), may check it still answers."""
    try:
        reader, writer = await telnet_connect(port)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure) as e:
        stats.error(who, f"connect: {e!r}")
        return None
    return reader, writer


async def busy_telnet(port, stats, answers, stop, who, think=0.02, record=True):
    async def ask(reader, writer, query):
        elapsed = await telnet_ask(reader, writer, query, answers[query][0])
        if record:
            stats.latencies["telnet"].append(elapsed)
        stats.answers["telnet"] += 1

    errors = (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, Failure)
    await busy_client(who, stats, stop, lambda: telnet_connect(port), ask, errors, errors, think)

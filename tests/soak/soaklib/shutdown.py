"""Full load again, then SIGTERM: every answer in flight whole, every session a goodbye."""

import asyncio
import signal
import subprocess
import time

from .common import GOODBYE_SHUTDOWN, QUERIES, Failure, close_writer
from .http_clients import check_search_body, read_http_response, search_request
from .load import open_idle
from .telnet_clients import telnet_connect


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
                    writer.write(search_request(query))
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

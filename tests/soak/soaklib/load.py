"""The unloaded baseline, the load phase (idle, busy and hostile clients at once, the probe
measuring) and the wait for the daemon to recover its fds and RSS."""

import asyncio
import time

from .common import FD_MARGIN, QUERIES, RSS_MARGIN_MB, Failure, close_writer
from .hostile import hostile_round
from .http_clients import busy_http, check_search_body, read_http_response, search_request
from .probe import latency_figures, run_probe
from .telnet_clients import busy_telnet, idle_session, telnet_ask, telnet_connect


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
        hw.write(search_request(query))
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

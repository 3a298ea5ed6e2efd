"""What every part of the soak test shares: the limits it checks, the wire constants, the
good clients' queries, the error and hostile-client tally, closing a stream, and the busy
good client's loop (telnet and HTTP alike)."""

import asyncio
import sys

P99_FACTOR = 10.0  # loaded p99 <= P99_FACTOR * unloaded p99 ...
P99_FLOOR_MS = 50.0  # ... or <= this, whichever is larger (a 1 ms baseline is noise-bound)
FD_MARGIN = 8  # fds: the daemon's log pipe, epoll, timers, eventfds are all in the baseline
RSS_MARGIN_MB = 64.0  # glibc keeps some freed arenas; a leak of 5,000 sessions would be more

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


def query_cycle(start=0):
    """The good clients' queries in turn, from the start-th on, without end."""
    i = start
    while True:
        yield QUERIES[i % len(QUERIES)]
        i += 1


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


async def close_writer(writer):
    try:
        writer.close()
        await asyncio.wait_for(writer.wait_closed(), 5)
    except (OSError, asyncio.TimeoutError):
        pass


async def busy_client(who, stats, stop, connect, ask, connect_errors, errors, think):
    """A busy good client: `connect()` gives (reader, writer); then, until `stop`, the good
    clients' queries in turn (from one of its own), each through `ask(reader, writer, query)`,
    `think` seconds apart. A failed connect (`connect_errors`) or a wrong answer (`errors`) is
    an error of `who`; the connection is closed at the end."""
    try:
        reader, writer = await connect()
    except connect_errors as e:
        stats.error(who, f"connect: {e!r}")
        return
    queries = query_cycle(hash(who))
    try:
        while not stop.is_set():
            await ask(reader, writer, next(queries))
            await asyncio.sleep(think)
    except errors as e:
        stats.error(who, repr(e))
    finally:
        await close_writer(writer)

"""The daemon under test (started on free ports with the test config) and the answers it
must give (the rows of `charfinder find`)."""

import os
import re
import subprocess
import tempfile
import threading

from .common import PROMPT, QUERIES, Failure

CONFIG = """\
telnet:
  page_size: 0
  idle_timeout: 300s
  write_timeout: 5s
http:
  header_timeout: 2s
  idle_timeout: 15s
  max_page_size: 100000
limits:
  max_connections: 12000
  max_connections_per_ip: 12000
  max_line_bytes: 1024
server:
  threads: {threads}
  shutdown_grace: 10s
log:
  level: warn
"""


class Daemon:
    def __init__(self, binary, threads):
        self.config = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
        self.config.write(CONFIG.format(threads=threads))
        self.config.close()
        self.proc = subprocess.Popen(
            [binary, "serve", "-c", self.config.name, "--telnet-listen", "127.0.0.1:0",
             "--http-listen", "127.0.0.1:0", "--log-level", "info"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # The log is drained all the time by a thread (a full pipe would block the daemon);
        # the last MiB is kept for the failure report.
        self.log = b""
        self.log_lock = threading.Lock()
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()
        self.ready.wait(20)
        with self.log_lock:
            m = re.search(rb"ready telnet=127\.0\.0\.1:(\d+) http=127\.0\.0\.1:(\d+)", self.log)
        if not m:
            raise Failure("the daemon did not become ready:\n" + self.log.decode(errors="replace"))
        self.telnet_port, self.http_port = int(m.group(1)), int(m.group(2))

    def _drain(self):
        while True:
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                self.ready.set()
                return
            with self.log_lock:
                self.log = (self.log + chunk)[-(1 << 20):]
                if not self.ready.is_set() and b"ready telnet=" in self.log:
                    self.ready.set()

    def drain_log(self):
        self.reader.join(timeout=5) if self.proc.poll() is not None else None

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def fds(self):
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.unlink(self.config.name)


# ---------------------------------------------------------------- expected answers


def expected_answers(binary):
    """Query -> (telnet answer bytes up to and including the prompt, list of codes)."""
    answers = {}
    for query in QUERIES + ["cjk"]:
        out = subprocess.run([binary, "find", *query.split(" ")] if '"' not in query
                             else [binary, "find", query],
                             capture_output=True, check=False).stdout
        lines = out.split(b"\n")
        assert lines[-1] == b"", query
        lines = lines[:-1]
        rows, status = lines[:-1], lines[-1]
        codes = [row.split(b"\t")[0].decode() for row in rows]
        telnet = b"".join(row + b"\r\n" for row in rows) + status + b"\r\n" + PROMPT
        answers[query] = (telnet, codes)
    return answers

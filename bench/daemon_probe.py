"""What the start-up benchmarks share: a free loopback port, /proc/PID/status figures, and a
`charfinder serve` started on free ports and timed until its `ready` log line.

Imported by the Python parts of bench/startup.sh and bench/sources_figures.sh (they put this
folder on sys.path)."""
import signal
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kib(pid, key):
    """A `KEY: N kB` line of /proc/PID/status (VmRSS, VmHWM), in KiB; -1 if missing."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def start_serve(binary, telnet_port, extra_args=()):
    """Execs `charfinder serve` with telnet on telnet_port and HTTP on a free port. Returns the
    process (stderr piped, text) and the perf_counter() time just before exec."""
    started = time.perf_counter()
    proc = subprocess.Popen([binary, "serve", *extra_args, "--telnet-listen", f"127.0.0.1:{telnet_port}",
                             "--http-listen", "127.0.0.1:0"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    return proc, started


def wait_ready(proc):
    """Reads the daemon's log until its `ready` line; returns perf_counter() then, or None if the
    log ended first."""
    for line in proc.stderr:
        if "ready telnet=" in line:
            return time.perf_counter()
    return None


def stop(proc):
    """SIGTERM, then the exit status (the rest of the log is drained so the daemon never blocks)."""
    proc.send_signal(signal.SIGTERM)
    proc.stderr.read()
    return proc.wait(timeout=10)

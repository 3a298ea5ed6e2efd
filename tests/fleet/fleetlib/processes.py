"""The processes the fleet test runs: a charfinder replica and HAProxy in front of them."""

import os
import signal
import socket
import subprocess

from .common import REPLICA_IPS, Fail, wait_until


class Replica:
    def __init__(self, index, binary, config_path, work):
        self.index = index
        self.name = f"r{index + 1}"
        self.ip = REPLICA_IPS[index]
        self.binary = binary
        self.config_path = config_path
        self.work = work
        self.proc = None
        self.log_path = None
        self.generation = 0
        self.starts = 0

    def start(self):
        self.starts += 1
        self.log_path = os.path.join(self.work, f"{self.name}.{self.starts}.log")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen([self.binary, "serve", "-c", self.config_path],
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        wait_until(lambda: "ready telnet=" in self.log() or self.proc.poll() is not None, 15,
                   f"{self.name}'s ready line")
        if self.proc.poll() is not None:
            raise Fail(f"{self.name} exited at start: {self.log()[-2000:]}")

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def all_logs(self):
        out = ""
        for i in range(1, self.starts + 1):
            with open(os.path.join(self.work, f"{self.name}.{i}.log"), "rb") as f:
                out += f.read().decode("utf-8", "replace")
        return out

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)


class HAProxy:
    def __init__(self, binary, cfg, env, work):
        self.sock = env["CF_HAPROXY_SOCKET"]
        self.log_path = os.path.join(work, "haproxy.log")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen([binary, "-db", "-f", cfg], env={**os.environ, **env},
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        wait_until(lambda: os.path.exists(self.sock) or self.proc.poll() is not None, 10,
                   "HAProxy's admin socket")
        if self.proc.poll() is not None:
            raise Fail(f"haproxy exited: {open(self.log_path).read()[-2000:]}")

    def command(self, line):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(5)
        s.connect(self.sock)
        s.sendall(line.encode() + b"\n")
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
        s.close()
        return out.decode()

    def states(self):
        """{(backend, server): 'UP'|'DOWN'|'MAINT'...} from `show stat`."""
        out = {}
        lines = self.command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        for line in lines[1:]:
            if not line:
                continue
            row = dict(zip(header, line.split(",")))
            if row["svname"] in ("FRONTEND", "BACKEND"):
                continue
            out[(row["pxname"], row["svname"])] = row["status"]
        return out

    def wait_state(self, server, state, seconds):
        def ok():
            st = self.states()
            return all(st[(b, server)].startswith(state)
                       for b in ("charfinder_telnet", "charfinder_http"))
        wait_until(ok, seconds, f"HAProxy to see {server} {state}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

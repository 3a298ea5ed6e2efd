#!/usr/bin/env bash
# Issue 11's side-by-side figures in one run, printed as ratios (README "Figures"):
#   1. cached answers against Debian's nginx serving the same bytes, with sendfile off and
#      on (two nginx servers started together): the HTML page (`/?q=cat+face`), the API
#      (`cat face`, the first page of `cjk`). Target: page >= 1.0x nginx (sendfile off).
#   2. uncached rows: `cjk` at random offsets (every answer searched and rendered) against
#      the cached first page, same wrk settings. Target >= 0.6x.
#   3. in-process (bench/entry_bench, CPU time): `sun` with every source and language vs
#      the names-only `sun` (target <= 1.5x), and the rows' fourth field (describe).
#   4. memory, for the allocator the binary links (jemalloc when found at build time) and,
#      for a glibc build (-DCHARFINDER_JEMALLOC=OFF: malloc_trim when quiet), also jemalloc
#      preloaded (LD_PRELOAD, decay 1 s), side by side: RSS after LOAD_SECONDS of random-offset requests
#      (target <= baseline + the caches' caps + 8 MiB), and 10 s after 10,000 idle telnet
#      sessions close (target within 5 MiB of the baseline). Plus the name table's bytes.
# Shard-per-thread serving (threads 1/2/4) is bench/shard_figures.sh; bench/scale_figures.sh
# runs both.
#
#   bench/memory_figures.sh [BUILD_DIR] [SECONDS_PER_WRK_RUN] [LOAD_SECONDS] [ROUNDS]
#   defaults: build, 5, 60, 3 (the wrk comparisons run ROUNDS times, interleaved; medians).  Needs wrk, nginx (nginx-light), curl, python3, libjemalloc2 (for the preloaded comparison).
set -euo pipefail
build=${1:-build}
seconds=${2:-5}
load_seconds=${3:-60}
rounds=${4:-3}
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
[[ -x $build/daemon/charfinder && -x $build/bench/entry_bench ]] ||
  { echo "build charfinder and entry_bench in $build first" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)"
exec python3 - "$build" "$seconds" "$load_seconds" "$rounds" <<'PY'
import os, re, shutil, signal, socket, subprocess, sys, tempfile, time

build, seconds, load_seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rounds = int(sys.argv[4])
binary = os.path.join(build, "daemon", "charfinder")
jemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
work = tempfile.mkdtemp()
os.chmod(work, 0o755)
children = []

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def wait_http(url):
    for _ in range(100):
        if subprocess.run(["curl", "-sf", "-o", "/dev/null", "--max-time", "1", url]).returncode == 0:
            return
        time.sleep(0.1)
    sys.exit(f"nothing answers at {url}")

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def start_daemon(extra_yaml="", env=None):
    http, telnet = free_port(), free_port()
    config = os.path.join(work, f"charfinder-{http}.yaml")
    with open(config, "w") as f:
        f.write(f'telnet:\n  listen: ["127.0.0.1:{telnet}"]\n  idle_timeout: 600s\n'
                f'http:\n  listen: ["127.0.0.1:{http}"]\n  idle_timeout: 600s\n'
                'limits:\n  max_connections: 12000\n  max_connections_per_ip: 12000\n'
                'log:\n  level: warn\n' + extra_yaml)
    proc = subprocess.Popen([binary, "serve", "-c", config], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    children.append(proc)
    wait_http(f"http://127.0.0.1:{http}/healthz")
    return proc, http, telnet

def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()

def start_nginx(root, sendfile):
    port = free_port()
    prefix = os.path.join(work, f"nginx-{port}")
    os.makedirs(os.path.join(prefix, "tmp"))
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes {os.cpu_count()};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 16384; }}
http {{
  access_log off;
  sendfile {sendfile};
  types {{ application/json json; text/html html; }}
  keepalive_requests 100000000;
  keepalive_timeout 600s;
  client_body_temp_path {prefix}/tmp/body; proxy_temp_path {prefix}/tmp/proxy;
  fastcgi_temp_path {prefix}/tmp/fastcgi; uwsgi_temp_path {prefix}/tmp/uwsgi;
  scgi_temp_path {prefix}/tmp/scgi;
  server {{ listen 127.0.0.1:{port}; root {root}; etag on; }}
}}
""")
    proc = subprocess.Popen(["nginx", "-e", f"{prefix}/error.log", "-p", prefix, "-c", conf,
                             "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children.append(proc)
    wait_http(f"http://127.0.0.1:{port}/cat.json")
    return proc, port

def wrk(url, script=None, duration=None):
    cmd = ["wrk", "-t1", "-c32", f"-d{duration or seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99, int(bad.group(1)) if bad else 0

def metrics(port):
    text = subprocess.run(["curl", "-sf", f"http://127.0.0.1:{port}/metrics"],
                          capture_output=True, text=True).stdout
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\S+) (\S+)$", text, re.M)}

def verdict(ok):
    return "met" if ok else "MISSED"

def load():
    return open("/proc/loadavg").read().split()[0]

try:
    print(f"# {os.cpu_count()} CPUs, {os.uname().release}, load average {load()} at start, "
          f"wrk -t1 -c32 -d{seconds}s")
    # --- 1 and 2: cached vs nginx, uncached vs cached -------------------------------------
    daemon, http, _ = start_daemon()
    base = f"http://127.0.0.1:{http}"
    root = os.path.join(work, "root")
    os.makedirs(root)
    os.chmod(root, 0o755)
    for name, target in [("page.html", "/?q=cat+face"), ("cat.json", "/api/search?q=cat+face"),
                         ("cjk.json", "/api/search?q=cjk")]:
        subprocess.run(["curl", "-sf", base + target, "-o", os.path.join(root, name)], check=True)
        os.chmod(os.path.join(root, name), 0o644)
    off, off_port = start_nginx(root, "off")
    on, on_port = start_nginx(root, "on")
    wrk(base + "/api/search?q=cat+face", duration=2)
    wrk(f"http://127.0.0.1:{off_port}/cat.json", duration=2)
    print(f"## cached answers: charfinder vs nginx serving the same bytes (median req/s of "
          f"{rounds} interleaved runs, p99 of the median run)")
    def median_run(runs):
        return sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    rows = []
    for name, target in [("page.html", "/?q=cat+face"), ("cat.json", "/api/search?q=cat+face"),
                         ("cjk.json", "/api/search?q=cjk")]:
        runs = {"ours": [], "off": [], "on": []}
        for _ in range(rounds):  # interleaved, so the machine's drift hits all three alike
            runs["ours"].append(wrk(base + target))
            runs["off"].append(wrk(f"http://127.0.0.1:{off_port}/{name}"))
            runs["on"].append(wrk(f"http://127.0.0.1:{on_port}/{name}"))
        ours, nginx_off, nginx_on = (median_run(runs[k]) for k in ("ours", "off", "on"))
        size = os.path.getsize(os.path.join(root, name))
        r_off, r_on = ours[0] / nginx_off[0], ours[0] / nginx_on[0]
        print(f"{target} ({size} B): charfinder {ours[0]:.0f} ({ours[1]}), nginx sendfile off "
              f"{nginx_off[0]:.0f} ({nginx_off[1]}), on {nginx_on[0]:.0f} ({nginx_on[1]}): "
              f"ratio {r_off:.2f}x / {r_on:.2f}x" + (f"  NON-2xx {ours[2]}" if ours[2] else ""))
        rows.append((name, r_off))
    print(f"RATIO page vs nginx (sendfile off): {rows[0][1]:.2f}x  target >= 1.0: "
          f"{verdict(rows[0][1] >= 1.0)}")
    offsets = os.path.join(work, "offsets.lua")
    with open(offsets, "w") as f:
        f.write('math.randomseed(42)\nrequest = function()\n  return wrk.format("GET", '
                '"/api/search?q=cjk&offset=" .. math.random(0, 98000))\nend\n')
    cached_runs, uncached_runs = [], []
    for _ in range(rounds):
        cached_runs.append(wrk(base + "/api/search?q=cjk"))
        uncached_runs.append(wrk(base, script=offsets))
    cached, uncached = median_run(cached_runs), median_run(uncached_runs)
    ratio = uncached[0] / cached[0]
    print(f"## uncached rows: cjk at random offsets {uncached[0]:.0f} req/s ({uncached[1]}) vs the "
          f"cached first page {cached[0]:.0f} ({cached[1]})")
    print(f"RATIO uncached / cached: {ratio:.2f}x  target >= 0.6: {verdict(ratio >= 0.6)}")
    m = metrics(http)
    print(f"name table: {m.get('charfinder_name_table_bytes', 0) / 1024:.0f} KiB; index "
          f"{m.get('charfinder_index_memory_bytes', 0) / 1024:.0f} KiB")
    for proc in (daemon, off, on):
        stop(proc)

    # --- 3: in-process search and describe ------------------------------------------------
    out = subprocess.run([os.path.join(build, "bench", "entry_bench"),
                          "--benchmark_filter=BM_Sun|BM_LangDe", "--benchmark_repetitions=5",
                          "--benchmark_report_aggregates_only=true"], capture_output=True,
                         text=True).stdout
    cpu = {m.group(1): float(m.group(2)) for m in
           re.finditer(r"^(BM_\w+)_median\s+\S+ ns\s+(\S+) ns", out, re.M)}
    sun = cpu["BM_SunAll"] / cpu["BM_SunNamesOnly"]
    print(f"## entry_bench (CPU-time medians): sun names-only {cpu['BM_SunNamesOnly']:.0f} ns, "
          f"every source and language {cpu['BM_SunAll']:.0f} ns, described "
          f"{cpu['BM_SunAllDescribed'] / 1000:.1f} us; lang:de katze described "
          f"{cpu['BM_LangDeKatze'] / 1000:.1f} us")
    print(f"RATIO sun all / names-only: {sun:.2f}x  target <= 1.5: {verdict(sun <= 1.5)}")

    # --- 4: memory ------------------------------------------------------------------------
    caps_kib = (32 + 16) * 1024
    linked = "libjemalloc" in subprocess.run(["ldd", binary], capture_output=True,
                                             text=True).stdout
    # As built (jemalloc when daemon/CMakeLists.txt found it), then, for a glibc build
    # (-DCHARFINDER_JEMALLOC=OFF), jemalloc preloaded for the comparison.
    allocators = [("jemalloc (linked)" if linked else "glibc + malloc_trim", {})]
    if os.path.exists(jemalloc) and not linked:
        allocators.append(("jemalloc (LD_PRELOAD)", {
            "LD_PRELOAD": jemalloc,
            "MALLOC_CONF": "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"}))
    for label, env in allocators:
        daemon, http, telnet = start_daemon(env=env)
        subprocess.run(["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{http}/api/search?q=cat"])
        time.sleep(3)
        baseline = rss_kib(daemon.pid)
        wrk(f"http://127.0.0.1:{http}", script=offsets, duration=load_seconds)
        loaded = rss_kib(daemon.pid)
        time.sleep(10)
        quiet = rss_kib(daemon.pid)
        m = metrics(http)
        cache_mib = m.get('charfinder_cache_bytes{cache="http"}', 0) / 2**20
        cap_mib = m.get('charfinder_cache_max_bytes{cache="http"}', 0) / 2**20
        bound = baseline + caps_kib + 8 * 1024
        print(f"## memory, {label}: baseline {baseline / 1024:.1f} MiB; after {load_seconds} s of "
              f"random offsets {loaded / 1024:.1f} MiB, 10 s later {quiet / 1024:.1f} MiB "
              f"(http cache {cache_mib:.1f} MiB of {cap_mib:.0f})")
        print(f"RATIO {label}: RSS after load / baseline {loaded / baseline:.2f}x; bound baseline + "
              f"caps + 8 MiB = {bound / 1024:.1f} MiB: {verdict(loaded <= bound)}")
        before = rss_kib(daemon.pid)
        held = []
        for i in range(10000):
            s = socket.create_connection(("127.0.0.1", telnet))
            held.append(s)
            if i % 200 == 199:
                s.settimeout(10)
                data = b""
                while b"?> " not in data:
                    data += s.recv(4096)
        peak = rss_kib(daemon.pid)
        for s in held:
            s.close()
        time.sleep(10)
        after = rss_kib(daemon.pid)
        print(f"## 10,000 idle telnet sessions, {label}: {before / 1024:.1f} MiB -> "
              f"{peak / 1024:.1f} MiB held ({(peak - before) * 1024 / 10000:.0f} B each) -> "
              f"{after / 1024:.1f} MiB 10 s after they closed")
        print(f"RATIO {label}: RSS after sessions / before {after / before:.2f}x; "
              f"+{(after - before) / 1024:.1f} MiB, target within 5 MiB: "
              f"{verdict(after - before <= 5 * 1024)}")
        stop(daemon)
    print(f"# load average {load()} at the end")
finally:
    for proc in children:
        if proc.poll() is None:
            proc.kill()
    shutil.rmtree(work, ignore_errors=True)
PY

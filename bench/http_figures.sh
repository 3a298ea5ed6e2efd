#!/usr/bin/env bash
# HTTP front-end figures, measured with wrk on loopback in one run:
#   1. requests/s and latency for /api/search?q=cat+face (10 rows) and the first page of
#      /api/search?q=cjk (100 rows, ~10 KiB), against Debian's nginx serving the daemon's own
#      answers (fetched with curl) as static files, with the same wrk settings; the ratio
#      charfinder / nginx (target: >= 0.8). Both without an access log; the daemon is also
#      measured with its access log (info level, to a file), as in production, and with
#      random cjk offsets (every answer rendered afresh, past the response cache).
#   2. the daemon's VmRSS with 10,000 idle keep-alive HTTP connections (each has had one
#      request answered), held by a small Python client.
#
#   bench/http_figures.sh [BUILD_DIR] [SECONDS_PER_RUN] [CONNECTIONS]
#
# Needs: the charfinder target built in BUILD_DIR (default: build), wrk, nginx (nginx-light),
# curl, python3. Starts nginx itself as a non-daemon on a free loopback port with a temporary
# configuration; stops everything it started on exit.
set -euo pipefail

build=${1:-build}
seconds=${2:-10}
connections=${3:-32}
binary=$build/daemon/charfinder
[[ -x $binary ]] || { echo "build the charfinder target in $build first" >&2; exit 2; }
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) >= 12000 )) || { echo "need ulimit -n >= 12000 (have $(ulimit -n))" >&2; exit 2; }

work=$(mktemp -d)
daemon_pid="" nginx_pid="" idle_pid=""
stop() {  # stop PID: SIGTERM, then wait for it
  [[ -n $1 ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() { stop "$idle_pid"; stop "$daemon_pid"; stop "$nginx_pid"; rm -rf "$work"; }
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_http() {  # wait_http URL: up to 10 s
  for _ in $(seq 100); do
    curl -sf -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  echo "nothing answers at $1" >&2
  exit 1
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$daemon_pid/status"; }

# start_daemon LOG_LEVEL: the daemon on a free port with limits raised for the idle test.
start_daemon() {
  stop "$daemon_pid"
  daemon_port=$(free_port)
  cat >"$work/charfinder.yaml" <<YAML
telnet:
  listen: []
http:
  listen: ["127.0.0.1:$daemon_port"]
  idle_timeout: 600s
  header_timeout: 600s
limits:
  max_connections: 12000
  max_connections_per_ip: 12000
log:
  level: $1
YAML
  "$binary" serve -c "$work/charfinder.yaml" >"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  wait_http "http://127.0.0.1:$daemon_port/healthz"
}

# wrk_run URL: "requests/s  p50  p99  avg" from one wrk run.
wrk_run() {
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "$1" >"$work/wrk.out" 2>&1
  awk '/Requests\/sec:/ {rps=$2}
       /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       /^ +Latency / && !avg {avg=$2}
       /Non-2xx/ {bad=$NF}
       END {printf "%10.0f req/s  p50 %-8s p99 %-8s avg %-8s%s\n", rps, p50, p99, avg,
                   bad ? "  NON-2xx: " bad : ""}' "$work/wrk.out"
}
rps_of() { awk '{print $1}' <<<"$1"; }

echo "# $(nproc) CPUs, $(uname -r), $(nginx -v 2>&1 | sed 's/.*: //'), wrk -t1 -c$connections -d${seconds}s"

# --- static copies of the daemon's answers, served by nginx --------------------------------
start_daemon warn
mkdir -p "$work/root" "$work/nginx-tmp"
chmod 755 "$work" "$work/root"  # nginx workers may run as another user (nobody) under root
curl -sf "http://127.0.0.1:$daemon_port/api/search?q=cat+face" -o "$work/root/cat.json"
curl -sf "http://127.0.0.1:$daemon_port/api/search?q=cjk" -o "$work/root/cjk.json"
chmod 644 "$work/root/"*.json
nginx_port=$(free_port)
workers=$(nproc)
cat >"$work/nginx.conf" <<CONF
worker_processes $workers;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  types { application/json json; }
  default_type application/octet-stream;
  keepalive_requests 100000000;
  keepalive_timeout 600s;
  client_body_temp_path $work/nginx-tmp/body;
  proxy_temp_path $work/nginx-tmp/proxy;
  fastcgi_temp_path $work/nginx-tmp/fastcgi;
  uwsgi_temp_path $work/nginx-tmp/uwsgi;
  scgi_temp_path $work/nginx-tmp/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/root;
    etag on;
  }
}
CONF
nginx -e "$work/nginx-error.log" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
wait_http "http://127.0.0.1:$nginx_port/cat.json"
for name in cat cjk; do
  echo "$name.json: $(stat -c %s "$work/root/$name.json") bytes"
done

cat_url="http://127.0.0.1:$daemon_port/api/search?q=cat+face"
cjk_url="http://127.0.0.1:$daemon_port/api/search?q=cjk"
wrk -t1 -c"$connections" -d2s "$cat_url" >/dev/null  # warm up both
wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$nginx_port/cat.json" >/dev/null

echo "## charfinder (no access log: log.level warn) vs nginx (access_log off), same wrk settings"
for name in cat cjk; do
  url=$cat_url; [[ $name == cjk ]] && url=$cjk_url
  ours=$(wrk_run "$url")
  theirs=$(wrk_run "http://127.0.0.1:$nginx_port/$name.json")
  echo "$name charfinder: $ours"
  echo "$name nginx:      $theirs"
  echo "$name ratio charfinder/nginx: $(awk -v a="$(rps_of "$ours")" -v b="$(rps_of "$theirs")" 'BEGIN {printf "%.2f", a / b}')"
done

# Uncached: every request a different page of cjk (98k offsets, the cache holds ~5k pages).
cat >"$work/offsets.lua" <<'LUA'
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/search?q=cjk&offset=" .. math.random(0, 98000))
end
LUA
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$work/offsets.lua" \
  "http://127.0.0.1:$daemon_port" >"$work/wrk.out" 2>&1
echo "cjk charfinder, random offsets (search + rendering, not cached): $(awk '/Requests\/sec:/ {rps=$2} /^ +99%/ {p99=$2} END {printf "%.0f req/s  p99 %s", rps, p99}' "$work/wrk.out")"

echo "## charfinder with its access log (log.level info, one line per request to a file)"
start_daemon info
cat_url="http://127.0.0.1:$daemon_port/api/search?q=cat+face"
cjk_url="http://127.0.0.1:$daemon_port/api/search?q=cjk"
wrk -t1 -c"$connections" -d2s "$cat_url" >/dev/null
echo "cat charfinder+log: $(wrk_run "$cat_url")"
echo "cjk charfinder+log: $(wrk_run "$cjk_url")"

echo "## 10,000 idle keep-alive connections"
start_daemon warn
curl -s -o /dev/null "http://127.0.0.1:$daemon_port/api/search?q=cat"  # warm the index pages
base=$(rss_kib)
python3 - "$daemon_port" 10000 >"$work/idle.out" 2>&1 <<'PY' &
import socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
held = []
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(request)
    data = b""
    while b"\r\n\r\nok\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit(f"connection {i} closed early: {data!r}")
        data += chunk
    held.append(s)
print(f"ready: {len(held)} keep-alive connections, each with one request answered", flush=True)
time.sleep(600)
PY
idle_pid=$!
for _ in $(seq 1200); do
  grep -q "ready" "$work/idle.out" 2>/dev/null && break
  kill -0 "$idle_pid" 2>/dev/null || { cat "$work/idle.out" >&2; exit 1; }
  sleep 0.1
done
cat "$work/idle.out"
held=$(rss_kib)
active=$(curl -s "http://127.0.0.1:$daemon_port/metrics" | awk '/^charfinder_active_sessions\{protocol="http"\}/ {print $2}')
echo "daemon VmRSS ${base} KiB -> ${held} KiB with 10000 idle keep-alive connections" \
  "(active_sessions{http}=$active): $(( (held - base) * 1024 / 10000 )) bytes per connection"

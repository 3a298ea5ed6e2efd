# Sourced by the tools tests: the real daemon on free loopback ports, and its stop.
# The caller defines fail MESSAGE (it prints its own context and exits).

daemon_pid=""
telnet_address=""
http_address=""

# start_daemon BINARY LOG [SERVE-ARGS...]: starts `BINARY serve` on free ports, logging to LOG,
# and waits up to 10 s for its ready line; sets daemon_pid, telnet_address and http_address.
start_daemon() {
  local binary=$1 log=$2; shift 2
  "$binary" serve --telnet-listen 127.0.0.1:0 --http-listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  daemon_pid=$!
  local line=""
  for _ in $(seq 200); do
    # Only a complete line (the newline must follow the address): a line still being written
    # would give a truncated port.
    line=$(grep -zoP 'ready telnet=\S+ http=[0-9.:]+(?=\n)' "$log" | tr '\0' '\n' | sed -n 1p) \
      || line=""
    [[ -n $line ]] && break
    kill -0 "$daemon_pid" 2>/dev/null || fail "the daemon exited during start-up"
    sleep 0.05
  done
  [[ -n $line ]] || fail "no ready line within 10 s"
  telnet_address=$(sed -E 's/.*telnet=(\S+) http=.*/\1/' <<<"$line")
  http_address=$(sed -E 's/.*http=//' <<<"$line")
}

# stop_daemon: SIGTERM, up to 5 s for the exit, then SIGKILL. Safe to call twice.
stop_daemon() {
  if [[ -n $daemon_pid ]] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null || true
  fi
}

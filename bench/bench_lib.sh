# Sourced by bench/telnet_figures.sh and bench/shard_figures.sh: a scratch folder, the daemon
# started from a config file with its telnet port read off the ready line, its CPU ticks, and
# its stop. (tests/tools/daemon_lib.sh is the tests' counterpart: command-line listeners and a
# fail() of the caller's; the figures scripts need a config file and a taskset prefix.)

work=$(mktemp -d)
daemon_pid=""
port=""
stop_daemon() {
  if [[ -n $daemon_pid ]]; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
    daemon_pid=""
  fi
}
trap 'stop_daemon; rm -rf "$work"' EXIT

# launch_daemon [PREFIX...]: runs `PREFIX... $binary serve -c $work/config.yaml` (the caller
# wrote the config), logging to $work/daemon.log; sets daemon_pid and port, or prints the log
# and exits when no ready line comes within 10 s.
launch_daemon() {
  "$@" "$binary" serve -c "$work/config.yaml" >"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 100); do
    grep -q "ready telnet=" "$work/daemon.log" && break
    sleep 0.1
  done
  port=$(grep -o 'ready telnet=127\.0\.0\.1:[0-9]*' "$work/daemon.log" | sed 's/.*://')
  [[ -n $port ]] || { cat "$work/daemon.log" >&2; exit 1; }
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)

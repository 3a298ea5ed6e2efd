#!/usr/bin/env bash
# tests/deploy/systemd_test.sh BUILD_DIR
#
# Proves the installed units under a real systemd: boots a Debian bookworm tree with
# systemd-nspawn (host network namespace, so the test reaches the sockets on 127.0.0.1),
# installs the build into it with `cmake --install` (DESTDIR), moves the two socket units to
# free loopback ports with drop-ins, and checks:
#   - the service is inactive until the first connection, which starts it (socket activation)
#   - it reaches active/running only after READY=1 (Type=notify), and pings the watchdog
#   - a telnet query and an HTTP query answer like `charfinder find` does
#   - it runs as a dynamic (non-root) user
#   - `kill -9` of the main process is followed by a restart (new MainPID, answers again)
#   - `systemctl reload` (ExecReload=, SIGHUP) re-reads the configuration in the same process
#   - `systemctl stop` ends it gracefully: exit status 0, Result=success, the shutdown lines
#     in the journal
# The bookworm tree is cached in $CHARFINDER_TEST_CACHE (default /var/cache/charfinder-test)
# and used read-only through an overlay, so later runs boot in seconds. Needs root.
# Every wait has a deadline; the container is always terminated and the overlay removed.
set -euo pipefail
export TEST_NAME=systemd
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

build=$(cd "${1:?usage: systemd_test.sh BUILD_DIR}" && pwd)
need_root_and_tools "systemd-nspawn, mounts" systemd-nspawn debootstrap nsenter python3
[[ -x "$build/daemon/charfinder" ]] || die "no $build/daemon/charfinder (build it first)"

started=$SECONDS
base="$CHARFINDER_TEST_CACHE/nspawn-bookworm"
# The runtime libraries the binary links (the .deb's Depends) plus what booting needs.
debootstrap_cached "$base" \
  "systemd,systemd-sysv,dbus,libnss-systemd,libicu72,libyaml-cpp0.7,libspdlog1.10,libfmt9,libsystemd0,libjemalloc2"
log "tree ready after $((SECONDS - started)) s"

work=$(mktemp -d /tmp/charfinder-systemd-test.XXXXXX)
root="$work/root"
machine="cftest-$$"
nspawn_pid=""
leader=""
control_pid=""

cleanup() {
  local rc=$?
  set +e
  [[ -n "$control_pid" ]] && kill "$control_pid" 2>/dev/null
  if [[ -n "$nspawn_pid" ]] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -TERM "$nspawn_pid"  # nspawn asks the container's systemd to halt
    for _ in $(seq 1 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$nspawn_pid" 2>/dev/null && kill -KILL "$nspawn_pid"
    wait "$nspawn_pid" 2>/dev/null
  fi
  finish_test "$rc" "$root"
}
on_exit cleanup

# A private writable layer over the cached tree; plain copy where overlayfs is unavailable.
mkdir -p "$work/upper" "$work/work" "$root"
if ! mount -t overlay overlay \
       -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/work" "$root" 2>/dev/null; then
  log "overlayfs unavailable, copying the tree"
  cp -a "$base/." "$root/"
fi
chmod 755 "$root"  # mktemp's 0700 would make dbus inside hang

# --- install, exactly as an operator would (the build's own prefix, default /usr/local)
DESTDIR="$root" cmake --install "$build" >"$work/install.log" || {
  cat "$work/install.log" >&2; die "cmake --install failed"; }
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:[A-Z]*=//p' "$build/CMakeCache.txt")
unitdir="$root$prefix/lib/systemd/system"
[[ -f "$unitdir/charfinder.service" ]] || die "no charfinder.service under $unitdir"
case "$prefix" in
  /usr | /usr/local) ;;
  *) cp "$unitdir"/charfinder* "$root/etc/systemd/system/" ;;  # not on systemd's unit path
esac
log "installed into the tree (prefix $prefix)"

telnet_port=$(free_port)
http_port=$(free_port)
while [[ "$http_port" == "$telnet_port" ]]; do http_port=$(free_port); done
for pair in "telnet:$telnet_port" "http:$http_port"; do
  mkdir -p "$root/etc/systemd/system/charfinder-${pair%%:*}.socket.d"
  printf '[Socket]\nListenStream=\nListenStream=127.0.0.1:%s\n' "${pair##*:}" \
    >"$root/etc/systemd/system/charfinder-${pair%%:*}.socket.d/test-port.conf"
done
# A short watchdog so the test sees the daemon's pings within seconds.
mkdir -p "$root/etc/systemd/system/charfinder.service.d"
printf '[Service]\nWatchdogSec=3s\n' >"$root/etc/systemd/system/charfinder.service.d/test.conf"
systemctl --root="$root" enable charfinder-telnet.socket charfinder-http.socket \
  >"$work/enable.log" 2>&1 || { cat "$work/enable.log" >&2; die "systemctl enable failed"; }
# Nothing in the tree needs a console login; it would only add noise.
systemctl --root="$root" mask console-getty.service getty@.service >/dev/null 2>&1 || true

# --- boot. Unified cgroups and the bpf() syscall let systemd enforce IPAddressDeny= inside.
log "booting the container (telnet 127.0.0.1:$telnet_port, http 127.0.0.1:$http_port)"
SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 systemd-nspawn --quiet --boot --directory="$root" \
  --machine="$machine" --register=no --keep-unit --console=passive --link-journal=no \
  --resolv-conf=off --timezone=off --system-call-filter=bpf \
  >"$work/nspawn.log" 2>&1 &
nspawn_pid=$!

# The container's PID 1 is the child of systemd-nspawn whose command is systemd.
for _ in $(seq 1 150); do
  for child in $(pgrep -P "$nspawn_pid" || true); do
    [[ "$(cat "/proc/$child/comm" 2>/dev/null)" == systemd ]] && leader=$child
  done
  [[ -n "$leader" ]] && break
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$work/nspawn.log" >&2; die "nspawn exited"; }
  sleep 0.2
done
[[ -n "$leader" ]] || { cat "$work/nspawn.log" >&2; die "no systemd in the container after 30 s"; }

in_ct() { timeout 30 nsenter --target "$leader" --all -- "$@"; }
prop() { in_ct systemctl show -P "$2" "$1"; }
diagnose() {
  log "--- diagnostics"
  in_ct systemctl status --no-pager --full charfinder.service charfinder-telnet.socket \
    charfinder-http.socket >&2 || true
  in_ct journalctl -b --no-pager -n 150 >&2 || true
  tail -n 30 "$work/nspawn.log" >&2 || true
}
check() {  # check DESCRIPTION COMMAND...: fails the test, with diagnostics, unless COMMAND does
  local what=$1; shift
  if "$@"; then log "ok: $what"; else diagnose; die "$what"; fi
}
# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND (bounded) until it succeeds.
wait_for() {
  local what=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@"; do
    ((SECONDS < deadline)) || { diagnose; die "timed out after ${secs}s: $what"; }
    sleep 0.2
  done
  log "ok: $what"
}

wait_for "the container's systemd is up" 60 \
  nsenter --target "$leader" --mount -- test -S /run/systemd/private
state=$(timeout 60 nsenter --target "$leader" --all -- systemctl is-system-running --wait) || true
case "$state" in
  running) ;;
  degraded) log "system degraded: $(in_ct systemctl --failed --plain --no-legend | tr '\n' ' ')" ;;
  *) diagnose; die "container did not finish booting (state '$state')" ;;
esac
log "container up after $((SECONDS - started)) s"

# --- the units pass systemd's own checks inside the target system
verify_out=$(in_ct systemd-analyze verify charfinder.service charfinder-telnet.socket \
               charfinder-http.socket 2>&1) || true
check "systemd-analyze verify prints nothing${verify_out:+: $verify_out}" test -z "$verify_out"

# --- socket activation
check "both sockets listening" in_ct systemctl is-active -q charfinder-telnet.socket \
  charfinder-http.socket
check "service inactive before the first connection" \
  test "$(prop charfinder.service ActiveState)" = inactive

# The precondition that makes the IPAddressDeny= claim meaningful: the filter is enforced
# here. A throwaway listener on the host; a transient unit reaches it without the filter and
# does not with IPAddressDeny=any (a dropped SYN never completes: `timeout 2` bounds it).
control_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 "$control_port" >/dev/null 2>&1 &
control_pid=$!
python3 "$here/probe.py" wait 127.0.0.1 "$control_port" 10
reach() {  # reach [PROPERTY…]: can a transient unit with these properties connect?
  timeout 30 nsenter --target "$leader" --all -- systemd-run --quiet --wait --pipe \
    -p RuntimeMaxSec=10 "$@" /bin/bash -c \
    "timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/$control_port'" 2>/dev/null
}
check "a transient unit reaches a host listener (control)" reach
unreachable() { ! reach "$@"; }
check "IPAddressDeny=any blocks it (the filter is enforced here)" unreachable -p IPAddressDeny=any
kill "$control_pid"; control_pid=""

expected=$("$build/daemon/charfinder" find sun | tail -n 1)  # e.g. "17 matches for 'sun'"
total=${expected%% *}
answer=$(python3 "$here/probe.py" telnet 127.0.0.1 "$telnet_port" sun) || {
  diagnose; die "telnet query failed"; }
check "telnet 'sun' answers '$expected' (got '$answer')" test "$answer" = "$expected"
check "the first connection started the service: active/running after READY=1" \
  test "$(prop charfinder.service ActiveState)/$(prop charfinder.service SubState)" = active/running
status_text=$(prop charfinder.service StatusText)
check "systemctl status shows the daemon's status '$status_text'" \
  test "${status_text#ready }" != "$status_text"
answer=$(python3 "$here/probe.py" search 127.0.0.1 "$http_port" sun) || {
  diagnose; die "HTTP query failed"; }
check "HTTP /api/search?q=sun gives total=$total (got '$answer')" \
  test "${answer%% *}" = "total=$total"
check "the journal has the ready line" bash -c \
  "timeout 30 nsenter --target $leader --all -- journalctl -u charfinder.service -o cat \
     --no-pager | grep -q '^.*ready telnet='"

pid=$(prop charfinder.service MainPID)
uid=$(in_ct awk '/^Uid:/ {print $2}' "/proc/$pid/status")
check "runs as a dynamic user (uid $uid, User=$(prop charfinder.service User))" \
  test "$uid" -ge 61184 -a "$uid" -le 65519

ping1=$(prop charfinder.service WatchdogTimestampMonotonic)
wait_for "the daemon pings the watchdog (WatchdogSec=3s)" 15 \
  bash -c "[[ \$(timeout 30 nsenter --target $leader --all -- systemctl show -P \
    WatchdogTimestampMonotonic charfinder.service) != '$ping1' ]]"

# --- kill -9: Restart=on-failure brings it back with a new main process
in_ct /bin/bash -c "kill -9 $pid"  # the builtin: minbase has no procps
wait_for "restarted after kill -9 (NRestarts=1)" 30 \
  bash -c "[[ \$(timeout 30 nsenter --target $leader --all -- systemctl show -P NRestarts \
    charfinder.service) == 1 ]]"
wait_for "active again" 30 bash -c "[[ \$(timeout 30 nsenter --target $leader --all -- \
  systemctl show -P ActiveState charfinder.service) == active ]]"
pid2=$(prop charfinder.service MainPID)
check "new MainPID ($pid -> $pid2)" test "$pid2" != "$pid" -a "$pid2" != 0
answer=$(python3 "$here/probe.py" telnet 127.0.0.1 "$telnet_port" sun) || {
  diagnose; die "telnet query after the restart failed"; }
check "answers after the restart" test "$answer" = "$expected"

# --- systemctl reload: ExecReload= sends SIGHUP; the same process re-reads its file
check "systemctl reload" in_ct systemctl reload charfinder.service
wait_for "the journal says 'configuration reloaded … generation 2'" 15 bash -c \
  "timeout 30 nsenter --target $leader --all -- journalctl -u charfinder.service -o cat \
     --no-pager | grep -q 'configuration reloaded from .*: generation 2'"
check "same MainPID after the reload, still active" \
  test "$(prop charfinder.service MainPID)/$(prop charfinder.service ActiveState)" = "$pid2/active"

# --- graceful stop
invocation=$(prop charfinder.service InvocationID)
check "systemctl stop" in_ct systemctl stop charfinder.service
check "stopped cleanly: Result=success, exit status 0" test \
  "$(prop charfinder.service Result)/$(prop charfinder.service ExecMainStatus)" = success/0
journal=$(in_ct journalctl "_SYSTEMD_INVOCATION_ID=$invocation" -o cat --no-pager)
check "the journal shows 'shutting down' and 'stopped'" \
  bash -c "grep -q 'shutting down' <<<\"\$1\" && grep -q 'stopped' <<<\"\$1\"" _ "$journal"
check "the sockets stay listening for the next activation" \
  in_ct systemctl is-active -q charfinder-telnet.socket charfinder-http.socket

log "PASS"

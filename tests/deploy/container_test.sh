#!/usr/bin/env bash
# tests/deploy/container_test.sh SOURCE_DIR
#
# Builds the Dockerfile with podman (both stages, compile included, in the container), runs
# the image with its ports published on free 127.0.0.1 ports, and checks:
#   - the daemon is PID 1 and runs as a non-root user
#   - a telnet query and an HTTP query answer like `charfinder find` in the same image does
#   - `podman healthcheck run` reports healthy (the image's HEALTHCHECK, so docker format)
#   - `podman stop` (SIGTERM) ends it gracefully: exit code 0, `shutting down` and `stopped`
#     in the logs
# and reports the image size. No registry is reachable: the debian:bookworm-slim base is made
# locally from a debootstrap tree (cached in $CHARFINDER_TEST_CACHE, and as a podman image).
# Needs root. Every wait has a deadline; the container is always removed.
set -euo pipefail
export TEST_NAME=container
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

src=$(cd "${1:?usage: container_test.sh SOURCE_DIR}" && pwd)
need_root_and_tools "podman with published ports, debootstrap" podman debootstrap python3
image=${CHARFINDER_TEST_IMAGE:-localhost/charfinder:test}
name="cftest-$$"
max_image_mb=${CHARFINDER_MAX_IMAGE_MB:-200}
started=$SECONDS
work=$(mktemp -d /tmp/charfinder-container-test.XXXXXX)

cleanup() {
  local rc=$?
  set +e
  if podman container exists "$name" 2>/dev/null; then
    ((rc == 0)) || { log "--- podman logs"; podman logs "$name" 2>&1 | tail -n 50 >&2; }
    timeout 60 podman rm -f -t 0 "$name" >/dev/null 2>&1
  fi
  finish_test "$rc"
}
on_exit cleanup

podman_setup
podman_base_image
log "base image ready after $((SECONDS - started)) s"

# --- build. Layers are cached by podman, so an unchanged tree rebuilds in seconds.
podman_build_image "$src" "$image" "$work/build.log"
size=$(podman image inspect --format '{{.Size}}' "$image")
log "image size: $size bytes ($((size / 1000000)) MB)"
((size <= max_image_mb * 1000000)) || die "image is larger than $max_image_mb MB"
healthcheck=$(podman image inspect --format '{{json .Config.Healthcheck}}' "$image")
[[ "$healthcheck" == *'"charfinder","healthcheck","127.0.0.1:8888"'* ]] \
  || die "the image has no HEALTHCHECK running charfinder healthcheck: $healthcheck"
user=$(podman image inspect --format '{{.Config.User}}' "$image")
[[ -n "$user" && "${user%%:*}" != 0 && "${user%%:*}" != root ]] \
  || die "the image runs as root (User '$user')"
log "ok: HEALTHCHECK and non-root USER $user in the image"

# --- run
telnet_port=$(free_port)
http_port=$(free_port)
while [[ "$http_port" == "$telnet_port" ]]; do http_port=$(free_port); done
# Without systemd as the host's PID 1, podman cannot schedule the periodic health check (it
# logs "unable to get systemd connection"); `podman healthcheck run` below still runs it.
# That noise goes to podman.log, shown on failure.
timeout 60 podman run -d --name "$name" -p "127.0.0.1:$telnet_port:2323" \
  -p "127.0.0.1:$http_port:8888" "$image" >/dev/null 2>"$work/podman.log" \
  || { cat "$work/podman.log" >&2; die "podman run failed"; }
deadline=$((SECONDS + 30))
until podman logs "$name" 2>&1 | grep -q 'ready telnet='; do
  [[ "$(podman inspect --format '{{.State.Running}}' "$name")" == true ]] \
    || die "the container exited: $(podman logs "$name" 2>&1 | tail -n 5)"
  ((SECONDS < deadline)) || die "no 'ready' line within 30 s"
  sleep 0.2
done
log "ok: $(podman logs "$name" 2>&1 | grep -o 'ready telnet=.*')"
python3 "$here/probe.py" wait 127.0.0.1 "$http_port" 30

pid1=$(podman exec "$name" cat /proc/1/cmdline | tr '\0' ' ')
[[ "$pid1" == "/usr/bin/charfinder serve "* ]] || die "PID 1 is '$pid1', not the daemon"
uid=$(podman exec "$name" awk '/^Uid:/ {print $2}' /proc/1/status)
((uid != 0)) || die "the daemon runs as root"
log "ok: PID 1 is '$pid1' with uid $uid"

expected=$(podman exec "$name" charfinder find sun | tail -n 1)  # "N matches for 'sun'"
total=${expected%% *}
answer=$(python3 "$here/probe.py" telnet 127.0.0.1 "$telnet_port" sun) || die "telnet query failed"
[[ "$answer" == "$expected" ]] || die "telnet 'sun' answered '$answer', expected '$expected'"
log "ok: telnet 'sun' -> $answer"
answer=$(python3 "$here/probe.py" search 127.0.0.1 "$http_port" sun) || die "HTTP query failed"
[[ "${answer%% *}" == "total=$total" ]] || die "HTTP search for sun gave '$answer', expected total=$total"
log "ok: HTTP /api/search?q=sun -> $answer"

out=$(timeout 30 podman healthcheck run "$name" 2>&1) || die "podman healthcheck run: unhealthy ($out)"
status=$(podman inspect --format '{{.State.Health.Status}}' "$name" 2>/dev/null \
         || podman inspect --format '{{.State.Healthcheck.Status}}' "$name")
[[ "$status" == healthy ]] || die "health status '$status' after a passing healthcheck"
log "ok: podman healthcheck run -> $status"
out=$(podman exec "$name" charfinder healthcheck 127.0.0.1:1 2>&1) \
  && die "healthcheck of a closed port passed: $out"
log "ok: healthcheck of a closed port fails: $out"

# --- graceful stop: SIGTERM to PID 1; a daemon that ignored it would be killed after 20 s
# (exit 137), so exit code 0 proves the graceful path.
t0=$(date +%s.%N)
timeout 60 podman stop -t 20 "$name" >/dev/null 2>>"$work/podman.log" \
  || { cat "$work/podman.log" >&2; die "podman stop failed"; }
t1=$(date +%s.%N)
code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
logs=$(podman logs "$name" 2>&1)
[[ "$code" == 0 ]] || die "exit code $code after podman stop (expected 0)"
grep -q 'shutting down' <<<"$logs" || die "no 'shutting down' in the logs"
grep -q 'stopped' <<<"$logs" || die "no 'stopped' in the logs"
log "ok: podman stop -> exit 0 after $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') s," \
    "logs end with: $(tail -n 2 <<<"$logs" | tr '\n' '|')"
log "PASS (image $image, $size bytes)"

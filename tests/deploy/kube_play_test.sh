#!/usr/bin/env bash
# tests/deploy/kube_play_test.sh SOURCE_DIR BUILD_DIR
#
# Runs deploy/kubernetes/ for real with `podman kube play` (podman 4.3), and checks:
#   - the manifests statically (tests/deploy/kube_manifests.py check), including
#     `charfinder check-config` on the ConfigMap's file;
#   - the pod runs the image built from the Dockerfile (the container test's build, shared
#     through podman's layer cache) with the ConfigMap mounted: uid 10001, read-only root
#     file system, no capabilities, a seccomp filter, no-new-privileges (from /proc/1/status);
#   - the probes pass: the test runs the Deployment's startup, liveness and readiness probes
#     itself (podman 4.3 turns only the liveness probe into a healthcheck, and that one into
#     `curl http://localhost:0/...`: a named port is not resolved and the image has no curl);
#   - telnet and HTTP answer through the published ports;
#   - `podman kill --signal HUP` reloads the configuration (logged, pod stays up);
#   - a graceful stop as the kubelet does it: SIGTERM to the container, then a wait of up to
#     30 s (terminationGracePeriodSeconds); /readyz answers 503 through the published port
#     while searches are still served (drain_delay), the log says "draining", "drain over" and
#     "stopped", exit code 0; then `podman kube down` removes the pod. (podman 4.3's `kube
#     down` alone removes a running pod by force, SIGKILL without a grace period, unlike a
#     Kubernetes pod deletion: that is why the stop comes first.)
# What kube play does not cover (HPA, PDB, Service load-balancing, rolling updates) is said
# in the README. Exit 77 (ctest SKIP_RETURN_CODE) with the reason when it cannot run here:
# not root, no podman, or podman cannot run containers. Every wait has a deadline; the pod is
# always removed.
set -euo pipefail
export TEST_NAME=kube-play
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

src=$(cd "${1:?usage: kube_play_test.sh SOURCE_DIR BUILD_DIR}" && pwd)
build=$(cd "${2:?usage: kube_play_test.sh SOURCE_DIR BUILD_DIR}" && pwd)
skip() { log "SKIP: $*"; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "needs root (podman with published ports)"
command -v podman >/dev/null || skip "podman is not installed (scripts/install-deps.sh --test)"
command -v python3 >/dev/null || skip "python3 is not installed"
python3 -c 'import yaml' 2>/dev/null || skip "python3-yaml is not installed"
timeout 60 podman info >/dev/null 2>&1 || skip "podman cannot run here: $(podman info 2>&1 | tail -n 1)"
podman kube play --help >/dev/null 2>&1 || skip "this podman has no 'kube play'"

# A tag of its own: the container test (and other checkouts on this machine) build
# localhost/charfinder:test at the same time. The layers are shared through podman's cache;
# the tag is removed at the end.
image=${CHARFINDER_TEST_IMAGE:-localhost/charfinder:kube-play-$$}
manifests=$src/deploy/kubernetes
started=$SECONDS
work=$(mktemp -d /tmp/charfinder-kube-test.XXXXXX)
play="$work/play.yaml"
container=""
cleanup() {
  local rc=$?
  set +e
  if [[ -f "$play" ]]; then
    if ((rc != 0)) && [[ -n "$container" ]]; then
      log "--- container log"; tail -n 40 "$work/container.log" >&2
    fi
    timeout 60 podman kube down "$play" >/dev/null 2>&1
  fi
  [[ -z "${CHARFINDER_TEST_IMAGE:-}" ]] && podman untag "$image" >/dev/null 2>&1
  rm -rf "$work"
  log "finished in $((SECONDS - started)) s, exit $rc"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- static checks (fast; no podman)
python3 "$here/kube_manifests.py" check "$manifests" "$build/daemon/charfinder" \
  | sed 's/^/  /' >&2 || die "manifest checks failed"
log "ok: manifest checks"

# --- image
podman_setup
podman_base_image
podman_build_image "$src" "$image" "$work/build.log"

# --- play
telnet_port=$(free_port)
http_port=$(free_port)
while [[ "$http_port" == "$telnet_port" ]]; do http_port=$(free_port); done
python3 "$here/kube_manifests.py" play "$manifests" "$image" "$telnet_port" "$http_port" "$play"
# Without systemd as PID 1 podman cannot schedule the liveness healthcheck and says so on
# stderr ("unable to get systemd connection"); shown only on failure.
# The container's log goes to a file of our own, so it outlives the pod.
if ! timeout 120 podman kube play --log-driver k8s-file --log-opt "path=$work/container.log" \
       "$play" >"$work/play.log" 2>&1; then
  cat "$work/play.log" >&2
  die "podman kube play failed"
fi
container=$(podman ps --filter label=app.kubernetes.io/name=charfinder --format '{{.Names}}' \
            | grep -v -- '-infra$' | head -n 1)
[[ -n "$container" ]] || container=$(podman ps --format '{{.Names}}' | grep -- '-charfinder$' | head -n 1)
[[ -n "$container" ]] || die "no charfinder container after kube play: $(podman ps -a --pod)"
pod=$(podman inspect --format '{{.Pod}}' "$container")
log "kube play: pod ${pod:0:12}, container $container"
deadline=$((SECONDS + 30))
until grep -q 'ready telnet=' "$work/container.log"; do
  [[ "$(podman inspect --format '{{.State.Running}}' "$container")" == true ]] \
    || die "the container exited: $(tail -n 5 "$work/container.log")"
  ((SECONDS < deadline)) || die "no 'ready' line within 30 s"
  sleep 0.2
done
log "ok: $(grep -o 'ready telnet=[^"]*' "$work/container.log" | head -n 1)"

# --- the security context, as the kernel sees it
status=$(podman exec "$container" cat /proc/1/status)
uid=$(awk '/^Uid:/ {print $2}' <<<"$status")
capeff=$(awk '/^CapEff:/ {print $2}' <<<"$status")
seccomp=$(awk '/^Seccomp:/ {print $2}' <<<"$status")
nnp=$(awk '/^NoNewPrivs:/ {print $2}' <<<"$status")
[[ "$uid" == 10001 ]] || die "PID 1 runs as uid $uid, not 10001"
[[ "$capeff" == 0000000000000000 ]] || die "PID 1 has capabilities $capeff"
[[ "$seccomp" == 2 ]] || die "PID 1 has no seccomp filter (Seccomp: $seccomp)"
[[ "$nnp" == 1 ]] || die "no-new-privileges is not set"
[[ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container")" == true ]] \
  || die "the root file system is writable"
podman exec "$container" charfinder check-config /etc/charfinder/charfinder.yaml \
  | grep -q 'drain_delay: 5s' || die "the ConfigMap's file is not mounted at /etc/charfinder"
log "ok: uid 10001, CapEff 0, seccomp filter, no_new_privs, read-only root, ConfigMap mounted"

# --- probes, and both protocols through the published ports
python3 "$here/kube_manifests.py" probes "$manifests" "$http_port" | sed 's/^/  /' >&2 \
  || die "a probe failed"
expected=$(podman exec "$container" charfinder find sun | tail -n 1)
answer=$(python3 "$here/probe.py" telnet 127.0.0.1 "$telnet_port" sun) || die "telnet query failed"
[[ "$answer" == "$expected" ]] || die "telnet 'sun' answered '$answer', expected '$expected'"
answer=$(python3 "$here/probe.py" search 127.0.0.1 "$http_port" sun) || die "HTTP query failed"
[[ "${answer%% *}" == "total=${expected%% *}" ]] || die "HTTP search for sun gave '$answer'"
log "ok: telnet and HTTP answer through 127.0.0.1:$telnet_port and 127.0.0.1:$http_port"

# --- SIGHUP through podman
timeout 30 podman kill --signal HUP "$container" >/dev/null
deadline=$((SECONDS + 10))
until grep -q 'configuration reloaded' "$work/container.log"; do
  ((SECONDS < deadline)) || die "no 'configuration reloaded' line after podman kill --signal HUP"
  sleep 0.1
done
[[ "$(podman inspect --format '{{.State.Running}}' "$container")" == true ]] \
  || die "the container stopped after SIGHUP"
log "ok: podman kill --signal HUP -> $(grep -o 'configuration reloaded[^"]*' "$work/container.log" | head -n 1)"

# --- graceful stop, as the kubelet does it on a pod deletion: SIGTERM to the container,
# then wait up to terminationGracePeriodSeconds (30 s). (`podman pod stop` would do the same
# but tears the pod's port forwarding down at once and refuses `exec` meanwhile, so the drain
# could not be watched; `podman kube down` alone kills the pod, see above.)
python3 "$here/kube_manifests.py" drain "$http_port" 20 >"$work/drain.txt" &
drain_pid=$!
sleep 0.3
t0=$(date +%s.%N)
timeout 30 podman kill --signal TERM "$container" >/dev/null || die "podman kill --signal TERM failed"
# restartPolicy Always: podman starts it again at once (kube down removes that one), so
# `podman wait` can miss the exit; the container's "died" event keeps its exit code and time.
since=${t0%.*}  # whole seconds: the exit is at least the drain (5 s) later
code="" t1=""
for _ in $(seq 1 80); do  # 40 s
  read -r code t1 < <(timeout 10 podman events --stream=false --since "$since" \
    --filter container="$container" --filter event=died \
    --format '{{.ContainerExitCode}} {{.Time.Unix}}' 2>/dev/null | head -n 1) || true
  [[ -n "$code" ]] && break
  sleep 0.5
done
[[ -n "$code" ]] || die "the container did not exit within 30 s of SIGTERM"
wait "$drain_pid" || die "no drain seen from outside: $(cat "$work/drain.txt")"
[[ "$code" == 0 ]] || die "exit code $code after SIGTERM (expected 0)"
for line in 'shutting down (SIGTERM)' 'draining for 5000 ms' 'drain over after 5000 ms' '"stopped"'; do
  grep -qF "$line" "$work/container.log" || die "no '$line' in the log: $(tail -n 3 "$work/container.log")"
done
log "ok: SIGTERM -> exit 0 after $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s (drain 5 s); seen from outside: $(cat "$work/drain.txt")"
timeout 60 podman kube down "$play" >"$work/down.log" 2>&1 || { cat "$work/down.log" >&2; die "podman kube down failed"; }
rm -f "$play"  # nothing left to take down
podman container exists "$container" && die "the container is still there after kube down"
log "ok: podman kube down removed the pod"
log "PASS"

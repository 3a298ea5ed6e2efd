# tests/deploy/lib.sh: helpers shared by the deploy tests (sourced, not run).
# shellcheck shell=bash
# Everything here is bounded in time and idempotent; caches live under $CHARFINDER_TEST_CACHE.

: "${CHARFINDER_TEST_CACHE:=/var/cache/charfinder-test}"

log() { printf '[%s %(%H:%M:%S)T] %s\n' "${TEST_NAME:-deploy}" -1 "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

# need_root_and_tools WHY TOOL...  dies unless run as root (WHY says what for) and every TOOL
# is on PATH.
need_root_and_tools() {
  local why=$1 tool
  shift
  [[ $(id -u) -eq 0 ]] || die "needs root ($why)"
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh --test)"
  done
}

# finish_test RC [ROOT]  the end of a test's cleanup (its EXIT trap): unmounts ROOT if it is
# mounted, removes $work, logs how long the test took (since $started) and exits with RC.
finish_test() {
  local rc=$1 root=${2:-}
  [[ -n "$root" ]] && mountpoint -q "$root" && umount "$root"
  rm -rf "$work"
  log "finished in $((SECONDS - started)) s, exit $rc"
  exit "$rc"
}

# on_exit FUNCTION  runs FUNCTION (which ends with finish_test) when the test exits, also on
# INT and TERM (exit status 130).
on_exit() {
  trap "$1" EXIT
  trap 'exit 130' INT TERM
}

# The Debian mirror this machine's apt already uses (deb822 or one-line format).
debian_mirror() {
  local m=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    m=$(awk 'tolower($1)=="uris:" {for (i=2;i<=NF;i++) print $i}' /etc/apt/sources.list.d/*.sources \
        | grep -E '/debian/?$' | head -n1)
  fi
  if [[ -z "$m" ]]; then
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | awk '$1=="deb" {for (i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; break}}' \
        | grep -E '/debian/?$' | head -n1)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

# A free TCP port on 127.0.0.1 (the kernel picks it; a race with another process binding it
# right after is possible but unlikely, and the test then fails loudly, never silently).
free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

# debootstrap_cached DIR "pkg1,pkg2"  builds a Debian bookworm minbase tree at DIR unless one is
# there already (marked by DIR/.charfinder-complete). Serialised with flock so concurrent test
# runs do not build it twice; built in DIR.partial and renamed, so a killed run leaves no
# half tree behind.
debootstrap_cached() {
  local dir=$1 include=$2 mirror
  mkdir -p "$(dirname "$dir")"
  exec {lockfd}>"$dir.lock"
  flock -w 1200 "$lockfd" || die "timed out waiting for the lock on $dir.lock"
  if [[ -f "$dir/.charfinder-complete" && "$(cat "$dir/.charfinder-complete")" == "$include" ]]; then
    exec {lockfd}>&-
    return 0
  fi
  mirror=$(debian_mirror)
  log "debootstrap bookworm into $dir (mirror $mirror; first run only, a few minutes)"
  rm -rf "$dir.partial" "$dir"
  mkdir -m 755 "$dir.partial"
  if ! timeout 1200 debootstrap --variant=minbase ${include:+--include="$include"} \
         bookworm "$dir.partial" "$mirror" >"$dir.debootstrap.log" 2>&1; then
    tail -n 30 "$dir.debootstrap.log" >&2
    exec {lockfd}>&-
    die "debootstrap failed (log: $dir.debootstrap.log)"
  fi
  chmod 755 "$dir.partial"   # a 700 root directory makes dbus inside the container hang
  echo "$include" >"$dir.partial/.charfinder-complete"
  mv "$dir.partial" "$dir"
  exec {lockfd}>&-
}

# toml_ensure FILE SECTION KEY VALUE: sets KEY in [SECTION] of a TOML file unless the key is
# already set anywhere in it (an operator's own choice wins). Idempotent.
toml_ensure() {
  local file=$1 section=$2 key=$3 value=$4
  touch "$file"
  grep -Eq "^[[:space:]]*${key}[[:space:]]*=" "$file" && return 0
  if grep -Eq "^[[:space:]]*\[$section\][[:space:]]*$" "$file"; then
    sed -i "/^[[:space:]]*\[$section\][[:space:]]*$/a $key = $value" "$file"
  else
    printf '\n[%s]\n%s = %s\n' "$section" "$key" "$value" >>"$file"
  fi
  log "containers.conf: set [$section] $key = $value"
}

# podman_setup: what podman needs on these hosts: runc (crun fails on hybrid cgroups) and
# ulimits that fit under this machine's hard limit.
podman_setup() {
  local conf=/etc/containers/containers.conf hard
  mkdir -p /etc/containers
  hard=$(ulimit -Hn)
  toml_ensure "$conf" engine runtime '"runc"'
  toml_ensure "$conf" containers default_ulimits "[\"nofile=$hard:$hard\", \"nproc=4096:4096\"]"
}

# podman_base_image: docker.io/library/debian:bookworm-slim made locally (no registry is
# reachable): a debootstrap minbase tree without docs, man pages, locales and apt lists, and
# with the slim image's dpkg excludes so later apt-get installs skip them too.
podman_base_image() {
  local image=docker.io/library/debian:bookworm-slim dir="$CHARFINDER_TEST_CACHE/podman-bookworm"
  podman image exists "$image" && return 0
  debootstrap_cached "$dir" ""
  mkdir -p "$dir/etc/dpkg/dpkg.cfg.d"
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
CFG
  log "importing $image from $dir"
  tar -C "$dir" --numeric-owner \
      --exclude=./.charfinder-complete --exclude='./usr/share/doc/*' \
      --exclude='./usr/share/man/*' --exclude='./usr/share/locale/*' \
      --exclude='./usr/share/info/*' --exclude='./var/cache/apt/*' \
      --exclude='./var/lib/apt/lists/*' --exclude='./var/log/*' -c . \
    | podman import --change 'CMD ["bash"]' - "$image" >"$dir.import.log" 2>&1 \
    || { cat "$dir.import.log" >&2; die "podman import of $image failed"; }
}

# podman_build_image SOURCE_DIR IMAGE LOG: builds the Dockerfile of SOURCE_DIR as IMAGE (docker
# format, so the HEALTHCHECK is kept), with podman's layer cache: an unchanged tree rebuilds in
# seconds, a changed one recompiles in the build stage (minutes, both cores). Shared by the
# container and kube play tests. Then drops untagged images older than a day (each rebuild
# leaves the previous one, ~0.9 GB with its build stage).
podman_build_image() {
  local src=$1 image=$2 build_log=$3 t0=$SECONDS
  if ! timeout 2400 podman build --pull=never --format docker --layers -t "$image" \
         -f "$src/Dockerfile" "$src" >"$build_log" 2>&1; then
    tail -n 60 "$build_log" >&2
    die "podman build failed"
  fi
  log "image $image built in $((SECONDS - t0)) s"
  podman image prune -f --filter until=24h >/dev/null 2>&1 || true
}

#!/usr/bin/env bash
# tests/deploy/units_test.sh BUILD_DIR
#
# Static checks of the installed systemd units, without booting anything:
#   - `systemd-analyze verify` prints nothing at all (any output is a failure)
#   - `systemd-analyze security --offline=true` rates charfinder.service at most 1.5
#   - ExecStart= and the config path follow the install prefix
# The build is installed with DESTDIR into a scratch root that also gets this machine's own
# unit files (verify resolves sysinit.target & co. under --root).
set -euo pipefail
export TEST_NAME=units
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

build=$(cd "${1:?usage: units_test.sh BUILD_DIR}" && pwd)
command -v systemd-analyze >/dev/null || die "systemd-analyze is missing"
max_exposure=${CHARFINDER_MAX_EXPOSURE:-1.5}

root=$(mktemp -d /tmp/charfinder-units-test.XXXXXX)
trap 'rm -rf "$root"' EXIT
DESTDIR="$root" cmake --install "$build" >"$root.install.log" 2>&1 || {
  cat "$root.install.log" >&2; rm -f "$root.install.log"; die "cmake --install failed"; }
rm -f "$root.install.log"
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:[A-Z]*=//p' "$build/CMakeCache.txt")
units="$root$prefix/lib/systemd/system"
mkdir -p "$root/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
mkdir -p "$root/etc/systemd/system"
cp "$units"/charfinder* "$root/etc/systemd/system/"  # whatever the prefix, on the unit path
# ExecReload= runs /bin/sh (kill is its builtin): verify checks it is executable under --root.
mkdir -p "$root/bin" && cp -L /bin/sh "$root/bin/sh"

exec_start=$(sed -n 's/^ExecStart=//p' "$units/charfinder.service")
config=${exec_start##* }
log "ExecStart=$exec_start"
[[ "$exec_start" == "$prefix/bin/charfinder serve --config "* ]] \
  || die "ExecStart does not start $prefix/bin/charfinder serve --config …"
[[ -x "$root${exec_start%% *}" ]] || die "ExecStart's binary is not installed at ${exec_start%% *}"
[[ -f "$root$config" ]] || die "the config named in ExecStart ($config) is not installed"
grep -q '0.0.0.0:2323' "$root$config" && grep -q '\[::\]:8888' "$root$config" \
  || die "the installed config does not listen on all interfaces"
log "ok: ExecStart and the installed config agree ($config)"

out=$(cd "$root/etc/systemd/system" && systemd-analyze verify --root="$root" \
        charfinder.service charfinder-telnet.socket charfinder-http.socket 2>&1) || true
[[ -z "$out" ]] || die "systemd-analyze verify printed: $out"
log "ok: systemd-analyze verify prints nothing"

out=$(systemd-analyze security --offline=true --root="$root" --no-pager charfinder.service 2>&1) \
  || true
score=$(sed -n 's/.*Overall exposure level for charfinder.service: \([0-9.]*\).*/\1/p' <<<"$out")
[[ -n "$score" ]] || die "no exposure score in: $out"
grep -v '✓' <<<"$out" | sed -n '2,$p' | sed 's/  */ /g' >&2
awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }' \
  || die "exposure $score > $max_exposure"
log "ok: systemd-analyze security exposure $score (limit $max_exposure)"
log "PASS"

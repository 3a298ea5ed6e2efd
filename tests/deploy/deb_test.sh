#!/usr/bin/env bash
# tests/deploy/deb_test.sh BUILD_DIR
#
# Builds the .deb with CPack from BUILD_DIR and installs it with `apt install ./charfinder…deb`
# into a pristine Debian bookworm minbase tree (no charfinder libraries in it), so apt must
# resolve and fetch the declared runtime dependencies from the Debian mirror. Then checks the
# installed binary answers a query, the config is a conffile at /etc/charfinder, the units
# are under /usr/lib/systemd/system with /usr paths, and remove + purge leave nothing behind.
# The tree is cached ($CHARFINDER_TEST_CACHE/podman-bookworm, shared with container_test.sh)
# and used through an overlay. Needs root and the mirror apt uses.
set -euo pipefail
export TEST_NAME=deb
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

build=$(cd "${1:?usage: deb_test.sh BUILD_DIR}" && pwd)
need_root_and_tools "systemd-nspawn, mounts" cpack systemd-nspawn debootstrap
started=$SECONDS
work=$(mktemp -d /tmp/charfinder-deb-test.XXXXXX)
root="$work/root"
cleanup() {
  local rc=$?
  set +e
  finish_test "$rc" "$root"
}
on_exit cleanup

(cd "$work" && cpack --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log" >&2; die "cpack failed"; }
deb=$(ls "$work"/pkg/charfinder_*.deb)
log "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"
log "Depends: $(dpkg-deb -f "$deb" Depends)"

base="$CHARFINDER_TEST_CACHE/podman-bookworm"
debootstrap_cached "$base" ""
mkdir -p "$work/upper" "$work/work" "$root"
mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/work" "$root" \
  2>/dev/null || cp -a "$base/." "$root/"
chmod 755 "$root"
cp "$deb" "$root/var/tmp/"  # nspawn mounts a tmpfs on /tmp

# In the tree (not booted: systemd is not even installed there, so the maintainer scripts
# take their no-systemd path): install with apt, use it, remove it, purge it.
script=$(cat <<EOS
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null
apt-get -q install -y --no-install-recommends ./$(basename "$deb")
echo "--- installed"
charfinder --version
charfinder find sun | tail -n 1
dpkg-query -W -f='\${Conffiles}\n' charfinder
grep -h '^ExecStart=' /usr/lib/systemd/system/charfinder.service
ls /usr/lib/systemd/system/charfinder-telnet.socket /usr/lib/systemd/system/charfinder-http.socket
grep -q '0.0.0.0:2323' /etc/charfinder/charfinder.yaml
apt-get -q remove -y charfinder >/dev/null
test ! -e /usr/bin/charfinder
test -e /etc/charfinder/charfinder.yaml   # a removed package keeps its conffiles
apt-get -q purge -y charfinder >/dev/null
test ! -e /etc/charfinder/charfinder.yaml
echo "--- removed and purged"
EOS
)
if ! (timeout 900 systemd-nspawn --quiet --directory="$root" --register=no \
        --keep-unit --console=pipe --chdir=/var/tmp /bin/sh -c "$script") >"$work/apt.log" 2>&1; then
  tail -n 40 "$work/apt.log" >&2
  die "apt install ./$(basename "$deb") in a fresh bookworm tree failed"
fi
grep -E '^(Setting up|--- )' "$work/apt.log" | sed 's/^/  /' >&2
out=$(sed -n '/^--- installed/,/^--- removed/p' "$work/apt.log")
expected=$("$build/daemon/charfinder" find sun | tail -n 1)
grep -qF "$expected" <<<"$out" || die "the installed binary did not answer '$expected': $out"
grep -q '^ /etc/charfinder/charfinder.yaml ' <<<"$out" || die "/etc/charfinder/charfinder.yaml is not a conffile"
grep -q '^ExecStart=/usr/bin/charfinder serve --config /etc/charfinder/charfinder.yaml$' <<<"$out" \
  || die "ExecStart does not use /usr/bin and /etc: $out"
log "ok: apt installed it with its dependencies; it answers '$expected'; remove and purge clean"
log "PASS"

#!/usr/bin/env bash
# A real telnet client (Debian's `telnet`, driven through tmux) against the real daemon:
# banner, `chess black` → 33 matches, `sun` → 17, then Ctrl-C: telnet sends IAC IP (and
# IAC DO TIMING-MARK), the daemon answers with its goodbye and closes, telnet exits.
# A second session ends with Ctrl-D on an empty line.
# Usage: telnet_client_test.sh /path/to/charfinder
# Fails loudly (with the screen and the daemon log) on anything unexpected; every wait has a
# deadline, so it never hangs.
set -euo pipefail

binary=${1:?usage: telnet_client_test.sh /path/to/charfinder}
unset TMUX  # our own tmux servers, even when the tests themselves run inside tmux
for tool in telnet tmux; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done

source "$(dirname "$0")/daemon_lib.sh"
work=$(mktemp -d)
# One tmux server per telnet session: restarting a server on the same socket races with the
# old one's exit ("server exited unexpectedly").
socket_base="charfinder-telnet-test-$$"
socket="$socket_base-0"
cleanup() {
  for s in "$socket_base"-{1,2}; do
    tmux -L "$s" kill-server 2>/dev/null || true
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$s"
  done
  stop_daemon
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "--- screen ---" >&2
  tmux -L "$socket" capture-pane -p -t cf 2>/dev/null >&2 || true
  echo "--- daemon log ---" >&2
  cat "$work/daemon.log" >&2 || true
  exit 1
}

# Waits up to $2 seconds until the screen contains the fixed string $1.
wait_screen() {
  local needle=$1 seconds=${2:-10}
  for _ in $(seq $((seconds * 20))); do
    # Capture first, then search: with pipefail, `capture-pane | grep -q` fails whenever
    # grep exits on an early match while tmux is still writing (SIGPIPE), and the loop then
    # misses a screen that does show the needle.
    local screen
    screen=$(tmux -L "$socket" capture-pane -p -J -S -200 -t cf 2>/dev/null) || screen=""
    grep -qF -- "$needle" <<<"$screen" && return 0
    sleep 0.05
  done
  fail "the screen never showed: $needle"
}

wait_log() {
  local needle=$1 seconds=${2:-10}
  for _ in $(seq $((seconds * 20))); do
    grep -qF -- "$needle" "$work/daemon.log" && return 0
    sleep 0.05
  done
  fail "the daemon never logged: $needle"
}

# Waits until telnet has exited (its pane is dead).
wait_telnet_exit() {
  for _ in $(seq 200); do
    [[ $(tmux -L "$socket" display-message -p -t cf '#{pane_dead}' 2>/dev/null) == 1 ]] && return 0
    sleep 0.05
  done
  fail "telnet did not exit after the goodbye"
}

start_daemon "$binary" "$work/daemon.log"
port=${telnet_address##*:}

# start_telnet N: telnet in a fresh tmux server number N.
start_telnet() {
  socket="$socket_base-$1"
  tmux -L "$socket" new-session -d -s cf -x 160 -y 60
  tmux -L "$socket" set-option -t cf remain-on-exit on
  tmux -L "$socket" respawn-pane -k -t cf "telnet 127.0.0.1 $port"
  wait_screen "Connected to 127.0.0.1." 10
  wait_screen "/help for help" 10
  wait_screen "?> " 10
}

# Session 1: queries, then Ctrl-C.
start_telnet 1
tmux -L "$socket" send-keys -t cf 'chess black' Enter
wait_screen "33 matches for 'chess black'" 10
wait_screen "BLACK CHESS KING" 10
tmux -L "$socket" send-keys -t cf 'sun' Enter
wait_screen "91 matches for 'sun'" 10
tmux -L "$socket" send-keys -t cf C-c
wait_screen "interrupted, goodbye" 10
wait_screen "Connection closed by foreign host." 10
wait_telnet_exit
wait_log "closed: interrupt, 2 queries" 5

# Session 2: Ctrl-D on an empty line.
tmux -L "$socket" kill-server 2>/dev/null || true
start_telnet 2
tmux -L "$socket" send-keys -t cf 'U+1F431' Enter
wait_screen "1 match for 'U+1F431'" 10
tmux -L "$socket" send-keys -t cf C-d
wait_screen "end of input, goodbye" 10
wait_screen "Connection closed by foreign host." 10
wait_telnet_exit
wait_log "closed: end of input, 1 queries" 5

echo "PASS: telnet client: queries answered; Ctrl-C and Ctrl-D end the session with a goodbye"

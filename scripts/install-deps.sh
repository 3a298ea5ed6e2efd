#!/usr/bin/env bash
# Installs, from Debian 12's archive, whatever charfinder needs and this machine lacks.
#   scripts/install-deps.sh          build and run the daemon
#   scripts/install-deps.sh --test   also everything the test suite drives (telnet, Chromium,
#                                    systemd-nspawn, podman, wrk, nginx, ...)
# Needs root (or sudo). Does nothing when every package is already installed.
set -euo pipefail

packages=(build-essential cmake ninja-build pkg-config
          libicu-dev libasio-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev
          libsystemd-dev libjemalloc-dev libbenchmark-dev catch2
          unicode-data unicode-cldr-core libpugixml-dev bzip2 zlib1g-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(curl telnet tmux expect nlohmann-json3-dev python3 clang-format-14 git wrk nginx-light
             chromium nodejs npm
             systemd-container debootstrap
             podman buildah runc catatonit netavark aardvark-dns iptables uidmap slirp4netns
             haproxy clang-16 libclang-rt-16-dev clang-tidy-16)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from outside Debian on developer machines; accept a working one.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}"); missing=("${missing[@]/npm/}")
fi
read -r -a missing <<<"${missing[*]:-}"
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

#!/usr/bin/env bash
# Install what is missing, build, and start the daemon with the built-in defaults
# (telnet on 127.0.0.1:2323, HTTP on 127.0.0.1:8888). Extra arguments go to `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target charfinder
exec build/daemon/charfinder serve "$@"

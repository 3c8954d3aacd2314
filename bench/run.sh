#!/usr/bin/env bash
# The benchmark suite: bench/run.sh (full, ~20 minutes) or bench/run.sh --quick (a smoke run).
# Release builds, loopback only, bounded in time; installs what it needs from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v wrk >/dev/null || need+=(wrk)
if [[ " $* " != *" --quick "* ]]; then
  command -v clang >/dev/null || need+=(clang)
  dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
fi
if ((${#need[@]})); then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
exec python3 bench/bench.py "$@"

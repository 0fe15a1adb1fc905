#!/usr/bin/env bash
# Installs every Debian package the build and the tests need, and any further packages
# named as arguments (bench/install-deps.sh). Idempotent and non-interactive: packages
# already present are skipped, so a second run is fast.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libboost-system-dev libssl-dev
  libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev libsimdjson-dev
  libsqlite3-dev sqlite3 libpq-dev libhiredis-dev libjemalloc-dev prometheus-cpp-dev
  postgresql-15 postgresql-client-15 redis-server
  libgtest-dev libgmock-dev libbenchmark-dev
  gnuplot-nox
)

packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

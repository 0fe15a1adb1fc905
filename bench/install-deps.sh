#!/usr/bin/env bash
# Installs what the benchmarks need on top of scripts/install-deps.sh: the load generators
# (wrk with LuaJIT scripting; h2load from nghttp2-client, which can also hold a fixed rate)
# and the profilers used for the cost figures. Idempotent and non-interactive: packages
# already present are skipped, so a second run is fast.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

packages=(wrk nghttp2-client valgrind linux-perf heaptrack libbenchmark-dev procps iproute2 curl jq)

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

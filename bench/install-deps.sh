#!/usr/bin/env bash
# Installs what the benchmarks need on top of the build's packages: the load generators
# (wrk with LuaJIT scripting; h2load from nghttp2-client, which can also hold a fixed rate)
# and the profilers used for the cost figures. Idempotent and non-interactive.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/install-deps.sh wrk nghttp2-client valgrind linux-perf heaptrack libbenchmark-dev \
  procps iproute2 curl jq haproxy

#!/usr/bin/env bash
# Builds and runs every test: the Release build, then the ASan+UBSan build, then each fuzzer
# for a short run; the tests run against real servers this script starts on free loopback
# ports and stops at the end (PostgreSQL, Redis; the Bot API emulator is started by
# scripts/e2e.sh for its own run).
# GOFROBOT_SANITIZE=0 skips the sanitizer build, GOFROBOT_FUZZ=0 the fuzzers (quicker local runs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# Prometheus (its server and promtool) checks the metrics endpoint in the end-to-end tests;
# haproxy balances the three replicas of the scale-out test.
scripts/install-deps.sh prometheus haproxy

source scripts/lib/test-servers.sh

jobs=${GOFROBOT_JOBS:-$(nproc)}
presets=(release)
[[ ${GOFROBOT_SANITIZE:-1} == 0 ]] || presets+=(asan)

for preset in "${presets[@]}"; do
  echo "=== ${preset}: build ($(date +%T))"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "=== ${preset}: test ($(date +%T))"
  ctest --preset "$preset" -j "$jobs" --timeout 600
  echo "=== ${preset}: end-to-end, the binary against a Bot API emulator ($(date +%T))"
  GOFROBOT_BINARY="$root/build/$preset/src/app/gofrobot" scripts/e2e.sh
  if [[ $preset == release ]]; then
    # What deploy/ ships (rules, manifests, dashboard), checked offline against this binary.
    echo "=== deploy checks ($(date +%T))"
    GOFROBOT_BINARY="$root/build/$preset/src/app/gofrobot" deploy/check.sh
    # Each benchmark once on a tiny input, so they cannot rot; speed is not asserted.
    echo "=== benchmarks, quick ($(date +%T))"
    bench/run --quick
  fi
done

# Every libFuzzer target for a short, fixed run (the same inputs each time: a finding is a
# regression, reproducible with the same command). Longer runs: scripts/fuzz.sh --seconds N.
# GOFROBOT_FUZZ=0 skips it (quicker local runs).
if [[ ${GOFROBOT_FUZZ:-1} != 0 ]]; then
  echo "=== fuzzing, 10 s a target ($(date +%T))"
  scripts/fuzz.sh --seconds 10 --seed 1
fi
echo "=== done ($(date +%T))"

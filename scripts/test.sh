#!/usr/bin/env bash
# Builds and runs every test: the Release build, then the ASan+UBSan build.
# GOFROBOT_SANITIZE=0 skips the sanitizer build (quicker local runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=${GOFROBOT_JOBS:-$(nproc)}
presets=(release)
[[ ${GOFROBOT_SANITIZE:-1} == 0 ]] || presets+=(asan)

for preset in "${presets[@]}"; do
  echo "=== ${preset}: build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "=== ${preset}: test"
  ctest --preset "$preset" -j "$jobs" --timeout 300
done

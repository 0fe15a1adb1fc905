#!/usr/bin/env bash
# Builds the ThreadSanitizer build (build/tsan, preset tsan) and runs the test suite with it
# against the PostgreSQL and Redis servers it starts (as scripts/test.sh does), then the
# end-to-end tests with the TSan binary. Too slow for CI on a 2-core machine next to the
# Release and ASan runs (docs/RELIABILITY.md, "Threads" says when it last passed).
#
#   scripts/tsan.sh            everything
#   scripts/tsan.sh -R Http    only the ctest tests matching a regular expression (no e2e)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/install-deps.sh prometheus haproxy

source scripts/lib/test-servers.sh

# Every report fails the run; races inside libraries built without TSan (libpq, SQLite,
# hiredis, OpenSSL) are not seen, their calls are.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/tsan.supp}

jobs=${GOFROBOT_JOBS:-$(nproc)}
echo "=== tsan: build ($(date +%T))"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs"
echo "=== tsan: test ($(date +%T))"
ctest --preset tsan -j "$jobs" --timeout 900 "$@"
if (($# == 0)); then
  echo "=== tsan: end-to-end ($(date +%T))"
  GOFROBOT_BINARY="$root/build/tsan/src/app/gofrobot" E2E_REPLY_TIMEOUT_MS=60000 scripts/e2e.sh
fi
echo "=== tsan: passed ($(date +%T))"

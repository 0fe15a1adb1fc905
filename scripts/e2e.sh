#!/usr/bin/env bash
# Runs the end-to-end tests (tests/e2e): the real gofrobot binary against the Telegram Bot API
# emulator behind our fault-injecting proxy, all on loopback. GOFROBOT_BINARY names the binary
# (default build/release/src/app/gofrobot). Scenarios that need `gofrobot run` skip, with the
# reason, while the binary has no such command; the launcher self-test always runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-e2e.sh

export GOFROBOT_BINARY=${GOFROBOT_BINARY:-$PWD/build/release/src/app/gofrobot}
echo "=== e2e tests (binary: $GOFROBOT_BINARY)"
args=(--test)
help=$(node --help)
# The test files run side by side (each has its own emulator, proxy and bot) where node allows it.
if grep -q -- '--test-concurrency' <<<"$help"; then args+=(--test-concurrency=4); fi
# Every wait in the tests is bounded; this is the last resort for a test that hangs anyway.
if grep -q -- '--test-timeout' <<<"$help"; then args+=(--test-timeout=150000); fi
timeout --kill-after=10 600 node "${args[@]}" tests/e2e/

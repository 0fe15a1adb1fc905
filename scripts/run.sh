#!/usr/bin/env bash
# Builds gofrobot in Release and starts it on the embedded default.
# Until the Telegram transport lands, that is `gofrobot play`: the game in this terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target gofrobot
exec build/release/src/app/gofrobot play "$@"

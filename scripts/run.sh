#!/usr/bin/env bash
# Builds gofrobot in Release and starts the bot on the embedded default: long polling,
# a SQLite file under data/, the in-process cache. It needs a bot token (BOT_TOKEN in the
# environment or in .env); without one it says where to get it and that
# `build/release/src/app/gofrobot play` works without Telegram.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target gofrobot
exec build/release/src/app/gofrobot run "$@"

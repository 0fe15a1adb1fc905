#!/usr/bin/env bash
# Installs what the end-to-end tests (tests/e2e) need: Node.js >= 18 with npm (Debian's packages
# when the machine has none), then the pinned Telegram Bot API emulator (telegram-test-api, from
# tests/e2e/package-lock.json) with `npm ci`. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if ! command -v node >/dev/null || [ "$(node_major)" -lt 18 ] || ! command -v npm >/dev/null; then
  echo "=== installing Node.js and npm (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  if command -v node >/dev/null && [ "$(node_major)" -ge 18 ]; then
    $sudo apt-get install -y -qq npm >/dev/null    # a node without npm (Debian's nodejs)
  else
    $sudo apt-get install -y -qq nodejs npm >/dev/null
  fi
fi
if [ "$(node_major)" -lt 18 ]; then
  echo "install-e2e.sh: Node.js >= 18 is needed, found $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

# npm ci wipes and reinstalls node_modules: run it only when the lockfile changed.
e2e=tests/e2e
stamp=$e2e/node_modules/.gofrobot-lock.sha256
want=$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)
if [ -f "$e2e/node_modules/telegram-test-api/package.json" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
echo "=== npm ci in $e2e (node $(node --version), npm $(npm --version))"
(cd "$e2e" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
echo "$want" >"$stamp"

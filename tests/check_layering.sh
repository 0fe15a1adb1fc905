#!/usr/bin/env bash
# Fails when a layer includes a layer it must not depend on (DESIGN.md §2):
# src/game is pure; src/store and src/cache know nothing of Telegram or the bot; src/net is
# plain networking that knows nothing of ours.
set -euo pipefail
src=${1:?usage: check_layering.sh SRC_DIR}
status=0
check() {
  local layer=$1 pattern=$2
  [[ -d $src/$layer ]] || return 0
  if grep -rnE "#include \"($pattern)/" "$src/$layer"; then
    echo "layering: src/$layer must not include $pattern" >&2
    status=1
  fi
}
check game 'bot|telegram|store|cache|guard|ops|net|app'
check store 'bot|telegram|guard|net|app'
check cache 'bot|telegram|store|guard|app'
check telegram 'bot|game|store|cache|guard|app'
check ops 'bot|telegram|store|cache|guard|app'
check net 'bot|game|telegram|store|cache|guard|ops|app'
check redis 'telegram|store|game|app'
check sim 'bot|telegram|store|cache|guard|ops|net|redis|app'
[[ $status -eq 0 ]] && echo "layering: ok"
exit $status

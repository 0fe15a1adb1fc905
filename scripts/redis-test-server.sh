#!/usr/bin/env bash
# A throwaway Redis server for the tests, separate from any system one: its config, pid
# file and log live in DIR, nothing is persisted, and it listens on a free loopback port.
#
#   scripts/redis-test-server.sh start DIR   # prints the URL as the last line of stdout
#   scripts/redis-test-server.sh stop DIR    # safe to repeat
#   scripts/redis-test-server.sh status DIR
#
#   export GOFROBOT_TEST_REDIS_URL=$(scripts/redis-test-server.sh start /tmp/redistest | tail -n1)
#
# `start` on a running server just prints its URL again; on a stopped one it starts a new
# one (on the same port if that is still free). The URL is also in DIR/url.
set -euo pipefail

die() { echo "redis-test-server: $*" >&2; exit 1; }
say() { echo "redis-test-server: $*" >&2; }

(($# == 2)) || die "usage: $0 start|stop|status DIR"
command=$1
dir=$(realpath -m -- "$2")

command -v redis-server >/dev/null || die "no redis-server (scripts/install-deps.sh installs it)"

is_running() {
  [[ -f $dir/pid ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null
}

source "$(dirname "${BASH_SOURCE[0]}")/lib/free-port.sh"

start() {
  mkdir -p "$dir"
  if is_running; then
    cat "$dir/url"
    return
  fi
  local port
  port=$(sed -n 's|^redis://127.0.0.1:\([0-9]*\).*|\1|p' "$dir/url" 2>/dev/null || true)
  if [[ -z $port || -n $(ss -Hltn "sport = :$port") ]]; then port=$(free_port); fi
  # No persistence: the tests want a server that forgets, and the bot never treats Redis
  # as the truth.
  cat >"$dir/redis.conf" <<EOF
bind 127.0.0.1
port $port
daemonize yes
pidfile $dir/pid
logfile $dir/redis.log
dir $dir
save ""
appendonly no
protected-mode yes
EOF
  say "starting on 127.0.0.1:$port"
  redis-server "$dir/redis.conf" || die "redis-server did not start (see $dir/redis.log)"
  for _ in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
      echo "redis://127.0.0.1:$port" >"$dir/url"
      cat "$dir/url"
      return
    fi
    sleep 0.05
  done
  die "redis-server did not answer on $port (see $dir/redis.log)"
}

stop() {
  is_running || return 0
  local pid
  pid=$(cat "$dir/pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
}

case $command in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running: $(cat "$dir/url")"; else echo "stopped"; exit 1; fi ;;
  *) die "usage: $0 start|stop|status DIR" ;;
esac

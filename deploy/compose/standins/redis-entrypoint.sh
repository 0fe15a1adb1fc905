#!/bin/sh
# The stand-in redis image's start (redis.Dockerfile): "redis-server OPTIONS…" as the official
# image takes it, without protected mode.
set -eu
[ "${1:-}" = redis-server ] && shift
exec /usr/bin/redis-server "$@" --protected-mode no

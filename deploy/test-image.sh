#!/usr/bin/env bash
# Runs the image deploy/build-image.sh built against the Bot API emulator of the e2e tests
# (deploy/test-image.mjs says what is checked): healthy, /start answered, state kept across
# containers on one volume, SIGTERM within 10 s, read-only root, non-root, a backup. Not in CI
# (building the image compiles the whole project: docs/DEPLOY.md); run it after
# deploy/build-image.sh:
#
#   deploy/build-image.sh && deploy/test-image.sh
#
# GOFROBOT_IMAGE names the image (default localhost/gofrobot:latest). Containers and the volume
# it makes carry the label gofrobot-test and are removed at the end, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

image=${GOFROBOT_IMAGE:-localhost/gofrobot:latest}
started=$(date +%s)

if ! podman image exists "$image"; then
  echo "test-image.sh: no image $image; build it first: deploy/build-image.sh" >&2
  exit 1
fi
scripts/install-e2e.sh

# The node script cleans up after itself; this is for an interrupted run (Ctrl-C, a kill).
clean_up() {
  local ids
  ids=$(podman ps --all --quiet --filter label=gofrobot-test 2>/dev/null || true)
  [ -n "$ids" ] && podman rm --force --time 0 $ids >/dev/null 2>&1 || true
  podman volume ls --quiet --filter name=gofrobot-test- 2>/dev/null | xargs -r podman volume rm --force >/dev/null 2>&1 || true
}
trap clean_up EXIT INT TERM

echo "=== $image: $(podman image inspect --format '{{.Size}}' "$image" | numfmt --to=si)B," \
  "revision $(podman image inspect --format '{{index .Labels "org.opencontainers.image.revision"}}' "$image")"
echo "=== the image against the Bot API emulator (deploy/test-image.mjs)"
node deploy/test-image.mjs "$image"

echo "test-image.sh: passed in $(($(date +%s) - started)) s"

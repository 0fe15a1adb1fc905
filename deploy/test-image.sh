#!/usr/bin/env bash
# Runs the image deploy/build-image.sh built against the Bot API emulator of the e2e tests:
#   1. the image alone (deploy/test-image.mjs): healthy, /start answered, state kept across
#      containers on one volume, SIGTERM within 10 s, read-only root, non-root, a backup;
#   2. the scale-out profile of deploy/compose.yaml (deploy/test-compose.mjs): PostgreSQL,
#      Redis, three replicas behind haproxy and Prometheus with the rules, started by Debian's
#      docker-compose through podman's API socket; the images of those services replaced by
#      stand-ins built from Debian's packages (deploy/compose/standins), Grafana left out.
# Not in CI
# (building the image compiles the whole project: docs/DEPLOY.md); run it after
# deploy/build-image.sh:
#
#   deploy/build-image.sh && deploy/test-image.sh
#
# GOFROBOT_IMAGE names the image (default localhost/gofrobot:latest); POSTGRES_IMAGE,
# REDIS_IMAGE, HAPROXY_IMAGE, PROMETHEUS_IMAGE replace the stand-ins. What it starts is named
# gofrobot-test-… and removed at the end, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

image=${GOFROBOT_IMAGE:-localhost/gofrobot:latest}
started=$(date +%s)

if ! podman image exists "$image"; then
  echo "test-image.sh: no image $image; build it first: deploy/build-image.sh" >&2
  exit 1
fi
scripts/install-e2e.sh
# docker-compose for the profile, and the CNI plugin that gives compose's network its DNS (the
# replicas find postgres, redis and each other by name).
scripts/install-deps.sh docker-compose golang-github-containernetworking-plugin-dnsname

# The node scripts clean up after themselves; this is for an interrupted run (Ctrl-C, a kill).
service_pid=""
work=$(mktemp -d)
clean_up() {
  local ids
  ids=$(podman ps --all --quiet --filter name=gofrobot-test- 2>/dev/null || true)
  [ -n "$ids" ] && podman rm --force --time 0 $ids >/dev/null 2>&1 || true
  podman volume ls --quiet --filter name=gofrobot-test- 2>/dev/null | xargs -r podman volume rm --force >/dev/null 2>&1 || true
  podman network ls --quiet --filter name=gofrobot-test- 2>/dev/null | xargs -r podman network rm >/dev/null 2>&1 || true
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap clean_up EXIT INT TERM

echo "=== $image: $(podman image inspect --format '{{.Size}}' "$image" | numfmt --to=si)B," \
  "revision $(podman image inspect --format '{{index .Labels "org.opencontainers.image.revision"}}' "$image")"
echo "=== the image against the Bot API emulator (deploy/test-image.mjs)"
node deploy/test-image.mjs "$image"

echo "=== the stand-in images of the scale-out profile (deploy/compose/standins)"
for service in postgres redis haproxy prometheus; do
  standin=localhost/gofrobot-standin-$service:latest
  if podman image exists "$standin"; then
    echo "$standin: present"
  else
    podman build --quiet --network host -f "deploy/compose/standins/$service.Dockerfile" \
      -t "$standin" deploy/compose/standins >/dev/null
    echo "$standin: built"
  fi
done

echo "=== compose, scale-out profile (deploy/test-compose.mjs)"
# docker-compose speaks Docker's API: podman serves it on a socket of this run's own.
# (Its log, full of "no systemd for the health check timers", stays in $work/service.log.)
podman system service --time=0 "unix://$work/podman.sock" 2>"$work/service.log" &
service_pid=$!
until [ -S "$work/podman.sock" ]; do sleep 0.1; done
DOCKER_HOST="unix://$work/podman.sock" node deploy/test-compose.mjs "$image"

echo "test-image.sh: passed in $(($(date +%s) - started)) s"

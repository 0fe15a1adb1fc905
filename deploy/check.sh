#!/usr/bin/env bash
# CI's check of what deploy/ ships for operators, offline and in well under a minute once
# installed (scripts/test.sh runs it in its release part):
#   - the Prometheus rules: `promtool check rules`, and `promtool test rules` (each alert
#     firing and not firing, deploy/prometheus/tests);
#   - the Kubernetes manifests: deploy/validate renders each overlay of deploy/k8s and checks
#     every object against the API schemas with unknown fields refused, against each other,
#     and against the program (the real binary's check-config, probes, ports, variables),
#     then breaks them on purpose to prove each check still fails (--self-test);
#   - the Grafana dashboard's shape, and that every metric it or a rule names is documented;
#   - deploy/check-image-static.sh, the image's static checks, where it exists.
# GOFROBOT_BINARY names the binary (default build/release/src/app/gofrobot). Installs what it
# needs first: promtool (Debian's prometheus), Node.js, and deploy/validate's pinned npm
# packages (`npm ci`, only when package-lock.json changed).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFROBOT_BINARY=${GOFROBOT_BINARY:-$PWD/build/release/src/app/gofrobot}

command -v promtool >/dev/null || scripts/install-deps.sh prometheus
command -v node >/dev/null && command -v npm >/dev/null || scripts/install-e2e.sh
validate=deploy/validate
stamp=$validate/node_modules/.gofrobot-lock.sha256
want=$(sha256sum "$validate/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "=== npm ci in $validate"
  (cd "$validate" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
  echo "$want" >"$stamp"
fi

start=$(date +%s)
echo "=== deploy: Prometheus rules"
promtool check rules deploy/prometheus/rules/*.yml
promtool test rules deploy/prometheus/tests/*.yml
echo "=== deploy: Kubernetes manifests (binary: $GOFROBOT_BINARY)"
node "$validate/validate.mjs" --self-test
echo "=== deploy: Grafana dashboard"
node "$validate/dashboard.mjs"
if [ -f deploy/check-image-static.sh ]; then
  echo "=== deploy: the image, statically"
  bash deploy/check-image-static.sh
fi
echo "=== deploy: every check passed in $(($(date +%s) - start)) s"

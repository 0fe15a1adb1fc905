# Sourced by scripts/test.sh and scripts/tsan.sh: starts the PostgreSQL and Redis servers the
# tests use (scripts/pg-test-server.sh, scripts/redis-test-server.sh) on free loopback ports,
# exports GOFROBOT_TEST_PG_URL and GOFROBOT_TEST_REDIS_URL, and stops both when the sourcing
# script exits (its EXIT trap). Needs `root`, the repository's root.
test_servers=$(mktemp -d /tmp/gofrobot-test-servers.XXXXXX)
chmod 755 "$test_servers"  # postgres runs as its own user and must reach its data folder
stop_test_servers() {
  "$root/scripts/pg-test-server.sh" stop "$test_servers/pg" >/dev/null 2>&1 || true
  "$root/scripts/redis-test-server.sh" stop "$test_servers/redis" >/dev/null 2>&1 || true
  rm -rf "$test_servers"
}
trap stop_test_servers EXIT

echo "=== starting PostgreSQL"
GOFROBOT_TEST_PG_URL=$("$root/scripts/pg-test-server.sh" start "$test_servers/pg" | tail -n 1)
export GOFROBOT_TEST_PG_URL
echo "=== starting Redis"
GOFROBOT_TEST_REDIS_URL=$("$root/scripts/redis-test-server.sh" start "$test_servers/redis" | tail -n 1)
export GOFROBOT_TEST_REDIS_URL

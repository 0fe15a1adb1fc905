#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the integration tests, separate from any system
# cluster: data, socket and log all live in DIR, and it listens on a free loopback port.
#
#   scripts/pg-test-server.sh start DIR   # prints the URL as the last line of stdout
#   scripts/pg-test-server.sh stop DIR    # safe to repeat
#   scripts/pg-test-server.sh status DIR
#
#   export GOFROBOT_TEST_PG_URL=$(scripts/pg-test-server.sh start /tmp/pgtest | tail -n1)
#
# `start` on a running server just prints its URL again; on a stopped one it restarts it
# with the same role and password, on the same port if that is still free. The URL is also in DIR/url.
# Progress goes to stderr. PG_BIN overrides the server binaries' folder.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DB_NAME=gofrobot_test
DB_USER=gofrobot_test

die() { echo "pg-test-server: $*" >&2; exit 1; }
say() { echo "pg-test-server: $*" >&2; }

usage() { die "usage: $0 start|stop|status DIR"; }

(($# == 2)) || usage
command=$1
dir=$(realpath -m -- "$2")
data=$dir/data

# PostgreSQL refuses to run as root, so as root every server command runs as the
# `postgres` system user (created by the Debian package, or here if missing).
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  as_owner=(runuser -u postgres --)
fi
run() { "${as_owner[@]}" "$@"; }

is_running() { [[ -f $data/PG_VERSION ]] && run "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; }

source "$(dirname "${BASH_SOURCE[0]}")/lib/free-port.sh"

port_of_running() { sed -n 4p "$data/postmaster.pid"; }  # line 4 of postmaster.pid is the port

write_url() {
  local password url
  password=$(cat "$dir/password")
  url="postgresql://$DB_USER:$password@127.0.0.1:$1/$DB_NAME"
  (umask 077 && echo "$url" >"$dir/url")
  echo "$url"
}

init_cluster() {
  mkdir -p "$dir"
  # The unix socket path (DIR/.s.PGSQL.PORT) must fit in sockaddr_un's 108 bytes.
  ((${#dir} <= 90)) || die "DIR is too long for a unix socket path: $dir"
  [[ -f $dir/password ]] || (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$dir/password")
  if [[ ${#as_owner[@]} -gt 0 ]]; then
    chown postgres: "$dir" "$dir/password"
    run test -x "$dir" || die "the postgres user cannot reach $dir (pick a folder under /tmp)"
  fi
  chmod 700 "$dir"
  say "initdb in $data"
  run "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$dir/initdb.log" 2>&1 ||
    die "initdb failed, see $dir/initdb.log"
  # Test data should survive like real data would: fsync stays on.
  cat >>"$data/postgresql.conf" <<EOF

# pg-test-server.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
max_connections = 100
logging_collector = off
EOF
}

create_role_and_database() {
  local port=$1 password
  password=$(cat "$dir/password")
  run "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt \
    -v user="$DB_USER" -v pass="$password" -v db="$DB_NAME" >/dev/null <<'EOF'
SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user')
\gexec
ALTER ROLE :"user" WITH LOGIN PASSWORD :'pass';
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L', :'db', :'user', 'UTF8')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')
\gexec
EOF
}

start() {
  [[ -x $PG_BIN/postgres ]] || die "no PostgreSQL server in $PG_BIN (install postgresql-15)"
  if is_running; then
    say "already running"
    write_url "$(port_of_running)"
    return
  fi
  [[ -f $data/PG_VERSION ]] || init_cluster
  # A restarted server keeps its old port when it is still free, so its URL stays valid.
  local port started=0 previous=""
  [[ -f $dir/url ]] && previous=$(sed -n 's|.*@127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$dir/url")
  for _ in 1 2 3 4 5; do
    if [[ -n $previous && -z $(ss -Hltn "sport = :$previous") ]]; then
      port=$previous
    else
      port=$(free_port)
    fi
    previous=""
    say "starting on 127.0.0.1:$port"
    if run "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 -o "-p $port" start >/dev/null; then
      started=1
      break
    fi
    say "start on port $port failed, retrying (see $dir/server.log)"
  done
  ((started)) || die "the server did not start, see $dir/server.log"
  run "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 || die "the server is not ready, see $dir/server.log"
  create_role_and_database "$port"
  write_url "$port"
}

stop() {
  if is_running; then
    run "$PG_BIN/pg_ctl" -D "$data" -w -t 60 -m fast stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

case $command in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on port $(port_of_running)"; else echo "not running"; exit 3; fi ;;
  *) usage ;;
esac

#!/bin/sh
# The stand-in postgres image's start (postgres.Dockerfile): the cluster made once, with the
# user, password and database of the environment, then the server as PID 1 (fast shutdown on
# SIGINT, the image's STOPSIGNAL).
set -eu
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres initdb --username="${POSTGRES_USER:-postgres}" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  as_postgres pg_ctl --wait --options="-c listen_addresses=''" start >/dev/null
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != "${POSTGRES_USER:-postgres}" ]; then
    as_postgres createdb --username="${POSTGRES_USER:-postgres}" "$POSTGRES_DB"
  elif [ "${POSTGRES_USER:-postgres}" != postgres ]; then
    as_postgres createdb --username="$POSTGRES_USER" "$POSTGRES_USER"
  fi
  as_postgres pg_ctl --wait --mode=fast stop >/dev/null
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -c listen_addresses='*'

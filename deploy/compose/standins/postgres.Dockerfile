# A stand-in for docker.io/library/postgres:15 where it cannot be pulled (deploy/test-image.sh):
# Debian's PostgreSQL 15 with the official image's interface as deploy/compose.yaml uses it:
# POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB make the cluster on first start, data in
# /var/lib/postgresql/data, pg_isready on the PATH, password logins from the network.
FROM docker.io/library/debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]

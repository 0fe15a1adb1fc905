# A stand-in for docker.io/library/redis:7 where it cannot be pulled (deploy/test-image.sh):
# Debian's redis-server (7.0), taking compose's command ("redis-server" and its options) as the
# official image does; without protected mode, as the official image is built, so that the
# other containers may connect.
FROM docker.io/library/debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/*
COPY redis-entrypoint.sh /usr/local/bin/redis-entrypoint.sh
USER redis
ENTRYPOINT ["/usr/local/bin/redis-entrypoint.sh"]
CMD ["redis-server"]

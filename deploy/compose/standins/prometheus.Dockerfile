# A stand-in for docker.io/prom/prometheus where it cannot be pulled (deploy/test-image.sh):
# Debian's Prometheus 2.42, with the official image's entrypoint (compose passes the flags).
FROM docker.io/library/debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends prometheus \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /prometheus && chown prometheus:prometheus /prometheus
USER prometheus
ENTRYPOINT ["/usr/bin/prometheus"]

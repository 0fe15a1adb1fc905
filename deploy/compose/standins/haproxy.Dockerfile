# A stand-in for docker.io/library/haproxy:2.6 where it cannot be pulled (deploy/test-image.sh):
# Debian's haproxy 2.6, reading its configuration where the official image does.
FROM docker.io/library/debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends haproxy \
 && rm -rf /var/lib/apt/lists/*
STOPSIGNAL SIGUSR1
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]

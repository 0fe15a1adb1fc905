#!/usr/bin/env bash
# Builds the gofrobot container image from deploy/Dockerfile with Debian's podman, on a machine
# where no container registry may be reachable (docs/DEPLOY.md):
#
#   1. installs podman, buildah, runc and mmdebstrap (scripts/install-deps.sh) and points podman
#      at runc, with file descriptor limits it can set (containers.conf.d, below);
#   2. makes the base images when they cannot be pulled: docker.io/library/debian:12 and
#      debian:12-slim from the Debian mirror (mmdebstrap --variant=minbase bookworm), with the
#      container settings the official images carry, the slim one without docs, man pages and
#      locales; images already there are kept (a second run skips this);
#   3. builds deploy/Dockerfile unchanged, in the docker format (the OCI format has no
#      HEALTHCHECK), so that the same file builds with `docker build` where the images pull.
#
# Environment: GOFROBOT_IMAGE (default localhost/gofrobot:latest), DEBIAN_MIRROR,
# DEBIAN_SECURITY_MIRROR.
set -euo pipefail
cd "$(dirname "$0")/.."

image=${GOFROBOT_IMAGE:-localhost/gofrobot:latest}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
started=$(date +%s)

step() { printf '=== %s\n' "$*"; }

step "container tools (Debian's podman, buildah, runc, mmdebstrap)"
scripts/install-deps.sh podman buildah runc mmdebstrap uidmap

# crun, podman's default, fails on this kernel's cgroups (v1 hierarchy, no systemd): runc works.
# Podman's default limits of processes and open files are above what a container may be given
# here (runc: "error setting rlimit type 6: operation not permitted"; measured: processes up
# to kernel.pid_max, 32768, open files up to the hard limit): ask for those. Without systemd
# the cgroups are managed directly and the events go to a file.
conf=/etc/containers/containers.conf.d/50-gofrobot.conf
hard_limit() { local v; v=$(ulimit -H "$1"); [ "$v" = unlimited ] && v=1048576; echo "$v"; }
nofile=$(hard_limit -n)
nproc=$(hard_limit -u)
pid_max=$(cat /proc/sys/kernel/pid_max)
((nproc > pid_max)) && nproc=$pid_max
want=$(cat <<EOF
# Written by gofrobot's deploy/build-image.sh (see docs/DEPLOY.md).
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
)
if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
  step "podman settings: $conf"
  mkdir -p "$(dirname "$conf")"
  printf '%s\n' "$want" >"$conf"
fi

# Settings the official Debian images carry for life in a container, written into the root
# made by mmdebstrap (its own clean-up would remove a policy-rc.d written by a hook): no
# service starts while packages install (there is no init), apt keeps no binary caches,
# package lists or translations, and the machine id is made by whoever runs the image.
container_settings() {
  local root=$1
  printf '#!/bin/sh\n# No services are started in a container image.\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  printf 'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' >"$root/etc/apt/apt.conf.d/docker-clean"
  printf 'Acquire::Languages "none";\n' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  printf 'APT::AutoRemove::SuggestsImportant "false";\n' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
  rm -rf "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* "$root"/var/log/apt/* \
    "$root/var/log/dpkg.log" "$root/var/log/alternatives.log"
  : >"$root/etc/machine-id"
}
# What the slim image leaves out; dpkg keeps to it for packages installed later too.
slim_options=(
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/groff/*'
  --dpkgopt='path-exclude=/usr/share/lintian/*'
  --dpkgopt='path-exclude=/usr/share/linda/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-include=/usr/share/locale/locale.alias'
)

# base_image NAME [mmdebstrap options…]: pulled if it can be, else made from the mirror.
base_image() {
  local name=$1
  shift
  if podman image exists "$name"; then
    echo "$name: present"
    return
  fi
  if timeout 120 podman pull --quiet "$name" >/dev/null 2>&1; then
    echo "$name: pulled"
    return
  fi
  step "$name: cannot be pulled; making it from $mirror (mmdebstrap, bookworm, minbase)"
  local root
  root=$(mktemp -d)
  # merged-usr: /bin, /lib… as links into /usr as bookworm has them, made by the hook (as
  # debootstrap does) rather than by the usrmerge package, which would bring perl along.
  mmdebstrap --quiet --variant=minbase --format=directory \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr "$@" \
    bookworm "$root" \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
    "deb $security bookworm-security main"
  container_settings "$root"
  tar -C "$root" --numeric-owner --xattrs -cf - . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --change 'LABEL org.opencontainers.image.description="Debian 12 made locally by gofrobot deploy/build-image.sh (mmdebstrap)"' \
    - "$name" >/dev/null
  rm -rf "$root"
  echo "$name: made ($(podman image inspect --format '{{.Size}}' "$name" | numfmt --to=si)B)"
}

base_image docker.io/library/debian:12
base_image docker.io/library/debian:12-slim "${slim_options[@]}"

step "building $image from deploy/Dockerfile"
revision=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
version=$(sed -n 's/^project(gofrobot VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
build_started=$(date +%s)
# --network=host: the build's RUN steps reach the Debian mirror the way the host does.
podman build --format docker --network host ${GOFROBOT_BUILD_JOBS:+--build-arg "JOBS=$GOFROBOT_BUILD_JOBS"} \
  --build-arg "VERSION=$version" --build-arg "REVISION=$revision" \
  --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  -f deploy/Dockerfile -t "$image" .

size=$(podman image inspect --format '{{.Size}}' "$image")
now=$(date +%s)
echo "built $image: $((size / 1000000)) MB ($size bytes); the build took $((now - build_started)) s," \
  "this script $((now - started)) s"

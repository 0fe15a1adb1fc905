#!/usr/bin/env bash
# Static checks of the image and compose files, fast enough for CI (a few seconds once the
# tools are installed), where building the image is too slow (docs/DEPLOY.md):
#   - deploy/Dockerfile: the stages' bases, the layer order (install script before the
#     sources), every path COPY'd exists and passes .dockerignore, non-root numeric USER,
#     /data volume, STOPSIGNAL, HEALTHCHECK through `gofrobot healthcheck`, tini as PID 1,
#     OCI labels, no -dev package at run time, and the run-time packages exactly those of the
#     shared libraries the built binary needs (readelf -d, dpkg -S), when a binary is built;
#   - deploy/compose.yaml: valid for Debian's docker-compose with and without the scale-out
#     profile, which service is in which, every file it mounts present, the bots' variables
#     known to the program (`gofrobot check-config` with them), haproxy's configuration valid
#     (haproxy -c), Prometheus' configuration and rules valid (promtool check config).
# GOFROBOT_BINARY: the binary to compare with (default build/release/src/app/gofrobot).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${GOFROBOT_BINARY:-build/release/src/app/gofrobot}
command -v docker-compose >/dev/null && command -v haproxy >/dev/null && command -v promtool >/dev/null \
  && command -v readelf >/dev/null \
  || scripts/install-deps.sh docker-compose haproxy prometheus binutils >/dev/null

failures=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# ---- Dockerfile -------------------------------------------------------------------------
# The packages of the shared libraries $binary needs, one a line (empty without a binary).
needed_packages() {
  local soname path
  for soname in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64|x86_64|64bit/ {print $NF; exit}')
    [ -n "$path" ] || path=$(ldconfig -p | awk -v s="$soname" '$1 == s {print $NF; exit}')
    # Debian 12 merged /usr: dpkg knows a library by either of its two paths.
    { dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null \
      || dpkg -S "${path#/usr}" 2>/dev/null || dpkg -S "/usr$path"; } | head -1 | cut -d: -f1
  done | sort -u
}

expected=""
if [ -x "$binary" ]; then
  expected=$(needed_packages)
  if "$binary" healthcheck --help >/dev/null; then
    ok "$binary has the healthcheck command the HEALTHCHECK runs"
  else
    fail "$binary has no healthcheck command"
  fi
else
  echo "note: no binary at $binary: the run-time packages are not compared with its libraries"
fi

EXPECTED_PACKAGES="$expected" python3 - deploy/Dockerfile .dockerignore <<'EOF' || failures=$((failures + 1))
import fnmatch, os, re, shlex, sys

dockerfile, ignore_file = sys.argv[1], sys.argv[2]
problems = []
text = open(dockerfile).read()
# Instructions: comments dropped, continuation lines joined.
joined = re.sub(r'\\\n', ' ', '\n'.join(l for l in text.split('\n') if not l.lstrip().startswith('#')))
instructions = [(l.split(None, 1)[0].upper(), l.split(None, 1)[1] if len(l.split(None, 1)) > 1 else '')
                for l in joined.split('\n') if l.strip()]

froms = [args for op, args in instructions if op == 'FROM']
if froms != ['docker.io/library/debian:12 AS build', 'docker.io/library/debian:12-slim']:
    problems.append(f'the stages must be debian:12 (build) and debian:12-slim, found {froms}')

stage_start = max(i for i, (op, _) in enumerate(instructions) if op == 'FROM')
build, final = instructions[:stage_start], instructions[stage_start:]

# Layer order: the install script alone, its RUN, then the sources.
ops_build = [(op, args) for op, args in build if op in ('COPY', 'RUN')]
if not (len(ops_build) >= 3 and ops_build[0] == ('COPY', 'scripts/install-deps.sh scripts/install-deps.sh')
        and ops_build[1][0] == 'RUN' and 'scripts/install-deps.sh' in ops_build[1][1]
        and ops_build[2] == ('COPY', '. .')):
    problems.append('the build stage must COPY scripts/install-deps.sh, RUN it, then COPY . . (layer order)')
if not any(op == 'RUN' and 'cmake --preset release' in args for op, args in build):
    problems.append('the build stage must use the cmake release preset')

# .dockerignore: an allowlist ("*", then "!path"); a path passes when a "!" entry covers it.
allowed = []
for line in open(ignore_file):
    line = line.strip()
    if not line or line.startswith('#'):
        continue
    if line.startswith('!'):
        allowed.append(line[1:].rstrip('/'))
    elif line != '*':
        problems.append(f'.dockerignore: only "*" and "!" entries are expected, found {line!r}')
def passes(path):
    return any(path == a or path.startswith(a + '/') or fnmatch.fnmatch(path, a) for a in allowed)
for a in allowed:
    if a in ('CMakeLists.txt', 'src', 'config/gofrobot.toml', 'scripts/install-deps.sh') and not os.path.exists(a):
        problems.append(f'.dockerignore lets in {a}, which does not exist')
for need in ('CMakeLists.txt', 'CMakePresets.json', 'src', 'config/gofrobot.toml', 'scripts/install-deps.sh'):
    if not passes(need):
        problems.append(f'.dockerignore keeps out {need}, which the build needs')
for leak in ('build', 'data', '.env', 'tests/e2e/node_modules', '.git/index'):
    if passes(leak):
        problems.append(f'.dockerignore lets in {leak}')

for op, args in instructions:
    if op != 'COPY' or args.startswith('--from'):
        continue
    *sources, _dest = shlex.split(args)
    for source in sources:
        if source == '.':
            continue
        if not os.path.exists(source):
            problems.append(f'COPY {source}: no such file')
        elif not passes(source):
            problems.append(f'COPY {source}: .dockerignore keeps it out of the context')

def last(op, stage=final):
    values = [args for o, args in stage if o == op]
    return values[-1] if values else None

user = last('USER')
if not user or not re.fullmatch(r'[1-9][0-9]*(:[0-9]+)?', user):
    problems.append(f'USER must be a numeric non-root id (runAsNonRoot checks it), found {user}')
if last('STOPSIGNAL') != 'SIGTERM':
    problems.append('STOPSIGNAL SIGTERM is missing')
if '/data' not in (last('VOLUME') or ''):
    problems.append('VOLUME /data is missing')
health = last('HEALTHCHECK') or ''
if not re.search(r'CMD \["gofrobot", "healthcheck"\]', health):
    problems.append(f'HEALTHCHECK must run ["gofrobot", "healthcheck"], found {health!r}')
if not (last('ENTRYPOINT') or '').startswith('["/usr/bin/tini", "--"'):
    problems.append('ENTRYPOINT must start with tini (PID 1)')
labels = ' '.join(args for op, args in final if op == 'LABEL')
for key in ('title', 'description', 'version', 'revision', 'created', 'base.name'):
    if f'org.opencontainers.image.{key}=' not in labels:
        problems.append(f'label org.opencontainers.image.{key} is missing')

# The run-time packages: the apt-get install of the final stage.
runs = ' '.join(args for op, args in final if op == 'RUN')
m = re.search(r'apt-get install -y --no-install-recommends (.*?)(&&|$)', runs)
packages = set(m.group(1).split()) if m else set()
if not packages:
    problems.append('no apt-get install -y --no-install-recommends in the run-time stage')
dev = sorted(p for p in packages if p.endswith('-dev'))
if dev:
    problems.append(f'-dev packages at run time: {dev}')
expected = set(os.environ.get('EXPECTED_PACKAGES', '').split())
if expected:
    libraries = packages - {'ca-certificates', 'tini'}
    if libraries != expected:
        problems.append('run-time libraries differ from the binary\'s: missing '
                        f'{sorted(expected - libraries)}, not needed {sorted(libraries - expected)}')
    else:
        print(f'ok: the run-time packages are those of the binary\'s {len(expected)} libraries')

for p in problems:
    print(f'FAIL: Dockerfile: {p}', file=sys.stderr)
if problems:
    sys.exit(1)
print('ok: deploy/Dockerfile and .dockerignore')
EOF

# ---- compose ----------------------------------------------------------------------------
export BOT_TOKEN=123456:check GOFROBOT_WEBHOOK_URL=https://bot.example.org/telegram/webhook \
  GOFROBOT_WEBHOOK_SECRET=check-secret-of-24-chars POSTGRES_PASSWORD=check
for profile in "" scale-out; do
  if out=$(docker-compose -f deploy/compose.yaml ${profile:+--profile "$profile"} config -q 2>&1); then
    ok "deploy/compose.yaml is valid for docker-compose $(docker-compose version --short)${profile:+ with --profile $profile}"
  else
    fail "deploy/compose.yaml${profile:+ --profile $profile}: $out"
  fi
done

resolved=$(mktemp)
trap 'rm -rf "$resolved" "${promdir:-}"' EXIT
docker-compose -f deploy/compose.yaml --profile scale-out config >"$resolved" 2>/dev/null || true
python3 - "$resolved" "$binary" <<'EOF' || failures=$((failures + 1))
import os, shutil, subprocess, sys, tempfile, yaml

config = yaml.safe_load(open(sys.argv[1])) or {}
binary = sys.argv[2]
services = config.get('services', {})
problems = []
embedded = sorted(n for n, s in services.items() if not s.get('profiles'))
scale_out = sorted(n for n, s in services.items() if 'scale-out' in (s.get('profiles') or []))
if embedded != ['bot']:
    problems.append(f'the embedded default must be the one service "bot", found {embedded}')
want = sorted(['postgres', 'redis', 'bot-1', 'bot-2', 'bot-3', 'haproxy', 'prometheus', 'grafana'])
if scale_out != want:
    problems.append(f'the scale-out profile must be {want}, found {scale_out}')
def named_data(v):  # long syntax, or docker-compose 1.29's short "NAME:/data:rw"
    if isinstance(v, dict):
        return v.get('type') == 'volume' and v.get('target') == '/data'
    parts = str(v).split(':')
    return len(parts) >= 2 and parts[1] == '/data' and not parts[0].startswith(('/', '.'))
if not any(named_data(v) for v in services.get('bot', {}).get('volumes', [])):
    problems.append('the embedded bot must keep /data on a named volume')

for name, service in services.items():
    for volume in service.get('volumes', []):
        source = volume.get('source') if isinstance(volume, dict) else str(volume).split(':')[0]
        if source and source.startswith('/') and not os.path.exists(source):
            problems.append(f'{name} mounts {source}, which does not exist')

# The bots' variables must be settings the program knows: check-config refuses unknown ones.
# It runs in an empty folder, so that only the defaults and these variables count.
if os.access(binary, os.X_OK):
    binary = os.path.abspath(binary)
    empty = tempfile.mkdtemp()
    for name in ('bot', 'bot-1'):
        env = {k: str(v) for k, v in (services[name].get('environment') or {}).items()}
        base = {k: v for k, v in os.environ.items() if not k.startswith('GOFROBOT_') and k != 'BOT_TOKEN'}
        r = subprocess.run([binary, 'check-config'], env={**base, **env}, cwd=empty,
                           capture_output=True, text=True)
        if r.returncode != 0:
            problems.append(f'{name}: gofrobot check-config refuses its environment:\n{r.stdout}{r.stderr}')
        else:
            print(f'ok: gofrobot check-config accepts the environment of {name}')
    shutil.rmtree(empty)

for p in problems:
    print(f'FAIL: compose: {p}', file=sys.stderr)
if problems:
    sys.exit(1)
print('ok: compose services, profiles and mounts')
EOF

if out=$(haproxy -c -f deploy/compose/haproxy.cfg 2>&1); then
  ok "deploy/compose/haproxy.cfg is valid for haproxy $(haproxy -v | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
else
  fail "deploy/compose/haproxy.cfg: $out"
fi

# promtool reads the rule files the configuration names: the repository's, in place of the
# container's path.
promdir=$(mktemp -d)
sed "s|/etc/prometheus/rules/|$PWD/deploy/prometheus/rules/|" deploy/compose/prometheus.yml >"$promdir/prometheus.yml"
if [ -z "$(ls deploy/prometheus/rules/*.yml 2>/dev/null)" ]; then
  fail "deploy/compose/prometheus.yml loads deploy/prometheus/rules/*.yml: there are none"
elif out=$(promtool check config "$promdir/prometheus.yml" 2>&1); then
  ok "deploy/compose/prometheus.yml and its $(ls deploy/prometheus/rules/*.yml | wc -l) rule files are valid for promtool"
else
  fail "deploy/compose/prometheus.yml: $out"
fi

if ((failures)); then
  echo "check-image-static.sh: $failures check(s) failed" >&2
  exit 1
fi
echo "check-image-static.sh: every check passed"

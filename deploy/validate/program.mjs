// The manifests against the program itself, so they cannot drift from it:
//  - the real binary's `gofrobot check-config` reads the ConfigMap's gofrobot.toml with
//    exactly the container's environment (Secret references filled from the template): an
//    unknown key or section, a bad value, or an unknown GOFROBOT_<SECTION>_… variable fails
//    it. Its output, the effective configuration, gives the ports and modes checked below.
//  - every variable the container sets is one the program reads: BOT_TOKEN, or the
//    GOFROBOT_<SECTION>_<KEY> of a key of that effective configuration (check-config itself
//    ignores names outside its sections, e.g. GOFROBOT_TOKEN or TOKEN).
//  - the probes ask the ops endpoints the program serves (src/ops/http/ops_server.cpp) on the
//    container port that is ops.listen's; the webhook port is telegram.webhook_listen's.
//  - terminationGracePeriodSeconds covers preStop plus the shutdown's reply drain
//    (kShutdownGrace in src/app/bot_runner.cpp) plus a margin.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parse as parseToml } from 'smol-toml';

import { containerPorts, podsOf } from './refs.mjs';
import { describe } from './schema.mjs';

const OPS_PATHS = { livenessProbe: ['/health'], readinessProbe: ['/ready'], startupProbe: ['/health', '/ready'] };
const MARGIN_SECONDS = 5;

export function programFacts(repo) {
  const server = fs.readFileSync(path.join(repo, 'src/ops/http/ops_server.cpp'), 'utf8');
  const endpoints = [...server.matchAll(/path == "(\/[a-z]+)"/g)].map((m) => m[1]);
  const runner = fs.readFileSync(path.join(repo, 'src/app/bot_runner.cpp'), 'utf8');
  const grace = runner.match(/kShutdownGrace = (\d+)s;/);
  if (!grace) throw new Error('src/app/bot_runner.cpp: kShutdownGrace = Ns; not found');
  return { endpoints: new Set(endpoints), shutdownGraceSeconds: Number(grace[1]) };
}

function listenPort(text) {
  const m = /^(.*):(\d+)$/.exec(text);
  return m ? { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) } : null;
}

function configFile(workload, objects) {
  const c = workload.spec.template.spec.containers[0];
  const i = (c.args ?? []).indexOf('--config');
  if (i < 0) throw new Error(`${describe(workload)}: no --config in args`);
  const file = c.args[i + 1];
  const mount = (c.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`));
  const volume = workload.spec.template.spec.volumes.find((v) => v.name === mount?.name);
  const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume?.configMap?.name);
  const text = map?.data?.[path.basename(file)];
  if (text === undefined) throw new Error(`${describe(workload)}: ${file} is in no mounted ConfigMap`);
  return { file, text };
}

function containerEnv(container, secret) {
  const env = {};
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    env[e.name] = ref ? String(secret.stringData?.[ref.key] ?? '') : String(e.value ?? '');
  }
  return env;
}

// The effective configuration as the program sees it, or the program's refusal.
function checkConfig(binary, text, env) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gofrobot-validate-'));
  try {
    fs.writeFileSync(path.join(dir, 'gofrobot.toml'), text);
    // An empty working directory (no .env, no config/) and nothing of CI's environment.
    const r = spawnSync(binary, ['check-config', 'gofrobot.toml'], { cwd: dir, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
    if (r.error) throw r.error;
    if (r.status !== 0) return { error: `${r.stdout}${r.stderr}`.trim() };
    return { config: parseToml(r.stdout.replace(/^configuration OK\n/, '')) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function checkProgram(objects, secret, { binary, facts }) {
  const problems = [];
  for (const w of podsOf(objects)) {
    const fail = (text) => problems.push(`${describe(w)}: ${text}`);
    const c = w.spec.template.spec.containers[0];
    const { file, text } = configFile(w, objects);
    const env = containerEnv(c, secret);
    const { config, error } = checkConfig(binary, text, env);
    if (error) {
      fail(`gofrobot check-config refuses ${file} with the container's environment:\n${error}`);
      continue;
    }
    const known = new Set(['BOT_TOKEN', ...Object.entries(config).flatMap(([section, keys]) =>
      Object.keys(keys).map((key) => `GOFROBOT_${section}_${key}`.toUpperCase()))]);
    for (const name of Object.keys(env)) if (!known.has(name)) fail(`env ${name} is read by no setting of the program`);

    const ports = Object.fromEntries(containerPorts(w).map((p) => [p.name, p.containerPort]));
    const ops = listenPort(config.ops.listen);
    if (ports.ops !== ops?.port) fail(`container port ops ${ports.ops} is not ops.listen's ${config.ops.listen}`);
    if (!['0.0.0.0', '::'].includes(ops?.host)) fail(`ops.listen ${config.ops.listen} is not reachable by the kubelet's probes (listen on 0.0.0.0)`);
    if (config.telegram.mode === 'webhook') {
      const hook = listenPort(config.telegram.webhook_listen);
      if (ports.webhook !== hook?.port) fail(`container port webhook ${ports.webhook} is not telegram.webhook_listen's ${config.telegram.webhook_listen}`);
      if (hook?.host !== '0.0.0.0') fail(`telegram.webhook_listen ${config.telegram.webhook_listen} is not reachable from the Service`);
    } else if (ports.webhook !== undefined) {
      fail('a webhook port, but telegram.mode is polling');
    }
    for (const [probe, paths] of Object.entries(OPS_PATHS)) {
      const get = c[probe]?.httpGet;
      if (!get) { fail(`no ${probe}`); continue; }
      if (!paths.includes(get.path)) fail(`${probe} asks ${get.path}, expected ${paths.join(' or ')}`);
      if (!facts.endpoints.has(get.path)) fail(`${probe}: the program serves no ${get.path}`);
      if (get.port !== 'ops' && get.port !== ops?.port) fail(`${probe} asks port ${get.port}, not the ops port`);
    }

    // Writable places under a read-only root: the data folder must be a volume, and the
    // embedded default's SQLite file a persistent one.
    const mounts = (c.volumeMounts ?? []).filter((m) => !m.readOnly);
    const claims = new Set((w.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name));
    const under = (p) => mounts.find((m) => p === m.mountPath || p.startsWith(`${m.mountPath}/`));
    if (!under(config.storage.data_dir)) fail(`storage.data_dir ${config.storage.data_dir} is on no writable volume`);
    const sqlite = config.storage.database_url.startsWith('sqlite://') ? config.storage.database_url.slice('sqlite://'.length) : null;
    if (w.kind === 'Deployment') {
      if (sqlite) fail('a Deployment of replicas must use PostgreSQL, not SQLite');
      if (config.telegram.mode !== 'webhook') fail('replicas must run in webhook mode (one getUpdates consumer per token)');
      if (!config.cache.redis_url) fail('replicas share limits and caches through Redis: cache.redis_url is empty');
    } else {
      if (w.spec.replicas !== 1) fail('the embedded default runs one replica');
      if (!sqlite || !claims.has(under(sqlite)?.name)) fail(`the SQLite database ${sqlite} is not on the PersistentVolumeClaim`);
    }

    const pre = c.lifecycle?.preStop?.exec?.command;
    const preStop = pre?.[0] === 'sleep' ? Number(pre[1]) : 0;
    const needed = preStop + facts.shutdownGraceSeconds + MARGIN_SECONDS;
    const grace = w.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    if (grace < needed) fail(`terminationGracePeriodSeconds ${grace} < preStop ${preStop} s + drain ${facts.shutdownGraceSeconds} s + ${MARGIN_SECONDS} s`);

    const sc = c.securityContext ?? {};
    const pod = w.spec.template.spec.securityContext ?? {};
    if (!(pod.runAsNonRoot || sc.runAsNonRoot)) fail('runAsNonRoot is not set');
    if (sc.readOnlyRootFilesystem !== true) fail('the root file system is not read-only');
    if (sc.allowPrivilegeEscalation !== false) fail('allowPrivilegeEscalation is not false');
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) fail('capabilities are not all dropped');
    const r = c.resources ?? {};
    if (r.limits?.memory !== '256Mi' || r.limits?.cpu !== '500m') fail('limits are not 256Mi and 500m');
    if (!r.requests?.memory || !r.requests?.cpu) fail('no requests');
  }
  return problems;
}

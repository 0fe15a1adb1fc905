// deploy/compose.yaml started for real, by deploy/test-image.sh: first the embedded default
// (the one bot, long polling, its named volume, the ops port published on loopback: healthy,
// /ready 200 from the host, /start answered, `exec bot gofrobot backup`, exit 0 on stop), then
// the scale-out profile:
// docker-compose (Debian's 1.29) against podman's API socket, the images of the profile
// replaced by the Debian stand-ins of deploy/compose/standins where they cannot be pulled,
// Grafana left out (not a Debian package). The Bot API emulator of the e2e tests listens on
// loopback, with a relay on every interface in front of it: the replicas reach it as
// host.containers.internal, and it delivers the webhook to haproxy's published port. Checked:
//   1. PostgreSQL turns healthy, the replicas start on it, each turns healthy, and each has
//      called setWebhook;
//   2. players' /start and /davka through haproxy are answered, and a player's state is the
//      same whichever replica serves (three /profile, 300 ms after a /davka: the change feed);
//   3. Prometheus scrapes the three replicas (up == 1), has loaded the alert rules, and sees
//      the updates spread over more than one replica (gofrobot_updates_received_total) and
//      each replica connected to Redis (bot_redis_up);
//   4. `docker-compose stop` stops every bot with exit code 0.
// Usage: DOCKER_HOST=unix://… node deploy/test-compose.mjs IMAGE (exit 1 on the first failure).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';

import { assertTitle } from '../tests/e2e/game.mjs';
import { HOST, Player, freePort, newToken, sleep, startLauncher, until } from '../tests/e2e/harness.mjs';

const run = promisify(execFile);
const image = process.argv[2] ?? 'localhost/gofrobot:latest';
const project = `gofrobot-test-${process.pid}`;
const started = Date.now();
const say = (what) => console.log(`ok ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${what}`);
const services = ['postgres', 'redis', 'bot-1', 'bot-2', 'bot-3', 'haproxy', 'prometheus'];
const bots = ['bot-1', 'bot-2', 'bot-3'];

/** A command's result without a throw: {code, out}. */
const status = (cmd, args, options = {}) => run(cmd, args, { maxBuffer: 64 << 20, ...options }).then(
  (r) => ({ code: 0, out: `${r.stdout}${r.stderr}`.trim() }),
  (e) => ({ code: e.code, out: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() }));

let env;
const compose = (...args) => status('docker-compose',
  ['-p', project, '-f', 'deploy/compose.yaml', '--profile', 'scale-out', ...args], { env });
const container = (service) => `${project}_${service}_1`;
const embeddedProject = `${project}-embedded`;
let embeddedToken;
const composeEmbedded = (...args) => status('docker-compose',
  ['-p', embeddedProject, '-f', 'deploy/compose.yaml', ...args], { env: { ...env, BOT_TOKEN: embeddedToken } });

/**
 * The containers' way to the launcher, which listens on loopback only: a TCP relay on every
 * interface of this host (the containers reach it as host.containers.internal). Returns its port.
 */
async function relay(toPort) {
  const server = net.createServer((socket) => {
    const upstream = net.connect(toPort, HOST);
    socket.pipe(upstream).pipe(socket);
    const close = () => { socket.destroy(); upstream.destroy(); };
    socket.on('error', close);
    upstream.on('error', close);
  });
  await new Promise((resolve) => server.listen(0, '0.0.0.0', resolve));
  server.unref();
  return server.address().port;
}

// Periodic health checks need systemd; without it, compose's `condition: service_healthy`
// would wait for ever. This runs each container's own HEALTHCHECK every second, as the runtime
// would.
let pumping = true;
async function healthPump() {
  while (pumping) {
    const ids = await status('podman', ['ps', '--quiet', '--filter', `name=${project}`]); // both projects
    for (const id of ids.out.split('\n').filter(Boolean)) await status('podman', ['healthcheck', 'run', id]);
    await sleep(1000);
  }
}

async function promQuery(port, query) {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = await r.json();
  if (body.status !== 'success') throw new Error(`${query}: ${JSON.stringify(body)}`);
  return body.data.result;
}

async function embeddedDefault(token) {
  const up = await composeEmbedded('up', '--detach', '--no-build');
  assert.equal(up.code, 0, `docker-compose up (embedded):\n${up.out}`);
  const running = await status('podman', ['ps', '--format', '{{.Names}}', '--filter', `label=com.docker.compose.project=${embeddedProject}`]);
  assert.deepEqual(running.out.split('\n'), [`${embeddedProject}_bot_1`], 'the default starts the one bot, no profile service');
  say(`embedded default: docker-compose up started ${running.out} alone`);
  const name = `${embeddedProject}_bot_1`;
  await until(async () => (await status('podman', ['inspect', '--format', '{{.State.Health.Status}}', name])).out === 'healthy',
    'the embedded bot to turn healthy', 60000, 500);
  const ready = await until(async () => {
    const r = await fetch(`http://127.0.0.1:${env.GOFROBOT_OPS_PORT}/ready`);
    return r.status === 200 ? r.json() : null;
  }, '/ready 200 on the published ops port', 30000, 300);
  say(`embedded default: healthy, /ready ${ready.status} on 127.0.0.1:${env.GOFROBOT_OPS_PORT}`);
  const p = new Player(launcher, token, { firstName: 'Компоуз' });
  assertTitle(await p.ask('/start'), 'start', '/start to the embedded default');
  const backup = await composeEmbedded('exec', '-T', 'bot', 'gofrobot', 'backup');
  assert.match(backup.out, /backup written: \/data\/backups\//, backup.out);
  say('embedded default: /start answered, `exec bot gofrobot backup` wrote /data/backups/…');
  const stop = await composeEmbedded('stop', '--timeout', '15');
  assert.equal(stop.code, 0, stop.out);
  assert.equal((await status('podman', ['inspect', '--format', '{{.State.ExitCode}}', name])).out, '0');
  await composeEmbedded('down', '--volumes', '--timeout', '5');
  say('embedded default: stopped with exit code 0, removed with its volume');
}

let launcher;
async function main() {
  const token = newToken();
  embeddedToken = newToken();
  launcher = await startLauncher({ tokens: [token, embeddedToken] });
  const relayPort = await relay(launcher.proxy_port);
  const webhookPort = await freePort();
  const prometheusPort = await freePort();
  env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GOFROBOT_'))),
    GOFROBOT_IMAGE: image,
    BOT_TOKEN: token,
    GOFROBOT_TELEGRAM_API_BASE_URL: `http://host.containers.internal:${relayPort}`,
    // The launcher delivers the updates from this host, to haproxy's published port.
    GOFROBOT_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/telegram/webhook`,
    GOFROBOT_WEBHOOK_SECRET: `secret-${Math.random().toString(36).slice(2)}-${process.pid}-of-the-test`,
    GOFROBOT_WEBHOOK_PORT: String(webhookPort),
    PROMETHEUS_PORT: String(prometheusPort),
    GOFROBOT_OPS_PORT: String(await freePort()),
    POSTGRES_PASSWORD: `pw-${Math.random().toString(36).slice(2)}`,
    POSTGRES_IMAGE: process.env.POSTGRES_IMAGE ?? 'localhost/gofrobot-standin-postgres:latest',
    REDIS_IMAGE: process.env.REDIS_IMAGE ?? 'localhost/gofrobot-standin-redis:latest',
    HAPROXY_IMAGE: process.env.HAPROXY_IMAGE ?? 'localhost/gofrobot-standin-haproxy:latest',
    PROMETHEUS_IMAGE: process.env.PROMETHEUS_IMAGE ?? 'localhost/gofrobot-standin-prometheus:latest',
  };

  const pump = healthPump();
  await embeddedDefault(embeddedToken);

  const up = await compose('up', '--detach', '--no-build', ...services);
  assert.equal(up.code, 0, `docker-compose up:\n${up.out}`);
  say(`docker-compose up: ${services.join(', ')} (PostgreSQL healthy first)`);

  for (const bot of bots) {
    await until(async () => (await status('podman', ['inspect', '--format', '{{.State.Health.Status}}', container(bot)])).out === 'healthy',
      `${bot} to turn healthy`, 90000, 500);
  }
  say('bot-1, bot-2, bot-3 healthy');
  const webhook = await launcher.control.until(async () => (await launcher.control.webhook(token)).webhook,
    { timeoutMs: 30000, what: 'setWebhook' });
  assert.equal(webhook.url, env.GOFROBOT_WEBHOOK_URL);
  say(`setWebhook called with ${webhook.url}`);

  const players = Array.from({ length: 6 }, (_, i) => new Player(launcher, token, { firstName: `Реплика${i}` }));
  for (const p of players) assertTitle(await p.ask('/start'), 'start', '/start through haproxy');
  say(`${players.length} players' /start answered through haproxy`);
  const p = players[0];
  assertTitle(await p.ask('/davka'), 'davka', '/davka');
  // The other replicas hold the player from its /start: the change feed (Redis) tells them to
  // drop it, a message after the commit, as tests/e2e/scaleout.test.mjs allows for.
  await sleep(300);
  for (let i = 0; i < 3; i += 1) {
    const profile = await p.ask('/profile', { where: (m) => m.text.includes('ПРОФИЛЬ') });
    assert.match(profile.text, /давок: 1\b/, `the same state on every replica:\n${profile.text}`);
  }
  say('/davka then three /profile: "давок: 1" each time (one PostgreSQL, the change feed)');

  const targets = await until(async () => {
    const result = await promQuery(prometheusPort, 'up{job="gofrobot"} == 1');
    return result.length === 3 ? result : null;
  }, 'Prometheus to scrape the three replicas', 60000, 1000);
  say(`Prometheus scrapes ${targets.map((t) => t.metric.instance).sort().join(', ')}`);
  const rules = await (await fetch(`http://127.0.0.1:${prometheusPort}/api/v1/rules`)).json();
  const groups = rules.data.groups;
  const alerts = groups.flatMap((g) => g.rules).filter((r) => r.type === 'alerting');
  assert.ok(alerts.length > 0, 'alert rules loaded');
  const broken = groups.flatMap((g) => g.rules).filter((r) => r.health === 'err');
  assert.deepEqual(broken.map((r) => `${r.name}: ${r.lastError}`), [], 'no rule fails to evaluate');
  say(`Prometheus loaded ${groups.length} rule groups (${alerts.length} alerts)`);
  const spread = await until(async () => {
    const result = await promQuery(prometheusPort, 'gofrobot_updates_received_total > 0');
    return result.length >= 2 ? result : null;
  }, 'updates counted on more than one replica', 60000, 1000);
  const redis = await until(async () => {
    const result = await promQuery(prometheusPort, 'bot_redis_up == 1');
    return result.length === 3 ? result : null;
  }, 'the three replicas connected to Redis (bot_redis_up)', 30000, 1000);
  say(`bot_redis_up 1 on ${redis.length} replicas`);
  say(`updates spread: ${spread.map((r) => `${r.metric.instance}=${r.value[1]}`).sort().join(', ')}`);

  const stop = await compose('stop', '--timeout', '15', ...bots);
  assert.equal(stop.code, 0, stop.out);
  for (const bot of bots) {
    const code = (await status('podman', ['inspect', '--format', '{{.State.ExitCode}}', container(bot)])).out;
    assert.equal(code, '0', `${bot} exit code after SIGTERM`);
  }
  say('docker-compose stop: the three bots exited 0');
  pumping = false;
  await pump;
}

let failed = false;
try {
  await main();
  console.log(`test-compose: every check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  failed = true;
  console.error(`not ok: ${error.stack ?? error}`);
  for (const service of services) {
    const logs = await status('podman', ['logs', '--tail', '15', container(service)]);
    console.error(`--- ${service} (last lines) ---\n${logs.out}`);
  }
} finally {
  pumping = false;
  if (env) {
    await composeEmbedded('down', '--volumes', '--remove-orphans', '--timeout', '5');
    await compose('down', '--volumes', '--remove-orphans', '--timeout', '5');
  }
  await launcher?.stop().catch(() => {});
}
process.exit(failed ? 1 : 0);

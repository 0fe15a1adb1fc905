// The container image against the Bot API emulator of the e2e tests (tests/e2e/harness.mjs),
// run by deploy/test-image.sh: the image as an operator runs it (non-root, read-only root file
// system with no tmpfs at all, state on a named volume), checked for what docs/DEPLOY.md
// promises:
//   1. the HEALTHCHECK (`gofrobot healthcheck`) turns healthy;
//   2. a /start is answered, and a /davka changes the player;
//   3. `podman stop` (SIGTERM, the STOPSIGNAL) stops it within 10 s with exit code 0 and the
//      bot's own "signal 15: shutting down" … "stopped" in its log;
//   4. a new container on the same volume still knows the player (the davka is counted), and
//      `gofrobot backup` writes a backup onto the volume;
//   5. writing to the root file system fails, and it runs as uid 10001;
//   6. SIGTERM stops it while it is still starting, before its own handler exists (tini).
// Usage: node deploy/test-image.mjs IMAGE (prints one line per check; exit 1 on the first failure).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { assertTitle } from '../tests/e2e/game.mjs';
import { BOT_USERNAME, Player, freePort, newToken, sleep, startLauncher, until } from '../tests/e2e/harness.mjs';

const run = promisify(execFile);
const image = process.argv[2] ?? 'localhost/gofrobot:latest';
const tag = `gofrobot-test-${process.pid}`;
const volume = `${tag}-data`;
const started = Date.now();

const podman = async (...args) => (await run('podman', args, { maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
/** podman, with its exit code instead of a throw: {code, out}. */
const podmanStatus = (...args) => run('podman', args).then(
  (r) => ({ code: 0, out: `${r.stdout}${r.stderr}`.trim() }),
  (e) => ({ code: e.code, out: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() }));
const say = (what) => console.log(`ok ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${what}`);

let containers = 0;
let launcher;

/** Starts a container of the image on the volume, with the network of the host (the emulator is on loopback). */
async function startContainer(env) {
  containers += 1;
  const name = `${tag}-${containers}`;
  const flags = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  await podman('run', '--detach', '--name', name, '--label', `gofrobot-test=${tag}`,
    '--network', 'host', '--read-only', '--read-only-tmpfs=false',
    '--volume', `${volume}:/data`, ...flags, image);
  return name;
}

async function healthy(name) {
  // Periodic health checks need systemd's timers; without them, the check is run by hand,
  // as the runtime would run it: the image's HEALTHCHECK command in the container.
  return until(async () => (await podmanStatus('healthcheck', 'run', name)).code === 0
    && (await podman('inspect', '--format', '{{.State.Health.Status}}', name)) === 'healthy',
  `${name} to turn healthy`, 60000, 500);
}

async function stop(name) {
  const t0 = Date.now();
  await podman('stop', '--time', '10', name);
  const ms = Date.now() - t0;
  const code = Number(await podman('inspect', '--format', '{{.State.ExitCode}}', name));
  const logs = (await podmanStatus('logs', name)).out; // the bot logs to stderr
  return { ms, code, logs };
}

async function main() {
  const token = newToken();
  launcher = await startLauncher({ tokens: [token] });
  const opsPort = await freePort();
  const env = {
    BOT_TOKEN: token,
    GOFROBOT_BOT_USERNAME: BOT_USERNAME,
    GOFROBOT_TELEGRAM_API_BASE_URL: launcher.api_base_url,
    GOFROBOT_TELEGRAM_POLL_TIMEOUT_SECONDS: '20',
    // On the host's network: a free port rather than the image's 9090, on every interface
    // as in the image (the health check asks it on 127.0.0.1).
    GOFROBOT_OPS_LISTEN: `0.0.0.0:${opsPort}`,
  };
  await podman('volume', 'create', volume);

  let name = await startContainer(env);
  const user = await podman('exec', name, 'id', '-u');
  assert.equal(user, '10001', 'the bot runs as its own user');
  say(`${name} started (uid ${user}, read-only root, volume ${volume})`);
  await healthy(name);
  say('the health check turned healthy (podman healthcheck run)');

  const p = new Player(launcher, token, { firstName: 'Контейнер' });
  assertTitle(await p.ask('/start'), 'start', '/start in the container');
  say('/start answered');
  const davka = await p.ask('/davka');
  assertTitle(davka, 'davka', '/davka');
  say('/davka answered');

  const write = await podmanStatus('exec', name, 'sh', '-c', 'echo x > /probe');
  assert.notEqual(write.code, 0, 'writing to / must fail on a read-only root');
  assert.match(write.out, /Read-only file system/);
  say(`the root file system is read-only ("${write.out.split('\n').pop()}")`);

  const stopped = await stop(name);
  assert.equal(stopped.code, 0, `exit code after SIGTERM:\n${stopped.logs.slice(-3000)}`);
  assert.ok(stopped.ms < 10000, `podman stop took ${stopped.ms} ms`);
  assert.match(stopped.logs, /signal 15: shutting down/, 'the bot logs the signal');
  assert.match(stopped.logs, /"message":"stopped"/, 'the bot logs its end');
  say(`SIGTERM: exit code 0 after ${stopped.ms} ms, "signal 15: shutting down" and "stopped" logged`);

  await podman('rm', name);
  name = await startContainer(env);
  await healthy(name);
  const profile = await p.ask('/profile', { where: (m) => m.text.includes('ПРОФИЛЬ') });
  assertTitle(profile, 'profile', '/profile after the restart');
  assert.match(profile.text, /давок: 1\b/, `the davka survived a new container on the volume:\n${profile.text}`);
  say(`a new container on ${volume} knows the player (давок: 1)`);

  const backup = await podman('exec', name, 'gofrobot', 'backup');
  assert.match(backup, /backup written: \/data\/backups\/backup_\d{8}_\d{6}\.db/, backup);
  say(`gofrobot backup: ${backup.split('\n')[0]}`);

  const last = await stop(name);
  assert.equal(last.code, 0, last.logs.slice(-3000));
  assert.ok(last.ms < 10000, `podman stop took ${last.ms} ms`);
  say(`stopped again: exit code 0 after ${last.ms} ms`);

  // Before the bot has its own SIGTERM handler (here: retrying getMe against an API that
  // refuses connections), SIGTERM must still stop it: tini is PID 1 and the bot an ordinary
  // process, ended by the signal (tini reports 128 + 15).
  await podman('rm', name);
  name = await startContainer({ ...env, GOFROBOT_TELEGRAM_API_BASE_URL: `http://127.0.0.1:${await freePort()}` });
  await until(async () => /getMe: .*retrying/.test((await podmanStatus('logs', name)).out),
    'the bot to retry getMe', 20000, 200);
  const early = await stop(name);
  assert.ok(early.ms < 10000, `podman stop during start-up took ${early.ms} ms`);
  assert.equal(early.code, 143, `exit code of SIGTERM during start-up:\n${early.logs.slice(-2000)}`);
  say(`SIGTERM while still starting (getMe retried): stopped after ${early.ms} ms, exit code 143`);
}

async function cleanUp() {
  const ids = await podman('ps', '--all', '--quiet', '--filter', `label=gofrobot-test=${tag}`).catch(() => '');
  for (const id of ids.split('\n').filter(Boolean)) await podmanStatus('rm', '--force', '--time', '0', id);
  await podmanStatus('volume', 'rm', '--force', volume);
  await launcher?.stop().catch(() => {});
}

let failed = false;
try {
  await main();
  console.log(`test-image: every check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  failed = true;
  console.error(`not ok: ${error.stack ?? error}`);
  for (let i = 1; i <= containers; i += 1) {
    const logs = await podmanStatus('logs', '--tail', '40', `${tag}-${i}`);
    console.error(`--- ${tag}-${i} (last lines) ---\n${logs.out}`);
  }
} finally {
  await cleanUp();
  await sleep(0);
}
process.exit(failed ? 1 : 0);

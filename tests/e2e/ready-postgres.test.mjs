// /ready follows the database (docs/OPERATIONS.md): the real binary on a PostgreSQL server
// of its own (scripts/pg-test-server.sh, a free loopback port); the server is stopped under
// the running bot and /ready turns 503 while /health stays 200; started again, /ready turns
// 200 and the bot answers again (its connection heals). Then the same under load: players
// keep playing while the server is stopped and started, and every update is taken exactly
// once, every command answered exactly once. Skipped without PostgreSQL's server binaries,
// which scripts/test.sh installs (and CI must have).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';

import { assertTitle } from './game.mjs';
import { SKIP, environment, finalChecks, sleep, testServer, until } from './harness.mjs';
import { get, opsUrl } from './ops.mjs';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
let skip = SKIP;
if (!skip && !fs.existsSync(path.join(PG_BIN, 'postgres'))) {
  if (process.env.CI) throw new Error(`no PostgreSQL server in ${PG_BIN}; scripts/test.sh installs it`);
  skip = `no PostgreSQL server in ${PG_BIN}`;
}
if (skip) test('/ready follows PostgreSQL', { skip }, () => {});

// A short path: the server's unix socket lives in it (108 bytes at most).
const pgDir = `/tmp/gofro-pg-e2e-${process.pid}`;
const pg = (command) => testServer('pg-test-server.sh', command, pgDir);


const COMMANDS = [
  ['/profile', 'profile'], ['/gofra', 'gofra_info'], ['/cable', 'cable_info'], ['/atm', 'atm_status'],
  ['/top', 'top'], ['/help', 'help'], ['/menu', 'menu'], ['/version', 'version'],
];

describe('/ready follows PostgreSQL', { skip }, () => {
  const botEnv = {}; // filled before the bot starts: the server's URL is known only then
  const env = environment({ env: botEnv });
  let base;
  let url;
  const processed = () => Number(execFileSync('psql', [url, '-Atc', 'SELECT COUNT(*) FROM processed_updates'],
    { encoding: 'utf8' }).trim());
  before(async () => {
    url = pg('start');
    botEnv.GOFROBOT_STORAGE_DATABASE_URL = url;
    await env.setup();
    base = await opsUrl(env.bot);
  });
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
      try { pg('stop'); } catch { /* already stopped */ }
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  });

  it('is ready with the database up, and the bot plays on PostgreSQL', async () => {
    const r = await get(`${base}/ready`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.database.ok, true);
    assert.match((await env.player({ firstName: 'Постгрес' }).ask('/start')).text, /./);
    assert.match(env.bot.log(), /storage: postgresql:\/\//);
  });

  it('turns 503 while PostgreSQL is stopped, /health staying 200, and 200 again when it is back', async () => {
    pg('stop');
    const down = await until(async () => {
      const r = await get(`${base}/ready`);
      return r.status === 503 ? r : null;
    }, '/ready to turn 503');
    assert.equal(down.json.status, 'not ready');
    assert.match(down.json.reasons.join(' '), /database/);
    const health = await get(`${base}/health`);
    assert.equal(health.status, 200, 'liveness does not depend on the database');
    assert.equal(health.json.status, 'healthy');

    pg('start');
    await until(async () => (await get(`${base}/ready`)).status === 200, '/ready to turn 200 again');
    // The engine's connection was lost with the server: the bot must answer again anyway.
    const reply = await env.player({ firstName: 'Вернулся' }).ask('/start', { timeoutMs: 30000 });
    assert.match(reply.text, /./);
  });

  it('under load, takes every update exactly once and answers each once through a stop and a start', async () => {
    const players = Array.from({ length: 6 }, (_, i) => env.player({ firstName: `Нагрузка${i}` }));
    for (const p of players) await p.ask('/start');
    await sleep(300); // the last sent marks
    const before = processed();
    const since = new Map();
    for (const p of players) since.set(p, await p.checkpoint());
    const playing = players.map(async (p) => {
      for (const [command, title] of COMMANDS) assertTitle(await p.ask(command, { timeoutMs: 60000 }), title, command);
    });
    await sleep(700);
    const logBefore = env.bot.log().length;
    pg('stop');
    await sleep(3000);
    pg('start');
    await Promise.all(playing);
    await sleep(1500); // nothing more may arrive
    for (const p of players) {
      assert.equal((await p.messagesSince(since.get(p))).length, COMMANDS.length,
        `${p.from.first_name}: one answer per command`);
    }
    assert.equal(processed() - before, players.length * COMMANDS.length, 'every update recorded exactly once');
    assert.match(env.bot.log().slice(logBefore), /not committed|storage unavailable|commit of/,
      'the log says what happened: the outage met updates in flight');
  });
});

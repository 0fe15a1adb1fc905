// Scale-out as one bot (docs/SCALING.md): three `gofrobot run` replicas in webhook mode on one
// PostgreSQL and one Redis, behind a real load balancer (Debian's haproxy, round robin,
// health-checking each replica's /ready), with the Bot API emulator delivering updates through
// the balancer as Telegram would (one at a time, again until it gets a 200). Consecutive
// updates land on different replicas: the updates spread over all three, a fight offered
// through one is confirmed through another, a nickname asked for through one is typed to
// another, the davka limit holds across them; a replica killed with SIGKILL is taken out by
// its /ready check and the bot keeps answering, and once started again it takes updates
// again; Redis stopped under the replicas costs no answer (each limits alone, bot_redis_up 0)
// and is used again once it is back. At the end every update the emulator delivered is recorded exactly once in the
// database. PostgreSQL, Redis and haproxy are started here on free loopback ports; skipped
// without them (a failure under CI, whose script installs them).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';

import { SKIP, commandRuns, freePort, newToken, Player, sleep, startBot, startLauncher, testServer, until } from './harness.mjs';
import { get, sample, scrape } from './ops.mjs';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
let skip = SKIP;
if (!skip) {
  const missing = [
    !fs.existsSync(path.join(PG_BIN, 'postgres')) && 'the PostgreSQL server',
    !commandRuns('redis-server', ['--version']) && 'redis-server',
    !commandRuns('haproxy', ['-v']) && 'haproxy',
  ].filter(Boolean);
  if (missing.length > 0) {
    if (process.env.CI) throw new Error(`missing ${missing.join(', ')}; scripts/test.sh installs them`);
    skip = `missing ${missing.join(', ')}`;
  }
}
if (skip) test('three replicas behind haproxy', { skip }, () => {});

const REPLICAS = 3;
const DAVKA_LIMIT = 3;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gofro-scale-'));
fs.chmodSync(work, 0o755); // PostgreSQL runs as its own user, and keeps its socket here

function haproxyConfig(lbPort, replicas) {
  return `global
  maxconn 512
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch
frontend webhook
  bind 127.0.0.1:${lbPort}
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /ready
  http-check expect status 200
  default-server inter 200ms fall 1 rise 2
${replicas.map((r, i) => `  server r${i} 127.0.0.1:${r.webhookPort} check port ${r.opsPort}`).join('\n')}
`;
}

describe('three replicas behind haproxy', { skip }, () => {
  const token = newToken();
  const secret = `scale-${randomBytes(12).toString('hex')}`;
  const replicas = [];
  let launcher;
  let haproxy;
  let pgUrl;
  let lbUrl;

  async function startReplica(r) {
    r.bot = await startBot(launcher, {
      token, mode: 'webhook', dir: r.dir,
      env: {
        GOFROBOT_STORAGE_DATABASE_URL: pgUrl,
        GOFROBOT_STORAGE_POSTGRES_POOL_SIZE: '2',
        GOFROBOT_CACHE_REDIS_URL: r.redisUrl,
        GOFROBOT_TELEGRAM_WEBHOOK_LISTEN: `127.0.0.1:${r.webhookPort}`,
        GOFROBOT_TELEGRAM_WEBHOOK_URL: lbUrl,
        GOFROBOT_TELEGRAM_WEBHOOK_SECRET: secret,
        GOFROBOT_OPS_LISTEN: `127.0.0.1:${r.opsPort}`,
        GOFROBOT_LIMITS_DAVKA_PER_MINUTE: String(DAVKA_LIMIT),
      },
    });
    // The emulator delivers to the balancer, whichever replica registered last.
    await launcher.control.post('webhook_target', { token, url: lbUrl });
  }
  const received = async (r) =>
    sample((await scrape(`http://127.0.0.1:${r.opsPort}`)).samples, 'gofrobot_updates_received_total',
      { kind: 'message', source: 'webhook' }) ?? 0;
  const psql = (sql) => execFileSync('psql', [pgUrl, '-qAt', '-c', sql], { encoding: 'utf8' }).trim();
  const player = (options) => new Player(launcher, token, options);

  before(async () => {
    pgUrl = testServer('pg-test-server.sh', 'start', path.join(work, 'pg'));
    const redisUrl = testServer('redis-test-server.sh', 'start', path.join(work, 'redis'));
    launcher = await startLauncher({ tokens: [token] });
    const lbPort = await freePort();
    lbUrl = `http://127.0.0.1:${lbPort}/telegram/webhook`;
    for (let i = 0; i < REPLICAS; i += 1) {
      const dir = path.join(work, `replica${i}`);
      fs.mkdirSync(dir);
      replicas.push({ dir, redisUrl, webhookPort: await freePort(), opsPort: await freePort() });
    }
    for (const r of replicas) await startReplica(r); // one at a time: the first migrates
    fs.writeFileSync(path.join(work, 'haproxy.cfg'), haproxyConfig(lbPort, replicas));
    haproxy = spawn('haproxy', ['-f', path.join(work, 'haproxy.cfg'), '-db'], {
      stdio: ['ignore', fs.openSync(path.join(work, 'haproxy.log'), 'a'), fs.openSync(path.join(work, 'haproxy.log'), 'a')],
    });
    await until(async () => (await fetch(lbUrl, { method: 'POST', body: '{}' }).catch(() => null)) !== null,
      'haproxy to listen');
  });

  after(async () => {
    try {
      for (const r of replicas) {
        if (r.bot) {
          const exit = await r.bot.stop();
          assert.equal(exit.code, 0, `replica ${r.dir} exited with ${exit.code ?? exit.signal}`);
        }
      }
    } finally {
      haproxy?.kill('SIGTERM');
      await launcher?.stop().catch(() => {});
      try { testServer('redis-test-server.sh', 'stop', path.join(work, 'redis')); } catch { /* stopped */ }
      try { testServer('pg-test-server.sh', 'stop', path.join(work, 'pg')); } catch { /* stopped */ }
      if (process.env.E2E_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('spreads the updates over every replica', async () => {
    const p = player({ firstName: 'Разносчик' });
    for (let i = 0; i < 2 * REPLICAS; i += 1) assert.match((await p.ask('/profile')).text, /ПРОФИЛЬ/);
    for (const r of replicas) assert.ok(await received(r) >= 1, `replica ${r.dir} got no update`);
  });

  it('confirms a fight through another replica than the one that offered it', async () => {
    const chat = { id: -1002000000000 - Math.floor(Math.random() * 1000), type: 'supergroup', title: 'Гофрочат Кластер' };
    const alice = player({ firstName: 'Алиса', chat });
    const bob = player({ firstName: 'Боб', chat });
    const said = await bob.send('ну давай');
    const request = await alice.ask('/fight', { replyTo: said });
    const confirm = `chat_fight_${bob.userId}`;
    assert.ok(request.buttons.some((b) => b.callback_data === confirm), request.text);
    const press = await alice.press(request, confirm);
    assert.equal(press.answer.show_alert, false, JSON.stringify(press.answer));
    assert.match((await press.edited()).text, /УСПЕХ|ПРОВАЛ/);
    // Single use, whichever replica the next press reaches.
    for (let i = 0; i < REPLICAS; i += 1) {
      const again = await alice.press(request, null, { data: confirm }); // the button is gone: a stale one
      assert.match(again.answer.text ?? '', /недействителен/, JSON.stringify(again.answer));
    }
    assert.equal(psql(`SELECT count(*) FROM rademka_fights WHERE winner_id = ${alice.userId} OR loser_id = ${alice.userId}`), '1');
  });

  it('takes a nickname typed to another replica than the one that asked for it', async () => {
    const p = player({ firstName: 'Ник' });
    const menu = await p.ask('/nickname');
    await p.press(menu, 'change_nickname');
    const done = await p.ask('Кластерный');
    assert.match(done.text, /Ник изменён/, done.text);
    assert.equal(psql(`SELECT nickname FROM users WHERE user_id = ${p.userId}`), 'Кластерный');
  });

  it('holds the davka limit across the replicas', async () => {
    const p = player({ firstName: 'Давило' });
    const menu = await p.ask('/start');
    let limited = 0;
    for (let i = 0; i < DAVKA_LIMIT + REPLICAS; i += 1) {
      const press = await p.press(menu, 'davka');
      if ((press.answer.text ?? '').includes('Не так быстро')) limited += 1;
    }
    assert.equal(limited, REPLICAS, `${DAVKA_LIMIT} davkas a minute between the replicas, the rest refused`);
  });

  it('shows on every replica what another replica changed (the change feed), not its cached copy', async () => {
    const p = player({ firstName: 'Везде' });
    // Round robin: every replica reads the player and keeps it in its cache.
    for (let i = 0; i < 2 * REPLICAS; i += 1) assert.match((await p.ask('/profile')).text, /Всего давок: 0\n/);
    assert.match((await p.ask('/davka')).text, /ДАВКА КОРИЧНЕВАГА/);
    await sleep(100); // the feed's message: well under a millisecond on loopback
    for (let i = 0; i < 2 * REPLICAS; i += 1) {
      const text = (await p.ask('/profile')).text;
      assert.match(text, /Всего давок: 1\n/, `a replica showed its stale copy:\n${text}`);
    }
    let refreshed = 0;
    for (const r of replicas) {
      const s = (await scrape(`http://127.0.0.1:${r.opsPort}`)).samples;
      assert.equal(sample(s, 'gofrobot_change_feed_subscribed'), 1, `replica ${r.dir} hears the feed`);
      assert.ok(sample(s, 'gofrobot_change_feed_messages_total', { direction: 'received' }) >= 1);
      refreshed += sample(s, 'gofrobot_cache_refreshed_total', { cache_type: 'local' });
    }
    // The other two replicas kept the player: the davka's row replaced their copies, unread.
    assert.ok(refreshed >= REPLICAS - 1, `kept copies refreshed by the feed's rows: ${refreshed}`);
  });

  it('answers a chat\'s keywords once per cooldown between all the replicas', async () => {
    const chat = { id: -1003000000000 - Math.floor(Math.random() * 1000), type: 'supergroup', title: 'Гофрочат Шутки' };
    const p = player({ firstName: 'Шутник', chat });
    await p.ask('/gofrastart'); // registers the chat
    await p.checkpoint();
    // One message to each replica (round robin), each worth a joke on its own.
    for (let i = 0; i < REPLICAS; i += 1) await p.send(`гофра номер ${i}`);
    await sleep(1500); // every replica has answered, or kept quiet
    const jokes = await p.messagesSince(); // plain texts get nothing else
    assert.equal(jokes.length, 1, `one keyword reply in the chat, not one a replica: ${jokes.map((m) => m.text).join(' | ')}`);
  });

  it('keeps answering while a replica is killed, and uses it again once it is back', async () => {
    const victim = replicas[1];
    victim.bot.process.kill('SIGKILL');
    await victim.bot.exited;
    victim.bot = null;
    const p = player({ firstName: 'Выживший' });
    for (let i = 0; i < 2 * REPLICAS; i += 1) assert.match((await p.ask('/profile')).text, /ПРОФИЛЬ/);

    await startReplica(victim);
    await until(async () => (await get(`http://127.0.0.1:${victim.opsPort}/ready`)).status === 200, 'the replica to be ready');
    await sleep(1000); // haproxy's check: every 200 ms, up after two successes
    const before = await received(victim);
    for (let i = 0; i < 2 * REPLICAS; i += 1) assert.match((await p.ask('/profile')).text, /ПРОФИЛЬ/);
    assert.ok(await received(victim) > before, 'the restarted replica takes updates again');
  });

  it('plays on while Redis is killed, each replica alone, and shares again when it is back', async () => {
    testServer('redis-test-server.sh', 'stop', path.join(work, 'redis'));
    const p = player({ firstName: 'БезРедиса' });
    for (let i = 0; i < 2 * REPLICAS; i += 1) assert.match((await p.ask('/profile')).text, /ПРОФИЛЬ/);
    for (const r of replicas) {
      const s = (await scrape(`http://127.0.0.1:${r.opsPort}`)).samples;
      assert.equal(sample(s, 'bot_redis_up'), 0, `replica ${r.dir} noticed Redis gone`);
      assert.ok(sample(s, 'gofrobot_rate_limit_decided_alone_total') >= 1);
    }
    testServer('redis-test-server.sh', 'start', path.join(work, 'redis')); // the same port
    await until(async () => {
      await p.ask('/profile');
      for (const r of replicas) {
        if (sample((await scrape(`http://127.0.0.1:${r.opsPort}`)).samples, 'bot_redis_up') !== 1) return false;
      }
      return true;
    }, 'every replica to use Redis again', 30000, 300);
  });

  it('records every delivered update exactly once', async () => {
    await sleep(500); // the last deliveries' commits
    const hook = await launcher.control.webhook(token);
    const delivered = new Set(hook.deliveries.filter((d) => d.status === 200).map((d) => d.update_id));
    assert.equal(hook.pending, 0, 'nothing left to deliver');
    const recorded = psql('SELECT update_id FROM processed_updates').split('\n').filter(Boolean).map(Number);
    assert.equal(new Set(recorded).size, recorded.length);
    assert.deepEqual([...recorded].sort((a, b) => a - b), [...delivered].sort((a, b) => a - b));
  });
});

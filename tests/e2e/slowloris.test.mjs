// Slowloris against the real binary's webhook: one client address holds connections open
// (idle ones, and heads sent a line at a time), more than its share. The bot turns the
// extra ones away at once (503, telegram.webhook_max_connections_per_address), keeps taking
// Telegram's deliveries from another address meanwhile, closes the slow heads once their
// time is up (10 s) and counts both on /metrics.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it, test } from 'node:test';

import { assertTitle } from './game.mjs';
import { SKIP, environment, finalChecks, sleep, until } from './harness.mjs';
import { opsUrl, sample, scrape } from './ops.mjs';

if (SKIP) test('slowloris on the webhook', { skip: SKIP }, () => {});

const PER_ADDRESS = 40;
const HOSTILE = '127.0.0.7'; // any 127/8 address is this machine's on Linux

/** A connection from `localAddress`: resolves once connected; `whenClosed` once the server closes it. */
function connect(port, localAddress) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    let received = '';
    socket.whenClosed = new Promise((done) => socket.once('close', done));
    socket.on('data', (chunk) => { received += chunk; });
    socket.received = () => received;
    socket.once('error', () => {});
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('slowloris on the webhook', { skip: SKIP }, () => {
  const env = environment({
    mode: 'webhook',
    env: { GOFROBOT_TELEGRAM_WEBHOOK_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS) },
  });
  const sockets = [];
  before(() => env.setup());
  after(async () => {
    for (const s of sockets) s.destroy();
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('turns away one address over its share, serves Telegram meanwhile, and times out slow heads', async () => {
    const port = Number(new URL(env.bot.webhook.url).port);
    const p = env.player({ firstName: 'Стойкий' });
    await p.ask('/start');

    // Half of the address's share idle, half sending a head one line at a time.
    for (let i = 0; i < PER_ADDRESS; i += 1) sockets.push(await connect(port, HOSTILE));
    const slow = sockets.slice(PER_ADDRESS / 2);
    for (const s of slow) s.write('POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\n');
    const trickle = setInterval(() => { for (const s of slow) if (!s.destroyed) s.write('X-Slow: 1\r\n'); }, 500);
    try {
      // Over its share: 503 at once, the connection closed.
      const extra = [];
      for (let i = 0; i < 10; i += 1) extra.push(await connect(port, HOSTILE));
      await Promise.all(extra.map((s) => Promise.race([s.whenClosed, sleep(5000)])));
      for (const s of extra) {
        assert.match(s.received(), /^HTTP\/1\.1 503/, 'a connection over the address\'s share is refused');
      }

      // Telegram (the proxy, from 127.0.0.1) is served while the hostile connections stay.
      const t0 = Date.now();
      assertTitle(await p.ask('/profile'), 'profile', 'during the attack');
      assertTitle(await p.ask('/gofra'), 'gofra_info', 'during the attack');
      assert.ok(Date.now() - t0 < 5000, `two answers took ${Date.now() - t0} ms during the attack`);

      // The slow heads run out of time (10 s from their first byte) and are closed.
      await Promise.all(slow.map((s) => Promise.race([s.whenClosed, sleep(20000)])));
      assert.equal(slow.filter((s) => !s.destroyed && s.readyState === 'open').length, 0, 'every slow head closed');
    } finally {
      clearInterval(trickle);
    }
    const base = await opsUrl(env.bot);
    // Idle connections have the head's time too: every hostile connection is a head timeout.
    let timeouts = 0;
    await until(async () => {
      timeouts = sample((await scrape(base)).samples, 'gofrobot_webhook_head_timeouts_total') ?? 0;
      return timeouts >= PER_ADDRESS;
    }, 'every hostile connection counted as a head timeout', 15000).catch((error) => {
      error.message += ` (${timeouts} counted)`;
      throw error;
    });
    const { samples } = await scrape(base);
    assert.ok(sample(samples, 'gofrobot_webhook_address_connections_rejected_total') >= 10,
      'the refused connections counted');
    assert.equal(sample(samples, 'gofrobot_webhook_connections_rejected_total'), 0, 'the overall cap was never reached');
    for (const s of sockets) s.destroy();
    assertTitle(await p.ask('/cable'), 'cable_info', 'after the attack');
  });
});

// The bot token and the webhook secret never appear in a log line, an error message, a
// metric or a health answer (docs/OPERATIONS.md): the real binary runs with both set and
// meets the errors that would most likely print them (a wrong secret, a malformed update,
// a failing Bot API: 5xx, resets, 429s, a 401 for the token, a token refused at start), at
// debug level; then everything it wrote and served is searched for either string.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import path from 'node:path';

import { REPO, SKIP, environment, finalChecks, newToken, sleep, startBot } from './harness.mjs';
import { get, opsUrl, scrape, undocumentedFamilies } from './ops.mjs';

if (SKIP) test('no secret leaks', { skip: SKIP }, () => {});

// The token's secret half (after "<bot id>:") is what matters; the id is public.
const secretHalf = (token) => token.slice(token.indexOf(':') + 1);

function assertNoSecrets(where, text, secrets) {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `${where} contains a secret (${secret.slice(0, 6)}…)`);
  }
}

async function everythingServed(base) {
  const parts = [];
  for (const endpoint of ['/metrics', '/health', '/ready', '/nope']) parts.push((await get(`${base}${endpoint}`)).text);
  return parts.join('\n');
}

describe('no secret leaks: webhook mode', { skip: SKIP }, () => {
  const env = environment({ mode: 'webhook' });
  let base;
  before(async () => {
    await env.setup();
    base = await opsUrl(env.bot);
  });
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('keeps the token and the secret out of everything it writes and serves', async () => {
    const secrets = [env.token, secretHalf(env.token), env.bot.webhook.secret];
    // A wrong secret, a missing one, a malformed update, a body that is not JSON.
    assert.equal((await env.bot.postWebhook({ update_id: 1 }, { secret: 'wrong' })).status, 401);
    assert.equal((await env.bot.postWebhook({ update_id: 2 }, { secret: null })).status, 401);
    assert.equal((await env.bot.postWebhook('{"update_id": "x"', { raw: true })).status, 400);
    // A failing Bot API on the calls that leave through the outbound queue.
    const p = env.player({ firstName: 'Секрет' });
    const menu = await p.ask('/start');
    await env.control.fault([
      { method: 'editMessageText', status: 500, count: 2 },
      { method: 'editMessageText', status: 'reset', count: 1 },
      { method: 'editMessageText', status: 429, retry_after: 1, count: 1 },
    ]);
    await p.press(menu, 'profile');
    await env.control.fault({ method: 'editMessageText', status: 401, count: 1, description: 'Unauthorized' });
    await p.press(menu, 'back_main').catch(() => {});
    // The edit's retries back off (0.5 s, 1 s, 2 s, a 1 s pause): wait for the 401's line.
    const deadline = Date.now() + 20000;
    while (!/refused the bot token/.test(env.bot.log()) && Date.now() < deadline) await sleep(100);
    await env.control.clearFaults();
    assertNoSecrets('the bot log', env.bot.log(), secrets);
    assertNoSecrets('the ops endpoints', await everythingServed(base), secrets);
    assert.match(env.bot.log(), /editMessageText to chat .*retrying/, 'the retries were logged');
    // The webhook's own families are documented too (ops.test.mjs checks the rest).
    const { text, samples } = await scrape(base);
    assert.deepEqual(undocumentedFamilies(text, path.join(REPO, 'docs', 'OPERATIONS.md')), []);
    assert.equal(samples.get('gofrobot_webhook_refused_total{status="401"}'), 2);
    assert.match(env.bot.log(), /refused the bot token/, 'the 401 was logged');
  });

  it('keeps a refused token out of the error it exits with', async () => {
    const refused = newToken(); // the launcher does not know it: the Bot API answers 401
    const bot = await startBot(env.launcher, { token: refused, waitReady: false });
    const exit = await bot.exited;
    assert.equal(exit.code, 2);
    assert.match(bot.log(), /rejected the bot token/);
    assertNoSecrets('the refused bot\'s output', bot.log(), [refused, secretHalf(refused)]);
  });
});

describe('no secret leaks: long polling', { skip: SKIP }, () => {
  const env = environment();
  let base;
  before(async () => {
    await env.setup();
    base = await opsUrl(env.bot);
  });
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('keeps the token out of getUpdates failures', async () => {
    await env.control.fault([
      { method: 'getUpdates', status: 502, count: 1 },
      { method: 'getUpdates', status: 'reset', count: 1 },
      { method: 'getUpdates', status: 500, count: 1 },
    ]);
    const p = env.player({ firstName: 'Поллинг' });
    await p.ask('/start', { timeoutMs: 30000 });
    assert.match(env.bot.log(), /getUpdates failed/);
    assertNoSecrets('the bot log', env.bot.log(), [env.token, secretHalf(env.token)]);
    assertNoSecrets('the ops endpoints', await everythingServed(base), [env.token, secretHalf(env.token)]);
  });
});

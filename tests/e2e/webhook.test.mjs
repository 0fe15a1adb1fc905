// Webhook mode with the real binary: the bot registers its webhook (URL and secret) with the
// API at start-up, the proxy delivers the emulator's updates to it with the secret header, and
// requests posted straight to the bot's listener check its guards: a wrong or missing secret
// (401), a redelivered update (acted on once), a body over the limit (413).
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import { GROUP_MENU, PRIVATE_MENU, assertKeyboard, assertTitle, open } from './game.mjs';
import { SKIP, environment, finalChecks, sleep } from './harness.mjs';

if (SKIP) test('webhook mode: secret, redelivery, body limit', { skip: SKIP }, () => {});

const MAX_BODY = 65536;

// Updates posted straight to the bot get ids far above the proxy's, and increasing, so that a
// bot that drops update ids it has passed still takes each of them once.
let directId = 700000000;

function commandUpdate(player, text) {
  directId += 1;
  const command = /^\/[A-Za-z0-9_]+/.exec(text);
  return {
    update_id: directId,
    message: {
      message_id: directId % 1000000,
      from: player.from,
      chat: player.chatObject,
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  };
}

describe('webhook mode', { skip: SKIP }, () => {
  const env = environment({
    mode: 'webhook',
    webhookMaxBodyBytes: MAX_BODY,
    env: { GOFROBOT_TELEGRAM_WEBHOOK_MAX_CONNECTIONS: '77' },
  });
  before(() => env.setup());
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('registers its webhook with the secret and the configured connections, and never polls', async () => {
    const hook = await env.control.webhook(env.token);
    assert.equal(hook.webhook.url, env.bot.webhook.url);
    assert.equal(hook.webhook.secret_token, env.bot.webhook.secret);
    assert.equal(hook.webhook.max_connections, 77, 'telegram.webhook_max_connections reaches setWebhook');
    const menus = await env.control.commands(env.token);
    assert.deepEqual(menus.map((m) => m.commands.length).sort(), [GROUP_MENU.length, PRIVATE_MENU.length].sort());
    assert.equal((await env.control.status(env.token)).get_updates_calls, 0, 'no getUpdates in webhook mode');
  });

  it('plays through the webhook: commands and buttons', async () => {
    const p = env.player({ firstName: 'Вебхук' });
    const menu = await p.ask('/start');
    assertKeyboard(menu, 'main', '/start over the webhook');
    await open(p, menu, 'profile', { keyboard: 'profile' });
    await open(p, menu, 'back_main', { keyboard: 'main' });
    const hook = await env.control.webhook(env.token);
    assert.ok(hook.deliveries.length >= 3);
    assert.deepEqual(hook.deliveries.filter((d) => d.status !== 200), [], 'every delivery was accepted');
  });

  it('refuses a wrong or missing secret with 401, and does nothing', async () => {
    const p = env.player({ firstName: 'Чужой' });
    await p.checkpoint();
    assert.equal((await env.bot.postWebhook(commandUpdate(p, '/start'), { secret: 'not-the-secret' })).status, 401);
    assert.equal((await env.bot.postWebhook(commandUpdate(p, '/start'), { secret: null })).status, 401);
    await sleep(1500);
    assert.deepEqual(await p.messagesSince(), [], 'no reply to a refused update');
  });

  it('acts once on a redelivered update', async () => {
    const p = env.player({ firstName: 'Дубль' });
    await p.checkpoint();
    const update = commandUpdate(p, '/davka');
    const first = await env.bot.postWebhook(update);
    assert.ok(first.status >= 200 && first.status < 300, `first delivery: ${first.status}`);
    const second = await env.bot.postWebhook(update);
    assert.ok(second.status >= 200 && second.status < 300, `the redelivery is acknowledged (${second.status}), so Telegram stops`);
    const reply = await p.nextMessage();
    assertTitle(reply, 'davka', 'the davka');
    await sleep(2000);
    const third = await env.bot.postWebhook(update);
    assert.ok(third.status >= 200 && third.status < 300, `a late redelivery: ${third.status}`);
    await sleep(1500);
    assert.equal((await p.messagesSince()).length, 1, 'one davka, one reply');
    await env.bot.postWebhook(commandUpdate(p, '/profile'));
    const profile = await p.nextMessage({ where: (m) => m.text.includes('ПРОФИЛЬ') });
    assert.match(profile.text, /давок: 1\b/, `the davka was applied once:\n${profile.text}`);
  });

  it('refuses a body over the limit with 413, and carries on', async () => {
    const p = env.player({ firstName: 'Толстый' });
    const update = commandUpdate(p, '/start');
    update.message.text = `/start ${'я'.repeat(MAX_BODY)}`; // two bytes a letter: twice the limit
    const big = await env.bot.postWebhook(update);
    assert.equal(big.status, 413, `twice the limit: ${big.status} ${big.error ?? ''}`);
    const justOver = commandUpdate(p, '/start');
    const base = Buffer.byteLength(JSON.stringify(justOver));
    justOver.message.caption = 'x'.repeat(MAX_BODY - base + 1 - ',"caption":""'.length);
    assert.equal(Buffer.byteLength(JSON.stringify(justOver)), MAX_BODY + 1);
    const over = await env.bot.postWebhook(justOver);
    assert.equal(over.status, 413, `one byte over the limit: ${over.status} ${over.error ?? ''}`);
    const garbage = await env.bot.postWebhook('{"update_id": 1, "message": ', { raw: true });
    assert.ok(garbage.status >= 200 && garbage.status < 500, `malformed JSON is not a server error (${garbage.status})`);
    await p.checkpoint();
    await env.bot.postWebhook(commandUpdate(p, '/menu'));
    assertTitle(await p.nextMessage(), 'menu', 'the bot still answers');
  });
});

// Self-test of the e2e machinery without gofrobot: the launcher (emulator + proxy), its control
// API, and the harness, driven directly and through fake-bot.mjs (a tiny echo bot that reads
// the same environment as `gofrobot run`). These tests never skip.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  HERE, HOST, Player, badRequests, environment, newToken, pacingViolations, retryAfterViolations, sleep,
  startLauncher, troubleEvents, unansweredCallbacks,
} from './harness.mjs';

const FAKE_BOT = [process.execPath, path.join(HERE, 'fake-bot.mjs')];

async function api(launcher, token, method, params = {}, { timeoutMs = 10000 } = {}) {
  const response = await fetch(`${launcher.api_base_url}/bot${token}/${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* HTML */ }
  return { status: response.status, json, text, headers: response.headers };
}

describe('the proxy in front of the emulator, driven by hand', () => {
  const token = newToken();
  let launcher;
  let alice;

  before(async () => {
    launcher = await startLauncher({ tokens: [token] });
    alice = new Player(launcher, token, { firstName: 'Alice' });
  });
  after(async () => {
    const stopped = await launcher.stop();
    assert.equal(stopped.code, 0, 'the launcher exits 0 on SIGTERM');
  });

  it('answers getMe with the emulator\'s bot plus is_bot, and refuses an unknown token with 401', async () => {
    const me = await api(launcher, token, 'getMe');
    assert.equal(me.status, 200);
    assert.deepEqual(me.json.result, { username: 'TestNameBot', first_name: 'Test First name', id: 666, is_bot: true });
    const stranger = await api(launcher, '1:nope', 'getMe');
    assert.equal(stranger.status, 401);
    assert.deepEqual(stranger.json, { ok: false, error_code: 401, description: 'Unauthorized' });
  });

  it('holds getUpdates for `timeout` seconds when nothing is queued', async () => {
    const t0 = Date.now();
    const answer = await api(launcher, token, 'getUpdates', { timeout: 1 });
    const took = Date.now() - t0;
    assert.deepEqual(answer.json, { ok: true, result: [] });
    assert.ok(took >= 900 && took < 3000, `held ${took} ms`);
  });

  it('wakes a waiting long poll as soon as an update arrives', async () => {
    const poll = api(launcher, token, 'getUpdates', { timeout: 10 });
    await sleep(200);
    const t0 = Date.now();
    const sent = await alice.send('hello');
    const answer = await poll;
    assert.ok(Date.now() - t0 < 1000, 'woken within a second');
    assert.equal(answer.json.result.length, 1);
    const update = answer.json.result[0];
    assert.equal(update.message.text, 'hello');
    assert.equal(update.message.message_id, sent.message_id);
    assert.equal(update.message.from.id, alice.userId);
    // Not confirmed yet: the same update comes again (the real API keeps it until offset > id).
    const again = await api(launcher, token, 'getUpdates', { timeout: 0 });
    assert.deepEqual(again.json.result.map((u) => u.update_id), [update.update_id]);
    const confirmed = await api(launcher, token, 'getUpdates', { offset: update.update_id + 1, timeout: 0 });
    assert.deepEqual(confirmed.json.result, []);
  });

  it('forgets a long poll whose client went away, delivering nothing to it', async () => {
    const gone = new AbortController();
    const poll = fetch(`${launcher.api_base_url}/bot${token}/getUpdates`, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ timeout: 10 }), signal: gone.signal });
    await launcher.control.until(async () => (await launcher.control.status(token)).long_poll_pending,
      { timeoutMs: 2000, what: 'the long poll' });
    gone.abort();
    await assert.rejects(poll);
    await launcher.control.until(async () => !(await launcher.control.status(token)).long_poll_pending,
      { timeoutMs: 2000, what: 'the proxy to drop the long poll' });
    const sent = await alice.send('after the abort');
    const answer = await api(launcher, token, 'getUpdates', { timeout: 0 });
    assert.deepEqual(answer.json.result.map((u) => u.message.message_id), [sent.message_id]);
    await api(launcher, token, 'getUpdates', { offset: answer.json.result[0].update_id + 1 });
  });

  it('honours limit and a negative offset', async () => {
    await alice.send('one');
    await alice.send('two');
    await alice.send('three');
    const first = await api(launcher, token, 'getUpdates', { limit: 2 });
    assert.deepEqual(first.json.result.map((u) => u.message.text), ['one', 'two']);
    const last = await api(launcher, token, 'getUpdates', { offset: -1 });
    assert.deepEqual(last.json.result.map((u) => u.message.text), ['three']);
    const rest = await api(launcher, token, 'getUpdates', { offset: last.json.result[0].update_id + 1 });
    assert.deepEqual(rest.json.result, []);
  });

  it('ends an older long poll with 409 when a newer one arrives', async () => {
    const older = api(launcher, token, 'getUpdates', { timeout: 5 });
    await sleep(200);
    const newer = api(launcher, token, 'getUpdates', { timeout: 1 });
    const o = await older;
    assert.equal(o.status, 409);
    assert.match(o.json.description, /terminated by other getUpdates request/);
    assert.equal((await newer).status, 200);
  });

  it('checks what the real API checks: markup, text, edits, callback answers', async () => {
    const chat = alice.chat.id;
    const keyboard = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
    const sent = await api(launcher, token, 'sendMessage', { chat_id: chat, text: 'menu', reply_markup: keyboard });
    assert.equal(sent.status, 200);
    const id = sent.json.result.message_id;

    const cases = [
      ['sendMessage', { chat_id: chat, text: '' }, 'Bad Request: message text is empty'],
      ['sendMessage', { chat_id: chat, text: 'x'.repeat(4097) }, 'Bad Request: message is too long'],
      ['sendMessage', { text: 'x' }, 'Bad Request: chat_id is empty'],
      ['sendMessage', { chat_id: chat, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b'.repeat(65) }]] } },
        'Bad Request: BUTTON_DATA_INVALID'],
      ['sendMessage', { chat_id: chat, text: 'x', reply_markup: '{oops' }, "Bad Request: can't parse reply keyboard markup JSON object"],
      ['editMessageText', { chat_id: chat, message_id: id + 1000, text: 'x' }, 'Bad Request: message to edit not found'],
      ['editMessageText', { chat_id: chat, message_id: id, text: 'menu', reply_markup: keyboard }, /^Bad Request: message is not modified/],
      ['answerCallbackQuery', { callback_query_id: 'nope' }, /^Bad Request: query is too old/],
    ];
    for (const [method, params, description] of cases) {
      const answer = await api(launcher, token, method, params);
      assert.equal(answer.status, 400, `${method} ${JSON.stringify(params).slice(0, 80)}`);
      if (description instanceof RegExp) assert.match(answer.json.description, description);
      else assert.equal(answer.json.description, description);
    }
    // The emulator answers an edit with result null; the proxy leaves that as it is.
    const edit = await api(launcher, token, 'editMessageText', { chat_id: chat, message_id: id, text: 'menu 2' });
    assert.deepEqual(edit.json, { ok: true, result: null });
    const view = (await launcher.control.messages(token, chat)).find((m) => m.message_id === id);
    assert.equal(view.text, 'menu 2');
    assert.equal(view.reply_markup, null, 'an edit without reply_markup removes the keyboard (as on the real API)');
    assert.equal(view.edits, 1);
  });

  it('records setMyCommands and answers unknown methods with 404', async () => {
    const commands = [{ command: 'start', description: 'начать' }];
    const set = await api(launcher, token, 'setMyCommands', { commands, scope: { type: 'all_group_chats' } });
    assert.deepEqual(set.json, { ok: true, result: true });
    const got = await api(launcher, token, 'getMyCommands', { scope: { type: 'all_group_chats' } });
    assert.deepEqual(got.json.result, commands);
    const bad = await api(launcher, token, 'setMyCommands', { commands: [{ command: 'Bad-Name', description: 'x' }] });
    assert.equal(bad.status, 400);
    const stored = await launcher.control.commands(token);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0].scope, { type: 'all_group_chats' });
    const unknown = await api(launcher, token, 'sendPhotoOfCat', {});
    assert.equal(unknown.status, 404);
    assert.ok((await launcher.control.events()).some((e) => e.type === 'unsupported-method' && e.method === 'sendPhotoOfCat'));
  });

  it('injects 429, 5xx and connection resets, by method and chat, a given number of times', async () => {
    const chat = alice.chat.id;
    await launcher.control.fault({ method: 'sendMessage', chat_id: chat, status: 429, retry_after: 3, count: 2 });
    await launcher.control.fault({ method: 'getMe', status: 502 });
    await launcher.control.fault({ method: 'getMe', status: 'reset' });
    const other = await api(launcher, token, 'sendMessage', { chat_id: chat + 1, text: 'other chat' });
    assert.equal(other.status, 200, 'a fault for one chat leaves the others alone');
    for (let i = 0; i < 2; i += 1) {
      const limited = await api(launcher, token, 'sendMessage', { chat_id: chat, text: 'x' });
      assert.equal(limited.status, 429);
      assert.deepEqual(limited.json, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 } });
    }
    assert.equal((await api(launcher, token, 'sendMessage', { chat_id: chat, text: 'x' })).status, 200);
    const gateway = await api(launcher, token, 'getMe');
    assert.equal(gateway.status, 502);
    assert.match(gateway.text, /502 Bad Gateway/);
    await assert.rejects(api(launcher, token, 'getMe'));
    assert.equal((await api(launcher, token, 'getMe')).status, 200);
    assert.deepEqual((await launcher.control.get('faults')).result, []);
    const log = await launcher.control.requests({ method: 'sendMessage', chatId: chat });
    const faulted = log.filter((r) => r.fault);
    assert.equal(faulted.length, 2);
    assert.ok(faulted.every((r) => r.t > 0 && r.t_end >= r.t && r.fault.status === 429));
  });

  it('keeps the emulator alive after the requests that crash it, and restarts it if it dies', async () => {
    for (const route of ['sendMessage', 'sendCommand', 'sendCallback']) {
      const response = await fetch(`${launcher.client_url}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: '/start' }) });
      assert.equal(response.status, 400, `${route} without botToken is refused by the proxy`);
    }
    const health = await launcher.control.get('health');
    assert.equal(health.emulator.restarts, 0);
    const before = await api(launcher, token, 'sendMessage', { chat_id: alice.chat.id, text: 'before' });
    const killed = await launcher.control.post('emulator/kill', {});
    assert.ok(killed.pid > 0);
    const afterKill = await api(launcher, token, 'sendMessage', { chat_id: alice.chat.id, text: 'after' });
    assert.equal(afterKill.status, 200, 'the proxy waits for the restarted emulator');
    assert.ok(afterKill.json.result.message_id > before.json.result.message_id, 'message ids keep counting up');
    const sent = await alice.send('still here');
    const updates = await api(launcher, token, 'getUpdates', { timeout: 5 });
    assert.ok(updates.json.result.some((u) => u.message?.message_id === sent.message_id));
    const events = await launcher.control.events();
    assert.ok(events.some((e) => e.type === 'emulator-died'));
    assert.ok(!events.some((e) => e.type === 'duplicate-message-id'));
    assert.equal((await launcher.control.get('health')).emulator.restarts, 1);
  });

  it('delivers to a webhook with the secret header, retries failures, and refuses getUpdates meanwhile', async () => {
    const received = [];
    let failNext = 1;
    let replyWith = null;
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        received.push({ secret: req.headers['x-telegram-bot-api-secret-token'], update: JSON.parse(body) });
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(500).end();
        } else if (replyWith) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(replyWith));
          replyWith = null;
        } else {
          res.writeHead(200).end();
        }
      });
    });
    await new Promise((resolve) => hook.listen(0, HOST, resolve));
    try {
      const url = `http://${HOST}:${hook.address().port}/hook`;
      await api(launcher, token, 'getUpdates', { offset: -1 });
      const set = await api(launcher, token, 'setWebhook', { url, secret_token: 's3cret', drop_pending_updates: true });
      assert.deepEqual(set.json, { ok: true, result: true, description: 'Webhook was set' });
      const conflict = await api(launcher, token, 'getUpdates', {});
      assert.equal(conflict.status, 409);
      const sent = await alice.send('via webhook');
      await launcher.control.until(async () => received.length >= 2, { timeoutMs: 5000, what: 'two deliveries' });
      assert.equal(received[0].secret, 's3cret');
      assert.equal(received[0].update.message.message_id, sent.message_id);
      assert.equal(received[1].update.update_id, received[0].update.update_id, 'a failed delivery is retried');
      await sleep(300);
      const info = await api(launcher, token, 'getWebhookInfo');
      assert.equal(info.json.result.url, url);
      assert.equal(info.json.result.pending_update_count, 0);
      assert.match(info.json.result.last_error_message, /500/);
      const deliveries = (await launcher.control.webhook(token)).deliveries;
      assert.deepEqual(deliveries.map((d) => d.status), [500, 200]);

      // A webhook answer may carry a Bot API call, which the proxy makes (as Telegram does).
      replyWith = { method: 'sendMessage', chat_id: alice.chat.id, text: 'answered in the webhook response' };
      const since = await launcher.control.seq();
      await alice.send('answer me in the response');
      const made = await launcher.control.waitRequest((r) => r.params.text === 'answered in the webhook response',
        { since, method: 'sendMessage', timeoutMs: 5000 });
      assert.equal(made.status, 200);
      assert.equal(made.via, 'webhook-response');
      assert.equal((await api(launcher, token, 'deleteWebhook', {})).json.result, true);
      assert.equal((await api(launcher, token, 'getUpdates', {})).status, 200);
    } finally {
      hook.close();
    }
  });
});

describe('the harness with fake-bot.mjs in polling mode', () => {
  const env = environment({ command: FAKE_BOT, pollTimeoutSeconds: 5 });
  before(() => env.setup());
  after(() => env.teardown());

  it('echoes, shows a button, and edits the message when it is pressed', async () => {
    const alice = env.player({ firstName: 'Alice' });
    const reply = await alice.ask('hi there');
    assert.equal(reply.text, 'echo: hi there');
    assert.deepEqual(reply.layout, ['Press → press:hi there']);
    assert.equal(reply.reply_to_message_id, alice.sent.at(-1).message_id);
    const press = await alice.press(reply, 'Press');
    assert.equal(press.answer.text, 'ok');
    const edited = await press.edited();
    assert.equal(edited.text, `pressed press:hi there by ${alice.userId}`);
    const now = await alice.current(reply);
    assert.equal(now.text, edited.text);
    assert.deepEqual(now.keyboard, []);
  });

  it('works in a group with two players, replies included', async () => {
    const chat = { id: -1001234, type: 'supergroup', title: 'Гофроцентрал' };
    const bob = env.player({ firstName: 'Bob', chat });
    const carol = env.player({ firstName: 'Carol', chat });
    await bob.checkpoint();
    const said = await carol.send('I am Carol');
    const mine = await bob.nextMessage({ where: (m) => m.text === 'echo: I am Carol' });
    assert.equal(mine.reply_to_message_id, said.message_id);
    const reply = await bob.ask('/fight', { replyTo: said });
    assert.equal(reply.text, 'echo: /fight');
    const updates = (await env.control.updates(env.token)).result;
    const fight = updates.find((u) => u.update.message?.text === '/fight').update.message;
    assert.equal(fight.reply_to_message.message_id, said.message_id);
    assert.equal(fight.reply_to_message.from.id, carol.userId);
    assert.deepEqual(fight.entities, [{ type: 'bot_command', offset: 0, length: 6 }]);
    assert.equal(fight.chat.id, chat.id);
  });

  it('survives a 429 storm on one chat: every reply arrives, retry_after and pacing respected', async () => {
    const dave = env.player({ firstName: 'Dave' });
    await env.control.fault({ method: ['sendMessage', 'editMessageText'], chat_id: dave.chat.id, status: 429, retry_after: 1, count: 3 });
    await dave.checkpoint();
    const since = dave.cursor;
    const texts = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
    for (const text of texts) await dave.send(text);
    const got = [];
    for (let i = 0; i < texts.length; i += 1) got.push((await dave.nextMessage()).text);
    assert.deepEqual(got.sort(), texts.map((t) => `echo: ${t}`).sort());
    const log = await env.control.requests({ since, chatId: dave.chat.id });
    assert.equal(log.filter((r) => r.status === 429).length, 3);
    assert.deepEqual(retryAfterViolations(log), []);
    assert.deepEqual(pacingViolations(log, { burst: 3 }), []);
  });

  it('records everything a test checks at the end', async () => {
    const records = await env.control.requests({});
    assert.deepEqual(badRequests(records), []);
    assert.deepEqual(await unansweredCallbacks(env.control, env.token), []);
    assert.deepEqual((await troubleEvents(env.control)), []);
    const commands = await env.control.commands(env.token);
    assert.deepEqual(commands.map((c) => c.scope.type), ['all_private_chats']);
  });

  it('stops the bot with SIGTERM: exit 0 within seconds', async () => {
    const exit = await env.stopBot();
    assert.equal(exit.code, 0, env.tail());
    assert.ok(exit.ms < 5000, `took ${exit.ms} ms`);
  });
});

describe('the harness with fake-bot.mjs in webhook mode', () => {
  const env = environment({ mode: 'webhook', command: FAKE_BOT, webhookMaxBodyBytes: 4096 });
  before(() => env.setup());
  after(() => env.teardown());

  it('gets updates through the proxy\'s webhook delivery', async () => {
    const alice = env.player();
    const reply = await alice.ask('over the hook');
    assert.equal(reply.text, 'echo: over the hook');
    const hook = await env.control.webhook(env.token);
    assert.equal(hook.webhook.secret_token, env.bot.webhook.secret);
    assert.ok(hook.deliveries.every((d) => d.status === 200));
  });

  it('refuses a wrong secret (401) and a body over the limit (413); a redelivered update acts once', async () => {
    const alice = env.player();
    const update = { update_id: 900001, message: { message_id: 77, date: Math.floor(Date.now() / 1000),
      from: alice.from, chat: alice.chatObject, text: 'once' } };
    assert.equal((await env.bot.postWebhook(update, { secret: 'wrong' })).status, 401);
    assert.equal((await env.bot.postWebhook(update, { secret: null })).status, 401);
    const big = JSON.stringify({ ...update, update_id: 900002, message: { ...update.message, text: 'x'.repeat(5000) } });
    assert.equal((await env.bot.postWebhook(big, { raw: true })).status, 413);
    await alice.checkpoint();
    assert.equal((await env.bot.postWebhook(update)).status, 200);
    assert.equal((await env.bot.postWebhook(update)).status, 200);
    const reply = await alice.nextMessage();
    assert.equal(reply.text, 'echo: once');
    await sleep(1500);
    assert.equal((await alice.messagesSince()).length, 1, 'the second delivery changed nothing');
  });

  it('stops with SIGTERM: exit 0', async () => {
    const exit = await env.stopBot();
    assert.equal(exit.code, 0, env.tail());
  });
});

// Flood control and failures with the real binary in polling mode: the proxy answers 429
// (retry_after), 5xx and dropped connections instead of the emulator. Every reply must still
// arrive, exactly once; requests to a chat must wait out its retry_after; the per-chat pace
// (a small burst, then about one message a second) and the overall 30/s must hold; one chat's
// flood wait must not hold up the others.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import { assertTitle } from './game.mjs';
import { SKIP, environment, finalChecks, pacingViolations, retryAfterViolations, sleep } from './harness.mjs';

if (SKIP) test('429 storms and 5xx answers', { skip: SKIP }, () => {});

const COMMANDS = [
  ['/profile', 'profile'], ['/gofra', 'gofra_info'], ['/cable', 'cable_info'], ['/atm', 'atm_status'],
  ['/top', 'top'], ['/help', 'help'], ['/version', 'version'], ['/nickname', 'nickname_menu'],
];

describe('429 storms and failing requests', { skip: SKIP }, () => {
  const env = environment();
  before(() => env.setup());
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('delivers every reply of a burst through repeated 429s, pacing respected', async () => {
    const p = env.player({ firstName: 'Шторм' });
    await p.ask('/start');
    const since = await env.control.seq();
    await env.control.fault({ method: ['sendMessage', 'editMessageText'], chat_id: p.chat.id, status: 429, retry_after: 2, count: 4 });
    await p.checkpoint();
    for (const [command] of COMMANDS) await p.send(command);
    const replies = [];
    for (let i = 0; i < COMMANDS.length; i += 1) replies.push(await p.nextMessage({ timeoutMs: 60000 }));
    for (const [command, title] of COMMANDS) {
      assert.equal(replies.filter((r) => { try { assertTitle(r, title); return true; } catch { return false; } }).length, 1,
        `exactly one reply to ${command}`);
    }
    await sleep(1500);
    assert.deepEqual((await p.messagesSince()).length, COMMANDS.length, 'no duplicate replies');
    const records = await env.control.requests({ since, chatId: p.chat.id });
    assert.equal(records.filter((r) => r.status === 429).length, 4, 'all four 429s were met');
    assert.deepEqual(retryAfterViolations(records), []);
    assert.deepEqual(pacingViolations(records), []);
  });

  it('edits the pressed message through 429s, and answers the callback', async () => {
    const p = env.player({ firstName: 'Кнопка' });
    const menu = await p.ask('/start');
    const since = await env.control.seq();
    await env.control.fault({ method: 'editMessageText', chat_id: p.chat.id, status: 429, retry_after: 1, count: 2 });
    const press = await p.press(menu, 'profile', { timeoutMs: 30000 });
    const { kind, message } = await press.result({ timeoutMs: 30000 });
    assert.equal(kind, 'edit');
    assertTitle(message, 'profile', 'the edit after two 429s');
    const records = await env.control.requests({ since, chatId: p.chat.id });
    assert.deepEqual(retryAfterViolations(records), []);
  });

  it('serves other chats while one chat waits out its retry_after', async () => {
    const slow = env.player({ firstName: 'Медленный' });
    const fast = env.player({ firstName: 'Быстрый' });
    await slow.ask('/start');
    await fast.ask('/start');
    await env.control.fault({ method: 'sendMessage', chat_id: slow.chat.id, status: 429, retry_after: 6, count: 1 });
    const since = await env.control.seq();
    await slow.checkpoint();
    await slow.send('/menu');
    const limited = await env.control.waitRequest((r) => r.status === 429, { since, method: 'sendMessage', chatId: slow.chat.id,
      what: 'the 429 for the slow chat' });
    const t0 = Date.now();
    const reply = await fast.ask('/menu');
    assertTitle(reply, 'menu', 'the other chat');
    assert.ok(Date.now() - t0 < 3000, `the other chat waited ${Date.now() - t0} ms behind a 6 s flood wait`);
    const late = await slow.nextMessage({ timeoutMs: 30000 });
    assertTitle(late, 'menu', 'the flood-limited chat');
    const delivered = (await env.control.requests({ since, method: 'sendMessage', chatId: slow.chat.id }))
      .find((r) => r.status === 200);
    assert.ok(delivered.t >= limited.t_end + 6000 - 50, 'retry_after 6 s was respected');
  });

  it('goes on through 5xx answers and dropped connections', async () => {
    const p = env.player({ firstName: 'Сбой' });
    await p.ask('/start');
    await env.control.fault({ method: 'getUpdates', status: 502, count: 2 });
    await env.control.fault({ method: 'getUpdates', status: 'reset', count: 1 });
    await env.control.fault({ method: 'getUpdates', status: 500, count: 1 });
    await env.control.fault({ method: 'sendMessage', chat_id: p.chat.id, status: 502, count: 2 });
    const first = await p.ask('/profile', { timeoutMs: 40000 });
    assertTitle(first, 'profile', 'through 502s on sendMessage');
    const second = await p.ask('/gofra', { timeoutMs: 40000 });
    assertTitle(second, 'gofra_info', 'after failed getUpdates');
    const third = await p.ask('/cable', { timeoutMs: 40000 });
    assertTitle(third, 'cable_info', 'still polling');
    const left = (await env.control.get('faults')).result;
    assert.deepEqual(left.filter((f) => f.methods?.includes('getUpdates')), [], 'the bot met every getUpdates failure');
  });

  it('goes on through garbage answers, and a slow answer holds up no other chat', async () => {
    const p = env.player({ firstName: 'Мусор' });
    const other = env.player({ firstName: 'Сосед' });
    await p.ask('/start');
    await other.ask('/start');
    // 200s that are not the Bot API's JSON: truncated, a captive portal's page, JSON of
    // another shape. Nothing was sent for them (not forwarded), so the bot must send again.
    await env.control.fault({ method: 'getUpdates', status: 'garbage', count: 1 });
    await env.control.fault({ method: 'getUpdates', status: 'garbage', body: '<html>Wi-Fi login</html>', count: 1 });
    await env.control.fault({ method: 'sendMessage', chat_id: p.chat.id, status: 'garbage', body: '{"result":[1,2', count: 1 });
    await env.control.fault({ method: 'sendMessage', chat_id: p.chat.id, status: 'garbage', body: '[]', count: 1 });
    const since = await env.control.seq();
    await p.checkpoint();
    const reply = await p.ask('/profile', { timeoutMs: 40000 });
    assertTitle(reply, 'profile', 'through garbage on getUpdates and sendMessage');
    await sleep(1500);
    assert.equal((await p.messagesSince()).length, 1, 'one reply, sent again after each garbage answer');
    const records = await env.control.requests({ since, chatId: p.chat.id, method: 'sendMessage' });
    assert.equal(records.filter((r) => r.fault).length, 2, 'both garbage answers were met');

    // One chat's Bot API calls answer after 5 s; another chat is answered meanwhile.
    await env.control.fault({ method: 'sendMessage', chat_id: p.chat.id, status: 'delay', delay_ms: 5000, count: 1 });
    await p.checkpoint();
    await p.send('/gofra');
    await sleep(800); // the bot has the update and is waiting on the slow call (logged only once answered)
    const t0 = Date.now();
    assertTitle(await other.ask('/cable'), 'cable_info', 'the other chat');
    assert.ok(Date.now() - t0 < 3000, `the other chat waited ${Date.now() - t0} ms behind a slow answer`);
    assertTitle(await p.nextMessage({ timeoutMs: 30000 }), 'gofra_info', 'the slow chat, once its answer came');
  });
});

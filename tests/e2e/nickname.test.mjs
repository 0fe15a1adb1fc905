// The nickname conversation (GAME.md §8) with the real binary in polling mode: the menu, the
// waiting state, each rule refused in order with the state kept, commands still working while
// waiting, success once, /cancel and ⬅️ Назад leaving the state, and a taken nickname refused.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import { assertBack, assertKeyboard, assertTitle, open, refused } from './game.mjs';
import { SKIP, environment, finalChecks } from './harness.mjs';

if (SKIP) test('nickname conversation', { skip: SKIP }, () => {});

const suffix = () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0');

/** The player's nickname, as the nickname menu shows it. */
async function nicknameOf(p) {
  const menu = await p.ask('/nickname');
  assertTitle(menu, 'nickname_menu', '/nickname');
  return menu.text;
}

describe('the nickname conversation', { skip: SKIP, concurrency: true }, () => {
  const env = environment();
  let taken = null;
  let takenReady;
  const takenSet = new Promise((resolve) => { takenReady = resolve; });

  before(() => env.setup());
  after(async () => {
    takenReady(null);
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('changes the nickname once, after refusing every bad one', async () => {
    const p = env.player({ firstName: 'Ник' });
    const menu = await p.ask('/nickname');
    assertKeyboard(menu, 'nickname', '/nickname');
    assert.ok(menu.text.includes(`Пацанчик_${p.userId}`), menu.text);

    const start = await p.press(menu, 'change_nickname');
    assert.equal(start.answer.show_alert, false, 'the start is a toast, not an alert');
    assert.ok(start.answer.text, 'the toast says to type the nickname');
    const prompt = await start.edited();
    assertTitle(prompt, 'change_nickname', 'change_nickname');
    assertBack(prompt, 'nickname_menu', 'the prompt');
    await refused(p, menu, 'change_nickname', { raw: true }); // already waiting

    for (const bad of ['ab', 'x'.repeat(21), 'admin123', 'Бот Вася', 'bad!name', 'two  spaces', 'emoji🙂']) {
      const reply = await p.ask(bad);
      assertBack(reply, 'nickname_menu', `the refusal of ${JSON.stringify(bad)}`);
    }
    const help = await p.ask('/help');
    assertTitle(help, 'help', 'a command typed while waiting is a command');

    const nickname = `Мастер_${suffix()}`;
    const done = await p.ask(nickname);
    assert.ok(done.text.includes(nickname), `the new nickname is confirmed:\n${done.text}`);
    assertKeyboard(done, 'main', 'after the change');
    taken = nickname;
    takenReady(nickname);

    const after1 = await p.ask('/nickname');
    assert.ok(after1.text.includes(nickname), after1.text);
    await refused(p, after1, 'change_nickname', { includes: nickname }); // one change only
    await p.ask('Ещё_Один');
    assert.ok((await nicknameOf(p)).includes(nickname), 'text typed later is not a second change');

    const top = await p.ask('/top');
    const list = await open(p, top, 'top_gofra', { keyboard: 'top' });
    assert.ok(list.text.includes(nickname), `the tops use the nickname:\n${list.text}`);
  });

  it('refuses a nickname another player has, whatever its case', async () => {
    const p = env.player({ firstName: 'Копия' });
    const nickname = await takenSet;
    assert.ok(nickname, 'the first test set a nickname');
    const menu = await p.ask('/nickname');
    await open(p, menu, 'change_nickname', { back: 'nickname_menu' });
    for (const copy of [nickname, nickname.toLowerCase(), nickname.toUpperCase()]) {
      const reply = await p.ask(copy);
      assertBack(reply, 'nickname_menu', `the refusal of the taken ${copy}`);
    }
    const own = `Другой_${suffix()}`;
    const done = await p.ask(own);
    assert.ok(done.text.includes(own), done.text);
  });

  it('leaves the waiting state on /cancel', async () => {
    const p = env.player({ firstName: 'Отмена' });
    const menu = await p.ask('/nickname');
    await open(p, menu, 'change_nickname', { back: 'nickname_menu' });
    const cancelled = await p.ask('/cancel');
    assertKeyboard(cancelled, 'main', '/cancel in the waiting state');
    const nothing = await p.ask('/cancel');
    assert.notEqual(nothing.text, cancelled.text, 'the second /cancel has nothing to cancel');
    await p.ask(`Отменённый_${suffix()}`);
    assert.ok((await nicknameOf(p)).includes(`Пацанчик_${p.userId}`), 'the text after /cancel was not taken as a nickname');
  });

  it('leaves the waiting state on ⬅️ Назад', async () => {
    const p = env.player({ firstName: 'Назад' });
    const menu = await p.ask('/nickname');
    await open(p, menu, 'change_nickname', { back: 'nickname_menu' });
    await open(p, menu, 'nickname_menu', { keyboard: 'nickname' });
    await p.ask(`Назадник_${suffix()}`);
    assert.ok((await nicknameOf(p)).includes(`Пацанчик_${p.userId}`), 'the text after Назад was not taken as a nickname');
  });
});

// A group chat with the real binary in polling mode (GAME.md §10, §7.6, §11): two players (and
// a bystander) register the chat, squeeze in it, look at its tops and stats, press every button
// of the chat menu, and fight with /fight sent as a reply; a fight button pressed by anyone but
// the challenger is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import { CHAT_COMMANDS, assertKeyboard, assertTitle, open, refused } from './game.mjs';
import { SKIP, environment, finalChecks, sleep } from './harness.mjs';

if (SKIP) test('group chat: two players, /fight as a reply, the fight buttons', { skip: SKIP }, () => {});

describe('a group chat with two players', { skip: SKIP }, () => {
  const env = environment();
  const chat = { id: -1001000000000 - Math.floor(Math.random() * 1e6), type: 'supergroup', title: 'Гофрочат E2E' };
  let alice; // the challenger
  let bob; // the target
  let carol; // a bystander
  let menu;

  before(async () => {
    await env.setup();
    alice = env.player({ firstName: 'Алиса', chat });
    bob = env.player({ firstName: 'Боб', chat });
    carol = env.player({ firstName: 'Карл', chat });
  });
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('registers the chat with /start and /gofrastart, and shows the chat screens', async () => {
    const welcome = await alice.ask('/start');
    assert.ok(welcome.text.includes(chat.title), `the chat welcome names the chat:\n${welcome.text}`);
    assertKeyboard(welcome, 'chat', '/start in a group');
    assertKeyboard(await alice.ask('/gofrastart'), 'chat', '/gofrastart');
    for (const command of CHAT_COMMANDS.ghelp) {
      const help = await alice.ask(command);
      assert.ok(help.text.includes('/gtop') && help.text.includes('/fight'), `${command} lists the chat commands`);
      assertKeyboard(help, 'chat', command);
    }
    for (const command of CHAT_COMMANDS.gmenu) {
      const shown = await alice.ask(command);
      assertTitle(shown, 'chat_menu', command);
      assertKeyboard(shown, 'chat', command);
    }
    const empty = await alice.ask('/gtop');
    assert.ok(!empty.text.includes('#1'), `nobody squeezed here yet:\n${empty.text}`);
    const mine = await alice.ask('/gme');
    assert.ok(!mine.text.includes('Место'), `alice has no chat stats yet:\n${mine.text}`);
  });

  it('counts davkas made in the chat: /gdavka, its aliases and /davka', async () => {
    const first = await alice.ask('/gdavka');
    assertTitle(first, 'Алиса', '/gdavka headline uses the first name');
    assert.ok(first.text.includes('#1'), `alice leads the chat:\n${first.text}`);
    for (const alias of ['/g_davka', '/chatdavka']) {
      const again = await alice.ask(alias);
      assert.ok(again.text.includes('12'), `${alias} with an empty tank needs 12 atmospheres:\n${again.text}`);
    }
    const bobs = await bob.ask('/davka');
    assert.ok(bobs.text.includes('Выдавлено') || bobs.text.includes('ДАВКА'), `/davka in a group is a davka:\n${bobs.text}`);
    for (const command of CHAT_COMMANDS.gtop) {
      const top = await bob.ask(command);
      assert.ok(top.text.includes(`Пацанчик_${alice.userId}`) && top.text.includes(`Пацанчик_${bob.userId}`),
        `${command} lists both players:\n${top.text}`);
      assertKeyboard(top, 'chat', command);
    }
    for (const command of CHAT_COMMANDS.gstats) {
      const stats = await bob.ask(command);
      assert.match(stats.text, /Участников: 2\b/, `${command}:\n${stats.text}`);
      assertKeyboard(stats, 'chat', command);
    }
    for (const command of CHAT_COMMANDS.gme) {
      const me = await bob.ask(command);
      assert.match(me.text, /#\d+ из 2/, `${command}:\n${me.text}`);
      assertKeyboard(me, 'chat', command);
    }
    for (const command of CHAT_COMMANDS.grademka) {
      const info = await bob.ask(command);
      assert.ok(info.text.includes(`Пацанчик_${alice.userId}`), `${command} offers alice as a target:\n${info.text}`);
      assertKeyboard(info, 'chat', command);
    }
  });

  it('answers the personal commands in the group too', async () => {
    assertTitle(await carol.ask('/profile'), 'profile', '/profile in a group');
    assertTitle(await carol.ask('/top'), 'top', '/top in a group');
    assertTitle(await carol.ask('/rademka'), 'rademka', '/rademka in a group');
  });

  it('has a chat menu whose every button acts for the presser', async () => {
    menu = await bob.ask('/gmenu');
    const screens = [
      [bob, 'chat_top', 'ТОП ПАЦАНОВ ЧАТА'],
      [carol, 'chat_stats', 'СТАТИСТИКА ЧАТА'],
      [bob, 'chat_me', 'ТВОЙ ВКЛАД'],
      [alice, 'chat_gofra', 'ТВОЯ ГОФРА'],
      [bob, 'chat_cable', 'ТВОЙ КАБЕЛЬ'],
      [carol, 'chat_atm', 'ТВОИ АТМОСФЕРЫ'],
      [bob, 'chat_rademka', 'РАДЁМКА В ЧАТЕ'],
      [alice, 'chat_help', 'ПОМОЩЬ'],
      [carol, 'chat_menu', 'ГОФРА-МЕНЮ ДЛЯ ЧАТА'],
    ];
    for (const [who, data, title] of screens) {
      const shown = await open(who, menu, data, { title, keyboard: 'chat' });
      if (data === 'chat_me') assert.ok(shown.text.includes('из 2'), `bob's own contribution:\n${shown.text}`);
    }
    // carol never squeezed: her chat davka works (and the shared menu shows her result) ...
    const squeezed = await open(carol, menu, 'chat_davka', { title: 'Карл', keyboard: 'chat' });
    assert.ok(squeezed.text.includes('#'), squeezed.text);
    // ... bob's tank is empty: an alert, the message stays.
    await refused(bob, menu, 'chat_davka', { includes: '12' });
    await refused(bob, menu, 'chat_fight', { raw: true });
    await refused(bob, menu, 'chat_nonsense', { raw: true });
  });

  it('refuses /fight without a reply, against yourself and against a bot', async () => {
    const hint = await alice.ask('/fight');
    assert.equal(hint.buttons.length, 0, `no fight without a target:\n${hint.text}`);
    const own = await alice.send('это я');
    const self = await alice.ask('/fight', { replyTo: own });
    assert.equal(self.buttons.length, 0, `no fight with yourself:\n${self.text}`);
    const botMessage = await alice.ask('/gmenu');
    const vsBot = await alice.ask('/fight', { replyTo: botMessage });
    assert.ok(!vsBot.buttons.some((b) => b.callback_data.startsWith('chat_fight_')), `no fight with a bot:\n${vsBot.text}`);
  });

  it('runs a fight: /fight as a reply, the wrong users are refused, the challenger confirms', async () => {
    const said = await bob.send('ну давай, попробуй');
    const request = await alice.ask('/fight', { replyTo: said });
    assert.ok(request.text.includes('Алиса') && request.text.includes('Боб'), `the request names both:\n${request.text}`);
    const confirm = `chat_fight_${bob.userId}`;
    assert.deepEqual(request.keyboard.map((row) => row.map((b) => b.callback_data)).flat(), [confirm, 'chat_menu']);

    await refused(carol, request, confirm); // a bystander
    await refused(bob, request, confirm); // the target himself

    await alice.checkpoint();
    const press = await alice.press(request, confirm);
    assert.equal(press.answer.show_alert, false, JSON.stringify(press.answer));
    const result = await press.edited();
    assert.match(result.text, /УСПЕХ|ПРОВАЛ/, result.text);
    assertKeyboard(result, 'chat', 'the fight result');
    const announcement = await alice.nextMessage({ where: (m) => m.text.includes('Результат радёмки') });
    assert.ok(announcement.text.includes(`Пацанчик_${alice.userId}`) && announcement.text.includes(`Пацанчик_${bob.userId}`),
      announcement.text);
    // Single use: pressing ✅ again changes nothing.
    await refused(alice, request, confirm, { raw: true });
    await refused(alice, request, 'chat_fight_garbled', { raw: true });
  });

  it('accepts the Cyrillic aliases as a reply, and ❌ Отмена shows the chat menu', async () => {
    for (const alias of ['/протащить', '/радёмка']) {
      const said = await bob.send('а ну-ка');
      const request = await alice.ask(alias, { replyTo: said });
      assert.ok(request.buttons.some((b) => b.callback_data === `chat_fight_${bob.userId}`), `${alias}:\n${request.text}`);
      await open(alice, request, 'chat_menu', { title: 'chat_menu', keyboard: 'chat' });
    }
  });

  it('answers a keyword in the group as a reply to it', async () => {
    await carol.checkpoint();
    const said = await carol.send('у меня гофра длиннее всех');
    const reply = await carol.nextMessage({ what: 'the keyword reply' });
    assert.equal(reply.reply_to_message_id, said.message_id, 'the keyword reply answers the message');
    await sleep(200);
  });
});

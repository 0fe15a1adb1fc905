// Group chats with the real binary in polling mode (GAME.md §10, §7.6, §11): players register
// a chat, squeeze in it, look at its tops and stats, press every button of the chat menu, and
// fight with /fight sent as a reply; a fight button pressed by anyone but the challenger is
// refused. Telegram allows a bot about 20 messages a minute in one group, and the bot keeps to
// that, so each part plays in a group of its own (under 20 messages each), side by side.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import { CHAT_COMMANDS, assertKeyboard, assertTitle, open, refused } from './game.mjs';
import { SKIP, environment, finalChecks, sleep } from './harness.mjs';

if (SKIP) test('group chat: two players, /fight as a reply, the fight buttons', { skip: SKIP }, () => {});

let groupSeq = 0;
function newGroup(title) {
  groupSeq += 1;
  return { id: -1001000000000 - groupSeq * 1000 - Math.floor(Math.random() * 1000), type: 'supergroup', title };
}

describe('group chats', { skip: SKIP, concurrency: true }, () => {
  const env = environment();
  before(() => env.setup());
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('registers a chat with /start and /gofrastart, and shows the chat screens', async () => {
    const chat = newGroup('Гофрочат Регистрация');
    const alice = env.player({ firstName: 'Алиса', chat });
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
    // The personal commands work in a group too.
    assertTitle(await alice.ask('/profile'), 'profile', '/profile in a group');
    assertTitle(await alice.ask('/top'), 'top', '/top in a group');
    assertTitle(await alice.ask('/rademka'), 'rademka', '/rademka in a group');
    // A command addressed to another bot is not for us.
    await alice.checkpoint();
    await alice.send('/gmenu@SomeOtherBot');
    await sleep(1500);
    assert.deepEqual((await alice.messagesSince()).map((m) => m.text), [], '/gmenu@SomeOtherBot');
  });

  it('counts davkas made in the chat: /gdavka, its aliases and /davka; tops, stats, targets', async () => {
    const chat = newGroup('Гофрочат Давка');
    const alice = env.player({ firstName: 'Алиса', chat });
    const bob = env.player({ firstName: 'Боб', chat });
    const first = await alice.ask('/gdavka');
    assertTitle(first, 'Алиса', '/gdavka: the headline uses the first name');
    assert.ok(first.text.includes('#1'), `alice leads the chat:\n${first.text}`);
    for (const alias of ['/g_davka', '/chatdavka']) {
      const again = await alice.ask(alias);
      assert.ok(again.text.includes('12'), `${alias} with an empty tank needs 12 atmospheres:\n${again.text}`);
    }
    const bobs = await bob.ask('/davka');
    assert.ok(bobs.text.includes('Боб') && bobs.text.includes('#'), `/davka in a group is a chat davka:\n${bobs.text}`);
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

  it('has a chat menu whose every button acts for the presser', async () => {
    const chat = newGroup('Гофрочат Меню');
    const dave = env.player({ firstName: 'Дэйв', chat });
    const erin = env.player({ firstName: 'Эрин', chat });
    const menu = await dave.ask('/gmenu');
    const squeezed = await open(dave, menu, 'chat_davka', { title: 'Дэйв', keyboard: 'chat' });
    assert.ok(squeezed.text.includes('#1'), squeezed.text);
    await refused(dave, menu, 'chat_davka', { includes: '12' }); // his tank is empty now: an alert
    const screens = [
      [erin, 'chat_top', 'ТОП ПАЦАНОВ ЧАТА'],
      [erin, 'chat_stats', 'СТАТИСТИКА ЧАТА'],
      [dave, 'chat_me', 'ТВОЙ ВКЛАД'],
      [erin, 'chat_gofra', 'ТВОЯ ГОФРА'],
      [dave, 'chat_cable', 'ТВОЙ КАБЕЛЬ'],
      [erin, 'chat_atm', 'ТВОИ АТМОСФЕРЫ'],
      [dave, 'chat_rademka', 'РАДЁМКА В ЧАТЕ'],
      [erin, 'chat_help', 'ПОМОЩЬ'],
      [dave, 'chat_menu', 'ГОФРА-МЕНЮ ДЛЯ ЧАТА'],
    ];
    for (const [who, data, title] of screens) {
      const shown = await open(who, menu, data, { title, keyboard: 'chat' });
      if (data === 'chat_me') assert.ok(shown.text.includes('#1'), `dave's own contribution:\n${shown.text}`);
      if (data === 'chat_atm') assert.ok(shown.text.includes('12/12'), `erin's own atmospheres:\n${shown.text}`);
    }
    await refused(erin, menu, 'chat_fight', { raw: true });
    await refused(erin, menu, 'chat_nonsense', { raw: true });
  });

  it('fights: /fight as a reply, refusals, the wrong users, the challenger confirms, aliases, Отмена', async () => {
    const chat = newGroup('Гофрочат Радёмка');
    const alice = env.player({ firstName: 'Алиса', chat });
    const bob = env.player({ firstName: 'Боб', chat });
    const carol = env.player({ firstName: 'Карл', chat });

    const hint = await alice.ask('/fight');
    assert.equal(hint.buttons.length, 0, `no fight without a target:\n${hint.text}`);
    const own = await alice.send('это я');
    const self = await alice.ask('/fight', { replyTo: own });
    assert.equal(self.buttons.length, 0, `no fight with yourself:\n${self.text}`);
    const vsBot = await alice.ask('/fight', { replyTo: hint });
    assert.ok(!vsBot.buttons.some((b) => b.callback_data.startsWith('chat_fight_')), `no fight with a bot:\n${vsBot.text}`);

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
    await refused(alice, request, confirm, { raw: true }); // single use
    await refused(alice, request, 'chat_fight_garbled', { raw: true });

    for (const alias of ['/протащить', '/радёмка']) {
      const again = await bob.send('а ну-ка');
      const challenge = await alice.ask(alias, { replyTo: again });
      assert.ok(challenge.buttons.some((b) => b.callback_data === confirm), `${alias}:\n${challenge.text}`);
      await open(alice, challenge, 'chat_menu', { title: 'chat_menu', keyboard: 'chat' }); // ❌ Отмена
    }

    await carol.checkpoint();
    const keyword = await carol.send('у меня гофра длиннее всех');
    const reply = await carol.nextMessage({ what: 'the keyword reply' });
    assert.equal(reply.reply_to_message_id, keyword.message_id, 'the keyword reply answers the message');
  });
});

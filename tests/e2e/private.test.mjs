// A private session with the real binary in polling mode: every command and every button of
// GAME.md §11 (§11.1 commands, §11.2 callback data, §11.3 keyboards, §11.5 command menus).
// The session is split between several players, each in their own private chat, so that the
// bot's per-chat pacing does not make the file slow; they run side by side.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import {
  CHAT_COMMANDS, GROUP_MENU, PRIVATE_COMMANDS, PRIVATE_MENU, assertBack, assertKeyboard, assertTitle, open, refused,
} from './game.mjs';
import { BOT_USERNAME, SKIP, environment, finalChecks, sleep } from './harness.mjs';

if (SKIP) test('private session: every command and button of GAME.md §11', { skip: SKIP }, () => {});

describe('a private session', { skip: SKIP, concurrency: true }, () => {
  const env = environment();
  before(() => env.setup());
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('sets the command menus of §11.5 at start-up', async () => {
    const menus = await env.control.commands(env.token);
    const byScope = Object.fromEntries(menus.map((m) => [m.scope.type, m.commands]));
    assert.deepEqual(Object.keys(byScope).sort(), ['all_group_chats', 'all_private_chats'],
      `scopes set: ${JSON.stringify(menus.map((m) => m.scope))}`);
    assert.deepEqual(byScope.all_private_chats.map((c) => c.command).sort(), [...PRIVATE_MENU].sort());
    assert.deepEqual(byScope.all_group_chats.map((c) => c.command).sort(), [...GROUP_MENU].sort());
    for (const c of [...byScope.all_private_chats, ...byScope.all_group_chats]) {
      assert.ok(c.description.trim().length > 0, `/${c.command} has a description`);
    }
    const getMe = await env.control.requests({ method: 'getMe' });
    assert.ok(getMe.some((r) => r.status === 200), 'the bot asked getMe');
  });

  it('answers every private command of §11.1 with its screen and keyboard', async () => {
    const p = env.player({ firstName: 'Команды' });
    for (const [command, title, keyboard] of PRIVATE_COMMANDS) {
      const reply = await p.ask(command);
      assertTitle(reply, title, command);
      assertKeyboard(reply, keyboard, command);
    }
    const welcome = await p.ask(`/start@${BOT_USERNAME}`);
    assertTitle(welcome, 'start', '/start@username');
    assert.ok(welcome.text.includes(`Пацанчик_${p.userId}`), 'the default nickname is Пацанчик_<user id>');

    const davka = await p.ask('/davka');
    assertTitle(davka, 'davka', '/davka with 12 atmospheres');
    assertKeyboard(davka, 'main', '/davka');
    const again = await p.ask('/davka');
    assert.ok(again.text.includes('12'), `a second /davka needs all 12 atmospheres:\n${again.text}`);
    assertKeyboard(again, 'main', 'the second /davka');
    const uletet = await p.ask('/uletet');
    assertTitle(uletet, 'uletet', '/uletet after a davka');
    assertKeyboard(uletet, 'main', '/uletet');
    const empty = await p.ask('/uletet');
    assert.ok(!empty.text.includes('ЗМИЙ ОТПРАВЛЕН'), `nothing left to send:\n${empty.text}`);
    const cancel = await p.ask('/cancel');
    assertKeyboard(cancel, 'main', '/cancel with nothing to cancel');
    const profile = await p.ask('/profile');
    assert.match(profile.text, /давок: 1\b/, `the profile counts the davka:\n${profile.text}`);
  });

  it('answers the chat commands (every alias) in a private chat with a hint', async () => {
    const p = env.player({ firstName: 'Намёк' });
    for (const command of Object.values(CHAT_COMMANDS).flat()) {
      const reply = await p.ask(command);
      assertTitle(reply, 'for_groups', command);
    }
  });

  it('walks the gofra, cable, atmospheres and profile screens', async () => {
    const p = env.player({ firstName: 'Ходок' });
    const m = await p.ask('/start');
    assertKeyboard(m, 'main', '/start');

    await open(p, m, 'gofra_info', { keyboard: 'gofra_info' });
    for (const data of ['gofra_progress', 'gofra_speed', 'gofra_next']) await open(p, m, data, { keyboard: 'gofra_info' });
    await open(p, m, 'back_main', { keyboard: 'main' });

    await open(p, m, 'cable_info', { keyboard: 'cable_info' });
    for (const data of ['cable_power_info', 'cable_pvp_info', 'cable_upgrade_info']) await open(p, m, data, { keyboard: 'cable_info' });
    await open(p, m, 'back_main', { keyboard: 'main' });

    const atm = await open(p, m, 'atm_status', { keyboard: 'atm_status' });
    await open(p, m, 'atm_regen_time', { back: 'profile' });
    await open(p, m, 'profile', { keyboard: 'profile' });
    await open(p, m, 'atm_status', { keyboard: 'atm_status' });
    await open(p, m, 'gofra_speed', { keyboard: 'gofra_info' });
    await open(p, m, 'back_main', { keyboard: 'main' });
    // Screens §11.2 lists without a button in the seed; the bot may show buttons for them.
    for (const extra of ['atm_max_info', 'atm_boosters']) {
      if (!atm.buttons.some((b) => b.callback_data === extra)) continue;
      await open(p, m, 'atm_status', { keyboard: 'atm_status' });
      const shown = await open(p, m, extra);
      assert.ok(shown.buttons.length > 0, `${extra} has a way back`);
      await open(p, m, shown.buttons[0].callback_data);
      // Wherever that led (the main menu, the atmospheres or the profile), go to the profile.
      const here = await p.current(m);
      if (here.buttons.some((b) => b.callback_data === 'profile')) await open(p, m, 'profile', { keyboard: 'profile' });
      await open(p, m, 'back_main', { keyboard: 'main' });
    }

    await open(p, m, 'profile', { keyboard: 'profile' });
    await open(p, m, 'atm_status', { keyboard: 'atm_status' });
    await open(p, m, 'profile', { keyboard: 'profile' });
    await open(p, m, 'cable_info', { keyboard: 'cable_info' });
    await open(p, m, 'back_main', { keyboard: 'main' });
    await open(p, m, 'profile', { keyboard: 'profile' });
    await open(p, m, 'gofra_info', { keyboard: 'gofra_info' });
    await open(p, m, 'back_main', { keyboard: 'main' });
    await open(p, m, 'profile', { keyboard: 'profile' });
    await open(p, m, 'back_main', { keyboard: 'main' });

    // The §11.2 screens that have no button in §11.3, reached by their callback data.
    for (const data of ['atm_max_info', 'atm_boosters', 'my_reputation', 'top_reputation']) {
      const press = await p.press(m, null, { data });
      assert.equal(press.answer.show_alert, false, `${data}: ${JSON.stringify(press.answer)}`);
      const { kind, message } = await press.result();
      assert.equal(kind, 'edit', data);
      assertTitle(message, data, data);
    }
  });

  it('walks the tops, the nickname menu and the радёмка, with a fight', async () => {
    const rival = env.player({ firstName: 'Соперник' });
    await rival.ask('/start');
    const p = env.player({ firstName: 'Драчун' });
    const m = await p.ask('/start');

    await open(p, m, 'top', { keyboard: 'top' });
    for (const data of ['top_gofra', 'top_cable', 'top_zmiy', 'top_atm']) {
      const shown = await open(p, m, data, { keyboard: 'top' });
      assert.ok(shown.text.includes(`Пацанчик_${p.userId}`), `${data} lists the player:\n${shown.text}`);
    }
    await open(p, m, 'back_main', { keyboard: 'main' });
    await refused(p, m, 'top_nonsense', { raw: true });

    const nick = await open(p, m, 'nickname_menu', { keyboard: 'nickname' });
    // 🔄 on an unchanged screen: the real API says "message is not modified"; the callback must
    // still be answered, and nothing else happens.
    const refresh = await p.press(m, 'nickname_menu');
    assert.equal(refresh.answer.show_alert, false);
    for (const extra of ['my_reputation', 'top_reputation']) {
      if (!nick.buttons.some((b) => b.callback_data === extra)) continue;
      await open(p, m, extra, { keyboard: 'nickname' });
    }
    await open(p, m, 'back_main', { keyboard: 'main' });

    await open(p, m, 'rademka', { keyboard: 'rad' });
    // No fights yet: the stats say so; the top may be empty or hold the other players' fights.
    await open(p, m, 'rademka_stats', { title: /не было боёв/, back: 'rademka' });
    await open(p, m, 'rademka', { keyboard: 'rad' });
    await open(p, m, 'rademka_top', { title: /[Тт]оп радёмки|ТОП РАДЁМКИ/, back: 'rademka' });
    await open(p, m, 'rademka', { keyboard: 'rad' });
    let preview = await open(p, m, 'rademka_random');
    const confirm = preview.buttons.find((b) => b.callback_data.startsWith('rademka_confirm_'));
    assert.ok(confirm, `the preview offers ✅ Протащить!: ${JSON.stringify(preview.layout)}`);
    assertBack(preview, 'rademka', 'the preview has ❌ Отмена');
    await open(p, m, 'rademka', { keyboard: 'rad' });
    preview = await open(p, m, 'rademka_random');
    const data = preview.buttons.find((b) => b.callback_data.startsWith('rademka_confirm_')).callback_data;
    const result = await open(p, m, data, { title: 'Шанс', back: 'rademka' });
    assert.match(result.text, /УСПЕХ|ПРОВАЛ/, `a fight result:\n${result.text}`);
    // The confirmation is single-use (§7.3); a garbled target is refused.
    await refused(p, m, data, { raw: true });
    await refused(p, m, 'rademka_confirm_garbled', { raw: true });
    await open(p, m, 'rademka', { keyboard: 'rad' });
    const stats = await open(p, m, 'rademka_stats', { back: 'rademka' });
    assert.match(stats.text, /боёв: 1\b/, `one fight counted:\n${stats.text}`);
    await open(p, m, 'rademka', { keyboard: 'rad' });
    await open(p, m, 'back_main', { keyboard: 'main' });
  });

  it('davka and uletet from the buttons, then the refusals', async () => {
    const p = env.player({ firstName: 'Давила' });
    const m = await p.ask('/menu');
    await open(p, m, 'davka', { keyboard: 'main' });
    await refused(p, m, 'davka', { includes: '12' });
    await open(p, m, 'uletet', { keyboard: 'main' });
    const second = await p.press(m, 'uletet');
    assert.equal(second.answer.status, 200, 'the second uletet is answered');
    await open(p, m, 'profile', { keyboard: 'profile' });
  });

  it('ignores what is not for it, and says so about unknown buttons', async () => {
    const p = env.player({ firstName: 'Шум' });
    const m = await p.ask('/start');
    await p.sendSticker(); // a message without text: whatever the bot says, it must go on
    await sleep(1500);
    await p.checkpoint();
    await p.send('/menu@SomeOtherBot');
    await sleep(1500);
    // Not our command: at most the private chat's "didn't get you", never the menu.
    for (const reply of await p.messagesSince()) {
      assert.ok(!reply.text.includes('Главное меню'), `a command for another bot is not ours:\n${reply.text}`);
    }
    const menu = await p.ask('/menu');
    assertTitle(menu, 'menu', 'the bot still answers');
    await refused(p, m, 'no_such_action', { raw: true });
    await refused(p, m, 'chat_fight', { raw: true });
  });
});

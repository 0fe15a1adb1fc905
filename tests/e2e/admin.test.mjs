// The admin panel with the real binary against the emulator (docs/OPERATIONS.md, "Admin
// panel"): the menu and a screen for an admin, a backup delivered as a document
// (sendDocument, multipart), a ban and the banned player's one notice, and refusals for
// anyone else, forged callback data included.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';

import { SKIP, environment, finalChecks, sleep } from './harness.mjs';

if (SKIP) test('admin panel', { skip: SKIP }, () => {});

const ADMIN = 424242;

describe('admin panel', { skip: SKIP }, () => {
  const env = environment({ env: { GOFROBOT_BOT_ADMINS: String(ADMIN) } });
  before(() => env.setup());
  after(async () => {
    try {
      await finalChecks(env);
    } finally {
      await env.teardown();
    }
  });

  it('opens for an admin and shows live statistics', async () => {
    const admin = env.player({ userId: ADMIN, firstName: 'Начальник' });
    const menu = await admin.ask('/admin');
    assert.match(menu.text, /АДМИНКА/);
    assert.ok(menu.buttons.some((b) => b.callback_data === 'adm_stats'), JSON.stringify(menu.layout));
    const stats = await admin.press(menu, 'adm_stats');
    const shown = await stats.edited();
    assert.match(shown.text, /СТАТИСТИКА/);
    assert.match(shown.text, /режим polling/);
  });

  it('sends a backup as a document', async () => {
    const admin = env.player({ userId: ADMIN, firstName: 'Начальник' });
    const menu = await admin.ask('/admin');
    const since = await env.control.seq();
    const pressed = await admin.press(menu, 'adm_backup');
    assert.match((await pressed.edited()).text, /Бэкап пошёл/);
    const upload = await env.control.waitRequest((r) => Number(r.params?.chat_id) === ADMIN,
      { since, method: 'sendDocument', what: 'the backup as a document' });
    assert.equal(upload.status, 200, JSON.stringify(upload.response));
    assert.match(upload.params.document.filename, /^backup_\d{8}_\d{6}\.db$/);
    assert.ok(upload.params.document.bytes > 4096, `a database file: ${upload.params.document.bytes} bytes`);
    assert.match(upload.params.caption, /Бэкап/);
  });

  it('refuses everyone else, forged buttons included, and bans with one notice', async () => {
    const player = env.player({ firstName: 'Игрок' });
    await player.ask('/start');
    assert.match((await player.ask('/admin')).text, /⛔ Доступ запрещён/);
    const mine = await player.ask('/menu');
    for (const forged of ['adm_menu', 'adm_maint_on', `adm_ban_${ADMIN}`, 'adm_cache_clear']) {
      const press = await player.press(mine, null, { data: forged });
      assert.equal(press.answer.text, '⛔ Доступ запрещён', forged);
    }
    const admin = env.player({ userId: ADMIN, firstName: 'Начальник' });
    const menu = await admin.ask('/admin');
    await admin.press(menu, 'adm_players');
    const card = await admin.ask(`#${player.userId}`);
    assert.match(card.text, new RegExp(`ИГРОК ${player.userId}`));
    const ban = await admin.press(card, '⛔ Забанить');
    assert.match((await ban.edited()).text, /⛔ забанен/);
    assert.match((await player.ask('/start')).text, /забанен/);
    await player.checkpoint();
    await player.send('/davka');
    await sleep(1500);
    assert.deepEqual(await player.messagesSince(), [], 'one notice, then silence');
  });
});

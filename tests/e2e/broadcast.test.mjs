// The admin panel's broadcast with the real binary (docs/OPERATIONS.md, "Broadcast"): a
// thousand players with a private chat (seeded in the database), a broadcast started from the
// panel, the bot killed with SIGKILL midway and started again on the same database: every
// player got the message, and none twice beyond the recipients the bot reports in doubt.
//
// The bot's global flood limit is raised (the emulator has none) so that the test takes
// seconds; this file checks pacing by its own rules, not finalChecks' 30 a second.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';

import { BINARY, CONFIG, Player, SKIP, newToken, startBot, startLauncher, until } from './harness.mjs';

const RECIPIENTS = 1000;
const FIRST = 5_000_001;
const ADMIN = 434343;

let skip = SKIP;
if (!skip) {
  try {
    execFileSync('sqlite3', ['-version']);
  } catch {
    if (process.env.CI) throw new Error('sqlite3 (Debian package sqlite3) is needed; scripts/install-deps.sh installs it');
    skip = 'no sqlite3 command';
  }
}
if (skip) test('broadcast survives SIGKILL', { skip }, () => {});

describe('broadcast', { skip }, () => {
  const token = newToken();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gofrobot-broadcast-'));
  const db = path.join(dir, 'data', 'gofrobot.db');
  const env = {
    GOFROBOT_BOT_ADMINS: String(ADMIN),
    GOFROBOT_TELEGRAM_OUTBOUND_PER_SECOND: '300',
    GOFROBOT_STORAGE_BACKUP_INTERVAL_MINUTES: '0',
  };
  let launcher;
  let bot;
  const sql = (query) => execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();

  before(async () => {
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    execFileSync(BINARY, ['-c', CONFIG, 'migrate'], {
      env: { ...process.env, GOFROBOT_STORAGE_DATABASE_URL: `sqlite://${db}`, GOFROBOT_STORAGE_DATA_DIR: path.join(dir, 'data') },
    });
    sql(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${RECIPIENTS - 1})
         INSERT INTO contacts(user_id, username, private_chat) SELECT ${FIRST} + i, 'reader' || i, 1 FROM n`);
    launcher = await startLauncher({ tokens: [token] });
    bot = await startBot(launcher, { token, dir, env });
  });
  after(async () => {
    if (bot) await bot.stop({ timeoutMs: 10000 });
    if (launcher) await launcher.stop();
    if (process.env.E2E_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  });

  const delivered = async () => {
    const records = await launcher.control.requests({ method: 'sendMessage' });
    const counts = new Map();
    for (const r of records) {
      const chat = Number(r.params.chat_id);
      if (r.status === 200 && chat >= FIRST && chat < FIRST + RECIPIENTS) counts.set(chat, (counts.get(chat) ?? 0) + 1);
    }
    return counts;
  };

  it('reaches every player once, but for those in doubt after a SIGKILL', async () => {
    const admin = new Player(launcher, token, { userId: ADMIN, firstName: 'Начальник' });
    const menu = await admin.ask('/admin');
    await admin.press(menu, 'adm_bc');
    const preview = await admin.ask('📣 Пацаны, на гофроцентрале новый сезон!');
    assert.match(preview.text, /ПРЕДПРОСМОТР/);
    assert.match(preview.text, /Получателей: 1001/); // the thousand and the admin
    const confirm = await admin.press(preview, '✅ Отправить');
    assert.match((await confirm.edited()).text, /РАССЫЛКА \(идёт\)/);

    // Midway, the bot is killed: no shutdown, nothing flushed.
    await until(async () => (await delivered()).size >= 300, 'a third of the broadcast', 60000, 20);
    bot.process.kill('SIGKILL');
    await bot.exited;
    const atKill = await delivered();
    assert.ok(atKill.size < RECIPIENTS, `killed midway (${atKill.size} delivered)`);

    bot = await startBot(launcher, { token, dir, env });
    await until(async () => sql('SELECT state FROM broadcasts WHERE id = 1') === 'done', 'the broadcast to finish', 90000, 200);
    const [sent, failed, blocked, inDoubt] = sql('SELECT sent, failed, blocked, in_doubt FROM broadcasts WHERE id = 1')
      .split('|').map(Number);
    const counts = await delivered();
    const missing = [];
    let duplicates = 0;
    for (let i = 0; i < RECIPIENTS; i += 1) {
      const n = counts.get(FIRST + i) ?? 0;
      if (n === 0) missing.push(FIRST + i);
      duplicates += Math.max(0, n - 1);
    }
    assert.deepEqual(missing, [], 'every player got it');
    assert.ok(duplicates <= inDoubt, `${duplicates} got it twice, ${inDoubt} reported in doubt`);
    assert.ok(inDoubt <= 20, `at most one group in doubt: ${inDoubt}`);
    assert.equal(failed + blocked, 0);
    assert.ok(sent >= RECIPIENTS, `sent ${sent}`);
    assert.match(bot.log(), /broadcast 1: resumed/);
    assert.match(bot.log(), /broadcast 1 done/);
    // The admin's progress message says how it ended.
    const views = await launcher.control.messages(token, ADMIN);
    const progress = views.find((v) => /РАССЫЛКА/.test(v.text) && /завершена/.test(v.text));
    assert.ok(progress, `a finished progress message: ${JSON.stringify(views.map((v) => v.text))}`);
    if (inDoubt > 0) assert.match(progress.text, /отправлены ещё раз/);
  });
});
